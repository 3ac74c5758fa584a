"""Visitors are told, calmly, when a page is past its review date."""

import datetime

import pytest
import time_machine

from pages.structured_data import REVIEW_NOTICE
from tests.pages.seo_site import build_site, nodes, of_type

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 10, 0)
NOTICE = "We are reviewing this page. It was last reviewed on"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def article(home_page):
    article = build_site(home_page)["live"]["article"]
    article.last_reviewed = datetime.date(2024, 1, 15)
    return article


def visit(client, article, due: datetime.date):
    article.next_review_due = due
    article.save()
    return client.get(article.url).content.decode()


def test_an_overdue_page_says_it_is_being_reviewed(client, article):
    html = visit(client, article, datetime.date(2026, 11, 20))

    assert f'{NOTICE} <time datetime="2024-01-15">15 January 2024</time>.' in html
    assert "Next review due" not in html
    assert "Under way now" in html
    [web_page] = of_type(nodes(html), "MedicalWebPage")
    assert web_page["creativeWorkStatus"] == "Under review"
    assert web_page["disclaimer"] == REVIEW_NOTICE
    assert web_page["lastReviewed"] == "2024-01-15"


def test_a_page_marked_for_urgent_review_says_so_the_same_day(client, article):
    # Marking a page for urgent review makes its review due today.
    html = visit(client, article, datetime.date(2026, 12, 1))

    assert NOTICE in html
    assert "creativeWorkStatus" in html


def test_a_page_marked_urgent_says_so_whatever_its_due_date(client, article):
    article.urgent_review_since = datetime.date(2026, 11, 30)
    html = visit(client, article, datetime.date(2027, 1, 10))

    assert NOTICE in html
    [web_page] = of_type(nodes(html), "MedicalWebPage")
    assert web_page["creativeWorkStatus"] == "Under review"
    assert article.review_status == "Urgent"


def test_a_page_reviewed_in_time_has_no_notice(client, article):
    html = visit(client, article, datetime.date(2026, 12, 2))

    assert NOTICE not in html
    assert "Next review due" in html
    assert "creativeWorkStatus" not in html
