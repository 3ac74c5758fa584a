import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from ..choices import Designation, Destination, Frequency
from ..links import CONTROL_VARIANT, is_allowed_external_url
from ..panels import ABTestHelpPanel

# Each variant takes an equal share of visitors: more than three alternatives
# would spread a charity's traffic too thin to reach a result in an appeal.
MAX_VARIANTS = 3
VARIANT_LETTERS = "BCD"

ALLOWED_HOSTS_HELP = (
    "Only addresses on the payment provider's and the charity's approved websites "
    "are accepted (DONATION_ALLOWED_HOSTS, set by the web team)."
)


class Appeal(index.Indexed, models.Model):
    """A fundraising appeal that calls to action can belong to."""

    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="As the team knows it, for example 'Stop MS appeal 2026'.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    designation = models.CharField(
        max_length=20,
        choices=Designation.choices,
        default=Designation.GENERAL,
        help_text=(
            "What gifts made through this appeal's buttons pay for. With 'Research "
            "only', the donate page opens with 'fund research only' ticked."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("designation"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The appeal must end after it starts."})


class DonationCallToAction(
    DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel
):
    """A donate prompt the fundraising team writes once and places on any page.

    Its own heading, message, button and image are the control; A/B test
    variants (`CallToActionVariant`) hang off it, are saved in its revisions,
    and are told apart by a variant key in the link.
    """

    name = models.CharField(
        "internal name",
        max_length=120,
        help_text=(
            "For the team only, for example 'Immune system article, spring 2026'. "
            "Visitors never see it."
        ),
    )
    slug = models.SlugField(
        "tracking code",
        max_length=60,
        unique=True,
        blank=True,
        help_text=(
            "Identifies this call to action to the payment provider and in "
            "analytics (as utm_campaign). Leave empty to make one from the internal "
            "name; avoid changing it once the call to action is in use."
        ),
    )
    heading = models.CharField(
        max_length=100, help_text="A short, direct heading, for example 'Help stop MS'."
    )
    message = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences on what a gift makes possible.",
    )
    button_label = models.CharField(
        max_length=40,
        default="Donate now",
        help_text=(
            "The words on the button. Start with a verb: 'Donate now', 'Give £10'."
        ),
    )
    image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown beside the message on wider screens.",
    )
    suggested_amount = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Optional, in whole pounds. The donate page opens with this amount "
            "chosen. Only for buttons that go to our donate page."
        ),
    )
    suggested_frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.ONE_OFF,
        help_text="Whether the suggested amount is a one-off or a monthly gift.",
    )
    appeal = models.ForeignKey(
        Appeal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls_to_action",
        help_text="Optional. The appeal this call to action raises money for.",
    )
    active_from = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional. Before this, the site's default call to action shows.",
    )
    active_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "Optional. After this, the site's default call to action shows instead, "
            "and old links to this one go to the donate page."
        ),
    )
    destination = models.CharField(
        "button goes to",
        max_length=20,
        choices=Destination.choices,
        default=Destination.DONATE_PAGE,
    )
    external_url = models.URLField(
        "other website's address",
        max_length=500,
        blank=True,
        help_text=f"Only when the button goes to another website. {ALLOWED_HOSTS_HELP}",
    )

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug")], heading="For the team"
        ),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("message"),
                FieldPanel("button_label"),
                FieldPanel("image"),
            ],
            heading="What visitors see",
        ),
        MultiFieldPanel(
            [
                FieldPanel("destination"),
                FieldPanel("external_url"),
                FieldRowPanel(
                    [FieldPanel("suggested_amount"), FieldPanel("suggested_frequency")]
                ),
            ],
            heading="Where the button goes",
        ),
        MultiFieldPanel(
            [
                FieldPanel("appeal"),
                FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
            ],
            heading="Appeal and dates",
        ),
    ]
    test_panels = [
        ABTestHelpPanel(),
        InlinePanel(
            "variants",
            heading="Variants",
            label="Variant",
            max_num=MAX_VARIANTS,
            help_text=(
                "Each variant is shown to an equal share of visitors, alongside "
                "this call to action as written on the first tab (the control)."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Call to action"),
            ObjectList(test_panels, heading="A/B test"),
        ]
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("heading"),
        index.SearchField("message"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = "donation call to action"
        verbose_name_plural = "donation calls to action"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.destination == Destination.EXTERNAL:
            if not self.external_url:
                errors["external_url"] = "Enter the address the button should go to."
            elif not is_allowed_external_url(self.external_url):
                host = urlsplit(self.external_url).hostname or self.external_url
                errors["external_url"] = (
                    f"Buttons cannot link to {host}: it is not on the approved list "
                    "(DONATION_ALLOWED_HOSTS). Ask the web team to add it if it is a "
                    "page you trust to take gifts."
                )
            if self.suggested_amount:
                errors["suggested_amount"] = (
                    "A suggested amount works only with our own donate page."
                )
        else:
            self.external_url = ""
        if (
            self.active_from
            and self.active_until
            and self.active_until <= self.active_from
        ):
            errors["active_until"] = "This must be later than 'active from'."
        if not self.slug:
            self.slug = self._unique_slug()
        elif (
            DonationCallToAction.objects.filter(slug=self.slug)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["slug"] = "Another call to action already uses this tracking code."
        if errors:
            raise ValidationError(errors)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:50].strip("-") or "call-to-action"
        slug, number = base, 1
        while (
            DonationCallToAction.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        ):
            number += 1
            slug = f"{base}-{number}"
        return slug

    def is_active(self, at: datetime | None = None) -> bool:
        """Published and inside its dates, so it may be shown and followed."""
        return is_active(self.live, self.active_from, self.active_until, at)

    @property
    def variant(self) -> str:
        return CONTROL_VARIANT

    def versions(self) -> list["Version"]:
        """The control and each variant as visitors would see them, lettered A, B,
        C… in order, with a variant's empty fields taken from the control."""
        versions = [
            Version(
                key=CONTROL_VARIANT,
                letter="A",
                name="Control",
                heading=self.heading,
                message=self.message,
                button_label=self.button_label,
                image_id=self.image_id,
            )
        ]
        for letter, variant in zip(VARIANT_LETTERS, self.variants.all(), strict=False):
            versions.append(
                Version(
                    key=variant.key,
                    letter=letter,
                    name=variant.name,
                    heading=variant.heading or self.heading,
                    message=variant.message or self.message,
                    button_label=variant.button_label or self.button_label,
                    image_id=variant.image_id or self.image_id,
                )
            )
        return versions

    preview_modes = [("", "As visitors see it"), ("variants", "All A/B variants")]

    def get_preview_template(self, request, mode_name):
        return "donations/call_to_action_preview.html"

    def get_preview_context(self, request, mode_name):
        from ..rendering import render_version

        # No tracking link: an editor trying the button must not count as a click.
        versions = self.versions() if mode_name == "variants" else self.versions()[:1]
        images = {v.image_id for v in versions if v.image_id}
        images = get_image_model().objects.in_bulk(images) if images else {}
        previews = [
            {
                "version": version,
                "rendered": render_version(
                    self, version, images.get(version.image_id), request
                ),
            }
            for version in versions
        ]
        return {
            **super().get_preview_context(request, mode_name),
            "previews": previews,
            "show_labels": mode_name == "variants",
        }


def new_variant_key() -> str:
    """A key that no other variant, past or future, will share, so a click on a
    page cached long ago can never be counted for a different variant."""
    return f"v{secrets.token_hex(5)}"


@dataclass(frozen=True)
class Version:
    """What one arm of an A/B test shows: the control or a variant, filled in."""

    key: str
    letter: str
    name: str
    heading: str
    message: str
    button_label: str
    image_id: int | None

    @property
    def label(self) -> str:
        if self.key == CONTROL_VARIANT:
            return "A (control)"
        return f"{self.letter}: {self.name}" if self.name else self.letter

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "letter": self.letter,
            "name": self.name,
            "heading": self.heading,
            "message": self.message,
            "button_label": self.button_label,
            "image_id": self.image_id,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Version":
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})


class CallToActionVariant(Orderable):
    """Another wording of a call to action, tried against it in an A/B test."""

    call_to_action = ParentalKey(
        DonationCallToAction, on_delete=models.CASCADE, related_name="variants"
    )
    # Made once, when the variant is first added, and never shown or edited: it
    # is what the signed links and the figures know the variant by.
    key = models.SlugField(max_length=20, default=new_variant_key, editable=False)
    name = models.CharField(
        "internal name",
        max_length=60,
        blank=True,
        help_text="For the team, for example 'Urgent wording'. Visitors never see it.",
    )
    heading = models.CharField(
        max_length=100,
        blank=True,
        help_text="Leave empty to use the control's heading.",
    )
    message = models.TextField(
        max_length=300,
        blank=True,
        help_text="Leave empty to use the control's message.",
    )
    button_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="Leave empty to use the control's button label.",
    )
    image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to use the control's image.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("heading"),
        FieldPanel("message"),
        FieldPanel("button_label"),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "A/B test variant"

    def __str__(self) -> str:
        return self.name or self.heading or self.button_label or "Variant"

    def clean(self):
        super().clean()
        if not any([self.heading, self.message, self.button_label, self.image_id]):
            raise ValidationError(
                "Change at least one of the heading, message, button label or image: "
                "an empty variant would be the same as the control."
            )


def is_active(
    live: bool,
    active_from: datetime | None,
    active_until: datetime | None,
    at: datetime | None = None,
) -> bool:
    at = at or timezone.now()
    return (
        live
        and (active_from is None or active_from <= at)
        and (active_until is None or at < active_until)
    )
