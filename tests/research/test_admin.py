from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest

from research.choices import Phase, Status
from research.models import ResearchProjectPage
from tests.factories.research import (
    ResearcherFactory,
    ResearchProjectPageFactory,
    ResearchThemeFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def project_form(**overrides) -> dict:
    fields = {
        "title": "DELIVER-MS: is early intensive treatment best?",
        "slug": "deliver-ms",
        "short_name": "DELIVER-MS",
        "summary": "A trial in relapsing MS.",
        "status": Status.ACTIVE,
        "study_type": "clinical_trial",
        "phase": "",
        "why_it_matters": rich_text(""),
        "who_can_take_part": rich_text(""),
        "how_to_take_part": rich_text(""),
        "results": rich_text(""),
        "body": streamfield([]),
        "call_to_action": streamfield([]),
        "related_article_links": inline_formset([]),
        "researchers": inline_formset([]),
        "show_default_call_to_action": "on",
        "action-publish": "publish",
    }
    # Multiple-choice fields post a list under one name, which
    # nested_form_data would split into numbered keys.
    lists = {k: v for k, v in overrides.items() if isinstance(v, list)}
    fields.update({k: v for k, v in overrides.items() if k not in lists})
    return nested_form_data(fields) | lists


def add_url(hub) -> str:
    return f"/admin/pages/add/research/researchprojectpage/{hub.pk}/"


def form_errors(response) -> dict:
    form = response.context["form"]
    return {name: " ".join(errors) for name, errors in form.errors.items()}


def test_editing_a_project_has_clear_tabs(editor_client, hub):
    project = ResearchProjectPageFactory(parent=hub)

    response = editor_client.get(f"/admin/pages/{project.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    for slug in ["summary", "details", "people_and_funding", "results", "promote"]:
        assert f'id="tab-label-{slug}"' in html, slug
    for text in ["Plain-English title", "Trial registries", "How to take part"]:
        assert text in html


def test_an_editor_can_publish_a_project_with_everything_filled_in(editor_client, hub):
    theme = ResearchThemeFactory()
    treatment = TreatmentFactory()
    researcher = ResearcherFactory()

    response = editor_client.post(
        add_url(hub),
        project_form(
            phase=Phase.PHASE_2,
            trial_design=["randomised", "multi_centre"],
            ms_relapsing="on",
            theme=str(theme.pk),
            treatments=[str(treatment.pk)],
            start_year="2023",
            nct_id="nct 0441 1641",
            funded_by_us="on",
            our_funding="£325,000 to date",
            researchers=inline_formset(
                [{"researcher": str(researcher.pk), "role": "Chief investigator"}]
            ),
        ),
    )

    assert response.status_code == 302, form_errors(response)
    project = ResearchProjectPage.objects.get(slug="deliver-ms")
    assert project.live
    assert project.trial_design == ["randomised", "multi_centre"]
    assert project.nct_id == "NCT04411641"
    assert list(project.treatments.all()) == [treatment]
    assert project.researchers.get().role == "Chief investigator"


def test_registry_format_errors_are_shown_in_the_admin(editor_client, hub):
    response = editor_client.post(
        add_url(hub),
        project_form(nct_id="NCT123", eudract_number="2022-500024-30-00"),
    )

    assert response.status_code == 200
    errors = form_errors(response)
    assert "it should look like NCT01234567" in errors["nct_id"]
    assert "looks like the study's EU CT number" in errors["eudract_number"]
    assert not ResearchProjectPage.objects.exists()


def test_a_recruiting_study_needs_how_to_take_part_before_publishing(
    editor_client, hub
):
    response = editor_client.post(add_url(hub), project_form(status="recruiting"))

    errors = form_errors(response)
    assert "A recruiting study needs this" in errors["who_can_take_part"]
    assert "A recruiting study needs this" in errors["how_to_take_part"]
    assert not ResearchProjectPage.objects.exists()


def test_a_recruiting_draft_can_be_saved_unfinished(editor_client, hub):
    data = project_form(status="recruiting")
    del data["action-publish"]

    response = editor_client.post(add_url(hub), data)

    assert response.status_code == 302, form_errors(response)
    assert not ResearchProjectPage.objects.get().live


def test_funding_details_need_the_funded_by_us_box(editor_client, hub):
    response = editor_client.post(
        add_url(hub), project_form(our_funding="£325,000 to date")
    )

    assert "Tick this if we fund the research" in form_errors(response)["funded_by_us"]


def test_all_types_of_ms_cannot_be_ticked_with_specific_types(editor_client, hub):
    response = editor_client.post(
        add_url(hub), project_form(ms_all_types="on", ms_relapsing="on")
    )

    assert "not both" in form_errors(response)["ms_all_types"]


def test_unknown_trial_designs_are_refused(editor_client, hub):
    response = editor_client.post(add_url(hub), project_form(trial_design=["magic"]))

    assert "trial_design" in form_errors(response)


def test_project_listing_shows_status_and_phase(editor_client, hub):
    ResearchProjectPageFactory(
        parent=hub, title="HERCULES", status=Status.RESULTS, phase=Phase.PHASE_3
    )

    response = editor_client.get("/admin/research_projects/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Research status" in html
    assert "Results published" in html
    assert "Phase 3" in html


def test_explorer_under_the_hub_shows_status_and_phase(editor_client, hub):
    ResearchProjectPageFactory(
        parent=hub, title="HERCULES", status=Status.RESULTS, phase=Phase.PHASE_3
    )

    html = editor_client.get(f"/admin/pages/{hub.pk}/").content.decode()

    assert "HERCULES (Results published, Phase 3)" in html


@pytest.mark.parametrize("model", ["treatment", "researchtheme", "researcher"])
def test_research_snippets_are_listed(editor_client, model):
    TreatmentFactory(generic_name="tolebrutinib")
    ResearchThemeFactory(name="Repairing myelin")
    ResearcherFactory(name="Dr Ada Example")

    response = editor_client.get(f"/admin/snippets/research/{model}/")

    assert response.status_code == 200


def test_an_unsaved_project_can_be_previewed(editor_client, hub):
    treatment = TreatmentFactory(generic_name="tolebrutinib")
    ResearchProjectPageFactory(parent=hub, title="GEMINI", treatments=[treatment])
    preview_url = add_url(hub) + "preview/"

    response = editor_client.post(
        preview_url, project_form(treatments=[str(treatment.pk)])
    )
    assert response.json()["is_valid"]
    response = editor_client.get(preview_url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "DELIVER-MS: is early intensive treatment best?" in html
    assert "Other research on tolebrutinib" in html
    assert "GEMINI" in html


def test_a_treatment_cannot_be_added_twice_in_another_case(editor_client):
    TreatmentFactory(generic_name="tolebrutinib")

    response = editor_client.post(
        "/admin/snippets/research/treatment/add/",
        {"generic_name": "Tolebrutinib", "brand_names": "", "treatment_class": ""},
    )

    assert response.status_code == 200
    assert "There is already a treatment with this name." in response.content.decode()
