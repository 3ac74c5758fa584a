"""Payment provider adapters: one module each, listed here by address name.

To add a provider, write a module with a `PaymentProvider` subclass (see
`base`) and add it below: nothing else changes.
"""

from django.utils.module_loading import import_string

from .base import BadWebhook, Change, PaymentProvider, PaymentUpdate

PROVIDERS = {
    "stripe": "donations.payments.providers.stripe_checkout.StripeProvider",
    "signed-json": "donations.payments.providers.signed_json.SignedJSONProvider",
}


def get_provider(name: str) -> PaymentProvider | None:
    """The configured provider called `name`, or None."""
    path = PROVIDERS.get(name)
    if path is None:
        return None
    provider = import_string(path)()
    return provider if provider.is_configured() else None


__all__ = [
    "BadWebhook",
    "Change",
    "PaymentProvider",
    "PaymentUpdate",
    "PROVIDERS",
    "get_provider",
]
