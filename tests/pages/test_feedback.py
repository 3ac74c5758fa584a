import datetime
from urllib.parse import urlencode

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from pages.models import PageFeedback
from tests.factories.pages import ArticlePageFactory

pytestmark = pytest.mark.django_db

URL = "/feedback/"
FORM = "application/x-www-form-urlencoded"


class FormClient(Client):
    """Posts as the page's form and script do: form-encoded, never multipart."""

    def post(self, path, data=None, content_type=FORM, **extra):
        if isinstance(data, dict):
            data = urlencode(data, doseq=True)
        return super().post(path, data, content_type=content_type, **extra)


@pytest.fixture
def client():
    return FormClient()


@pytest.fixture
def article(hub):
    return ArticlePageFactory(parent=hub, title="Vitamin D and MS")


def test_article_carries_a_plain_feedback_form_without_token(client, article):
    response = client.get(article.url)

    html = response.content.decode()
    assert f'<form class="feedback__form" action="{URL}" method="post">' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_feedback_is_stored_without_personal_data(client, article):
    response = client.post(
        URL,
        {"page": article.pk, "helpful": "no", "comment": "Too long\x07 words."},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Firefox",
    )

    assert response.status_code == 200
    assert "Thank you for your feedback." in response.content.decode()
    assert f'href="{article.url}"' in response.content.decode()
    assert not response.cookies
    assert response["Cache-Control"].startswith("max-age=0")
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.helpful, feedback.comment) == (
        article.pk,
        False,
        "Too long words.",
    )
    stored = {f.name: getattr(feedback, f.attname) for f in PageFeedback._meta.fields}
    assert "203.0.113.9" not in str(stored) and "Firefox" not in str(stored)


def test_script_gets_a_json_answer(client, article):
    response = client.post(
        URL,
        {"page": article.pk, "helpful": "yes"},
        headers={"accept": "application/json"},
    )

    assert response.json() == {"message": "Thank you for your feedback."}


@pytest.mark.parametrize(
    "data",
    [
        {"helpful": "yes"},
        {"page": "abc", "helpful": "yes"},
        {"page": "999999", "helpful": "yes"},
        {"page": "{page}", "helpful": "maybe"},
        {"page": "{page}", "helpful": "yes", "comment": "x" * 1001},
    ],
)
def test_bad_input_gets_a_clear_400(client, article, data):
    data = {key: value.format(page=article.pk) for key, value in data.items()}

    response = client.post(URL, data)

    assert response.status_code == 400
    assert "we could not record that" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_only_live_articles_take_feedback(client, hub):
    draft = ArticlePageFactory(parent=hub, live=False)

    assert client.post(URL, {"page": draft.pk, "helpful": "yes"}).status_code == 400
    assert client.post(URL, {"page": hub.pk, "helpful": "yes"}).status_code == 400


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_robots_filling_the_hidden_field_are_thanked_but_ignored(client, article):
    response = client.post(
        URL, {"page": article.pk, "helpful": "yes", "website": "http://spam"}
    )

    assert response.status_code == 200
    assert not PageFeedback.objects.exists()


def test_visitors_are_rate_limited(client, article, settings):
    settings.FEEDBACK_RATE_LIMIT = (3, 3600)
    data = {"page": article.pk, "helpful": "yes"}

    codes = [
        client.post(URL, data, REMOTE_ADDR="198.51.100.1").status_code for _ in range(4)
    ]
    other_visitor = client.post(URL, data, REMOTE_ADDR="198.51.100.2")

    assert codes == [200, 200, 200, 429]
    assert other_visitor.status_code == 200
    assert PageFeedback.objects.count() == 4


@pytest.mark.parametrize("cache_state", ["redis_up", "redis_down"])
def test_rotating_user_agents_with_or_without_redis_gets_past_no_limit(
    cache_state, request, client, article
):
    request.getfixturevalue(cache_state)  # FEEDBACK_RATE_LIMIT: 10 an hour
    data = {"page": article.pk, "helpful": "yes"}

    codes = [
        client.post(
            URL, data, REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=f"Agent {n}"
        ).status_code
        for n in range(15)
    ]

    assert codes == [200] * 10 + [429] * 5
    assert PageFeedback.objects.count() == 10


def test_old_comments_are_deleted_and_answers_kept(article, settings):
    settings.FEEDBACK_COMMENT_RETENTION_MONTHS = 12
    old = PageFeedback.objects.create(page=article, helpful=False, comment="My MS...")
    recent = PageFeedback.objects.create(page=article, helpful=True, comment="Good")
    PageFeedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=370)
    )

    call_command("delete_old_feedback_comments")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.comment, old.helpful) == ("", False)
    assert recent.comment == "Good"


def test_feedback_report_lists_answers_per_page(admin_client, article, hub):
    other = ArticlePageFactory(parent=hub, title="Other")
    PageFeedback.objects.create(page=article, helpful=True, comment="=HYPERLINK()")
    PageFeedback.objects.create(page=article, helpful=False)
    PageFeedback.objects.create(page=other, helpful=False, comment="Other page")

    response = admin_client.get(reverse("page_feedback_report"), {"page": article.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1 of 2</strong>" in html
    assert "Other page" not in html

    csv = admin_client.get(
        reverse("page_feedback_report"), {"page": article.pk, "export": "csv"}
    )
    content = b"".join(csv.streaming_content).decode()
    assert "'=HYPERLINK()" in content
