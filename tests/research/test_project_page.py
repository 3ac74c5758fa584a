from django.core.exceptions import ValidationError

from wagtail.models import PageViewRestriction

import pytest

from pages.models import ArticlePage
from research.choices import Phase, Status
from research.models import (
    ProjectRelatedArticle,
    ProjectResearcher,
    ResearchIndexPage,
    ResearchProjectPage,
)
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import (
    ResearcherFactory,
    ResearchProjectPageFactory,
    ResearchThemeFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


def test_projects_live_only_under_the_research_hub(home_page, hub):
    topic = TopicIndexPageFactory(parent=home_page)

    assert ResearchProjectPage.can_create_at(hub)
    assert not ResearchProjectPage.can_create_at(home_page)
    assert not ResearchProjectPage.can_create_at(topic)
    assert {m._meta.label for m in ResearchIndexPage.allowed_subpage_models()} == {
        "research.ResearchProjectPage"
    }
    assert not ResearchIndexPage.can_create_at(home_page)  # only one hub


def test_project_page_renders_its_structured_details(client, hub):
    theme = ResearchThemeFactory(name="Stopping immune attacks", slug="immune")
    project = ResearchProjectPageFactory(
        parent=hub,
        title="HERCULES: tolebrutinib in secondary progressive MS",
        short_name="HERCULES",
        full_title="A phase 3 study of tolebrutinib",
        summary="A trial of tolebrutinib.",
        why_it_matters="<p>Few treatments exist for progressive MS.</p>",
        status=Status.RESULTS,
        phase=Phase.PHASE_3,
        trial_design=["randomised", "double_blind"],
        ms_secondary_progressive=True,
        theme=theme,
        start_year=2020,
        end_year=2024,
        funded_by_us=True,
        our_funding="£325,000 to date",
        our_funding_pays_for="the MRI scans",
        funders="NIHR",
        results="<p>It slowed disability progression.</p>",
        treatments=[
            TreatmentFactory(
                generic_name="tolebrutinib", treatment_class="BTK inhibitor"
            )
        ],
        registry_checked_on="2026-01-05",
    )

    response = client.get(project.url)

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "HERCULES: tolebrutinib in secondary progressive MS",
        "A phase 3 study of tolebrutinib",
        "A trial of tolebrutinib.",
        "Few treatments exist for progressive MS.",
        "Results published",
        "Phase 3",
        "Randomised, Double-blind",
        "Secondary progressive MS",
        "tolebrutinib (BTK inhibitor)",
        "2020 to 2024",
        "We are funding the MRI scans: £325,000 to date.",
        "Also funded by",
        "It slowed disability progression.",
        '<time datetime="2026-01-05">5 January 2026</time>',
    ]:
        assert text in html, text
    assert f'href="{hub.url}?theme=immune"' in html
    # The short name is not repeated above a title that starts with it.
    assert 'class="project__short-name"' not in html


def test_status_badge_is_on_the_page(client, hub):
    project = ResearchProjectPageFactory(parent=hub, status=Status.RECRUITING)

    html = client.get(project.url).content.decode()

    assert (
        '<p class="status-badge status-badge--recruiting">'
        '<span class="visually-hidden">Status: </span>Recruiting</p>'
    ) in html


def test_how_to_take_part_shows_only_while_recruiting(client, hub):
    project = ResearchProjectPageFactory(
        parent=hub,
        status=Status.RECRUITING,
        who_can_take_part="<p>Adults with relapsing MS.</p>",
        how_to_take_part="<p>E-mail the study team.</p>",
        take_part_url="https://example.org/register",
    )

    html = client.get(project.url).content.decode()
    assert "How to take part" in html
    assert "Adults with relapsing MS." in html
    assert 'href="https://example.org/register"' in html

    project.status = Status.ACTIVE
    project.save()
    assert "How to take part" not in client.get(project.url).content.decode()


def test_take_part_gives_the_study_contacts_as_links(client, hub):
    project = ResearchProjectPageFactory(
        parent=hub,
        status=Status.RECRUITING,
        who_can_take_part="<p>Adults with relapsing MS.</p>",
        contact_name="the study nurse",
        contact_email="study@example.org",
        contact_phone="0115 496 0555",
    )

    html = client.get(project.url).content.decode()

    assert "Contact the study nurse:" in html
    assert '<li>Call <a href="tel:01154960555">0115 496 0555</a></li>' in html
    assert 'href="mailto:study@example.org">study@example.org</a>' in html


def test_an_illustrative_note_labels_the_page_as_demo_content(client, hub):
    plain = ResearchProjectPageFactory(parent=hub, slug="plain")
    labelled = ResearchProjectPageFactory(
        parent=hub, slug="labelled", illustrative_note="The amount is illustrative."
    )

    assert "Demo content" not in client.get(plain.url).content.decode()
    html = client.get(labelled.url).content.decode()
    assert "<p><strong>Demo content:</strong> The amount is illustrative.</p>" in html
    assert html.index("Demo content") < html.index('class="project__layout"')


def test_read_more_lists_live_public_related_articles_in_order(client, home_page, hub):
    topic = TopicIndexPageFactory(parent=home_page)
    first = ArticlePageFactory(parent=topic, title="BTK inhibitors")
    second = ArticlePageFactory(parent=topic, title="About DMTs")
    draft = ArticlePageFactory(parent=topic, title="Draft article", live=False)
    private = ArticlePageFactory(parent=topic, title="Private article")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    project = ResearchProjectPageFactory(parent=hub)
    # As the editor's form saves them: in order, each with its position.
    project.related_article_links = [
        ProjectRelatedArticle(article=article, sort_order=position)
        for position, article in enumerate((first, draft, private, second))
    ]
    project.save()

    response = client.get(project.url)

    assert [a.title for a in response.context["related_articles"]] == [
        "BTK inhibitors",
        "About DMTs",
    ]
    html = response.content.decode()
    assert "Read more" in html
    assert "Draft article" not in html
    assert "Private article" not in html


def test_project_lists_other_projects_studying_the_same_treatment(client, hub):
    tolebrutinib = TreatmentFactory(generic_name="tolebrutinib")
    other_drug = TreatmentFactory(generic_name="ocrelizumab")
    project = ResearchProjectPageFactory(
        parent=hub, title="HERCULES", treatments=[tolebrutinib, other_drug]
    )
    sibling = ResearchProjectPageFactory(
        parent=hub, title="GEMINI", treatments=[tolebrutinib]
    )
    ResearchProjectPageFactory(parent=hub, title="Unrelated")
    ResearchProjectPageFactory(
        parent=hub, title="Draft sibling", treatments=[tolebrutinib], live=False
    )

    response = client.get(project.url)

    groups = response.context["projects_sharing_treatments"]
    assert [(g["treatment"], g["projects"]) for g in groups] == [
        (tolebrutinib, [sibling])
    ]
    html = response.content.decode()
    assert "Other research on tolebrutinib" in html
    assert "Draft sibling" not in html
    assert "Other research on ocrelizumab" not in html


def test_researchers_are_credited_with_role_and_institution(client, hub):
    researcher = ResearcherFactory(
        name="Professor Jane Smith", institution="University of Edinburgh"
    )
    project = ResearchProjectPageFactory(parent=hub)
    ProjectResearcher.objects.create(
        page=project, researcher=researcher, role="Chief investigator"
    )

    html = client.get(project.url).content.decode()

    assert "Professor Jane Smith, Chief investigator, University of Edinburgh" in html


def test_project_page_renders_in_a_handful_of_queries(
    client, hub, django_assert_max_num_queries
):
    def make_project(extra: int) -> ResearchProjectPage:
        treatment = TreatmentFactory()
        project = ResearchProjectPageFactory(
            parent=hub, theme=ResearchThemeFactory(), treatments=[treatment]
        )
        for _ in range(extra):
            ResearchProjectPageFactory(parent=hub, treatments=[treatment])
            ProjectResearcher.objects.create(
                page=project, researcher=ResearcherFactory()
            )
        return project

    small = make_project(1)
    client.get(small.url)  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(20) as captured:
        client.get(small.url)
    queries_for_small = len(captured)
    large = make_project(15)
    client.get(large.url)
    with django_assert_max_num_queries(queries_for_small):
        client.get(large.url)


def test_end_year_cannot_come_before_start_year(hub):
    project = ResearchProjectPageFactory(parent=hub, start_year=2024)
    project.end_year = 2020

    with pytest.raises(ValidationError) as error:
        project.full_clean()

    assert "end_year" in error.value.message_dict


def test_projects_show_the_default_donate_prompt_unless_opted_out():
    field = ResearchProjectPage._meta.get_field("show_default_call_to_action")

    assert field.default is True
    assert ResearchProjectPage().show_default_call_to_action


def test_admin_display_title_shows_status_and_phase(hub):
    project = ResearchProjectPageFactory(
        parent=hub, title="HERCULES", status=Status.RESULTS, phase=Phase.PHASE_3
    )

    assert project.get_admin_display_title() == "HERCULES (Results published, Phase 3)"


def test_deleting_an_article_removes_only_the_link(hub, home_page):
    topic = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=topic)
    project = ResearchProjectPageFactory(parent=hub)
    project.related_article_links = [ProjectRelatedArticle(article=article)]
    project.save()

    ArticlePage.objects.get(pk=article.pk).delete()

    assert ResearchProjectPage.objects.filter(pk=project.pk).exists()
    assert not ProjectRelatedArticle.objects.exists()
