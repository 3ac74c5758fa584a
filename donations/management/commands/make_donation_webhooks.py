import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from donations.payments.reference import Reference
from donations.payments.testing import (
    new_id,
    signed_json,
    signed_stripe,
    stripe_event,
    stripe_session,
)


class Command(BaseCommand):
    help = (
        "Write correctly signed payment webhooks, one JSON object a line "
        '({"path", "headers", "body"}), for load tests such as `make bench`: '
        "made offline with the configured secret, each a new completed checkout "
        "(a new gift). Signatures are accepted for "
        "DONATION_WEBHOOK_TOLERANCE_SECONDS (five minutes), so make them just "
        "before the run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1)
        parser.add_argument(
            "--provider", choices=["stripe", "signed-json"], default="stripe"
        )
        parser.add_argument(
            "--cta", type=int, default=0, help="Credit this call to action."
        )
        parser.add_argument("--out", help="A file to write (default: standard output).")

    def handle(self, *args, count, provider, cta, out, **options):
        secret = (
            settings.STRIPE_WEBHOOK_SECRET
            if provider == "stripe"
            else settings.DONATION_CALLBACK_SECRET
        )
        if not secret:
            raise CommandError(
                "Set STRIPE_WEBHOOK_SECRET (or DONATION_CALLBACK_SECRET) first: the "
                "server must check the same secret."
            )
        reference = ""
        if cta:
            reference = Reference(cta_id=cta, placement="body").encode()
        stream = open(out, "w") if out else sys.stdout  # noqa: SIM115
        try:
            for _ in range(count):
                signed = self.make(provider, reference)
                line = {
                    "path": signed.path,
                    "headers": signed.headers,
                    "body": signed.body.decode(),
                }
                stream.write(json.dumps(line) + "\n")
        finally:
            if out:
                stream.close()
        if out:
            self.stdout.write(f"Wrote {count} signed {provider} webhooks to {out}.")

    def make(self, provider: str, reference: str):
        if provider == "stripe":
            session = stripe_session(reference=reference)
            session.pop("customer_details")
            return signed_stripe(stripe_event("checkout.session.completed", session))
        import time

        now = int(time.time())
        return signed_json(
            {
                "id": new_id("evt"),
                "type": "payment.paid",
                "payment_id": new_id("pay"),
                "amount": 2500,
                "currency": "GBP",
                "frequency": "one-off",
                "gift_aid": False,
                "reference": reference,
                "started_at": now,
                "created": now,
            }
        )
