from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import register_setting

from pages.mixins import CachedSiteSetting

from ..links import is_allowed_external_url
from .snippets import ALLOWED_HOSTS_HELP, DonationCallToAction


@register_setting(icon="pick")
class DonationSettings(CachedSiteSetting):
    """Where gifts are paid, and the call to action shown when no other is."""

    payment_provider_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=(
            "The payment provider's page where people pay. The donate page sends "
            "visitors there with the amount, frequency, designation and the call to "
            f"action they came from. {ALLOWED_HOSTS_HELP}"
        ),
    )
    default_call_to_action = models.ForeignKey(
        DonationCallToAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The evergreen call to action shown at the foot of articles and "
            "research projects, and wherever a placed one is unpublished or out of "
            "its dates."
        ),
    )

    select_related = [
        "default_call_to_action",
        "default_call_to_action__image",
        "default_call_to_action__appeal",
    ]

    panels = [FieldPanel("payment_provider_url"), FieldPanel("default_call_to_action")]

    class Meta:
        verbose_name = "Donations"

    def clean(self):
        super().clean()
        if self.payment_provider_url and not is_allowed_external_url(
            self.payment_provider_url
        ):
            raise ValidationError(
                {
                    "payment_provider_url": (
                        "This address is not on the approved list. "
                        + ALLOWED_HOSTS_HELP
                    )
                }
            )
