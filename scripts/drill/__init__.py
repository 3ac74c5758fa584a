"""Fault drills: the site run as in production, with its database and Redis
pulled out from under it (`make drill`, and the giving-outage test)."""
