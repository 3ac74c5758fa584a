from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Donations"

    def ready(self):
        # The one place the two rooms meet: the insights follow what is
        # published (A/B tests) and add the report to the admin.
        from wagtail.signals import published, unpublished

        from .insights import admin_hooks  # noqa: F401 (registers the hooks)
        from .insights.signal_handlers import (
            start_or_update_test,
            stop_test_on_unpublish,
        )
        from .models import DonationCallToAction

        published.connect(start_or_update_test, sender=DonationCallToAction)
        unpublished.connect(stop_test_on_unpublish, sender=DonationCallToAction)
