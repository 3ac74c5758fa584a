from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.search import index

from .cache.fragments import fragment
from .forms import BasePageForm


class ListingFields(models.Model):
    """What a page shows when it appears as a card in a listing."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text=(
            "One or two plain-English sentences saying what this page is about. "
            "Shown on cards and in search results, and used as the description "
            "search engines show."
        ),
    )
    listing_image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on cards that link to this page. Optional.",
    )

    class Meta:
        abstract = True


class SocialFields(models.Model):
    """Overrides for how the page looks when shared on social media."""

    social_image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Picture shown when the page is shared, ideally 1200 × 630 pixels. "
            "If empty, the listing image is used."
        ),
    )
    social_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Text shown when the page is shared. If empty, the summary is used.",
    )

    class Meta:
        abstract = True


class BasePage(ListingFields, SocialFields, Page):
    """Abstract base for every page on the site."""

    base_form_class = BasePageForm

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading="Address and search engines"),
        MultiFieldPanel(
            [
                FieldPanel("listing_image"),
                FieldPanel("social_image"),
                FieldPanel("social_text"),
            ],
            heading="Cards and sharing",
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("summary")]

    # Fetched with the page when it is served: every page's sharing tags read
    # these images.
    route_select_related = ("listing_image", "social_image")

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary


class CachedSiteSetting(BaseSiteSetting):
    """A site setting read from the cache: most pages show one, and it changes
    rarely (saving it clears the cache's epoch, see pages.cache)."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        site = Site.find_for_request(request)
        return fragment(
            request,
            f"setting:{cls._meta.label_lower}:{site.pk if site else 0}",
            lambda: super(CachedSiteSetting, cls).for_request(request),
        )
