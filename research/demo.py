"""Demo content for the research hub, loaded through the `load_demo_content` hook.

Written in our own words. The three real trials carry their public facts:
registry numbers, sponsors, start and end years, and the researchers who lead
them or wrote up their results. What is not public (how much this fictional
charity gives DELIVER-MS) is made up, and the page says so in a "Demo
content" note. The fourth study is fictional from end to end, so that the
demo always has a study recruiting; its contacts use addresses and numbers
kept for examples and drama (example.org, 0115 496 0xxx), and it has no
registry number, since an invented one could be a real trial's. The
treatments' brand names are the public names of licensed medicines, there so
that searches by brand name work.
"""

from wagtail.models import Site

from pages.demo import add_to_menu, heading, paragraph, upsert_page
from pages.models import ArticlePage

from .choices import Phase, Status, StudyType, TrialDesign
from .models import (
    ProjectRelatedArticle,
    ProjectResearcher,
    Researcher,
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
    "pacing-for-fatigue": ["about-ms/fatigue"],
}

# Who leads each study or wrote up its results, as published; the last one is
# as fictional as its study.
RESEARCHERS = {
    "Dr Daniel Ontaneda": "Cleveland Clinic, USA",
    "Professor Nikos Evangelou": "University of Nottingham",
    "Professor Robert J. Fox": "Cleveland Clinic, USA",
    "Professor Alasdair Coles": "University of Cambridge",
    "Dr Alex Morgan": "Demo University MS Centre (fictional)",
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


def credits(researchers: dict, *names_and_roles: tuple[str, str]) -> list:
    return [
        ProjectResearcher(researcher=researchers[name], role=role, sort_order=position)
        for position, (name, role) in enumerate(names_and_roles)
    ]


def project_fields(
    themes: dict, treatments: dict, researchers: dict
) -> dict[str, dict]:
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
            "full_title": (
                "Determining the Effectiveness of earLy Intensive Versus Escalation "
                "approaches for the treatment of Relapsing-remitting MS"
            ),
            "status": Status.ACTIVE,
            "study_type": StudyType.CLINICAL_TRIAL,
            "trial_design": [
                TrialDesign.RANDOMISED,
                TrialDesign.MULTI_CENTRE,
                TrialDesign.INTERNATIONAL,
            ],
            "ms_relapsing": True,
            "theme": immune,
            "start_year": 2018,
            "nct_id": "NCT03535298",
            "researchers": credits(
                researchers,
                ("Dr Daniel Ontaneda", "Principal investigator"),
                ("Professor Nikos Evangelou", "Leads the trial in the UK"),
            ),
            "funded_by_us": True,
            "our_funding": "£1.2 million to date",
            "our_funding_pays_for": (
                "the MRI scans that show how each treatment approach affects the brain"
            ),
            "funders": "Patient-Centered Outcomes Research Institute (PCORI), USA",
            "illustrative_note": (
                "This is a demonstration site. DELIVER-MS, its registry number and "
                "its researchers are real; the charity and the amount it gives are "
                "illustrative."
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
            "trial_design": [
                TrialDesign.RANDOMISED,
                TrialDesign.DOUBLE_BLIND,
                TrialDesign.PLACEBO_CONTROLLED,
                TrialDesign.MULTI_CENTRE,
                TrialDesign.INTERNATIONAL,
            ],
            "ms_secondary_progressive": True,
            "theme": immune,
            "treatments": [treatments["tolebrutinib"]],
            "start_year": 2020,
            "end_year": 2024,
            "nct_id": "NCT04411641",
            "researchers": credits(
                researchers,
                ("Professor Robert J. Fox", "Lead author of the published results"),
            ),
            "funders": "Sanofi, which makes tolebrutinib",
            "results": (
                "<p>Reported in 2024: tolebrutinib slowed the progression of "
                "disability in people with secondary progressive MS who do not "
                "have relapses.</p>"
                "<p>In two other phase 3 trials, in people with relapsing MS, it "
                "also slowed progression.</p>"
                "<p>The full results were published in the New England Journal "
                "of Medicine in 2025.</p>"
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
            "phase": Phase.PHASE_3,
            "trial_design": [
                TrialDesign.RANDOMISED,
                TrialDesign.MULTI_CENTRE,
                TrialDesign.INTERNATIONAL,
            ],
            "ms_relapsing": True,
            "theme": immune,
            "treatments": [treatments["alemtuzumab"]],
            "start_year": 2007,
            "end_year": 2011,
            "nct_id": "NCT00548405",
            "researchers": credits(
                researchers,
                ("Professor Alasdair Coles", "Lead author of the published results"),
            ),
            "funders": "Genzyme (a Sanofi company) and Bayer Schering Pharma",
            "results": (
                "<p>Published in The Lancet in 2012: people with relapsing MS "
                "whose relapses had continued on an earlier treatment had about "
                "half as many relapses on alemtuzumab as on interferon beta-1a, "
                "and fewer of them saw their disability get worse. Alemtuzumab "
                "has serious side effects, so it needs careful monitoring.</p>"
                "<p>Reported in 2016: early treatment with more intensive "
                "therapies, which have more side effects, may also be good for "
                "people with MS.</p>"
                "<p>The DELIVER-MS trial, which we support, is looking into this "
                "question further.</p>"
            ),
        },
        "pacing-for-fatigue": {
            "title": "Pacing for MS fatigue: an online course",
            "summary": (
                "A study of whether a six-week online course in pacing daily "
                "activities eases fatigue, for adults with any type of MS. It is "
                "looking for people to take part."
            ),
            "why_it_matters": (
                "<p>Most people with MS have fatigue, and many say it affects "
                "their lives more than any other symptom. Courses that teach "
                "pacing help some people, but few can travel to one. An online "
                "course could reach everyone.</p>"
            ),
            "status": Status.RECRUITING,
            "study_type": StudyType.CLINICAL_TRIAL,
            "phase": Phase.NOT_APPLICABLE,
            "trial_design": [TrialDesign.RANDOMISED, TrialDesign.MULTI_CENTRE],
            "ms_all_types": True,
            "theme": themes["managing-symptoms"],
            "start_year": 2025,
            "end_year": 2027,
            "researchers": credits(
                researchers, ("Dr Alex Morgan", "Chief investigator")
            ),
            "funded_by_us": True,
            "our_funding": "£180,000 to date",
            "our_funding_pays_for": "the course and the nurses who run it",
            "who_can_take_part": (
                "<p>You may be able to join if you:</p>"
                "<ul><li>are 18 or over and have any type of MS</li>"
                "<li>have fatigue that gets in the way of daily life</li>"
                "<li>live in the UK and can go online on a phone, tablet or "
                "computer</li></ul>"
                "<p>You cannot join if you have had a relapse in the last three "
                "months, or are taking part in another study about fatigue.</p>"
            ),
            "how_to_take_part": (
                "<p>Call or e-mail the study team. They will explain the study, "
                "check that it suits you and send you an information sheet to "
                "read before you decide. Taking part is free, and you can stop at "
                "any time without giving a reason.</p>"
            ),
            "contact_name": "the study team at the Demo University MS Centre",
            "contact_email": "pacing-study@example.org",
            "contact_phone": "0115 496 0123",
            "illustrative_note": (
                "This study is fictional. It shows how a study that is looking "
                "for participants appears: its name, researcher, contacts and "
                "funding are made up, so please do not contact them."
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


def load_researchers(refresh: bool) -> dict:
    researchers = {}
    for name, institution in RESEARCHERS.items():
        researcher, created = Researcher.objects.get_or_create(
            name=name, defaults={"institution": institution}
        )
        if refresh and not created:
            researcher.institution = institution
            researcher.save()
        researchers[name] = researcher
    return researchers


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
    researchers = load_researchers(refresh)
    for slug, fields in project_fields(themes, treatments, researchers).items():
        project = upsert_page(hub, ResearchProjectPage, slug, refresh, **fields)
        link_articles(home, project, refresh)
    stdout.write(f"Research: {hub.title} and its projects ready.")
