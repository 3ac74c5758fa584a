from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, Page

import pytest

from research.models import ResearchIndexPage, ResearchProjectPage
from research.permissions import GROUP_NAME
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def research_editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="researcher", password="a long test password"
    )
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


def test_the_research_group_is_created_by_migration():
    group = Group.objects.get(name=GROUP_NAME)

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert {"add_treatment", "change_treatment", "change_researcher"} <= codenames
    collection_codenames = set(
        group.collection_permissions.values_list("permission__codename", flat=True)
    )
    assert {"add_customimage", "choose_image", "choose_document"} <= (
        collection_codenames
    )


def test_a_new_hub_gives_the_research_group_its_subtree(home_page):
    hub = ResearchIndexPageFactory(parent=home_page)

    granted = set(
        GroupPagePermission.objects.filter(
            group__name=GROUP_NAME, page=hub
        ).values_list("permission__codename", flat=True)
    )
    assert granted == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }


def test_the_demo_hub_gets_the_permissions_too(demo_content):
    hub = ResearchIndexPage.objects.get()
    assert GroupPagePermission.objects.filter(
        group__name=GROUP_NAME, page=hub, permission__codename="change_page"
    ).exists()


def test_the_group_is_recreated_if_it_was_deleted(home_page):
    Group.objects.filter(name=GROUP_NAME).delete()

    hub = ResearchIndexPageFactory(parent=home_page)

    group = Group.objects.get(name=GROUP_NAME)
    assert group.permissions.filter(codename="access_admin").exists()
    assert GroupPagePermission.objects.filter(group=group, page=hub).exists()


def test_research_editors_edit_research_but_not_articles(
    home_page, hub, research_editor
):
    project = ResearchProjectPageFactory(parent=hub)
    topic = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=topic)

    project_permissions = project.permissions_for_user(research_editor)
    assert project_permissions.can_edit()
    assert project_permissions.can_publish()
    assert hub.permissions_for_user(research_editor).can_add_subpage()
    assert not article.permissions_for_user(research_editor).can_edit()
    assert not topic.permissions_for_user(research_editor).can_add_subpage()
    assert (
        not Page.objects.get(pk=home_page.pk)
        .permissions_for_user(research_editor)
        .can_edit()
    )


def test_research_editors_reach_the_project_editor_but_not_articles(
    client, home_page, hub, research_editor
):
    project = ResearchProjectPageFactory(parent=hub)
    article = ArticlePageFactory(parent=TopicIndexPageFactory(parent=home_page))
    client.force_login(research_editor)

    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code == 200
    add_url = f"/admin/pages/add/research/researchprojectpage/{hub.pk}/"
    assert client.get(add_url).status_code == 200
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)
    assert client.get("/admin/snippets/research/treatment/").status_code == 200


def test_research_editors_cannot_create_projects_outside_the_hub(
    home_page, hub, research_editor
):
    assert not ResearchProjectPage.can_create_at(home_page)
    assert not home_page.permissions_for_user(research_editor).can_add_subpage()
