"""Passkeys end to end in Chromium, with its virtual authenticator standing in
for a phone or security key: a superuser adds one instead of an app, then
signs in with password and passkey."""

import re

from django.contrib.auth import get_user_model

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

from .test_admin_browser import PASSWORD, fill_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def authenticator(page):
    """A passkey-capable authenticator that says yes at once (Chrome DevTools)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools


@pytest.fixture
def passkey_host(settings, server_url):
    # The live server's own host, as WAGTAILADMIN_BASE_URL is in production.
    settings.WAGTAIL_2FA_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [server_url]


def test_a_superuser_adds_a_passkey_and_signs_in_with_it(
    page, server_url, authenticator, passkey_host, screenshot
):
    assert server_url.startswith("http://localhost:")
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security" in m.text else None,
    )
    get_user_model().objects.create_superuser("sam", "s@example.org", PASSWORD)

    page.goto(server_url + "/admin/login/")
    fill_sign_in(page, "sam", PASSWORD)
    expect(
        page.get_by_role("heading", name="Set up two-factor sign-in")
    ).to_be_visible()
    page.get_by_role("button", name="Add a passkey").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert WebAuthnCredential.objects.filter(user__username="sam").count() == 1

    # Next time: password, then the passkey.
    page.context.clear_cookies()
    page.goto(server_url + "/admin/login/")
    fill_sign_in(page, "sam", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "admin-two-factor-passkey")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(
        page.get_by_role("heading", name="Donate clicks, last 7 days")
    ).to_be_visible()
    assert csp_errors == []
