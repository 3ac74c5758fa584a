"""The dashboard's "Articles due for review": for everyone who can sign them off."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

import pytest

from pages.reports import NO_OWNER, articles_to_review
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtailadmin_home")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def user_in(group: str, username: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "password", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def owner(db):
    return user_in("Editors", "olu")


@pytest.fixture
def articles(hub, owner):
    return {
        "soon": ArticlePageFactory(
            parent=hub, title="Due soon", next_review_due=days(20), owner=owner
        ),
        "overdue": ArticlePageFactory(
            parent=hub, title="Overdue", next_review_due=days(-3), owner=None
        ),
        "urgent": ArticlePageFactory(
            parent=hub,
            title="Urgent",
            next_review_due=days(0),
            urgent_review_since=days(0),
            owner=owner,
        ),
        "later": ArticlePageFactory(
            parent=hub, title="Up to date", next_review_due=days(90), owner=owner
        ),
    }


def panel_rows(client, user) -> list[list[str]]:
    """The panel's table, row by row, as the signed-in user sees it."""
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    panel = html[html.index('id="review-due-section"') :]
    body = re.search(r"<tbody>(.*?)</tbody>", panel, re.S)
    if body is None:
        return []
    return [
        [strip_tags(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body[1], re.S)
    ]


def test_a_clinical_reviewer_who_owns_nothing_sees_every_article_due(client, articles):
    clinician = user_in("Clinical reviewers", "asha")

    rows = panel_rows(client, clinician)

    assert [row[0] for row in rows] == ["Urgent", "Overdue", "Due soon"]
    assert [row[1] for row in rows] == ["Urgent", "Overdue", "Due soon"]
    assert rows[0][2] == f"{days(0):%d/%m/%Y} (urgent)"
    assert rows[1][2] == f"{days(-3):%d/%m/%Y} (overdue)"
    assert rows[1][3] == NO_OWNER
    assert rows[0][3] == "Olu"


def panel_links(client, user) -> dict[str, str]:
    client.force_login(user)
    html = client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="review-due-section"') :]
    return {
        title: href
        for href, title in re.findall(r'<td><a href="([^"]+)">([^<]+)</a>', panel)
    }


def test_each_article_opens_where_the_user_can_act_on_it(client, articles, owner):
    clinician = user_in("Clinical reviewers", "asha")
    urgent = articles["urgent"]
    urgent.save_revision(user=owner)
    urgent.get_workflow().start(urgent, owner)  # awaiting the clinician

    links = panel_links(client, clinician)

    # The editor for the article awaiting them; the others on the site.
    assert links["Urgent"] == reverse("wagtailadmin_pages:edit", args=[urgent.pk])
    assert links["Overdue"] == articles["overdue"].url
    assert panel_links(client, owner)["Due soon"] == reverse(
        "wagtailadmin_pages:edit", args=[articles["soon"].pk]
    )


def test_moderators_who_can_publish_see_them_too(client, articles):
    moderator = user_in("Moderators", "mo")

    assert [row[0] for row in panel_rows(client, moderator)] == [
        "Urgent",
        "Overdue",
        "Due soon",
    ]


def test_an_editor_without_the_right_to_sign_off_does_not_see_them(client, articles):
    writer = user_in("Editors", "wendy")

    assert panel_rows(client, writer) == []
    html = client.get(DASHBOARD).content.decode()
    assert "No article you can sign off or look after is due" in html


def test_owners_still_see_their_own(client, articles, owner):
    assert [row[0] for row in panel_rows(client, owner)] == ["Urgent", "Due soon"]


def test_a_section_under_another_workflow_is_left_to_its_approvers(
    client, home_page, articles
):
    from wagtail.models import Workflow, WorkflowPage

    other = TopicIndexPageFactory(parent=home_page, title="News")
    WorkflowPage.objects.filter(page=other).update(
        workflow=Workflow.objects.create(name="News sign-off")
    )
    ArticlePageFactory(parent=other, title="News item", next_review_due=days(-1))
    clinician = user_in("Clinical reviewers", "asha")

    assert "News item" not in [row[0] for row in panel_rows(client, clinician)]
    superuser = get_user_model().objects.create_superuser("root", "", "password")
    assert "News item" in [row[0] for row in panel_rows(client, superuser)]


def test_the_panel_costs_the_same_queries_however_many_are_due(
    client, hub, django_assert_num_queries, django_assert_max_num_queries
):
    clinician = user_in("Clinical reviewers", "asha")
    client.force_login(clinician)
    for n in range(3):
        ArticlePageFactory(parent=hub, title=f"A{n}", next_review_due=days(-n))
    client.get(DASHBOARD)  # per-process caches

    with django_assert_max_num_queries(60) as few:
        client.get(DASHBOARD)
    for n in range(30):
        ArticlePageFactory(
            parent=hub,
            title=f"B{n}",
            next_review_due=days(n % 20),
            owner=get_user_model().objects.create_user(f"owner{n}"),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(DASHBOARD)


def test_the_review_report_says_no_owner(admin_client, articles):
    html = admin_client.get(reverse("review_due_report")).content.decode()

    assert NO_OWNER in html
    assert "Urgent" in html


def test_urgent_comes_first_in_the_query_too(articles):
    superuser = get_user_model().objects.create_superuser("root", "", "password")

    assert [page.title for page in articles_to_review(superuser)] == [
        "Urgent",
        "Overdue",
        "Due soon",
    ]
