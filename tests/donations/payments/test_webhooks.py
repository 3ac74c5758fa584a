"""Gifts recorded from providers' webhooks, with real Stripe signatures made by
the library's own helper: tampered, replayed, redelivered, out of order."""

import json
import logging
import time
from datetime import timedelta
from unittest import mock

from django.db import OperationalError
from django.utils import timezone

import pytest

from donations.choices import Frequency, Placement
from donations.models import AttributionSource, Gift, GiftStatus, PaymentEvent
from donations.payments.reference import Reference
from donations.payments.testing import (
    signed_json,
    signed_stripe,
    stripe_charge,
    stripe_event,
    stripe_session,
)

pytestmark = pytest.mark.django_db


def button_reference(minutes_ago: int = 5, **fields) -> str:
    return Reference(
        cta_id=fields.get("cta_id", 7),
        variant=fields.get("variant", "control"),
        ab_test=fields.get("ab_test", 0),
        assigned=fields.get("assigned", False),
        placement=fields.get("placement", Placement.BODY),
        page_id=fields.get("page_id", 42),
        clicked_at=timezone.now() - timedelta(minutes=minutes_ago),
    ).encode()


def completed(**session):
    return stripe_event("checkout.session.completed", stripe_session(**session))


def test_a_completed_checkout_records_a_gift_credited_to_its_button(client):
    event = completed(amount_pence=2500, gift_aid=True, reference=button_reference())
    response = signed_stripe(event).post(client)
    assert response.status_code == 200, response.content
    gift = Gift.objects.get()
    assert (gift.provider, gift.status, gift.amount_pence, gift.currency) == (
        "stripe",
        GiftStatus.PAID,
        2500,
        "GBP",
    )
    assert gift.gift_aid is True
    assert gift.frequency == Frequency.ONE_OFF
    assert gift.source == AttributionSource.BUTTON
    assert (gift.call_to_action_id, gift.placement, gift.source_page_id) == (
        7,
        Placement.BODY,
        42,
    )
    assert gift.payment_id == event["data"]["object"]["id"]
    assert gift.charge_id == event["data"]["object"]["payment_intent"]


def test_no_donor_detail_is_stored():
    """The payload carries a name and e-mail address; no column holds them."""
    event = completed(reference=button_reference())
    from django.test import Client

    signed_stripe(event).post(Client())
    values = [str(v) for v in Gift.objects.values().get().values()]
    assert not any("donor@example.org" in v or "A Donor" in v for v in values)
    assert {f.name for f in Gift._meta.fields}.isdisjoint(
        {"email", "name", "address", "card", "customer"}
    )


def test_a_subscription_checkout_is_a_monthly_gift(client):
    signed_stripe(completed(frequency=Frequency.MONTHLY)).post(client)
    assert Gift.objects.get().frequency == Frequency.MONTHLY


def test_a_redelivered_event_changes_nothing(client):
    signed = signed_stripe(completed(reference=button_reference()))
    first, second = signed.post(client), signed.post(client)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"result": "already recorded"}
    assert Gift.objects.count() == 1
    assert PaymentEvent.objects.count() == 1


def test_two_events_about_one_payment_make_one_gift(client):
    """Idempotent on the payment id too: a Direct Debit's "completed, unpaid"
    then "async payment succeeded" update the same gift."""
    session = stripe_session(payment_status="unpaid", reference=button_reference())
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    assert Gift.objects.get().status == GiftStatus.PENDING
    session["payment_status"] = "paid"
    later = stripe_event("checkout.session.async_payment_succeeded", session)
    assert signed_stripe(later).post(client).status_code == 200
    gift = Gift.objects.get()
    assert gift.status == GiftStatus.PAID
    assert gift.net_pence == 2500


def test_a_failed_async_payment_is_recorded_as_failed(client):
    session = stripe_session(payment_status="unpaid")
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    signed_stripe(stripe_event("checkout.session.async_payment_failed", session)).post(
        client
    )
    gift = Gift.objects.get()
    assert gift.status == GiftStatus.FAILED
    assert gift.net_pence == 0


def test_an_older_pending_event_never_undoes_a_payment(client):
    session = stripe_session(payment_status="paid")
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    session["payment_status"] = "unpaid"
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    assert Gift.objects.get().status == GiftStatus.PAID


def test_refunds_are_recorded_as_such(client):
    session = stripe_session(amount_pence=5000)
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    partial = stripe_charge(session["payment_intent"], 5000, 2000)
    assert signed_stripe(stripe_event("charge.refunded", partial)).post(
        client
    ).json() == {"result": "refund recorded"}
    gift = Gift.objects.get()
    assert (gift.status, gift.refunded_pence, gift.net_pence) == (
        GiftStatus.PAID,
        2000,
        3000,
    )
    full = stripe_charge(session["payment_intent"], 5000, 5000)
    signed_stripe(stripe_event("charge.refunded", full)).post(client)
    gift.refresh_from_db()
    assert (gift.status, gift.net_pence) == (GiftStatus.REFUNDED, 0)


def test_a_refund_before_its_payment_is_refused_so_the_provider_retries(client):
    charge = stripe_charge("pi_unknown", 5000, 5000)
    response = signed_stripe(stripe_event("charge.refunded", charge)).post(client)
    assert response.status_code == 400
    assert "Unknown payment" in response.json()["error"]
    assert not PaymentEvent.objects.exists()


def test_events_the_portal_does_not_act_on_are_answered_200(client):
    event = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    response = signed_stripe(event).post(client)
    assert response.status_code == 200
    assert response.json()["result"].startswith("ignored")
    assert not Gift.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body: body.replace(b'"amount_total": 2500', b'"amount_total": 250000'),
        lambda body: body + b" ",
        lambda body: body.replace(b'"paid"', b'"unpaid"'),
    ],
    ids=["amount", "trailing-space", "status"],
)
def test_a_tampered_body_is_refused_and_logged(client, caplog, tamper):
    signed = signed_stripe(completed(amount_pence=2500))
    with caplog.at_level(logging.WARNING, logger="donations.payments.views"):
        response = client.post(
            signed.path,
            data=tamper(signed.body),
            content_type="application/json",
            headers=signed.headers,
        )
    assert response.status_code == 400
    assert "Signature refused" in response.json()["error"]
    assert "Refused a stripe webhook" in caplog.text
    assert "donor@example.org" not in caplog.text
    assert not Gift.objects.exists()


def test_a_signature_made_with_another_secret_is_refused(client):
    response = signed_stripe(completed(), secret="whsec_someone_else").post(client)
    assert response.status_code == 400


def test_a_missing_signature_is_refused(client):
    signed = signed_stripe(completed())
    response = client.post(signed.path, signed.body, content_type="application/json")
    assert response.status_code == 400


def test_a_replay_after_the_tolerance_is_refused(client):
    """A captured, correctly signed webhook sent again ten minutes later."""
    old = int(time.time()) - 600
    response = signed_stripe(completed(), timestamp=old).post(client)
    assert response.status_code == 400
    assert "tolerance" in response.json()["error"]
    assert not Gift.objects.exists()


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ({"currency": "usd"}, "GBP only"),
        ({"amount_pence": 0}, "positive whole number"),
        ({"amount_pence": 100_000_01}, "larger than any gift"),
        (
            {"reference": "m1not-a-real-reference-at-all-xxxxxxxxxx"},
            "Unknown reference",
        ),
    ],
    ids=["currency", "zero", "huge", "reference"],
)
def test_wrong_currencies_amounts_and_references_are_refused(client, session, message):
    response = signed_stripe(completed(**session)).post(client)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Gift.objects.exists()
    assert not PaymentEvent.objects.exists()


def test_a_truncated_reference_is_unknown(client):
    reference = button_reference()[:-3]
    response = signed_stripe(completed(reference=reference)).post(client)
    assert response.status_code == 400


def test_a_later_event_with_another_amount_is_refused(client):
    session = stripe_session(payment_status="unpaid", amount_pence=1000)
    signed_stripe(stripe_event("checkout.session.completed", session)).post(client)
    session["amount_total"] = 9000
    response = signed_stripe(
        stripe_event("checkout.session.async_payment_succeeded", session)
    ).post(client)
    assert response.status_code == 400
    assert Gift.objects.get().status == GiftStatus.PENDING


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"id": 1}',
        b"\xff\xfe",
        # Found by tests/test_hostile_input.py: "data" that is not an object.
        b'{"id": "evt_1", "type": "charge.refunded", "created": 1, "data": true}',
    ],
    ids=repr,
)
def test_junk_bodies_are_refused(client, body):
    from donations.payments.providers.stripe_checkout import stripe

    header = stripe.WebhookSignature.generate_signature_header(
        body.decode("utf-8", "replace"), "whsec_test_only_secret"
    )
    response = client.post(
        "/donations/webhooks/stripe/",
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )
    assert response.status_code == 400


def test_a_huge_body_is_refused_before_it_is_read(client):
    response = client.post(
        "/donations/webhooks/stripe/",
        data=b"x" * (300 * 1024),
        content_type="application/json",
    )
    assert response.status_code == 413


def test_only_post_and_only_configured_providers(client, settings):
    assert client.get("/donations/webhooks/stripe/").status_code == 405
    assert (
        client.post("/donations/webhooks/paypal/", content_type="application/json")
    ).status_code == 404
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = signed_stripe(completed(), secret="whsec_x").post(client)
    assert response.status_code == 404


def test_with_the_database_down_the_provider_is_asked_to_retry(client):
    signed = signed_stripe(completed(reference=button_reference()))
    with mock.patch(
        "donations.payments.ledger.PaymentEvent.objects.get_or_create",
        side_effect=OperationalError("the database is down"),
    ):
        response = signed.post(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    # The retry, once the database is back, records the gift.
    assert signed.post(client).status_code == 200
    assert Gift.objects.count() == 1


def test_a_click_older_than_the_window_is_not_credited(client):
    reference = button_reference(minutes_ago=180)
    signed_stripe(completed(reference=reference)).post(client)
    gift = Gift.objects.get()
    assert gift.source == AttributionSource.EXPIRED
    assert gift.call_to_action_id is None
    assert gift.net_pence == 2500  # it still counts in money raised


def test_a_gift_without_a_reference_counts_but_is_not_credited(client):
    signed_stripe(completed(reference="")).post(client)
    gift = Gift.objects.get()
    assert (gift.source, gift.call_to_action_id) == (AttributionSource.NONE, None)


def test_the_signed_json_callback_is_a_second_provider(client):
    now = int(time.time())
    event = {
        "id": "evt-1",
        "type": "payment.paid",
        "payment_id": "pay-1",
        "amount": 1500,
        "currency": "GBP",
        "frequency": "monthly",
        "gift_aid": True,
        "reference": button_reference(cta_id=9),
        "started_at": now - 60,
        "created": now,
        "donor_email": "someone@example.org",
    }
    response = signed_json(event).post(client)
    assert response.status_code == 200, response.content
    gift = Gift.objects.get()
    assert (gift.provider, gift.call_to_action_id, gift.frequency) == (
        "signed-json",
        9,
        Frequency.MONTHLY,
    )
    assert signed_json(event).post(client).json() == {"result": "already recorded"}
    refund = {
        **event,
        "id": "evt-2",
        "type": "payment.refunded",
        "refunded_amount": 1500,
    }
    assert signed_json(refund).post(client).status_code == 200
    assert Gift.objects.get().status == GiftStatus.REFUNDED
    tampered = signed_json({**event, "id": "evt-3"})
    response = client.post(
        tampered.path,
        data=tampered.body.replace(b"1500", b"9500"),
        content_type="application/json",
        headers=tampered.headers,
    )
    assert response.status_code == 400
    stale = signed_json({**event, "id": "evt-4"}, timestamp=now - 3600)
    assert stale.post(client).status_code == 400
    assert json.loads(signed_json({**event, "type": "nope"}).post(client).content)


def test_signed_json_rejects_an_unknown_type(client):
    event = {"id": "e", "type": "payment.maybe", "payment_id": "p", "created": 1}
    assert signed_json(event).post(client).status_code == 400


def test_make_donation_webhooks_writes_payloads_the_endpoint_accepts(client, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "webhooks.jsonl"
    call_command("make_donation_webhooks", "--count=3", f"--out={out}")
    call_command(
        "make_donation_webhooks", "--provider=signed-json", f"--out={tmp_path / 'j'}"
    )
    lines = [
        json.loads(line)
        for path in (out, tmp_path / "j")
        for line in path.read_text().splitlines()
    ]
    assert len(lines) == 4
    for line in lines:
        response = client.post(
            line["path"],
            data=line["body"].encode(),
            content_type="application/json",
            headers=line["headers"],
        )
        assert response.status_code == 200, response.content
    assert Gift.objects.count() == 4


def test_a_setup_session_is_not_a_gift(client):
    session = stripe_session()
    session["mode"] = "setup"
    response = signed_stripe(stripe_event("checkout.session.completed", session)).post(
        client
    )
    assert response.status_code == 200
    assert not Gift.objects.exists()
