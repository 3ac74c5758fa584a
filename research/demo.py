"""Demo content for the research hub, loaded through the `load_demo_content` hook.

Written in our own words from the seed document's facts only. Where the seed
says nothing (registry numbers, dates, amounts, researchers), the field is
left empty rather than guessed. The treatments' brand names are the public
names of licensed medicines, there so that searches by brand name work.
HERCULES is recorded as phase 3 because the seed calls the two later
tolebrutinib trials "two other phase 3 trials".
"""

from wagtail.models import Site

from pages.demo import add_to_menu, heading, paragraph, upsert_page
from pages.models import ArticlePage

from .choices import Phase, Status, StudyType
from .models import (
    ProjectRelatedArticle,
    ResearchIndexPage,
    ResearchProjectPage,
    ResearchTheme,
    Treatment,
)

THEMES = [
    (
        "stopping-immune-attacks",
        "Stopping immune attacks",
        "Research into treatments that stop the immune system attacking myelin.",
    ),
    (
        "repairing-myelin",
        "Repairing myelin",
        "Research into ways to repair the myelin coating that MS damages.",
    ),
    (
        "protecting-nerves",
        "Protecting nerves",
        "Research into keeping nerves alive once their myelin has been damaged.",
    ),
    (
        "managing-symptoms",
        "Managing symptoms",
        "Research into easing the symptoms of MS day to day.",
    ),
]

# Articles are written by the pages app's demo content; each project names
# them by their place in the tree and skips any that do not exist yet.
# Every demo article that names a trial links it ("The immune system and MS"
# discusses all three).
RELATED_ARTICLES = {
    "deliver-ms": [
        "treatments/early-intensive-treatment",
        "treatments/disease-modifying-therapies",
        "about-ms/immune-system-and-ms",
        "about-ms/diagnosis",
    ],
    "hercules": [
        "treatments/btk-inhibitors",
        "treatments/disease-modifying-therapies",
        "about-ms/immune-system-and-ms",
        "about-ms/types-of-ms",
    ],
    "care-ms-ii": [
        "treatments/early-intensive-treatment",
        "about-ms/immune-system-and-ms",
    ],
}


# Treatments with the brand names people search for: the research app adds
# them to the site search as synonyms (Ocrevus finds ocrelizumab). Alemtuzumab
# is the treatment the CARE-MS II trial studied.
TREATMENTS = {
    "tolebrutinib": {"treatment_class": "BTK inhibitor", "brand_names": ""},
    "ocrelizumab": {
        "treatment_class": "monoclonal antibody (anti-CD20)",
        "brand_names": "Ocrevus",
    },
    "siponimod": {
        "treatment_class": "S1P receptor modulator",
        "brand_names": "Mayzent",
    },
    "alemtuzumab": {
        "treatment_class": "monoclonal antibody (anti-CD52)",
        "brand_names": "Lemtrada",
    },
    # The other DMTs licensed in the UK, so each brand name finds its medicine.
    "ofatumumab": {
        "treatment_class": "monoclonal antibody (anti-CD20)",
        "brand_names": "Kesimpta",
    },
    "ublituximab": {
        "treatment_class": "monoclonal antibody (anti-CD20)",
        "brand_names": "Briumvi",
    },
    "natalizumab": {
        "treatment_class": "monoclonal antibody (anti-alpha-4 integrin)",
        "brand_names": "Tysabri",
    },
    "interferon beta": {
        "treatment_class": "interferon",
        "brand_names": "Avonex, Rebif, Plegridy, Betaferon, Extavia",
    },
    "glatiramer acetate": {"treatment_class": "", "brand_names": "Copaxone"},
    "teriflunomide": {"treatment_class": "", "brand_names": "Aubagio"},
    "dimethyl fumarate": {"treatment_class": "fumarate", "brand_names": "Tecfidera"},
    "diroximel fumarate": {"treatment_class": "fumarate", "brand_names": "Vumerity"},
    "fingolimod": {
        "treatment_class": "S1P receptor modulator",
        "brand_names": "Gilenya",
    },
    "ozanimod": {"treatment_class": "S1P receptor modulator", "brand_names": "Zeposia"},
    "ponesimod": {
        "treatment_class": "S1P receptor modulator",
        "brand_names": "Ponvory",
    },
    "cladribine": {"treatment_class": "", "brand_names": "Mavenclad"},
}


def project_fields(themes: dict, treatments: dict) -> dict[str, dict]:
    immune = themes["stopping-immune-attacks"]
    return {
        "deliver-ms": {
            "title": "DELIVER-MS: is early intensive treatment best?",
            "short_name": "DELIVER-MS",
            "summary": (
                "A trial in people recently diagnosed with relapsing MS, comparing "
                "starting on an intensive treatment with starting on a milder one "
                "and stepping up only if needed."
            ),
            "why_it_matters": (
                "<p>Treating MS at the first sign of symptoms lowers the risk of "
                "long-term disability. Intensive treatments may help more, but "
                "they have more side effects. Knowing which way of starting works "
                "better will help people with MS choose the treatment approach "
                "that is right for them.</p>"
            ),
            "status": Status.ACTIVE,
            "study_type": StudyType.CLINICAL_TRIAL,
            "ms_relapsing": True,
            "theme": immune,
            "funded_by_us": True,
            "our_funding_pays_for": (
                "the MRI scans that show how each treatment approach affects the brain"
            ),
            "body": [
                heading("How the trial works"),
                paragraph(
                    "Everyone taking part has developed relapsing MS recently. One "
                    "group begins on a milder treatment and moves to a more "
                    "intensive one only if the first does not control their MS "
                    "well enough. The other group begins on a more intensive "
                    "treatment straight away.",
                    "The researchers then compare how MS progresses in the two groups.",
                ),
            ],
        },
        "hercules": {
            "title": (
                "HERCULES: tolebrutinib for non-relapsing secondary progressive MS"
            ),
            "short_name": "HERCULES",
            "summary": (
                "A trial of tolebrutinib, a BTK inhibitor, in people with secondary "
                "progressive MS who no longer have relapses. Its 2024 results showed "
                "the drug slowed disability progression."
            ),
            "why_it_matters": (
                "<p>Many people with progressive MS still cannot get a treatment "
                "that works for them, and current treatments cannot undo damage "
                "that has already happened. BTK inhibitors are a new type of drug "
                "that can get into the brain and act directly where the damage "
                "is.</p>"
            ),
            "status": Status.RESULTS,
            "study_type": StudyType.CLINICAL_TRIAL,
            "phase": Phase.PHASE_3,
            "ms_secondary_progressive": True,
            "theme": immune,
            "treatments": [treatments["tolebrutinib"]],
            "results": (
                "<p>Reported in 2024: tolebrutinib slowed the progression of "
                "disability in people with secondary progressive MS who do not "
                "have relapses.</p>"
                "<p>In two other phase 3 trials, in people with relapsing MS, it "
                "also slowed progression.</p>"
            ),
        },
        "care-ms-ii": {
            "title": "CARE-MS II: early treatment with a more intensive therapy",
            "short_name": "CARE-MS II",
            "summary": (
                "A trial whose results, reported in 2016, suggested that starting "
                "early on a more intensive treatment may benefit people with MS."
            ),
            "status": Status.RESULTS,
            "study_type": StudyType.CLINICAL_TRIAL,
            "theme": immune,
            "treatments": [treatments["alemtuzumab"]],
            "results": (
                "<p>Reported in 2016: early treatment with more intensive "
                "therapies, which have more side effects, may also be good for "
                "people with MS.</p>"
                "<p>The DELIVER-MS trial, which we support, is looking into this "
                "question further.</p>"
            ),
        },
    }


def load_vocabulary(refresh: bool) -> tuple[dict, dict]:
    themes = {}
    for slug, name, description in THEMES:
        theme, created = ResearchTheme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        if refresh and not created:
            theme.name, theme.description = name, description
            theme.save()
        themes[slug] = theme
    treatments = {}
    for generic_name, fields in TREATMENTS.items():
        treatment, created = Treatment.objects.get_or_create(
            generic_name=generic_name, defaults=fields
        )
        if refresh and not created:
            for name, value in fields.items():
                setattr(treatment, name, value)
            treatment.save()
        treatments[generic_name] = treatment
    return themes, treatments


def link_articles(home, project: ResearchProjectPage, refresh: bool) -> None:
    """Link the project's demo articles once they exist, keeping editors' links."""
    if project.related_article_links.exists() and not refresh:
        return
    articles = [
        ArticlePage.objects.filter(url_path=f"{home.url_path}{path}/").first()
        for path in RELATED_ARTICLES[project.slug]
    ]
    articles = [article for article in articles if article is not None]
    if not articles:
        return
    current = [link.article_id for link in project.related_article_links.all()]
    if current == [article.pk for article in articles]:
        return
    # An explicit sort_order: without one the links come back in any order.
    project.related_article_links = [
        ProjectRelatedArticle(article=article, sort_order=position)
        for position, article in enumerate(articles)
    ]
    project.save_revision().publish()


def load(home, stdout, refresh: bool = False) -> None:
    hub = upsert_page(
        home,
        ResearchIndexPage,
        "research",
        refresh,
        title="Research",
        summary=(
            "The research we fund and follow to find treatments for everyone with MS."
        ),
        intro=(
            "<p>To stop MS we need to stop the immune system attacking myelin, and to "
            "protect and repair nerves. These are the studies we fund and follow.</p>"
        ),
    )
    add_to_menu(Site.objects.get(is_default_site=True), hub)
    if home.research_page_id is None:
        home.research_page = hub
        home.save_revision().publish()

    themes, treatments = load_vocabulary(refresh)
    for slug, fields in project_fields(themes, treatments).items():
        project = upsert_page(hub, ResearchProjectPage, slug, refresh, **fields)
        link_articles(home, project, refresh)
    stdout.write(f"Research: {hub.title} and its projects ready.")
