from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import RICH_TEXT_FEATURES, DonationCallToActionBlock
from pages.mixins import BasePage
from pages.models import ArticlePage, TopicIndexPage
from pages.structured_data import trail

from ..blocks import ResearchStreamBlock
from ..choices import MS_TYPES, Phase, Status, StudyType, TrialDesign
from ..forms import ResearchProjectPageForm
from ..registries import EU_CT, EUDRACT, IRAS, ISRCTN, NCT, REGISTRIES, RegistryIdField
from ..structured_data import medical_study
from .snippets import Treatment


def validate_trial_design(value) -> None:
    allowed = set(TrialDesign.values)
    if not isinstance(value, list) or not set(value) <= allowed:
        raise ValidationError("Choose trial designs from the list.")


def validate_not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("This date is in the future.")


YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]


class ResearchProjectPage(BasePage):
    """A research project or trial the charity funds or follows, under the hub."""

    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = []

    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text=(
            "The study's short name or acronym, exactly as researchers write it, "
            "for example 'DELIVER-MS'. Leave empty if it has none."
        ),
    )
    full_title = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "The official title from the trial registry or protocol. Optional: the "
            "page title above is the plain-English name visitors see first."
        ),
    )
    summary = models.TextField(
        max_length=300,
        help_text=(
            "One or two plain-English sentences: what the study asks and who it "
            "is for. Shown on cards, in search results and to search engines."
        ),
    )
    why_it_matters = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What difference the answer could make to people with MS.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        help_text=(
            "Planned: not started. Recruiting: taking new participants. Active: "
            "under way but not recruiting. Completed: finished, results not yet "
            "out. Results published: say what was found on the Results tab."
        ),
    )

    study_type = models.CharField(
        max_length=20,
        choices=StudyType.choices,
        default=StudyType.CLINICAL_TRIAL,
        help_text=(
            "Clinical trial: tests a treatment in people. Observational study: "
            "follows people without changing their treatment."
        ),
    )
    phase = models.CharField(
        "trial phase",
        max_length=4,
        choices=Phase.choices,
        blank=True,
        help_text="For trials of medicines. Leave empty if you do not know it.",
    )
    trial_design = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_trial_design],
        help_text="Tick what the registry entry says. Leave empty if unsure.",
    )
    ms_relapsing = models.BooleanField("relapsing MS", default=False)
    ms_secondary_progressive = models.BooleanField(
        "secondary progressive MS", default=False
    )
    ms_primary_progressive = models.BooleanField(
        "primary progressive MS", default=False
    )
    ms_all_types = models.BooleanField(
        "all types of MS",
        default=False,
        help_text=(
            "Tick this instead of the others when the research concerns everyone "
            "with MS. It then appears under every type in the research hub."
        ),
    )
    theme = models.ForeignKey(
        "research.ResearchTheme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The main aim this research serves. Visitors can filter by it.",
    )
    treatments = ParentalManyToManyField(
        "research.Treatment",
        blank=True,
        related_name="projects",
        help_text=(
            "The treatments or interventions studied. Projects studying the same "
            "treatment are linked to each other. Add missing ones under Research › "
            "Treatments."
        ),
    )
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Expected or actual. Leave empty if not known.",
    )
    nct_id = RegistryIdField(
        registry=NCT, help_text="For example NCT01234567, from clinicaltrials.gov."
    )
    isrctn_id = RegistryIdField(
        registry=ISRCTN, help_text="For example ISRCTN12345678, from isrctn.com."
    )
    eu_ct_number = RegistryIdField(
        registry=EU_CT,
        help_text=(
            "For EU trials approved since 2023, for example 2023-501234-12-00, "
            "from euclinicaltrials.eu."
        ),
    )
    eudract_number = RegistryIdField(
        registry=EUDRACT,
        help_text=(
            "For older EU trials, for example 2015-001234-56, from "
            "clinicaltrialsregister.eu."
        ),
    )
    iras_id = RegistryIdField(
        registry=IRAS,
        help_text=(
            "The UK approval number, for example 1004567. Shown on the page but "
            "not linked, because IRAS has no public page."
        ),
    )
    registry_checked_on = models.DateField(
        "checked against the registry on",
        null=True,
        blank=True,
        validators=[validate_not_in_future],
        help_text=(
            "When you last compared this page with the registry entry. Visitors "
            "see it, so update it whenever you check."
        ),
    )
    who_can_take_part = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=(
            "For recruiting studies: who can join, in plain English (type of MS, "
            "age, where the study runs). Needed before a recruiting study is "
            "published."
        ),
    )
    how_to_take_part = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=(
            "How to register interest: who to contact, or the form to fill in. "
            "Needed before a recruiting study is published."
        ),
    )
    take_part_url = models.URLField(
        "register interest link",
        blank=True,
        help_text="Optional. Shown as a 'Register your interest' button.",
    )
    contact_name = models.CharField(
        "study contact",
        max_length=120,
        blank=True,
        help_text=(
            "Who answers questions from people thinking of taking part, for "
            "example 'The study team at the University of Nottingham'."
        ),
    )
    contact_email = models.EmailField(
        "study contact's e-mail",
        blank=True,
        help_text="Shown as a link that opens the visitor's e-mail program.",
    )
    contact_phone = models.CharField(
        "study contact's phone number",
        max_length=40,
        blank=True,
        help_text="As people dial it, for example '0115 496 0000'.",
    )

    funders = models.CharField(
        "other funders",
        max_length=255,
        blank=True,
        help_text="Other organisations funding the research, separated by commas.",
    )
    funded_by_us = models.BooleanField(
        "we fund this research",
        default=False,
        help_text="Tick if the charity pays for all or part of this research.",
    )
    our_funding = models.CharField(
        "how much we fund",
        max_length=120,
        blank=True,
        help_text=(
            "As supporters should read it, for example '£325,000 to date'. Leave "
            "empty if the amount is not public."
        ),
    )
    our_funding_pays_for = models.CharField(
        "what our money pays for",
        max_length=255,
        blank=True,
        help_text="For example 'the MRI scans'. Shown after 'We are funding'.",
    )
    show_default_call_to_action = models.BooleanField(
        "show the donate call to action",
        default=True,
        help_text=(
            "Untick to leave out the site-wide donate prompt at the foot of this "
            "page, for example when the page already has its own."
        ),
    )
    # A StreamField holding one block, rather than a foreign key, so research
    # needs neither an import of donations nor a migration dependency on it.
    call_to_action = StreamField(
        [("donation_call_to_action", DonationCallToActionBlock())],
        blank=True,
        max_num=1,
        verbose_name="donate prompt for this project",
        help_text=(
            "Optional. Choose the call to action of the appeal that funds this "
            "research: it replaces the site-wide prompt at the foot of the page "
            "and names its appeal."
        ),
    )

    results = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=(
            "What the research found, in plain English, and what it means for "
            "people with MS. Say when and where the results were published."
        ),
    )
    illustrative_note = models.TextField(
        "note on illustrative details",
        max_length=300,
        blank=True,
        help_text=(
            "Only on demonstration and training sites: say which details on this "
            "page are made up, for example 'The amount and contacts are "
            "illustrative.' Shown at the top of the page as 'Demo content'."
        ),
    )
    body = StreamField(
        ResearchStreamBlock(),
        blank=True,
        help_text="Anything else visitors should know, below the structured details.",
    )

    summary_panels = [
        TitleFieldPanel(
            "title",
            heading="Plain-English title",
            help_text=(
                "What visitors see first, for example 'DELIVER-MS: is early "
                "intensive treatment best?'"
            ),
        ),
        FieldPanel("short_name"),
        FieldPanel("full_title"),
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldPanel("why_it_matters"),
        FieldPanel("body"),
        InlinePanel(
            "related_article_links",
            heading="Read more: related articles",
            label="Article",
            help_text="Articles that explain the condition or treatment studied.",
        ),
    ]
    details_panels = [
        MultiFieldPanel(
            [
                FieldPanel("study_type"),
                FieldPanel("phase"),
                FieldPanel("trial_design"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading="The study",
        ),
        MultiFieldPanel(
            [
                FieldPanel("ms_relapsing"),
                FieldPanel("ms_secondary_progressive"),
                FieldPanel("ms_primary_progressive"),
                FieldPanel("ms_all_types"),
            ],
            heading="Types of MS it concerns",
        ),
        FieldPanel("theme"),
        FieldPanel("treatments", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel(registry.field) for registry in REGISTRIES]
            + [FieldPanel("registry_checked_on")],
            heading="Trial registries",
        ),
        MultiFieldPanel(
            [
                FieldPanel("who_can_take_part"),
                FieldPanel("how_to_take_part"),
                FieldPanel("take_part_url"),
                FieldPanel("contact_name"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
            ],
            heading="How to take part",
        ),
    ]
    people_panels = [
        InlinePanel(
            "researchers",
            heading="Lead researchers",
            label="Researcher",
            help_text="Add people who are not listed under Research › Researchers.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("funded_by_us"),
                FieldPanel("our_funding"),
                FieldPanel("our_funding_pays_for"),
                FieldPanel("funders"),
            ],
            heading="Funding",
        ),
        FieldPanel("call_to_action"),
        FieldPanel("show_default_call_to_action"),
    ]
    results_panels = [FieldPanel("results")]

    edit_handler = TabbedInterface(
        [
            ObjectList(summary_panels, heading="Summary"),
            ObjectList(details_panels, heading="Details"),
            ObjectList(people_panels, heading="People and funding"),
            ObjectList(results_panels, heading="Results"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(
                BasePage.settings_panels + [FieldPanel("illustrative_note")],
                heading="Settings",
            ),
        ]
    )
    base_form_class = ResearchProjectPageForm

    search_fields = BasePage.search_fields + [
        index.SearchField("short_name", boost=10),
        index.AutocompleteField("short_name"),
        index.SearchField("full_title"),
        index.SearchField("why_it_matters"),
        index.SearchField("results"),
        index.RelatedFields(
            "treatments",
            [
                index.SearchField("generic_name", boost=5),
                index.SearchField("brand_names", boost=5),
            ],
        ),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = "research project"

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": "The end year cannot be before the start year."}
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The search index is updated on post_save, before the treatments
        # (a ParentalManyToManyField) are written, so it would miss them.
        index.insert_or_update_object(self)

    def get_admin_display_title(self) -> str:
        details = [self.get_status_display()]
        if self.phase and self.phase != Phase.NOT_APPLICABLE:
            details.append(self.get_phase_display())
        return f"{super().get_admin_display_title()} ({', '.join(details)})"

    @property
    def ms_type_labels(self) -> list[str]:
        if self.ms_all_types:
            return ["All types of MS"]
        return [label for _value, field, label in MS_TYPES if getattr(self, field)]

    @property
    def card_details(self) -> list[str]:
        """Short facts shown on the project's card: theme, phase, MS types."""
        details = [self.theme.name] if self.theme else []
        if self.phase_label:
            details.append(self.phase_label)
        details.extend(self.ms_type_labels)
        if self.funded_by_us:
            details.append("Funded by us")
        return details

    @property
    def trial_design_labels(self) -> list[str]:
        labels = dict(TrialDesign.choices)
        return [labels[value] for value in self.trial_design if value in labels]

    @property
    def is_recruiting(self) -> bool:
        return self.status == Status.RECRUITING

    @property
    def short_name_differs_from_title(self) -> bool:
        """Whether the short name adds anything above a title that may start with it."""
        return bool(self.short_name) and not self.title.startswith(self.short_name)

    @property
    def shows_how_to_take_part(self) -> bool:
        return self.is_recruiting and bool(
            self.who_can_take_part
            or self.how_to_take_part
            or self.contact_email
            or self.contact_phone
        )

    @property
    def phase_label(self) -> str:
        if self.phase in ("", Phase.NOT_APPLICABLE):
            return ""
        return self.get_phase_display()

    @property
    def years(self) -> str:
        if self.start_year and self.end_year:
            if self.start_year == self.end_year:
                return str(self.start_year)
            return f"{self.start_year} to {self.end_year}"
        if self.start_year:
            return f"From {self.start_year}"
        if self.end_year:
            return f"Until {self.end_year}"
        return ""

    def registry_links(self) -> list[dict]:
        """Each registry identifier with its public page, where it has one."""
        return [
            {
                "label": registry.label,
                "identifier": getattr(self, registry.field),
                "url": registry.url(getattr(self, registry.field)),
            }
            for registry in REGISTRIES
            if getattr(self, registry.field)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Computed once: both lists below leave out pages in private sections.
        private = ResearchProjectPage.objects.all().private_q()
        # Shared with the breadcrumbs, so the ancestors are fetched once.
        ancestors = trail(self)[:-1]
        treatments = list(self.treatments.all())
        context.update(
            {
                "researchers": self.researchers.select_related("researcher"),
                "related_articles": self.related_articles(private),
                "treatments": treatments,
                "projects_sharing_treatments": self.projects_sharing_treatments(
                    treatments, private
                ),
                "hub_url": ancestors[-1].get_url(request) if ancestors else "",
                # The base template adds the BreadcrumbList to the graph.
                "structured_data": [medical_study(self, request, treatments)],
            }
        )
        return context

    def shown_on(self) -> list:
        """Pages showing this project beyond its hub and the home page, for the
        page cache to purge: the articles it is about and their topic hubs
        (their "Research on this topic") and the projects studying the same
        treatments."""
        articles = list(
            ArticlePage.objects.filter(
                pk__in=self.related_article_links.values("article_id")
            )
        )
        hubs = TopicIndexPage.objects.filter(
            path__in=[article.path[: -Page.steplen] for article in articles]
        )
        projects = (
            ResearchProjectPage.objects.filter(treatments__in=self.treatments.all())
            .exclude(pk=self.pk)
            .distinct()
        )
        return [*articles, *hubs, *projects]

    def related_articles(self, private: Q) -> list:
        """The live, public articles this project links to, in the editor's order."""
        article_ids = [link.article_id for link in self.related_article_links.all()]
        if not article_ids:
            return []
        articles = (
            ArticlePage.objects.live()
            .exclude(private)
            .defer_streamfields()
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")
            .in_bulk(article_ids)
        )
        return [articles[pk] for pk in article_ids if pk in articles]

    def projects_sharing_treatments(self, treatments: list, private: Q) -> list[dict]:
        """Other live projects studying each of `treatments`, grouped by treatment."""
        if not treatments:
            return []
        others = list(
            ResearchProjectPage.objects.live()
            .exclude(private)
            .filter(treatments__in=treatments)
            .exclude(pk=self.pk)
            .distinct()
            .defer_streamfields()
            .select_related("theme", "listing_image")
            .order_by("title")
            .prefetch_related(
                "listing_image__renditions",
                Prefetch(
                    "treatments",
                    queryset=Treatment.objects.filter(
                        pk__in=[t.pk for t in treatments]
                    ),
                    to_attr="shared_treatments",
                ),
            )
        )
        groups = []
        for treatment in treatments:
            projects = [p for p in others if treatment in p.shared_treatments]
            if projects:
                groups.append({"treatment": treatment, "projects": projects})
        return groups


class ProjectResearcher(Orderable):
    """A researcher credited on a project, with their role in it."""

    page = ParentalKey(
        ResearchProjectPage, on_delete=models.CASCADE, related_name="researchers"
    )
    researcher = models.ForeignKey(
        "research.Researcher", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        max_length=80,
        blank=True,
        help_text="For example 'Chief investigator'. Optional.",
    )

    panels = [FieldPanel("researcher"), FieldPanel("role")]


class ProjectRelatedArticle(Orderable):
    """An article a project links to; the article shows the project in return."""

    page = ParentalKey(
        ResearchProjectPage,
        on_delete=models.CASCADE,
        related_name="related_article_links",
    )
    article = models.ForeignKey(
        "pages.ArticlePage",
        on_delete=models.CASCADE,
        related_name="research_project_links",
    )

    panels = [PageChooserPanel("article", "pages.ArticlePage")]
