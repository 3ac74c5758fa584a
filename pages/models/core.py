from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page
from wagtail.search import index

from ..blocks import (
    FeaturedTopicsStreamBlock,
    HomeStreamBlock,
    NavigationStreamBlock,
    PathStreamBlock,
    StandardStreamBlock,
)
from ..mixins import BasePage, CachedSiteSetting


class CustomImage(AbstractImage):
    """The site's image model: adds credit and licence, and relabels alt text."""

    description = models.CharField(
        "default alt text",
        max_length=255,
        blank=True,
        default="",
        help_text=(
            "Describe what the picture shows for people who cannot see it. "
            "Used wherever the image appears, unless a page gives its own alt text."
        ),
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who took or made the picture, for example 'Photo: Jane Smith'.",
    )
    licence = models.CharField(
        max_length=255,
        blank=True,
        help_text="How we may use it: 'Owned by the charity', 'CC BY 4.0' and so on.",
    )

    admin_form_fields = (
        "title",
        "file",
        "description",
        "credit",
        "licence",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    search_fields = AbstractImage.search_fields + [index.SearchField("credit")]

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        # Wagtail's image choosers check this permission (its own Image declares it).
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self) -> str:
        return self.description or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(BasePage):
    """The site's front page: the root of the page tree."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.TopicIndexPage",
        "pages.StandardPage",
        "pages.GlossaryPage",
        "pages.StoryIndexPage",
        "research.ResearchIndexPage",
        "donations.DonatePage",
    ]
    max_count = 1

    hero_heading = models.CharField(
        max_length=120,
        help_text="The large heading at the top of the home page.",
    )
    hero_intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="A sentence or two under the heading: who we are and how we help.",
    )
    hero_image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional. Shown beside the heading on wide screens and as a band "
            "above the words on phones. A landscape picture at least 1100 pixels "
            "across works best."
        ),
    )
    path_heading = models.CharField(
        "heading",
        max_length=80,
        blank=True,
        default="Newly diagnosed? Start here",
        help_text="The heading of the short path for people newly diagnosed.",
    )
    path_intro = models.TextField(
        "introduction",
        max_length=300,
        blank=True,
        help_text="A sentence of reassurance before the steps.",
    )
    path_steps = StreamField(
        PathStreamBlock(),
        blank=True,
        verbose_name="steps",
        help_text=(
            "Three or four pages to read in order, from what MS is to where to "
            "find support. Leave empty to hide the path."
        ),
    )
    featured_topics = StreamField(
        FeaturedTopicsStreamBlock(),
        blank=True,
        help_text="Up to six topic hubs or articles shown as cards under the heading.",
    )
    stories_heading = models.CharField(
        max_length=80,
        blank=True,
        default="Stories of life with MS",
        help_text="The heading above the newest stories. Empty hides the stories.",
    )
    research_heading = models.CharField(
        max_length=120, blank=True, default="Our research"
    )
    research_intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="A short introduction to the research we fund.",
    )
    research_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The research hub the 'Our research' section links to.",
    )
    body = StreamField(
        HomeStreamBlock(),
        blank=True,
        help_text="Further sections shown below the research section.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
            ],
            heading="Top of the page",
        ),
        MultiFieldPanel(
            [
                FieldPanel("path_heading"),
                FieldPanel("path_intro"),
                FieldPanel("path_steps"),
            ],
            heading="Newly diagnosed path",
        ),
        FieldPanel("featured_topics"),
        FieldPanel("stories_heading"),
        MultiFieldPanel(
            [
                FieldPanel("research_heading"),
                FieldPanel("research_intro"),
                PageChooserPanel("research_page", "research.ResearchIndexPage"),
            ],
            heading="Research section",
        ),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_intro"),
    ]

    def route(self, request, path_components):
        # Wagtail walks the address one level at a time, two queries a level;
        # the page's url_path finds the deepest match in one. That page then
        # routes whatever is left, such as the donate page's give/.
        if not path_components:
            return super().route(request, path_components)
        candidates = [
            self.url_path + "/".join(path_components[:depth]) + "/"
            for depth in range(1, len(path_components) + 1)
        ]
        found = (
            Page.objects.filter(url_path__in=candidates)
            .order_by("-depth")
            .values_list("pk", "content_type_id", "depth")
            .first()
        )
        if found is None:
            raise Http404
        pk, content_type_id, depth = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return super().route(request, path_components)
        related = getattr(model, "route_select_related", ())
        page = model.objects.select_related(*related).get(pk=pk)
        return page.route(request, path_components[depth - self.depth :])


class StandardPage(BasePage):
    """A plain page: privacy notice, accessibility statement, medical disclaimer."""

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    body = StreamField(StandardStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("body")]


@register_setting(icon="site")
class SiteSettings(CachedSiteSetting):
    """The charity's details, shown in the footer and in structured data."""

    legal_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The charity's registered name, if it differs from the site's name.",
    )
    registered_charity_number = models.CharField(
        max_length=60,
        blank=True,
        help_text="As registered with the Charity Commission, for example '1139257'.",
    )
    address = models.TextField(blank=True, help_text="Registered office address.")
    helpline_phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="The number as people dial it, for example '0808 800 8000'.",
    )
    helpline_hours = models.CharField(
        max_length=120,
        blank=True,
        help_text="When it is open, for example 'Monday to Friday, 9am to 7pm'.",
    )
    helpline_email = models.EmailField(
        blank=True,
        help_text=(
            "The helpline's own e-mail address, shown with its phone number beside "
            "every article. Leave empty if the helpline only answers calls."
        ),
    )
    contact_email = models.EmailField(
        blank=True,
        help_text="For general enquiries, for example about the charity itself.",
    )
    footer_text = models.TextField(
        blank=True,
        max_length=500,
        help_text="A short line shown at the foot of every page.",
    )
    team_message = models.TextField(
        "'Talk to your MS team' message",
        blank=True,
        max_length=400,
        default=(
            "Everyone's MS is different. Talk to your MS nurse, neurologist or GP "
            "before you start, stop or change a treatment."
        ),
        help_text="Shown beside every article, with the helpline.",
    )
    disclaimer = models.TextField(
        "Short medical disclaimer",
        blank=True,
        max_length=400,
        default=(
            "This is general information, checked by clinical reviewers. It does "
            "not replace advice about your own care."
        ),
        help_text="One or two sentences shown on every article.",
    )
    disclaimer_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Full medical disclaimer",
        help_text="The page with the full disclaimer, linked from the short one.",
    )

    select_related = ["disclaimer_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("legal_name"),
                FieldPanel("registered_charity_number"),
                FieldPanel("address"),
            ],
            heading="Charity",
        ),
        MultiFieldPanel(
            [
                FieldPanel("helpline_phone"),
                FieldPanel("helpline_hours"),
                FieldPanel("helpline_email"),
                FieldPanel("contact_email"),
            ],
            heading="Contact",
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("team_message"),
                FieldPanel("disclaimer"),
                PageChooserPanel("disclaimer_page"),
            ],
            heading="Signposting on articles",
        ),
    ]

    class Meta:
        verbose_name = "Charity details"


@register_setting(icon="list-ul")
class NavigationSettings(CachedSiteSetting):
    """The header menu and the footer links."""

    primary_navigation = StreamField(
        NavigationStreamBlock(),
        blank=True,
        help_text="The menu at the top of every page. Six links or fewer.",
    )
    footer_navigation = StreamField(
        NavigationStreamBlock(),
        blank=True,
        help_text="Links at the foot of every page: privacy, accessibility, contact.",
    )

    panels = [FieldPanel("primary_navigation"), FieldPanel("footer_navigation")]

    class Meta:
        verbose_name = "Menus"
