"""Passkeys as the admin's second step (django-otp-webauthn, wired in by
pages.two_factor): the pages offer them and the JSON endpoints their scripts
call answer the right people. A real ceremony needs a browser's authenticator;
these check everything up to it."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"
CREDENTIAL_ID = bytes(range(16))


@pytest.fixture
def two_factor(settings):
    settings.WAGTAIL_2FA_REQUIRED = True


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("eddie", "e@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("sam", "s@example.org", PASSWORD)


def passkey(user, name="Laptop") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=CREDENTIAL_ID,
        public_key=b"not used before the browser signs",
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def post_json(client, name: str, data=None):
    return client.post(
        reverse(f"otp_webauthn:{name}"),
        json.dumps(data or {}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


def sign_in(client, username: str):
    client.post("/admin/login/", {"username": username, "password": PASSWORD})


def test_a_superuser_may_set_up_a_passkey_instead_of_an_app(
    client, superuser, two_factor
):
    sign_in(client, "sam")

    setup = client.get("/admin/two-factor/set-up/").content.decode()
    options = post_json(client, "credential-registration-begin")

    assert 'id="passkey-register-button"' in setup
    assert 'id="otp_webauthn_config"' in setup
    assert "js/admin-passkeys.js" in setup
    assert options.status_code == 200
    # The admin's host (WAGTAILADMIN_BASE_URL as base.py read it).
    assert options.json()["rp"] == {"name": "MS Portal", "id": "127.0.0.1"}
    assert options.json()["user"]["name"] == "sam"


def test_a_made_up_passkey_is_refused_and_signs_nobody_in(
    client, superuser, two_factor
):
    sign_in(client, "sam")
    post_json(client, "credential-registration-begin")

    refused = post_json(
        client, "credential-registration-complete", {"id": "AAAA", "type": "x"}
    )

    assert 400 <= refused.status_code < 500
    assert not WebAuthnCredential.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_staff_with_a_passkey_are_asked_for_it(client, editor, two_factor):
    passkey(editor)
    sign_in(client, "eddie")

    step = client.get("/admin/")
    page = client.get(step["Location"]).content.decode()
    options = post_json(client, "credential-authentication-begin")

    assert step["Location"].startswith("/admin/two-factor/verify/")
    assert 'id="passkey-verification-button"' in page
    assert 'name="otp_token"' not in page  # no app to take a code from
    assert options.status_code == 200
    assert [c["id"] for c in options.json()["allowCredentials"]] == [
        "AAECAwQFBgcICQoLDA0ODw"  # CREDENTIAL_ID, base64url
    ]


def test_a_forged_passkey_answer_is_a_4xx_and_the_step_stays(
    client, editor, two_factor
):
    passkey(editor)
    sign_in(client, "eddie")
    post_json(client, "credential-authentication-begin")

    refused = post_json(
        client,
        "credential-authentication-complete",
        {"id": "AAECAwQFBgcICQoLDA0ODw", "rawId": "AAECAwQFBgcICQoLDA0ODw"},
    )

    assert 400 <= refused.status_code < 500
    assert client.get("/admin/").status_code == 302


def test_both_kinds_are_offered_to_staff_who_have_both(client, editor, two_factor):
    passkey(editor)
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client, "eddie")

    page = client.get("/admin/two-factor/verify/").content.decode()

    assert 'id="passkey-verification-button"' in page
    assert 'name="otp_token"' in page


def test_no_passkey_can_be_added_before_the_second_step(client, editor, two_factor):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client, "eddie")

    refused = post_json(client, "credential-registration-begin")

    assert refused.status_code == 403


def test_passkeys_are_listed_and_the_last_device_is_kept(client, superuser):
    key = passkey(superuser, name="Security key")
    client.force_login(superuser)

    listing = client.get("/admin/two-factor/").content.decode()
    client.post(f"/admin/two-factor/passkeys/{key.pk}/remove/")
    kept = WebAuthnCredential.objects.filter(pk=key.pk).exists()
    TOTPDevice.objects.create(user=superuser, name="Phone", confirmed=True)
    client.post(f"/admin/two-factor/passkeys/{key.pk}/remove/")

    assert "Security key" in listing
    assert kept
    assert not WebAuthnCredential.objects.exists()


def test_nobody_removes_another_users_passkey(client, editor, superuser):
    key = passkey(superuser)
    client.force_login(editor)

    response = client.post(f"/admin/two-factor/passkeys/{key.pk}/remove/")

    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=key.pk).exists()
