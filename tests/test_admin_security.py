"""The admin's defences: lock-out, two-factor sign-in, session time-outs, its CSP."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpResponse

import pytest
import time_machine
from csp.middleware import CSPMiddleware
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pages.admin_security import AdminContentSecurityPolicyMiddleware
from tests.test_security import production_env, run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
# Where the clock is set for lock-outs and session limits: any date will do.
MOMENT = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
PASSWORD = "a long test password"


def sign_in(client, username, password=PASSWORD, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("eddie", "e@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("sam", "s@example.org", PASSWORD)


@pytest.fixture
def fundraiser(db):
    user = get_user_model().objects.create_user("fran", "f@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Fundraising"))
    return user


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, editor):
    codes = [sign_in(client, "eddie", "wrong").status_code for _ in range(5)]
    right = sign_in(client, "eddie")

    assert codes == [200] * 4 + [429]
    assert right.status_code == 429
    html = right.content.decode()
    assert "Sign-in paused for 15 minutes" in html
    assert "too many unsuccessful attempts to sign in as “eddie”" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_out_is_per_user_from_any_address(client, editor):
    for number in range(5):
        sign_in(client, "eddie", "wrong", ip=f"198.51.100.{number}")

    assert sign_in(client, "eddie", ip="192.0.2.99").status_code == 429


def test_the_lock_out_is_per_address_whatever_the_username(client, editor):
    for name in ("anna", "bob", "carol", "dan", "erin"):
        sign_in(client, name, "wrong")

    assert sign_in(client, "eddie").status_code == 429
    assert sign_in(client, "eddie", ip="192.0.2.99").status_code == 302


def test_the_lock_out_ends_after_15_minutes(client, editor):
    start = MOMENT
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "eddie", "wrong")
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, "eddie").status_code == 302


def test_the_lock_out_counts_the_address_the_trusted_proxy_reports(
    client, editor, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for name in ("anna", "bob", "carol", "dan", "erin"):
        client.post(
            LOGIN,
            {"username": name, "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"6.6.6.{len(name)}, 198.51.100.1",
        )

    other_visitor = client.post(
        LOGIN,
        {"username": "eddie", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other_visitor.status_code == 302


@pytest.fixture
def two_factor(settings):
    settings.WAGTAIL_2FA_REQUIRED = True


def code_for(device) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.mark.parametrize("who", ["superuser", "fundraiser"])
def test_superusers_and_fundraisers_must_set_up_two_factor(
    who, request, client, two_factor
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/set-up/?next=%2Fadmin%2F"
    setup = client.get(response["Location"])
    assert "needs two-factor sign-in before you can use the admin" in (
        setup.content.decode()
    )
    assert client.get("/admin/two-factor/qr-code/")["Content-Type"] == ("image/svg+xml")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(
        "/admin/two-factor/set-up/",
        {
            "otp_token": code_for(device),
            "password": PASSWORD,
            "name": "Work phone",
            "next": "/admin/",
        },
    )
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_other_staff_may_sign_in_with_a_password_alone(client, editor, two_factor):
    sign_in(client, "eddie")

    assert client.get("/admin/").status_code == 200
    assert "Two-factor sign-in" in client.get("/admin/two-factor/").content.decode()


@pytest.mark.parametrize("bad", ["000000", "²²²²²²", "１２３４５６", "12345", "x" * 50])
def test_staff_with_an_authenticator_must_give_its_code(
    bad, client, editor, two_factor
):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client, "eddie")

    step = client.get("/admin/")
    assert step["Location"].startswith("/admin/two-factor/verify/")
    refused = client.post("/admin/two-factor/verify/", {"otp_token": bad})
    assert refused.status_code == 200
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down repeated failures
    device.throttling_failure_timestamp = None
    device.save()
    client.post("/admin/two-factor/verify/", {"otp_token": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_unknown_admin_addresses_still_get_a_404_before_two_factor(
    client, superuser, two_factor
):
    client.force_login(superuser)

    assert client.get("/admin/no-such-thing.txt").status_code in {301, 302, 404}
    assert client.get("/no-such-page.txt").status_code == 404


def test_sessions_end_after_30_idle_minutes(client, editor):
    start = MOMENT
    with time_machine.travel(start, tick=False):
        sign_in(client, "eddie")
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/admin/").status_code == 200  # 29 minutes after the last
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get("/admin/pages/")
        assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
        page = client.get(response["Location"]).content.decode()
        assert "we signed you out. Nothing happened for 30 minutes." in page


def test_sessions_end_12_hours_after_signing_in_however_busy(client, editor):
    start = MOMENT
    with time_machine.travel(start, tick=False):
        sign_in(client, "eddie")
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        assert client.get("/admin/").status_code == 302


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()
    }


def test_the_admin_has_its_own_strict_policy(client, editor, home_page):
    client.force_login(editor)

    admin = directives(client.get("/admin/"))
    public = directives(client.get("/"))

    assert admin["default-src"] == ["'none'"]
    assert admin["script-src-attr"] == ["'none'"]
    assert admin["style-src-attr"] == ["'none'"]
    assert admin["object-src"] == ["'none'"]
    assert admin["frame-ancestors"] == ["'none'"]
    assert admin["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in sum(admin.values(), [])
    assert "http:" not in sum(admin.values(), []) and "*" not in sum(admin.values(), [])
    assert directives(client.get(LOGIN))["default-src"] == ["'none'"]
    # The public pages keep theirs, with no inline code at all.
    assert public["script-src"] == ["'self'"] and public["style-src"] == ["'self'"]


def test_production_refuses_to_skip_two_factor():
    result = run_manage("check", env=production_env(SKIP_ADMIN_TWO_FACTOR="true"))

    assert result.returncode != 0
    assert "SKIP_ADMIN_TWO_FACTOR is for local development only" in result.stderr


def csp_of(request, response) -> dict[str, list[str]]:
    """The policy django-csp and the admin's middleware give `response`."""
    chain = CSPMiddleware(AdminContentSecurityPolicyMiddleware(lambda r: response))
    return directives(chain(request))


def test_previews_may_be_framed_by_the_admins_own_origin_only(rf):
    # What Wagtail's preview renders: the page's public address, flagged.
    preview = rf.get("/about-ms/")
    preview.is_preview = True
    framed = csp_of(preview, HttpResponse())
    # The admin views Wagtail's panels frame, such as block previews.
    block_preview = HttpResponse(headers={"X-Frame-Options": "SAMEORIGIN"})
    admin_framed = csp_of(rf.get("/admin/block-preview/"), block_preview)

    assert framed["frame-ancestors"] == ["'self'"]
    assert framed["script-src"] == ["'self'"]  # still the public policy
    assert admin_framed["frame-ancestors"] == ["'self'"]
    assert csp_of(rf.get("/admin/pages/"), HttpResponse())["frame-ancestors"] == [
        "'none'"
    ]
    assert csp_of(rf.get("/about-ms/"), HttpResponse())["frame-ancestors"] == ["'none'"]
