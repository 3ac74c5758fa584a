"""Fragments: kept in the shared cache and in each process, fresh objects for
every request, and gone when the epoch changes or their time is up."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from pages.cache import store
from pages.cache.fragments import fragment
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory, reviewed


class Request:
    """Just what fragment() reads and keeps on a request."""

    path = "/menu/"


def built(values: list):
    def build():
        values.append("built")
        return {"items": [1, 2]}

    return build


def test_a_fragment_is_built_once_and_each_request_gets_its_own_copy():
    builds = []
    first = fragment(Request(), "menu", built(builds))
    first["items"].append(3)  # a request changing what it was given
    second = fragment(Request(), "menu", built(builds))
    assert builds == ["built"]
    assert second == {"items": [1, 2]}


def test_a_changed_epoch_builds_the_fragment_again():
    builds = []
    fragment(Request(), "menu", built(builds))
    store.clear_all()
    fragment(Request(), "menu", built(builds))
    assert builds == ["built", "built"]


def test_a_fragment_is_built_again_when_its_time_is_up(settings):
    builds = []
    with time_machine.travel(datetime.datetime(2026, 3, 3, 10, 0), tick=False) as clock:
        fragment(Request(), "menu", built(builds))
        clock.shift(settings.PAGE_CACHE_TIMEOUT + 1)
        fragment(Request(), "menu", built(builds))
    assert builds == ["built", "built"]


@pytest.mark.django_db
def test_pages_are_served_without_looking_the_site_up(client, home_page):
    hub = TopicIndexPageFactory(parent=home_page)
    article = reviewed(ArticlePageFactory(parent=hub))
    assert client.get(article.url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(hub.url).status_code == 200
    assert not [q for q in captured if '"wagtailcore_site"' in q["sql"]]


@pytest.mark.django_db
def test_a_changed_site_is_used_at_once(client, home_page):
    hub = TopicIndexPageFactory(parent=home_page)
    assert client.get(hub.url).status_code == 200
    site = home_page.get_site()
    site.site_name = "MS Society portal"
    site.save()
    assert b"MS Society portal" in client.get(hub.url).content
