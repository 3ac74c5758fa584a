"""The admin's lock-out and two-factor sign-in, as a new user meets them in Chromium."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long test password"


def fill_sign_in(page, username, password):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wrong_passwords_pause_signing_in_with_a_clear_message(
    page, server_url, screenshot
):
    get_user_model().objects.create_user("eddie", "e@example.org", PASSWORD)
    page.goto(server_url + "/admin/login/")
    for _ in range(4):
        fill_sign_in(page, "eddie", "not the password")
        expect(
            page.get_by_text("Your username and password didn't match")
        ).to_be_visible()

    fill_sign_in(page, "eddie", "not the password")
    expect(
        page.get_by_role("heading", name="Sign-in paused for 15 minutes")
    ).to_be_visible()
    page.get_by_role("link", name="Back to sign in").click()
    fill_sign_in(page, "eddie", PASSWORD)  # the right one, too late

    expect(page.get_by_role("alert")).to_contain_text(
        "too many unsuccessful attempts to sign in as “eddie”"
    )
    assert_no_axe_violations(page)
    screenshot(page, "admin-locked-out")


def test_a_fundraiser_sets_up_and_signs_in_with_a_code(
    page, server_url, screenshot, settings
):
    settings.WAGTAIL_2FA_REQUIRED = True
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security" in m.text else None,
    )
    user = get_user_model().objects.create_user("fran", "f@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Fundraising"))

    page.goto(server_url + "/admin/login/")
    fill_sign_in(page, "fran", PASSWORD)
    expect(
        page.get_by_role("heading", name="Set up two-factor sign-in")
    ).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan")).to_be_visible()
    screenshot(page, "admin-two-factor-set-up")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(
        page.get_by_text("Two-factor sign-in is on for your account.")
    ).to_be_visible()

    # Next time: password, then the code.
    page.context.clear_cookies()
    page.goto(server_url + "/admin/login/")
    fill_sign_in(page, "fran", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code did not work.")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "admin-two-factor-code")
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.last_t = -1  # the same 30 seconds' code may be used once only
    device.save()
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(
        page.get_by_role("heading", name="Donate clicks, last 7 days")
    ).to_be_visible()
    assert csp_errors == []
