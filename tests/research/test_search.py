from wagtail import hooks
from wagtail.models import Page

import pytest

from research.choices import Status
from research.models import ResearchProjectPage
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import ResearchProjectPageFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def research_with_competition(home_page, hub):
    """HERCULES among an article and projects that mention the same words."""
    tolebrutinib = TreatmentFactory(
        generic_name="tolebrutinib", treatment_class="BTK inhibitor"
    )
    hercules = ResearchProjectPageFactory(
        parent=hub,
        title="HERCULES: tolebrutinib for non-relapsing secondary progressive MS",
        short_name="HERCULES",
        summary="A trial in people with secondary progressive MS.",
        status=Status.RESULTS,
        results="<p>The drug slowed disability progression.</p>",
        treatments=[tolebrutinib],
    )
    ResearchProjectPageFactory(
        parent=hub,
        title="DELIVER-MS: is early intensive treatment best?",
        short_name="DELIVER-MS",
        why_it_matters="<p>Unlike the HERCULES trial, this one is in relapsing MS.</p>",
    )
    topic = TopicIndexPageFactory(parent=home_page, title="Treatments")
    ArticlePageFactory(
        parent=topic,
        title="BTK inhibitors",
        summary="Tolebrutinib and other BTK inhibitors, and the HERCULES trial.",
        body=[
            {
                "type": "paragraph",
                "value": "<p>Tolebrutinib is a BTK inhibitor. In the HERCULES "
                "trial tolebrutinib slowed progression. Tolebrutinib reaches the "
                "brain; HERCULES is one of several tolebrutinib trials.</p>",
            }
        ],
    )
    return hercules


@pytest.mark.parametrize("query", ["tolebrutinib", "HERCULES", "hercules"])
def test_searching_the_site_finds_hercules_first(research_with_competition, query):
    results = list(Page.objects.live().search(query))

    assert len(results) >= 2
    assert results[0].specific == research_with_competition


def test_project_search_indexes_short_name_summary_treatments_and_results(
    research_with_competition,
):
    projects = ResearchProjectPage.objects.live()

    for query in ["HERCULES", "secondary progressive", "tolebrutinib", "slowed"]:
        assert research_with_competition in list(projects.search(query)), query


def test_brand_names_find_the_projects_studying_a_treatment(hub):
    treatment = TreatmentFactory(generic_name="examplumab")
    project = ResearchProjectPageFactory(parent=hub, treatments=[treatment])
    assert project not in list(ResearchProjectPage.objects.search("Brandora"))

    # Editing the treatment refreshes the index of the projects that study it.
    treatment.brand_names = "Brandora, Exemplix"
    treatment.save()

    assert list(ResearchProjectPage.objects.search("Brandora")) == [project]
    assert list(ResearchProjectPage.objects.search("Exemplix")) == [project]


def test_search_synonyms_hook_gives_brand_names_of_treatments():
    TreatmentFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    TreatmentFactory(generic_name="alemtuzumab", brand_names="Lemtrada, Campath")
    TreatmentFactory(generic_name="tolebrutinib", brand_names="")

    synonyms = [pair for hook in hooks.get_hooks("search_synonyms") for pair in hook()]

    assert ("ocrelizumab", ["Ocrevus"]) in synonyms
    assert ("alemtuzumab", ["Lemtrada", "Campath"]) in synonyms
    assert not any(term == "tolebrutinib" for term, _ in synonyms)


def test_search_results_can_show_a_project_status(research_with_competition):
    result = Page.objects.live().search("HERCULES")[0].specific

    assert result.get_status_display() == "Results published"
