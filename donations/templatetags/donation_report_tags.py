"""`{% load donation_report_tags %}`: the report's formatting, which lives with
the insights (`donations.insights.formatting`)."""

from donations.insights.formatting import register  # noqa: F401
