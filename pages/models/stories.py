"""Stories: people living with MS, carers, researchers and fundraisers, in
their own words, and the stories index that lists and filters them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, StoryStreamBlock, StoryTreatmentsStreamBlock
from ..mixins import BasePage
from ..pagination import paginate
from ..story_filters import StoryFilters
from ..visibility import private_q
from .articles import ArticlePage, TopicIndexPage

# The research project page, named by string: pages never imports research.
RESEARCH_PROJECT = "research.ResearchProjectPage"


class StoryKind(models.TextChoices):
    LIVING_WITH_MS = "living-with-ms", "Living with MS"
    CARER = "carer", "Family and carers"
    RESEARCHER = "researcher", "Researchers"
    FUNDRAISER = "fundraiser", "Fundraisers"


# How one story of each kind is labelled on its page and card.
KIND_LABELS = {
    StoryKind.LIVING_WITH_MS: "Living with MS",
    StoryKind.CARER: "Caring for someone with MS",
    StoryKind.RESEARCHER: "A researcher's story",
    StoryKind.FUNDRAISER: "A fundraiser's story",
}


def stories_for_cards(request=None):
    """Live, public stories with what their cards show, newest first."""
    return (
        StoryPage.objects.live()
        .exclude(private_q(request))
        .defer_streamfields()
        .select_related("portrait", "listing_image")
        .prefetch_related("portrait__renditions", "listing_image__renditions")
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    )


class StoryIndexPage(BasePage):
    """The stories index: every story, filtered by kind of story and topic."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StoryPage"]
    max_count = 1

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=(
            "A few sentences at the top: whose stories these are, and how "
            "visitors can share their own."
        ),
    )

    hero_image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional. A picture beside the introduction on wide screens, above "
            "it on phones. A landscape picture works best."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    route_select_related = (*BasePage.route_select_related, "hero_image")

    stories_per_page = 12

    class Meta:
        verbose_name = "stories index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(
            TopicIndexPage.objects.live()
            .exclude(private_q(request))
            .order_by("title")
            .only("pk", "title", "slug", "path")
        )
        filters = StoryFilters(request.GET, StoryKind.choices, topics)
        stories = StoryPage.objects.child_of(self).live().exclude(private_q(request))
        context["filters"] = filters
        context["filter_groups"] = filters.groups(stories)
        context["active_filters"] = filters.active_filters(self.get_url(request))
        listed = stories_for_cards(request).child_of(self)
        context["stories"] = paginate(
            filters.apply(listed), self.stories_per_page, request.GET.get("page")
        )
        # As on the research hub: each page of the full list is canonical,
        # filtered lists point search engines at the index itself.
        query = filters.querystring()
        number = context["stories"].number
        url = self.get_full_url(request)
        paginated = number > 1 and not query
        context["canonical_url"] = f"{url}?page={number}" if paginated else url
        context["query_prefix"] = f"{query}&" if query else ""
        return context


class StoryPage(BasePage):
    """One person's story of MS, told in their words, under the stories index."""

    parent_page_types = ["pages.StoryIndexPage"]
    subpage_types = []

    kind = models.CharField(
        "kind of story",
        max_length=20,
        choices=StoryKind.choices,
        default=StoryKind.LIVING_WITH_MS,
        help_text="Whose story this is. Visitors can filter stories by it.",
    )
    person_name = models.CharField(
        "name",
        max_length=80,
        help_text=(
            "The name the storyteller wants shown, for example 'Amara' or 'Tom "
            "and Jess'. A first name is enough."
        ),
    )
    person_description = models.CharField(
        "about them",
        max_length=120,
        blank=True,
        help_text=(
            "A few words shown after the name, for example 'diagnosed with "
            "relapsing MS in 2019' or 'cares for her husband, Dev'."
        ),
    )
    portrait = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional. A photo of them, with their written permission, or an "
            "illustration. A square picture works best. Describe it in the "
            "image's alt text."
        ),
    )
    pull_quote = models.TextField(
        max_length=280,
        help_text=(
            "One or two sentences from the story, in their own words, that sum "
            "it up. Shown large at the top and on cards. No quotation marks."
        ),
    )
    content_warning = models.CharField(
        "content note",
        max_length=200,
        blank=True,
        help_text=(
            "If the story talks about something some readers may find upsetting, "
            "say what in a few words, for example 'This story talks about "
            "depression and thoughts of suicide.' Visitors see it before the "
            "story and on its card, with where to find support."
        ),
    )
    is_fictional = models.BooleanField(
        "fictional story",
        default=False,
        help_text=(
            "Tick for a made-up or composite story, such as the demonstration "
            "stories. Visitors see a clear label saying so."
        ),
    )
    body = StreamField(StoryStreamBlock(), blank=True)
    treatments = StreamField(
        StoryTreatmentsStreamBlock(),
        blank=True,
        help_text="Treatments the story talks about, if any.",
    )
    show_default_call_to_action = models.BooleanField(
        "show the donate prompt",
        default=True,
        help_text=(
            "Show the site's standard donate prompt at the foot of the story. "
            "Untick for a story where asking for money would feel wrong."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel(
            "summary",
            help_text=(
                "One or two sentences introducing the story. Shown on cards, in "
                "search results and by search engines."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("person_name"),
                FieldPanel("person_description"),
                FieldPanel("portrait"),
            ],
            heading="Whose story",
        ),
        FieldPanel("pull_quote"),
        MultiFieldPanel(
            [FieldPanel("content_warning"), FieldPanel("is_fictional")],
            heading="Before the story",
        ),
        FieldPanel("body"),
    ]
    connections_panels = [
        InlinePanel(
            "topic_links",
            heading="Topics and articles",
            label="Topic or article",
            help_text=(
                "The topic hubs and articles this story touches. The story is "
                "shown on each of them, and on the hub of each article."
            ),
        ),
        FieldPanel("treatments"),
        InlinePanel(
            "research_links",
            heading="Research projects",
            label="Research project",
            help_text="Projects the story talks about. It is shown on each of them.",
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(connections_panels, heading="Topics and research"),
            ObjectList(
                BasePage.promote_panels + [FieldPanel("show_default_call_to_action")],
                heading="Promote",
            ),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("person_name", boost=2),
        index.SearchField("person_description"),
        index.SearchField("pull_quote"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    route_select_related = (*BasePage.route_select_related, "portrait")

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.get_kind_display())

    @property
    def byline(self) -> str:
        if self.person_description:
            return f"{self.person_name}, {self.person_description}"
        return self.person_name

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The research projects it names come from research's template tag.
        context["topics"] = self.topics(request)
        context["index_page"] = self.get_parent()
        return context

    def topics(self, request=None) -> list[Page]:
        """The live, public hubs and articles the story touches, in order."""
        ids = [link.page_id for link in self.topic_links.all()]
        if not ids:
            return []
        pages = (
            Page.objects.live().exclude(private_q(request)).filter(pk__in=ids).in_bulk()
        )
        return [pages[pk] for pk in ids if pk in pages]

    def shown_on(self) -> list[Page]:
        """Pages showing this story beyond its index and the home page, for the
        page cache to purge: the hubs, articles and projects it touches, and
        the hub of each article (hubs list the stories of their articles)."""
        ids = [
            *self.topic_links.values_list("page_id", flat=True),
            *self.research_links.values_list("page_id", flat=True),
        ]
        pages = list(Page.objects.filter(pk__in=ids))
        parents = [page.path[: -Page.steplen] for page in pages]
        return [*pages, *TopicIndexPage.objects.filter(path__in=parents)]


class StoryTopicLink(Orderable):
    """A topic hub or article a story touches; the story is shown there."""

    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="topic_links")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="topic or article",
    )

    panels = [PageChooserPanel("page", ["pages.TopicIndexPage", "pages.ArticlePage"])]

    def clean(self):
        super().clean()
        if self.page_id and not issubclass(
            self.page.specific_class, TopicIndexPage | ArticlePage
        ):
            raise ValidationError({"page": "Choose a topic hub or an article."})


class StoryResearchLink(Orderable):
    """A research project a story talks about; the project shows the story."""

    story = ParentalKey(
        StoryPage, on_delete=models.CASCADE, related_name="research_links"
    )
    # A link to any page, limited to research projects by the chooser and
    # clean(): a foreign key to the project model would make pages depend on
    # research.
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="research project",
    )

    panels = [PageChooserPanel("page", RESEARCH_PROJECT)]

    def clean(self):
        super().clean()
        if self.page_id and self.page.specific_class._meta.label != RESEARCH_PROJECT:
            raise ValidationError({"page": "Choose a research project."})


def stories_touching(page, request=None):
    """Live, public stories shown on `page`: those that name it, and for a hub
    those naming the hub or any article in it."""
    if isinstance(page, TopicIndexPage):
        touching = Q(topic_links__page__path__startswith=page.path)
    else:
        touching = Q(topic_links__page=page) | Q(research_links__page=page)
    ids = StoryPage.objects.filter(touching).values("pk")
    return stories_for_cards(request).filter(pk__in=ids)
