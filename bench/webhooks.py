"""Signed Stripe test events for the webhook row, made offline by
`manage.py make_donation_webhooks` just before the run (signatures are good
for five minutes); each is a new completed checkout, so none is a replay."""

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command

from donations.payments.testing import signed_stripe, stripe_event, stripe_session


def write_events(path: Path, count: int) -> None:
    """`count` events as webhook.lua reads them: path, signature, body lines."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as made:
        call_command(
            "make_donation_webhooks",
            count=count,
            provider="stripe",
            out=made.name,
            stdout=io.StringIO(),
        )
        with open(path, "w") as out:
            for line in made:
                event = json.loads(line)
                out.write(
                    f"{event['path']}\n{event['headers']['Stripe-Signature']}\n"
                    f"{event['body']}\n"
                )


def post_new_event(client):
    """Post one new signed completed checkout with a Django test client."""
    session = stripe_session()
    session.pop("customer_details")
    return signed_stripe(stripe_event("checkout.session.completed", session)).post(
        client
    )
