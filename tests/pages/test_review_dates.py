"""Review dates keep what the editor types, or are refused with a reason."""

import datetime
import json
import re

from django.urls import reverse

import pytest
import time_machine

from pages.forms import UNREADABLE_REVIEW_DATE
from pages.models import ArticlePage
from tests.pages.conftest import article_form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        yield


def save_with_review_date(admin_client, article, typed: str, **extra):
    data = article_form_data(article, **extra)
    data["last_reviewed"] = typed
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    return admin_client.post(edit, data)


@pytest.mark.parametrize(
    "typed", ["2026-11-20", "20/11/2026", "20/11/26", "20 November 2026", "20.11.2026"]
)
def test_a_typed_review_date_is_kept_as_typed(admin_client, draft_article, typed):
    response = save_with_review_date(admin_client, draft_article, typed)

    assert response.status_code == 302
    saved = ArticlePage.objects.get(pk=draft_article.pk).get_latest_revision_as_object()
    assert saved.last_reviewed == datetime.date(2026, 11, 20)
    assert saved.last_reviewed != TODAY


def test_a_published_article_keeps_its_typed_review_date(
    admin_client, draft_article, complete_provenance
):
    complete_provenance.pop("last_reviewed")
    response = save_with_review_date(
        admin_client,
        draft_article,
        "2026-11-20",
        **complete_provenance,
        **{"action-publish": "publish"},
    )

    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=draft_article.pk)
    assert article.live and article.last_reviewed == datetime.date(2026, 11, 20)


@pytest.mark.parametrize("typed", ["next tuesday", "11/20/2026", "31/02/2026"])
def test_an_unreadable_review_date_is_refused_with_a_message(
    admin_client, draft_article, typed
):
    response = save_with_review_date(admin_client, draft_article, typed)

    assert response.status_code == 200
    assert UNREADABLE_REVIEW_DATE in response.content.decode()
    assert draft_article.revisions.count() == 0


def test_the_date_picker_leaves_typed_text_alone(admin_client, draft_article):
    edit = reverse("wagtailadmin_pages:edit", args=[draft_article.pk])

    html = admin_client.get(edit).content.decode()

    # The picker's default replaces text it cannot read with today's date.
    pickers = re.findall(r"initDateChooser\(\"id_(\w+)\", (.*?)\);", html)
    assert {name for name, _ in pickers} == {"last_reviewed", "next_review_due"}
    assert all(json.loads(config)["validateOnBlur"] is False for _, config in pickers)
