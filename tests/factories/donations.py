from django.utils import timezone

from wagtail.models import Page

import factory
import wagtail_factories

from donations import models
from donations.choices import Designation, Destination


def amounts(*values: int) -> list[dict]:
    return [
        {"type": "amount", "value": {"amount": value, "impact": f"£{value} could help"}}
        for value in values
    ]


class AppealFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Appeal {n}")
    designation = Designation.GENERAL

    class Meta:
        model = models.Appeal


class DonationCallToActionFactory(factory.django.DjangoModelFactory):
    """A published call to action to the donate page (pass live=False for a draft)."""

    name = factory.Sequence(lambda n: f"Call to action {n}")
    slug = factory.Sequence(lambda n: f"call-to-action-{n}")
    heading = factory.Faker("sentence", nb_words=5)
    message = factory.Faker("sentence", nb_words=14)
    button_label = "Donate now"
    destination = Destination.DONATE_PAGE

    class Meta:
        model = models.DonationCallToAction
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        # Published through a revision, as an editor's Publish button does.
        if create and obj.live and extracted is not False:
            obj.save_revision().publish()


class DonatePageFactory(wagtail_factories.PageFactory):
    title = "Donate"
    slug = "donate"
    summary = "Give today."
    intro = "<p>Your gift funds research.</p>"
    one_off_amounts = factory.LazyFunction(lambda: amounts(10, 25, 50))
    monthly_amounts = factory.LazyFunction(lambda: amounts(5, 10, 20))

    class Meta:
        model = models.DonatePage


class DonationClickFactory(factory.django.DjangoModelFactory):
    """One raw click row (pass is_duplicate / is_bot for flagged ones)."""

    call_to_action = factory.SubFactory(DonationCallToActionFactory)
    placement = "body"
    device_class = "desktop"
    visitor_hash = factory.Sequence(lambda n: f"{n:032x}")

    class Meta:
        model = models.DonationClick


class DonationImpressionFactory(factory.django.DjangoModelFactory):
    """One hourly impression bucket."""

    call_to_action = factory.SubFactory(DonationCallToActionFactory)
    placement = "body"
    source_page = factory.LazyFunction(Page.get_first_root_node)
    count = 1

    class Meta:
        model = models.DonationImpression


class GiftFactory(factory.django.DjangoModelFactory):
    """A paid gift credited to a donate button (pass source and status to vary)."""

    provider = "stripe"
    payment_id = factory.Sequence(lambda n: f"cs_test_{n:08d}")
    charge_id = factory.Sequence(lambda n: f"pi_test_{n:08d}")
    status = models.GiftStatus.PAID
    amount_pence = 2500
    frequency = "one-off"
    started_at = factory.LazyFunction(timezone.now)
    given_at = factory.LazyAttribute(lambda gift: gift.started_at)
    source = models.AttributionSource.BUTTON
    call_to_action = factory.SubFactory(DonationCallToActionFactory)
    variant = "control"
    placement = "body"

    class Meta:
        model = models.Gift


def with_variants(cta, *variants: dict, publish: bool = True):
    """Give a call to action A/B variants (dicts of variant fields) and
    publish it, as an editor would on the "A/B test" tab."""
    cta.variants = [models.CallToActionVariant(**fields) for fields in variants]
    revision = cta.save_revision()
    if publish:
        revision.publish()
    return cta
