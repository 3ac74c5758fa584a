"""Articles link the research projects they name, from the article's editor."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest

from pages.models import ArticlePage
from research.article_links import projects_named_in
from research.models import ProjectRelatedArticle, ResearchProjectPage
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import ResearchProjectPageFactory

pytestmark = pytest.mark.django_db


def project(hub, title, **fields) -> ResearchProjectPage:
    made = ResearchProjectPageFactory(parent=hub, title=title, **fields)
    made.save_revision().publish()
    return ResearchProjectPage.objects.get(pk=made.pk)


@pytest.fixture
def projects(hub):
    return {
        "hercules": project(
            hub,
            "HERCULES: tolebrutinib for non-relapsing secondary progressive MS",
            short_name="HERCULES",
            nct_id="NCT04411641",
        ),
        "deliver": project(
            hub,
            "DELIVER-MS: is early intensive treatment best?",
            short_name="DELIVER-MS",
        ),
        "octopus": project(hub, "A trial of metformin", isrctn_id="ISRCTN14048364"),
        "eu": project(
            hub,
            "An older EU trial",
            eudract_number="2015-003722-59",
            eu_ct_number="2023-501234-12-00",
        ),
        "uk": project(hub, "A UK-only study", iras_id="1004567"),
        "exercise": project(hub, "Exercise and fatigue in MS"),
    }


@pytest.fixture
def topic(home_page):
    return TopicIndexPageFactory(parent=home_page, title="Treatments")


def article(topic, text: str, **fields) -> ArticlePage:
    return ArticlePageFactory(
        parent=topic,
        title=fields.pop("title", "An article"),
        summary=fields.pop("summary", ""),
        body=[("paragraph", f"<p>{text}</p>")],
        **fields,
    )


def named(page) -> list[str]:
    return [found.project.title for found in projects_named_in(page)]


def test_names_acronyms_and_registry_numbers_are_found(topic, projects):
    page = article(
        topic,
        "In the HERCULES trial, tolebrutinib slowed progression. DELIVER‑MS and "
        "ISRCTN14048364 are recruiting; see also EudraCT 2015-003722-59.",
        key_points=[("point", "Ask about <b>exercise and fatigue in MS</b>.")],
    )

    assert named(page) == [
        "A trial of metformin",
        "An older EU trial",
        "DELIVER-MS: is early intensive treatment best?",
        "Exercise and fatigue in MS",
        "HERCULES: tolebrutinib for non-relapsing secondary progressive MS",
    ]
    found = {f.project.pk: f.named_as for f in projects_named_in(page)}
    assert found[projects["hercules"].pk] == ["HERCULES"]
    assert found[projects["deliver"].pk] == ["DELIVER‑MS"]


def test_the_title_summary_and_other_registries_count_too(topic, projects):
    page = article(
        topic,
        "Nothing here.",
        title="What NCT04411641 found",
        summary="Registered as IRAS ID 1004567, and in the EU as 2023-501234-12-00.",
    )

    assert named(page) == [
        "A UK-only study",
        "An older EU trial",
        "HERCULES: tolebrutinib for non-relapsing secondary progressive MS",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The HERCULESX study and HERCULES-2 are others.",
        "Hercules was a hero, and we deliver-most things.",
        "A trial numbered NCT044116412 or XNCT04411641 is someone else's.",
        "ISRCTN140483640 has one digit too many.",
        "2015-003722-591 and 2015-003722-59-00 are other numbers.",
        "1004567 alone could be anything.",
        "The DELIVER study.",
    ],
)
def test_parts_of_other_words_and_numbers_are_not_names(topic, projects, text):
    assert named(article(topic, text)) == []


def test_projects_already_linked_are_left_out(topic, projects):
    page = article(topic, "HERCULES and DELIVER-MS.")
    hercules = projects["hercules"]
    hercules.related_article_links = [ProjectRelatedArticle(article=page)]
    hercules.save_revision().publish()

    assert named(page) == ["DELIVER-MS: is early intensive treatment best?"]


def test_an_article_naming_nothing_costs_few_queries(
    topic, projects, django_assert_max_num_queries
):
    page = article(topic, "Fatigue is common.")

    with django_assert_max_num_queries(3):
        assert named(page) == []


# The panel on the article's edit screen


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def link_url(project_page, page) -> str:
    return reverse("research_link_article", args=[project_page.pk, page.pk])


def test_the_article_editor_lists_named_projects_with_a_link_button(
    admin_client, topic, projects
):
    page = article(topic, "The HERCULES trial.")

    html = admin_client.get(edit_url(page)).content.decode()

    assert "Research projects this article names" in html
    assert "HERCULES: tolebrutinib" in html
    assert "Named here as “HERCULES”" in html
    assert f'data-w-action-url-value="{link_url(projects["hercules"], page)}"' in html
    assert "DELIVER-MS" not in html


def test_the_panel_says_why_a_project_cannot_be_linked_here(
    admin_client, topic, projects
):
    deliver = projects["deliver"]
    deliver.summary = "A change not yet published."
    deliver.save_revision()
    page = article(topic, "DELIVER-MS.")

    html = admin_client.get(edit_url(page)).content.decode()

    assert "has changes that are not published yet" in html
    assert link_url(deliver, page) not in html


def test_a_new_article_is_told_to_save_first(admin_client, topic):
    url = reverse("wagtailadmin_pages:add", args=["pages", "articlepage", topic.pk])

    html = admin_client.get(url).content.decode()

    assert "Once the article is saved, research projects it names" in html


# Linking


def test_linking_publishes_the_project_with_the_link(admin_client, topic, projects):
    hercules = projects["hercules"]
    page = article(topic, "The HERCULES trial.")
    revisions = hercules.revisions.count()

    response = admin_client.post(link_url(hercules, page), follow=True)

    assert response.redirect_chain[-1][0] == edit_url(page)
    html = response.content.decode()
    assert "Linked and published: “HERCULES: tolebrutinib" in html
    hercules = ResearchProjectPage.objects.get(pk=hercules.pk)
    assert [link.article_id for link in hercules.related_article_links.all()] == [
        page.pk
    ]
    assert hercules.live and not hercules.has_unpublished_changes
    assert hercules.revisions.count() == revisions + 1
    assert hercules.live_revision.user.username == "admin"
    assert PageLogEntry.objects.filter(page=hercules, action="wagtail.publish").count()
    assert named(page) == []


def test_linking_keeps_the_projects_other_links_and_goes_back_to_next(
    admin_client, topic, projects
):
    hercules = projects["hercules"]
    first = article(topic, "Already linked.", title="First")
    hercules.related_article_links = [ProjectRelatedArticle(article=first)]
    hercules.save_revision().publish()
    page = article(topic, "HERCULES.")
    back = edit_url(page) + "?next=/admin/"

    response = admin_client.post(link_url(hercules, page), {"next": back})

    assert response["Location"] == back
    hercules = ResearchProjectPage.objects.get(pk=hercules.pk)
    assert [link.article_id for link in hercules.related_article_links.all()] == [
        first.pk,
        page.pk,
    ]
    away = admin_client.post(
        link_url(hercules, page), {"next": "https://evil.example/"}
    )
    assert away["Location"] == edit_url(page)


def test_linking_twice_changes_nothing_the_second_time(admin_client, topic, projects):
    hercules = projects["hercules"]
    page = article(topic, "HERCULES.")
    admin_client.post(link_url(hercules, page))
    revisions = hercules.revisions.count()

    response = admin_client.post(link_url(hercules, page), follow=True)

    assert "already links to this article" in response.content.decode()
    assert hercules.revisions.count() == revisions
    assert hercules.related_article_links.count() == 1


def test_a_project_with_a_draft_in_progress_is_left_alone(
    admin_client, topic, projects
):
    deliver = projects["deliver"]
    deliver.summary = "Someone's unfinished change."
    draft = deliver.save_revision()
    page = article(topic, "DELIVER-MS.")

    response = admin_client.post(link_url(deliver, page), follow=True)

    html = response.content.decode()
    assert "Not linked. “DELIVER-MS: is early intensive treatment best?” has " in html
    deliver = ResearchProjectPage.objects.get(pk=deliver.pk)
    assert deliver.latest_revision_id == draft.pk
    assert deliver.summary != "Someone's unfinished change."  # still unpublished
    assert deliver.related_article_links.count() == 0


def test_an_unpublished_project_is_not_linked_here(admin_client, topic, hub):
    draft = ResearchProjectPageFactory(
        parent=hub, title="A planned study", short_name="PLANNED", live=False
    )
    draft.save_revision()
    page = article(topic, "The PLANNED study.")

    response = admin_client.post(link_url(draft, page), follow=True)

    assert "is not published yet" in response.content.decode()
    assert not ResearchProjectPage.objects.get(
        pk=draft.pk
    ).related_article_links.exists()


def test_someone_who_cannot_publish_the_project_is_told_why(client, topic, projects):
    writer = get_user_model().objects.create_user("wendy", password="password")
    writer.groups.add(Group.objects.get(name="Editors"))
    client.force_login(writer)
    page = article(topic, "HERCULES.")

    html = client.get(edit_url(page)).content.decode()
    assert "but not publish it" in html
    response = client.post(link_url(projects["hercules"], page), follow=True)

    assert "Not linked. You can edit “HERCULES" in response.content.decode()
    assert not projects["hercules"].related_article_links.exists()


def test_someone_who_cannot_edit_the_article_is_refused(client, topic, projects):
    researcher = get_user_model().objects.create_user("rhea", password="password")
    researcher.groups.add(Group.objects.get(name="Research"))
    client.force_login(researcher)
    page = article(topic, "HERCULES.")

    response = client.post(link_url(projects["hercules"], page), follow=True)

    assert "you do not have permission" in response.content.decode()
    assert not projects["hercules"].related_article_links.exists()


def test_the_link_needs_a_post_with_its_csrf_token(admin_user, topic, projects):
    page = article(topic, "HERCULES.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = link_url(projects["hercules"], page)

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not projects["hercules"].related_article_links.exists()


def test_bad_ids_are_not_found(admin_client, topic, projects):
    page = article(topic, "HERCULES.")
    hercules = projects["hercules"]

    for url in [
        link_url(hercules, page).replace(str(page.pk), "999999"),
        reverse("research_link_article", args=[999999, page.pk]),
        reverse("research_link_article", args=[page.pk, page.pk]),
        reverse("research_link_article", args=[hercules.pk, hercules.pk]),
        f"/admin/research/projects/{hercules.pk}/link-article/x/",
        f"/admin/research/projects/²/link-article/{page.pk}/",
        f"/admin/research/projects/{'9' * 30}/link-article/{page.pk}/",
    ]:
        assert admin_client.post(url).status_code == 404, url
    assert not hercules.related_article_links.exists()
