"""The admin's own defences: two-factor sign-in, session time-outs and its CSP.

Lock-out after failed sign-ins is django-axes (settings: AXES_*); two-factor
sign-in is pages.two_factor. The rest lives here.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.http import urlencode

from csp.constants import SELF

SIGNED_IN_AT = "admin_signed_in_at"
LAST_SEEN = "admin_last_seen"
# Record activity at most this often, so an admin page load is not a session
# write every time.
LAST_SEEN_RESOLUTION = 60


def _in_admin(request) -> bool:
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)


class AdminSessionTimeoutMiddleware:
    """Sign editors out after ADMIN_SESSION_IDLE_TIMEOUT without a request, and
    ADMIN_SESSION_MAX_AGE after they signed in, whatever they are doing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_admin(request) and request.user.is_authenticated:
            expired = self.expired(request.session, time.time())
            if expired:
                return self.sign_out(request, expired)
        return self.get_response(request)

    @staticmethod
    def expired(session, now: float) -> str:
        """Why the session is over, or "" while it is not."""
        signed_in = session.get(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - signed_in > settings.ADMIN_SESSION_MAX_AGE.total_seconds():
            hours = settings.ADMIN_SESSION_MAX_AGE.total_seconds() / 3600
            return f"You were signed in for more than {hours:g} hours."
        if now - last_seen > settings.ADMIN_SESSION_IDLE_TIMEOUT.total_seconds():
            minutes = settings.ADMIN_SESSION_IDLE_TIMEOUT.total_seconds() / 60
            return f"Nothing happened for {minutes:g} minutes."
        session.setdefault(SIGNED_IN_AT, now)
        if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return ""

    @staticmethod
    def sign_out(request, reason: str):
        logout(request)
        messages.info(
            request, f"For your security we signed you out. {reason} Please sign in."
        )
        login = settings.ADMIN_URL_PREFIX + "login/"
        return redirect(login + "?" + urlencode({"next": request.get_full_path()}))


@receiver(user_logged_in)
def start_admin_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


class AdminContentSecurityPolicyMiddleware:
    """Give admin responses ADMIN_CONTENT_SECURITY_POLICY instead of the public
    pages' policy. Listed after django-csp's middleware, so it runs first on the
    way out and django-csp builds the header from it.

    The editor's preview panel frames previews, so those may be framed by this
    site's own origin (the admin's); every other response by nobody."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through this middleware chain again, as
            # a request for the page's public address: it keeps the public
            # policy, so the preview shows what visitors' browsers allow.
            response._csp_replace = {"frame-ancestors": [SELF]}
        elif _in_admin(request) and not hasattr(response, "_csp_config"):
            policy = dict(settings.ADMIN_CONTENT_SECURITY_POLICY)
            public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            if public.get("upgrade-insecure-requests"):
                policy["upgrade-insecure-requests"] = True
            # Wagtail marks the admin views its panels frame (block previews).
            if response.get("X-Frame-Options") == "SAMEORIGIN":
                policy["frame-ancestors"] = [SELF]
            response._csp_config = policy
        return response
