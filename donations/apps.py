from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Donations"

    def ready(self):
        from wagtail.signals import published, unpublished

        from .models import DonationCallToAction
        from .signal_handlers import start_or_update_test, stop_test_on_unpublish

        published.connect(start_or_update_test, sender=DonationCallToAction)
        unpublished.connect(stop_test_on_unpublish, sender=DonationCallToAction)
