from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site
from wagtail.search import index

from pages.blocks import RICH_TEXT_FEATURES
from pages.mixins import BasePage

from ..blocks import SuggestedAmountsStreamBlock
from ..choices import Frequency


class DonatePage(RoutablePageMixin, BasePage):
    """The page where visitors choose an amount and go on to pay."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    one_off_amounts = StreamField(
        SuggestedAmountsStreamBlock(),
        blank=True,
        help_text="Amounts offered for a single gift, smallest first. Three work best.",
    )
    one_off_minimum = models.PositiveIntegerField(
        default=2,
        validators=[MinValueValidator(1)],
        help_text="The smallest single gift, in whole pounds, that can be given here.",
    )
    one_off_maximum = models.PositiveIntegerField(
        default=10_000,
        help_text=(
            "The largest single gift taken online; larger gifts are welcome by phone."
        ),
    )
    monthly_amounts = StreamField(
        SuggestedAmountsStreamBlock(),
        blank=True,
        help_text=(
            "Amounts offered for a monthly gift, smallest first. Three work best."
        ),
    )
    monthly_minimum = models.PositiveIntegerField(
        default=2,
        validators=[MinValueValidator(1)],
        help_text="The smallest monthly gift, in whole pounds.",
    )
    monthly_maximum = models.PositiveIntegerField(
        default=1_000, help_text="The largest monthly gift taken online."
    )
    offer_research_only = models.BooleanField(
        "offer 'fund research only'",
        default=True,
        help_text="Let donors choose to have their gift spent on research only.",
    )
    research_only_hint = models.CharField(
        max_length=200,
        blank=True,
        default="Tick this and every penny of your gift will go to MS research.",
        help_text="Shown under the 'fund research only' choice.",
    )
    payment_note = models.TextField(
        max_length=400,
        blank=True,
        default=(
            "You will pay on our payment provider's secure website. Your card "
            "details never reach this website."
        ),
        help_text="Shown beside the button: reassure donors about paying safely.",
    )

    thank_you = RichTextField(
        "thank-you message",
        features=RICH_TEXT_FEATURES,
        blank=True,
        default=(
            "<p>Your gift will help fund research into stopping MS. Our payment "
            "provider will e-mail you a receipt.</p>"
        ),
        help_text=(
            "Shown at /donate/thank-you/, where the payment provider sends donors "
            "once they have paid. It is the same for every donor."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("one_off_amounts"),
                FieldRowPanel(
                    [FieldPanel("one_off_minimum"), FieldPanel("one_off_maximum")]
                ),
            ],
            heading="Single gifts",
        ),
        MultiFieldPanel(
            [
                FieldPanel("monthly_amounts"),
                FieldRowPanel(
                    [FieldPanel("monthly_minimum"), FieldPanel("monthly_maximum")]
                ),
            ],
            heading="Monthly gifts",
        ),
        MultiFieldPanel(
            [FieldPanel("offer_research_only"), FieldPanel("research_only_hint")],
            heading="Fund research only",
        ),
        FieldPanel("payment_note"),
        FieldPanel("thank_you"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    @classmethod
    def find_url(cls, request) -> str | None:
        """The URL of the live donate page of the request's site, or None.

        Remembered for five minutes per host: every donate button needs it.
        """
        key = f"donations:donate-url:{request.get_host()}"
        url = cache.get(key)
        if url is None:
            site = Site.find_for_request(request)
            pages = cls.objects.live()
            if site is not None:
                pages = pages.descendant_of(site.root_page, inclusive=True)
            page = pages.first()
            url = page.get_url(request) if page else ""
            cache.set(key, url, 300)
        return url or None

    def clean(self):
        super().clean()
        errors = {}
        for frequency, prefix in (("single", "one_off"), ("monthly", "monthly")):
            low = getattr(self, f"{prefix}_minimum")
            high = getattr(self, f"{prefix}_maximum")
            if low and high and high < low:
                errors[f"{prefix}_maximum"] = "This must be at least the minimum."
                continue
            outside = [
                child.value["amount"]
                for child in getattr(self, f"{prefix}_amounts")
                if not low <= child.value["amount"] <= high
            ]
            if outside:
                errors[f"{prefix}_amounts"] = (
                    f"Every suggested {frequency} amount must be between £{low:,} and "
                    f"£{high:,}."
                )
        if errors:
            raise ValidationError(errors)

    def amount_limits(self, frequency: str) -> tuple[int, int]:
        if frequency == Frequency.MONTHLY:
            return self.monthly_minimum, self.monthly_maximum
        return self.one_off_minimum, self.one_off_maximum

    def suggested_amounts(self, frequency: str) -> list[dict]:
        field = (
            self.monthly_amounts
            if frequency == Frequency.MONTHLY
            else self.one_off_amounts
        )
        return [dict(child.value) for child in field]

    def serve(self, request, *args, **kwargs):
        from ..fallback import remember_page
        from ..views import allow_form_to_reach_provider

        response = super().serve(request, *args, **kwargs)
        # What the page and its give/ route need while the database is down.
        remember_page(self, request)
        return allow_form_to_reach_provider(request, response)

    def get_context(self, request, *args, **kwargs):
        from ..forms import donate_forms

        context = super().get_context(request, *args, **kwargs)
        context["donate_forms"] = donate_forms(self, request)
        context["give_url"] = self.get_url(request) + self.reverse_subpage("give")
        return context

    @path("give/", name="give")
    def give(self, request):
        """Check the chosen amount and hand the visitor to the payment provider."""
        from ..views import give

        return give(self, request)

    @path("thank-you/", name="thank_you")
    def thank_you_page(self, request):
        """Where donors land after paying: the same for everyone, so cacheable."""
        return self.render(request, template="donations/thank_you.html")
