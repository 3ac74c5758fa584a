import pytest

STRIPE_SECRET = "whsec_test_only_secret"
CALLBACK_SECRET = "callback-test-only-secret"


@pytest.fixture(autouse=True)
def _payment_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET
    settings.DONATION_CALLBACK_SECRET = CALLBACK_SECRET
