from django.core.management import call_command

from wagtail.models import Revision

import pytest

from pages.models import ArticlePage
from research.article_links import projects_named_in
from research.choices import Phase, Status
from research.demo import TREATMENTS
from research.models import ResearchProjectPage, Treatment
from research.registries import REGISTRIES

pytestmark = pytest.mark.django_db


def project(slug: str) -> ResearchProjectPage:
    return ResearchProjectPage.objects.get(slug=slug)


def test_demo_content_adds_the_three_projects_under_the_hub(client, demo_content):
    for slug in ["deliver-ms", "hercules", "care-ms-ii"]:
        page = project(slug)
        assert page.live
        assert page.url == f"/research/{slug}/"
        assert client.get(page.url).status_code == 200
    html = client.get("/research/").content.decode()
    assert "3 projects" in html


def test_demo_projects_state_only_the_seed_facts(demo_content):
    deliver = project("deliver-ms")
    assert deliver.short_name == "DELIVER-MS"
    assert deliver.ms_relapsing and not deliver.ms_all_types
    assert deliver.funded_by_us
    assert "MRI scans" in deliver.our_funding_pays_for
    assert deliver.our_funding == ""  # the seed gives no amount

    hercules = project("hercules")
    assert hercules.status == Status.RESULTS
    assert hercules.phase == Phase.PHASE_3
    assert hercules.ms_secondary_progressive
    assert [t.generic_name for t in hercules.treatments.all()] == ["tolebrutinib"]
    assert "2024" in hercules.results
    assert not hercules.funded_by_us

    care = project("care-ms-ii")
    assert care.status == Status.RESULTS
    assert "2016" in care.results
    assert care.phase == ""

    tolebrutinib = Treatment.objects.get(generic_name="tolebrutinib")
    assert tolebrutinib.treatment_class == "BTK inhibitor"
    assert tolebrutinib.brand_names == ""

    for page in (deliver, hercules, care):
        assert page.start_year is None and page.end_year is None
        assert page.registry_checked_on is None
        assert all(getattr(page, r.field) == "" for r in REGISTRIES), page
        assert not page.researchers.exists()
        assert page.trial_design == []


def test_demo_projects_link_the_articles_the_demo_provides(demo_content):
    links = {
        slug: [link.article.slug for link in project(slug).related_article_links.all()]
        for slug in ["deliver-ms", "hercules", "care-ms-ii"]
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
    assert ResearchProjectPage.objects.count() == 3
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
