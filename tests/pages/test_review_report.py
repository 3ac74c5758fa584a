"""Keeping content current: review report, exports and e-mails (the dashboard
panel: test_review_dashboard)."""

import datetime
import io
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from pages.models import PageFeedback
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db

REPORT = reverse("review_due_report")


def days(n: int) -> datetime.date:
    # Read when the test runs, so that --clock (make test-calendar) applies.
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user(
        "owner", "owner@example.org", "password", first_name="Olu", last_name="Ade"
    )


@pytest.fixture
def articles(hub, owner, superuser):
    treatments = TopicIndexPageFactory(parent=hub.get_parent(), title="Treatments")
    made = {
        "overdue": ArticlePageFactory(
            parent=hub, title="Overdue", next_review_due=days(-3), owner=owner
        ),
        "soon": ArticlePageFactory(
            parent=treatments, title="Due soon", next_review_due=days(20), owner=owner
        ),
        "later": ArticlePageFactory(
            parent=hub, title="Up to date", next_review_due=days(90), owner=owner
        ),
        "formula": ArticlePageFactory(
            parent=treatments,
            title="=cmd|'/c calc'!A0",
            next_review_due=days(-40),
            owner=superuser,
        ),
    }
    return made


def titles(response) -> list[str]:
    return [page.title for page in response.context["object_list"]]


def test_report_lists_overdue_and_due_soon_articles(admin_client, articles):
    response = admin_client.get(REPORT)

    assert response.status_code == 200
    assert titles(response) == ["=cmd|'/c calc'!A0", "Overdue", "Due soon"]
    html = response.content.decode()
    assert f"{days(-3):%d/%m/%Y} (overdue)" in html
    assert "About MS" in html and "Treatments" in html
    assert "Olu Ade" in html


def test_report_filters_by_hub_and_owner(admin_client, articles, hub, owner):
    assert titles(admin_client.get(REPORT, {"hub": hub.pk})) == ["Overdue"]
    assert titles(admin_client.get(REPORT, {"owner": owner.pk})) == [
        "Overdue",
        "Due soon",
    ]
    # A hand-edited filter value is ignored, not an error.
    assert admin_client.get(REPORT, {"hub": "abc"}).status_code == 200


def test_report_sorts_by_column(admin_client, articles):
    response = admin_client.get(REPORT, {"ordering": "-next_review_due"})
    assert titles(response) == ["Due soon", "Overdue", "=cmd|'/c calc'!A0"]
    response = admin_client.get(REPORT, {"ordering": "title"})
    assert titles(response) == ["=cmd|'/c calc'!A0", "Due soon", "Overdue"]
    assert admin_client.get(REPORT, {"ordering": "password"}).status_code == 200


def test_report_links_to_each_pages_feedback(admin_client, articles):
    page = articles["overdue"]
    PageFeedback.objects.create(page=page, helpful=True)
    PageFeedback.objects.create(page=page, helpful=False)

    html = admin_client.get(REPORT).content.decode()

    link = reverse("page_feedback_report") + f"?page={page.pk}"
    assert f'<a href="{link}">1 of 2 found it helpful</a>' in html


def test_csv_export_uses_uk_time_and_escapes_formulae(admin_client, articles):
    page = articles["overdue"]
    page.last_published_at = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)
    page.save()

    response = admin_client.get(REPORT, {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    lines = content.splitlines()
    assert lines[0].startswith("Article,Address,Section,Content owner")
    assert "01/07/2026 10:30" in content  # 09:30 UTC is 10:30 in London in July
    assert f"{days(-3):%d/%m/%Y}" in content
    assert "\"'=cmd|'/c calc'!A0\"" in content or "'=cmd|'/c calc'!A0" in content
    assert not any(line.startswith("=") for line in lines)


def test_xlsx_export_has_local_times_and_escaped_text(admin_client, articles):
    page = articles["overdue"]
    page.last_published_at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    page.save()

    response = admin_client.get(REPORT, {"export": "xlsx"})

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    rows = list(sheet.values)
    assert rows[0][0] == "Article"
    by_title = {row[0]: row for row in rows[1:]}
    assert "'=cmd|'/c calc'!A0" in by_title
    published = by_title["Overdue"][-1]
    assert published == datetime.datetime(2026, 1, 5, 9, 0)  # GMT in January


def test_reminder_command_emails_each_owner_their_overdue_live_articles(
    articles, owner, superuser, hub
):
    ArticlePageFactory(
        parent=hub,
        title="Draft overdue",
        next_review_due=days(-9),
        live=False,
        owner=owner,
    )
    ArticlePageFactory(parent=hub, title="Nobody's", next_review_due=days(-9))
    errors = StringIO()

    call_command("send_review_reminders", stdout=StringIO(), stderr=errors)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor@example.org",
        "owner@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["owner@example.org"])
    assert message.subject == "1 article overdue for review"
    assert "Overdue" in message.body and "Due soon" not in message.body
    assert "Draft overdue" not in message.body
    edit = reverse("wagtailadmin_pages:edit", args=[articles["overdue"].pk])
    assert f"http://testserver{edit}" in message.body
    assert "Nobody's" in errors.getvalue()


def test_report_says_urgent_for_pages_marked_for_urgent_review(admin_client, articles):
    page = articles["soon"]
    page.urgent_review_since = page.next_review_due = days(0)
    page.save()

    html = admin_client.get(REPORT).content.decode()

    assert f"{days(0):%d/%m/%Y} (urgent)" in html
    assert re.search(r">\s*Urgent\s*<", html)
    listing = admin_client.get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )
    assert listing.status_code == 200
