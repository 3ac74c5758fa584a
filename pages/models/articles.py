import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from ..blocks import (
    RICH_TEXT_FEATURES,
    ArticleStreamBlock,
    KeyPointsStreamBlock,
    SubTopicsStreamBlock,
    table_of_contents,
)
from ..forms import ArticlePageForm
from ..mixins import BasePage
from ..pagination import paginate
from ..panels import ARTICLE_READING_AIDS_HOOK, ObjectListWithHookPanels
from ..provenance import MAX_REVIEW_PERIOD_MONTHS, ProvenanceError, add_months
from ..visibility import private_q

WORDS_PER_MINUTE = 200
# Related articles shown when the editor chose none: the first siblings by title.
RELATED_FALLBACK = 3
PUBMED_ID = re.compile(r"[0-9]{1,9}")


class UrgentReviewPanel(FieldPanel):
    """Whether the article is marked for urgent review: shown, never typed."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None:
            return "Not marked"
        return f"Marked on {value:%d/%m/%Y}: the review is due now"


class TopicIndexPage(BasePage):
    """A topic hub such as "About MS": a guided way into its articles."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ArticlePage"]

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
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
    start_here = models.ForeignKey(
        "pages.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="'start here' article",
        help_text=(
            "The article to read first if this topic is new to you. Shown "
            "large, under the introduction."
        ),
    )
    sub_topics = StreamField(
        SubTopicsStreamBlock(),
        blank=True,
        help_text=(
            "Group the articles under headings, in the order to read them. "
            "Articles in no group are listed after the groups."
        ),
    )
    review_period_months = models.PositiveSmallIntegerField(
        "review period (months)",
        default=MAX_REVIEW_PERIOD_MONTHS,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(MAX_REVIEW_PERIOD_MONTHS),
        ],
        help_text=(
            "How often articles in this section must be reviewed. Treatment news "
            "moves fast, so a shorter period may suit it. Three years (36 months) "
            "at most, as the PIF TICK recommends."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        PageChooserPanel("start_here", "pages.ArticlePage"),
        FieldPanel("sub_topics"),
    ]
    settings_panels = BasePage.settings_panels + [FieldPanel("review_period_months")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    route_select_related = (*BasePage.route_select_related, "hero_image")

    articles_per_page = 12

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        private = private_q(request)
        start_here, groups = self.guide(private)
        shown = {article.pk for group in groups for article in group["articles"]}
        if start_here:
            shown.add(start_here.pk)
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .exclude(private)
            .exclude(pk__in=shown)
            .defer_streamfields()
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("title")
        )
        context["articles"] = paginate(
            articles, self.articles_per_page, request.GET.get("page")
        )
        # Later pages list only the remaining articles: the guide is on page one.
        first_page = context["articles"].number == 1
        context["start_here"] = start_here if first_page else None
        context["article_groups"] = groups if first_page else []
        return context

    def guide(self, private: Q) -> tuple["ArticlePage | None", list[dict]]:
        """The 'start here' article and the sub-topic groups with their live,
        public articles, in the editor's order, in a fixed number of queries."""
        groups = [
            {
                "heading": block.value["heading"],
                "intro": block.value["intro"],
                "articles": [page for page in block.value["articles"] if page],
            }
            for block in self.sub_topics
        ]
        ids = {article.pk for group in groups for article in group["articles"]}
        if self.start_here_id:
            ids.add(self.start_here_id)
        if not ids:
            return None, []
        # The chooser loaded the pages; this says which visitors may see.
        visible = set(
            ArticlePage.objects.live()
            .exclude(private)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        # The 'start here' article is shown once, above the groups.
        in_groups = visible - {self.start_here_id}
        for group in groups:
            group["articles"] = [a for a in group["articles"] if a.pk in in_groups]
        groups = [group for group in groups if group["articles"]]
        start_here = None
        if self.start_here_id in visible:
            start_here = (
                ArticlePage.objects.filter(pk=self.start_here_id)
                .defer_streamfields()
                .select_related("listing_image")
                .prefetch_related("listing_image__renditions")
                .first()
            )
        return start_here, groups


class ClinicalReviewer(index.Indexed, models.Model):
    """A clinician who checks articles; may have no Wagtail account."""

    name = models.CharField(max_length=120, help_text="For example 'Dr Asha Patel'.")
    role = models.CharField(
        max_length=120, help_text="For example 'Consultant neurologist'."
    )
    organisation = models.CharField(
        max_length=160, help_text="For example 'King's College Hospital'."
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "clinical reviewer"

    def __str__(self) -> str:
        return f"{self.name}, {self.role}, {self.organisation}"


class ArticlePage(BasePage):
    """A health-information article inside a topic hub, with its provenance."""

    parent_page_types = ["pages.TopicIndexPage"]
    subpage_types = []

    base_form_class = ArticlePageForm

    hero_image = models.ForeignKey(
        "pages.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A wide photo at the top of the article.",
    )
    key_points = StreamField(
        KeyPointsStreamBlock(),
        blank=True,
        help_text=(
            "Three to five short sentences with the main things to know. Shown in "
            "a box at the top, for people who only skim."
        ),
    )
    body = StreamField(ArticleStreamBlock(), blank=True)
    glossary_markup = models.BooleanField(
        "explain glossary terms",
        default=True,
        help_text=(
            "Mark the first use of each glossary term (such as 'DMT' or 'myelin') "
            "with a short explanation. Untick if the article is itself about terms."
        ),
    )
    show_default_call_to_action = models.BooleanField(
        "show the donate prompt",
        default=True,
        help_text="Show the site's standard donate prompt at the foot of the article.",
    )

    reviewer = models.ForeignKey(
        "pages.ClinicalReviewer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="clinical reviewer",
        help_text=(
            "The clinician who checked this article. Needed before it can be "
            "published. Add new reviewers under Snippets › Clinical reviewers."
        ),
    )
    last_reviewed = models.DateField(
        "date last reviewed",
        null=True,
        blank=True,
        help_text="When the clinical reviewer last checked it. Needed to publish.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "Leave empty to use the section's review period. Three years after the "
            "last review at most."
        ),
    )

    urgent_review_since = models.DateField(
        "marked for urgent review on",
        null=True,
        blank=True,
        help_text=(
            "Set from the 'Pages that mention…' report when news about a medicine "
            "or trial means this article must be checked now. Cleared when a "
            "clinical review is recorded."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel(
            "summary",
            help_text=(
                "One or two plain-English sentences. Shown on cards, in search "
                "results and by search engines."
            ),
        ),
        FieldPanel("hero_image"),
        FieldPanel("key_points"),
        FieldPanel("body"),
    ]
    reading_aids_panels = [
        InlinePanel(
            "related_articles",
            heading="Related articles",
            label="Related article",
            max_num=4,
            help_text=(
                "Up to four articles to suggest at the end. If you choose none, "
                "other articles in the same section are shown."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("glossary_markup"), FieldPanel("show_default_call_to_action")],
            heading="On this page",
        ),
    ]
    review_panels = [
        HelpPanel(
            content=(
                "<p>Every article needs a clinical reviewer, a review date and at "
                "least one source before it can be published. Visitors see them at "
                "the foot of the page.</p>"
            )
        ),
        FieldPanel(
            "owner",
            heading="Content owner",
            help_text=(
                "The member of staff who keeps this article up to date. They get an "
                "e-mail when it is due for review. Starts as whoever created it."
            ),
        ),
        FieldPanel("reviewer"),
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
        UrgentReviewPanel("urgent_review_since"),
        InlinePanel(
            "sources",
            heading="Sources",
            label="Source",
            min_num=0,
            help_text=(
                "The evidence the article is based on: guidelines, trials, reviews."
            ),
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Review and sources"),
            ObjectListWithHookPanels(
                reading_aids_panels,
                heading="Reading aids",
                hook_name=ARTICLE_READING_AIDS_HOOK,
            ),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("key_points"),
        index.SearchField("body"),
        index.FilterField("next_review_due"),
    ]

    route_select_related = (*BasePage.route_select_related, "hero_image", "reviewer")

    class Meta:
        verbose_name = "article"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up only if the page's shared parts are rendered (page_parts).
        context["related_pages"] = SimpleLazyObject(lambda: self.related_pages(request))
        context["sources"] = SimpleLazyObject(lambda: list(self.sources.all()))
        return context

    @property
    def table_of_contents(self) -> list[dict]:
        """Section headings, listed only when there are three or more."""
        contents = table_of_contents(self.body)
        return contents if len(contents) >= 3 else []

    @property
    def reading_time(self) -> int:
        """Minutes to read the summary, key points and body, at 200 words a minute."""
        texts = [self.summary]
        texts += self.key_points.stream_block.get_searchable_content(self.key_points)
        texts += self.body.stream_block.get_searchable_content(self.body)
        words = sum(len(text.split()) for text in texts if text)
        return max(1, -(-words // WORDS_PER_MINUTE))

    def shown_on(self) -> list["ArticlePage"]:
        """Pages showing this article that neither the tree nor Wagtail's
        reference index records, for the page cache to purge: when it is among
        the first siblings by title, every sibling without editors' choices
        lists it as a related article."""
        first = ArticlePage.objects.sibling_of(self).live().order_by("title")
        if self.pk not in first.values_list("pk", flat=True)[: RELATED_FALLBACK + 1]:
            return []
        return list(
            ArticlePage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(related_articles__isnull=True)
        )

    def related_pages(self, request=None) -> list["ArticlePage"]:
        """Editors' choices, or else up to three live siblings in the same hub."""
        chosen = [
            link.article
            for link in self.related_articles.select_related(
                "article", "article__listing_image"
            )
            .prefetch_related("article__listing_image__renditions")
            .defer("article__body", "article__key_points")
            if link.article and link.article.live
        ]
        if chosen:
            return chosen
        return list(
            ArticlePage.objects.sibling_of(self, inclusive=False)
            .live()
            .exclude(private_q(request))
            .defer_streamfields()
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("title")[:RELATED_FALLBACK]
        )

    @property
    def review_period_months(self) -> int:
        parent = self.get_parent() if self.pk and self.depth else None
        parent = parent.specific if parent else None
        return getattr(parent, "review_period_months", MAX_REVIEW_PERIOD_MONTHS)

    @property
    def is_urgent(self) -> bool:
        return self.urgent_review_since is not None

    @property
    def under_review(self) -> bool:
        """Marked for urgent review, or past its review date.

        Checked when the page renders: a cached copy lives five minutes at most,
        so visitors see the notice within minutes of the date passing."""
        return self.is_urgent or (
            bool(self.next_review_due) and self.next_review_due <= timezone.localdate()
        )

    @property
    def review_status(self) -> str:
        if self.is_urgent:
            return "Urgent"
        if not self.next_review_due:
            return "No review date"
        today = timezone.localdate()
        if self.next_review_due < today:
            return "Overdue"
        if self.next_review_due <= today + datetime.timedelta(days=30):
            return "Due soon"
        return "Up to date"

    def clean(self):
        super().clean()
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            raise ValidationError(
                {"last_reviewed": "The review date cannot be in the future."}
            )
        if self.last_reviewed and self.next_review_due:
            latest = add_months(self.last_reviewed, MAX_REVIEW_PERIOD_MONTHS)
            if self.next_review_due > latest:
                raise ValidationError(
                    {
                        "next_review_due": (
                            "Articles must be reviewed at least every three years: "
                            f"choose {latest:%d/%m/%Y} or earlier."
                        )
                    }
                )
            if self.next_review_due <= self.last_reviewed:
                raise ValidationError(
                    {"next_review_due": "This must be after the last review."}
                )

    def save(self, *args, **kwargs):
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = add_months(
                self.last_reviewed, self.review_period_months
            )
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        # The one place every route to publishing passes through: the Publish
        # button, workflow approval, scheduled publishing and scripts.
        ProvenanceError.check(revision.as_object())
        return super().publish(revision, *args, **kwargs)


class ArticleSource(Orderable):
    """One piece of evidence an article is based on."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        "publisher or journal",
        max_length=200,
        blank=True,
        help_text="For example 'The Lancet' or 'NICE'.",
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    url = models.URLField("web address", blank=True, max_length=500)
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text="For example '10.1016/S0140-6736(24)00000-0'. Leave empty if unsure.",
    )
    pmid = models.CharField(
        "PubMed ID",
        max_length=12,
        blank=True,
        help_text="The number PubMed gives the paper. Leave empty if unsure.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("year")]),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("doi"), FieldPanel("pmid")]),
    ]

    def clean(self):
        super().clean()
        self.doi = self.doi.strip().removeprefix("https://doi.org/")
        if self.doi and not self.doi.startswith("10."):
            raise ValidationError({"doi": "A DOI starts with '10.'."})
        self.pmid = self.pmid.strip()
        # ASCII digits only: "²" and "①" pass str.isdigit() but are no ID.
        if self.pmid and not PUBMED_ID.fullmatch(self.pmid):
            raise ValidationError(
                {"pmid": "A PubMed ID is a number of up to nine digits, like 31234567."}
            )

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


class RelatedArticle(Orderable):
    """An article an editor suggests reading next."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="related_articles"
    )
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "pages.ArticlePage")]
