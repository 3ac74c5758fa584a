import json
import re

import pytest

from research.choices import Phase, Status, StudyType
from tests.factories.research import ResearchProjectPageFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD node on the page, parsed as a search engine would."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    )
    assert blocks, "no JSON-LD on the page"
    nodes = []
    for block in blocks:
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        nodes.extend(data["@graph"])
    return nodes


def node(nodes: list[dict], type_: str) -> dict:
    return next(n for n in nodes if n["@type"] == type_)


def test_a_trial_is_described_as_a_medical_trial(client, hub):
    project = ResearchProjectPageFactory(
        parent=hub,
        title="HERCULES: tolebrutinib in secondary progressive MS",
        short_name="HERCULES",
        summary="A trial of tolebrutinib.",
        status=Status.RESULTS,
        phase=Phase.PHASE_3,
        trial_design=["randomised", "placebo_controlled", "double_blind"],
        nct_id="NCT04411641",
        iras_id="1004567",
        treatments=[TreatmentFactory(generic_name="tolebrutinib")],
    )

    trial = node(json_ld(client.get(project.url).content.decode()), "MedicalTrial")

    assert trial["name"] == "HERCULES: tolebrutinib in secondary progressive MS"
    assert trial["alternateName"] == ["HERCULES"]
    assert trial["description"] == "A trial of tolebrutinib."
    assert trial["url"] == project.get_full_url()
    assert trial["status"] == "https://schema.org/ResultsAvailable"
    assert trial["phase"] == "Phase 3"
    assert trial["trialDesign"] == [
        "https://schema.org/RandomizedTrial",
        "https://schema.org/PlaceboControlledTrial",
        "https://schema.org/DoubleBlindedTrial",
    ]
    assert trial["healthCondition"]["@type"] == "MedicalCondition"
    assert trial["healthCondition"]["name"] == "Multiple sclerosis"
    assert trial["healthCondition"]["code"]["codeValue"] == "G35"
    assert trial["studySubject"] == [{"@type": "MedicalEntity", "name": "tolebrutinib"}]
    assert trial["identifier"] == [
        {
            "@type": "PropertyValue",
            "propertyID": "ClinicalTrials.gov number",
            "value": "NCT04411641",
            "url": "https://clinicaltrials.gov/study/NCT04411641",
        },
        {"@type": "PropertyValue", "propertyID": "IRAS ID", "value": "1004567"},
    ]


@pytest.mark.parametrize(
    ("study_type", "schema_type"),
    [
        (StudyType.OBSERVATIONAL, "MedicalObservationalStudy"),
        (StudyType.LABORATORY, "MedicalStudy"),
        (StudyType.OTHER, "MedicalStudy"),
    ],
)
def test_other_research_is_a_medical_study_without_trial_fields(
    client, hub, study_type, schema_type
):
    project = ResearchProjectPageFactory(
        parent=hub, study_type=study_type, status=Status.RECRUITING, phase="3"
    )

    study = node(json_ld(client.get(project.url).content.decode()), schema_type)

    assert study["status"] == "https://schema.org/Recruiting"
    assert study["healthCondition"]["name"] == "Multiple sclerosis"
    assert "phase" not in study
    assert "trialDesign" not in study


def test_unknown_trial_details_are_left_out(client, hub):
    project = ResearchProjectPageFactory(parent=hub, status=Status.PLANNED)

    trial = node(json_ld(client.get(project.url).content.decode()), "MedicalTrial")

    assert trial["status"] == "https://schema.org/NotYetRecruiting"
    for key in ("phase", "trialDesign", "alternateName", "identifier"):
        assert key not in trial


def test_project_and_hub_pages_carry_a_breadcrumb_list(client, home_page, hub):
    project = ResearchProjectPageFactory(parent=hub, title="DELIVER-MS")

    for url, names in [
        (project.url, ["Home", "Research", "DELIVER-MS"]),
        (hub.url, ["Home", "Research"]),
    ]:
        crumbs = node(json_ld(client.get(url).content.decode()), "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert [item["name"] for item in items] == names
        assert [item["position"] for item in items] == list(range(1, len(names) + 1))
        assert items[-1]["item"].endswith(url)
        assert items[-1]["item"].startswith("http")
        assert all(item["@type"] == "ListItem" for item in items)


def test_json_ld_cannot_break_out_of_its_script_element(client, hub):
    project = ResearchProjectPageFactory(
        parent=hub, title="</script><script>alert(1)</script>", summary="a & b <!--"
    )

    html = client.get(project.url).content.decode()

    assert "<script>alert(1)" not in html
    trial = node(json_ld(html), "MedicalTrial")
    assert trial["name"] == "</script><script>alert(1)</script>"
    assert trial["description"] == "a & b <!--"
