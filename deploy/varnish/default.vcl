# Varnish in front of the portal's app servers (README: "Scaling out").
#
# The app decides what may be cached: only responses it marks `public`
# (pages for everyone, from pages/cache/middleware.py) are kept, for their
# `s-maxage`. Editors and anything with a session or CSRF cookie go straight
# to the app. While an app server or the database fails, the last good copy
# is served for as long as the app's `stale-if-error` allows.
#
# The app servers, the director that spreads requests across them and the
# addresses allowed to purge live in backends.vcl, one per way of running:
# scripts/stack.sh writes one for `make stack`; compose-backends.vcl is the
# one docker-compose.yml mounts.
vcl 4.1;

import std;

# Liveness, not readiness: /livez answers without the database, so an app
# server with the database down stays in rotation and keeps serving stale
# pages and the donate page's stored copy.
probe live {
    .url = "/livez";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

include "backends.vcl";

sub vcl_recv {
    call portal_backend;
    if (req.restarts == 0) {
        # Set only by this VCL, never by a client.
        unset req.http.X-Stale-If-Error;
        unset req.http.X-Varnish-Stale;
    }

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            # A snippet, menu or setting changed: it shows on every page.
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        # The path on every host, with any query string, as the app's own
        # cache purges it (pages/cache/store.py keys purges on the path).
        # (A request line holds no spaces, so the path needs no quoting.)
        ban("obj.http.X-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # What the app answers on every request (pages/cache/middleware.py's
    # BYPASS_PREFIXES): the admin, donate clicks and beacons, documents,
    # uploads and the probes.
    if (req.url ~ "^/(admin|donations|documents|media)/" ||
        req.url ~ "^/(healthz|livez)(\?|$)") {
        return (pass);
    }
    # Editors (the session cookie) and anyone mid-form (CSRF, messages):
    # settings SESSION_COOKIE_NAME, CSRF_COOKIE_NAME and Django's messages.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # No page reads any other cookie (analytics ones, say): drop them, so
    # they neither stop caching nor split it.
    unset req.http.Cookie;

    # Tracking parameters no page reads (pages/cache/queries.py, TRACKING_*;
    # tests/test_varnish_vcl.py keeps the lists equal) go before the lookup,
    # so a campaign's links share one copy. The donate page and its hand-off
    # pass utm_* tags on to the payment provider, so they keep those.
    set req.url = regsuball(req.url,
        "(?<=[?&])(fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref_src)(=[^&]*)?(&|$)",
        "");
    if (req.url !~ "^/donate/") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_|mtm_|pk_)[^&=]*(=[^&]*)?(&|$)", "");
    }
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);

    if (req.http.X-Stale-If-Error || !std.healthy(req.backend_hint)) {
        # Fetching failed, or no app server is up: any copy kept is better
        # than an error (up to the app's stale-if-error).
        set req.grace = 24h;
    } else {
        # Otherwise a copy past its s-maxage is served only within the app's
        # stale-while-revalidate (PAGE_CACHE_STALE_WHILE_REVALIDATE), while
        # it is fetched again in the background.
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    # What PURGE matches on, without the query string.
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");

    if (beresp.status >= 500 && !bereq.uncacheable && !bereq.http.X-Stale-If-Error) {
        # Keep the copy there is (a background fetch) or try it (below).
        return (abandon);
    }
    if (beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)") {
        # Only what the app says is the same for everyone.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # s-maxage is the lifetime (Varnish reads it); stale-if-error is how
    # long a copy is kept to stand in for a failing app.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
    }
}

sub vcl_backend_error {
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        # The app server went away before the probe noticed: the next one.
        return (retry);
    }
    if (!bereq.uncacheable && !bereq.http.X-Stale-If-Error) {
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.restarts == 0 &&
        (req.method == "GET" || req.method == "HEAD")) {
        # The app failed: look again, accepting any copy still kept.
        set req.http.X-Stale-If-Error = "1";
        return (restart);
    }
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.X-Varnish-Stale = "1";
    }
}

sub vcl_deliver {
    unset resp.http.X-Path;
    # Varnish's verdict; the app's own X-Cache says how it answered Varnish.
    if (req.http.X-Varnish-Stale) {
        set resp.http.X-Varnish-Cache = "STALE";
    } elsif (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
