"""No article is published without a reviewer, a review date and a source.

One test per route to publishing: the Publish button, workflow approval,
scheduled publishing and the demo command; plus the model-level guard.
"""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, Revision

import pytest

from pages import demo_articles
from pages.models import ArticlePage, ArticleSource
from pages.provenance import (
    MISSING_REVIEW_DATE,
    MISSING_REVIEWER,
    MISSING_SOURCE,
    ProvenanceError,
    add_months,
)
from tests.factories.pages import reviewed
from tests.pages.conftest import article_form_data

pytestmark = pytest.mark.django_db


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_publish_button_refuses_an_article_without_provenance(
    admin_client, draft_article
):
    data = article_form_data(draft_article, **{"action-publish": "publish"})

    response = admin_client.post(edit_url(draft_article), data)

    assert response.status_code == 200  # the form again, with errors
    html = response.content.decode()
    for message in (MISSING_REVIEWER, MISSING_REVIEW_DATE, MISSING_SOURCE):
        assert message in html
    assert not ArticlePage.objects.get(pk=draft_article.pk).live


def test_publish_button_publishes_a_complete_article(
    admin_client, draft_article, complete_provenance
):
    data = article_form_data(
        draft_article, **complete_provenance, **{"action-publish": "publish"}
    )

    response = admin_client.post(edit_url(draft_article), data)

    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=draft_article.pk)
    assert page.live
    assert page.sources.count() == 1
    # The hub's review period (three years by default) sets the next review.
    assert page.next_review_due == add_months(page.last_reviewed, 36)


def test_drafts_can_be_saved_without_provenance(admin_client, draft_article):
    response = admin_client.post(
        edit_url(draft_article), article_form_data(draft_article)
    )

    assert response.status_code == 302
    assert draft_article.revisions.count() == 1


def test_scheduling_through_the_publish_button_is_refused_too(
    admin_client, draft_article
):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    data = article_form_data(
        draft_article,
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "publish"},
    )

    response = admin_client.post(edit_url(draft_article), data)

    assert response.status_code == 200
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_next_review_cannot_be_more_than_three_years_after_the_last(
    admin_client, draft_article, complete_provenance
):
    data = article_form_data(
        draft_article,
        **complete_provenance,
        **{"action-publish": "publish"},
    )
    data["next_review_due"] = add_months(
        complete_provenance["last_reviewed"], 37
    ).isoformat()

    response = admin_client.post(edit_url(draft_article), data)

    assert response.status_code == 200
    assert "at least every three years" in response.content.decode()


def test_the_model_refuses_to_publish_without_provenance(draft_article):
    revision = draft_article.save_revision()

    with pytest.raises(ProvenanceError) as refused:
        revision.publish()

    assert set(refused.value.problems) == {"reviewer", "last_reviewed", "sources"}
    assert not ArticlePage.objects.get(pk=draft_article.pk).live


def test_publish_scheduled_skips_articles_without_provenance(hub, draft_article):
    from tests.factories.pages import ArticlePageFactory

    complete = reviewed(ArticlePageFactory(parent=hub, title="Complete", live=False))
    past = timezone.now() - datetime.timedelta(minutes=5)
    for page in (draft_article, complete):
        revision = page.save_revision()
        revision.approved_go_live_at = past
        revision.save()
    errors = StringIO()

    call_command("publish_scheduled", stdout=StringIO(), stderr=errors)

    assert not ArticlePage.objects.get(pk=draft_article.pk).live
    assert ArticlePage.objects.get(pk=complete.pk).live
    assert "Not published: 'Vitamin D and MS'" in errors.getvalue()
    assert MISSING_REVIEWER in errors.getvalue()
    refused = PageLogEntry.objects.get(
        page=draft_article, action="pages.schedule.refused"
    )
    assert MISSING_SOURCE in refused.data["reason"]
    # Taken off the schedule, so it is not retried every run.
    assert not draft_article.revisions.filter(approved_go_live_at__isnull=False)


def test_demo_command_refuses_an_article_without_a_source(monkeypatch):
    article = demo_articles.ARTICLES[1]
    monkeypatch.setattr(article, "sources", [])

    with pytest.raises(ProvenanceError):
        call_command("load_demo_content", stdout=StringIO())

    assert not ArticlePage.objects.filter(slug=article.slug).exists()


def test_demo_articles_all_carry_their_provenance(demo_content):
    articles = ArticlePage.objects.live()
    assert articles.count() == len(demo_articles.ARTICLES)
    for page in articles:
        assert page.reviewer and page.last_reviewed and page.next_review_due
        assert ArticleSource.objects.filter(page=page).exists()
