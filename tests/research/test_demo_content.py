from django.core.management import call_command

from wagtail.models import Revision

import pytest

from pages.models import ArticlePage
from research.article_links import projects_named_in
from research.choices import Phase, Status
from research.demo import TREATMENTS
from research.models import ResearchProjectPage, Treatment

pytestmark = pytest.mark.django_db


def project(slug: str) -> ResearchProjectPage:
    return ResearchProjectPage.objects.get(slug=slug)


DEMO_PROJECTS = ["deliver-ms", "hercules", "care-ms-ii", "pacing-for-fatigue"]


def test_demo_content_adds_the_projects_under_the_hub(client, demo_content):
    for slug in DEMO_PROJECTS:
        page = project(slug)
        assert page.live
        assert page.url == f"/research/{slug}/"
        assert client.get(page.url).status_code == 200
    html = client.get("/research/").content.decode()
    assert "4 projects" in html


def test_demo_trials_carry_their_public_registry_facts(demo_content):
    deliver = project("deliver-ms")
    assert deliver.short_name == "DELIVER-MS"
    assert deliver.ms_relapsing and not deliver.ms_all_types
    assert (deliver.nct_id, deliver.start_year) == ("NCT03535298", 2018)
    assert "PCORI" in deliver.funders

    hercules = project("hercules")
    assert hercules.status == Status.RESULTS
    assert hercules.phase == Phase.PHASE_3
    assert hercules.ms_secondary_progressive
    assert [t.generic_name for t in hercules.treatments.all()] == ["tolebrutinib"]
    assert (hercules.nct_id, hercules.start_year, hercules.end_year) == (
        "NCT04411641",
        2020,
        2024,
    )
    assert "2024" in hercules.results
    assert not hercules.funded_by_us

    care = project("care-ms-ii")
    assert care.status == Status.RESULTS
    assert (care.nct_id, care.phase) == ("NCT00548405", Phase.PHASE_3)
    assert "The Lancet in 2012" in care.results

    tolebrutinib = Treatment.objects.get(generic_name="tolebrutinib")
    assert tolebrutinib.treatment_class == "BTK inhibitor"
    assert tolebrutinib.brand_names == ""

    leads = {
        slug: [
            (credit.researcher.name, credit.researcher.institution)
            for credit in project(slug).researchers.all()
        ]
        for slug in ["deliver-ms", "hercules", "care-ms-ii"]
    }
    assert leads == {
        "deliver-ms": [
            ("Dr Daniel Ontaneda", "Cleveland Clinic, USA"),
            ("Professor Nikos Evangelou", "University of Nottingham"),
        ],
        "hercules": [("Professor Robert J. Fox", "Cleveland Clinic, USA")],
        "care-ms-ii": [("Professor Alasdair Coles", "University of Cambridge")],
    }
    for page in (deliver, hercules, care):
        # Nobody has compared these pages with the registries: no date claims it.
        assert page.registry_checked_on is None
        assert [link["url"] for link in page.registry_links()] == [
            f"https://clinicaltrials.gov/study/{page.nct_id}"
        ]


def test_made_up_details_are_labelled_as_demo_content(client, demo_content):
    deliver = client.get("/research/deliver-ms/").content.decode()
    assert "<strong>Demo content:</strong>" in deliver
    assert "the amount it gives are illustrative" in deliver
    assert "£1.2 million to date" in deliver

    fictional = project("pacing-for-fatigue")
    assert "This study is fictional" in fictional.illustrative_note
    assert fictional.researchers.get().researcher.institution.endswith("(fictional)")
    # No invented registry number: it could be a real trial's.
    assert fictional.registry_links() == []
    # Addresses and numbers kept for examples and drama, so nobody is called.
    assert fictional.contact_email.endswith("@example.org")
    assert fictional.contact_phone.startswith("0115 496 0")

    # The real trials' facts are all public: nothing to label.
    for slug in ("hercules", "care-ms-ii"):
        assert "Demo content" not in client.get(f"/research/{slug}/").content.decode()


def test_a_demo_study_is_recruiting_with_who_can_join_and_contacts(
    client, demo_content
):
    recruiting = ResearchProjectPage.objects.live().filter(status=Status.RECRUITING)
    assert [page.slug for page in recruiting] == ["pacing-for-fatigue"]
    html = client.get("/research/pacing-for-fatigue/").content.decode()

    assert '<h2 id="take-part-heading">How to take part</h2>' in html
    assert "have fatigue that gets in the way of daily life" in html
    assert '<a href="tel:01154960123">0115 496 0123</a>' in html
    assert 'href="mailto:pacing-study@example.org"' in html
    assert "Contact the study team at the Demo University MS Centre:" in html
    assert "£180,000 to date" in html
    home = client.get("/").content.decode()
    assert 'href="/research/?status=recruiting">Studies recruiting now (1)</a>' in (
        home
    )


def test_demo_projects_link_the_articles_the_demo_provides(demo_content):
    links = {
        slug: [link.article.slug for link in project(slug).related_article_links.all()]
        for slug in DEMO_PROJECTS
    }
    immune = "immune-system-and-ms"  # names all three trials
    assert links == {
        "deliver-ms": [
            "early-intensive-treatment",
            "disease-modifying-therapies",
            immune,
            "diagnosis",
        ],
        "hercules": [
            "btk-inhibitors",
            "disease-modifying-therapies",
            immune,
            "types-of-ms",
        ],
        "care-ms-ii": ["early-intensive-treatment", immune],
        "pacing-for-fatigue": ["fatigue"],
    }


def test_every_project_a_demo_article_names_is_linked_to_it(demo_content):
    for article in ArticlePage.objects.all():
        assert projects_named_in(article) == [], article.slug


def test_demo_projects_skip_missing_articles_and_link_them_on_a_later_run(demo_content):
    hercules_articles = [
        "btk-inhibitors",
        "disease-modifying-therapies",
        "immune-system-and-ms",
        "types-of-ms",
    ]
    for slug in hercules_articles:
        ArticlePage.objects.get(slug=slug).delete()
    assert not project("hercules").related_article_links.exists()

    call_command("load_demo_content")  # the pages demo recreates them

    assert project("hercules").related_article_links.count() == 4


def test_demo_research_can_run_twice_without_changes(demo_content):
    revisions = Revision.objects.count()

    call_command("load_demo_content")

    assert Revision.objects.count() == revisions
    assert ResearchProjectPage.objects.count() == len(DEMO_PROJECTS)
    assert Treatment.objects.count() == len(TREATMENTS)


def test_demo_research_keeps_editors_changes_unless_refreshed(demo_content):
    hercules = project("hercules")
    hercules.summary = "An editor's summary."
    hercules.save_revision().publish()

    call_command("load_demo_content")
    assert project("hercules").summary == "An editor's summary."

    call_command("load_demo_content", "--refresh")
    assert project("hercules").summary.startswith("A trial of tolebrutinib")


def test_demo_treatments_carry_the_brand_names_people_search_for(demo_content):
    Treatment.objects.filter(generic_name="ocrelizumab").update(brand_names="Old")

    call_command("load_demo_content", refresh=True)

    brands = dict(Treatment.objects.values_list("generic_name", "brand_names"))
    assert brands["ocrelizumab"] == "Ocrevus"
    assert brands["siponimod"] == "Mayzent"
    assert brands["alemtuzumab"] == "Lemtrada"
    assert brands["ofatumumab"] == "Kesimpta"
    care = project("care-ms-ii")
    assert [t.generic_name for t in care.treatments.all()] == ["alemtuzumab"]
