"""Giving with the database down: the donate page and the hand-off to the
provider come from the copy the donate page keeps, never a 503.

These make every query fail (tests.utils.database_down); `make drill` stops a
real PostgreSQL and proves the same through the running site.
"""

from urllib.parse import parse_qs, urlsplit

from django.core.cache import cache

import pytest

from donations import fallback
from tests.utils import database_down

from .conftest import PROVIDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(client, donate_page, provider):
    """The donate page, served once while the database was up."""
    assert client.get(donate_page.url).status_code == 200
    return donate_page


def give(client, page, **params):
    return client.get(page.url + "give/", params)


def test_the_donate_page_is_served_from_its_copy(client, served):
    with database_down():
        response = client.get(served.url, {"ref": "junk", "utm_source": "tv"})

    html = response.content.decode()
    assert response.status_code == 200
    assert served.title in html
    assert 'action="/donate/give/"' in html
    assert "Give every month" in html
    assert "no-store" in response["Cache-Control"]
    assert "https://donate.example.org" in response["Content-Security-Policy"]


def test_the_hand_off_still_goes_to_the_provider(client, served):
    with database_down():
        response = give(client, served, frequency="monthly", amount="10")

    assert response.status_code == 302
    assert response["Location"].startswith(PROVIDER)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["amount"] == ["10"]
    assert query["frequency"] == ["monthly"]
    assert query["ref"]


def test_a_bad_amount_gets_the_page_with_the_error(client, served):
    with database_down():
        response = give(client, served, frequency="one-off", amount="other")

    assert response.status_code == 200
    assert "Enter the amount you would like to give." in response.content.decode()


def test_the_copy_outlives_the_cache_in_the_file(client, served):
    cache.clear()  # a Redis outage, or another server's cache

    with database_down():
        response = client.get(served.url)

    assert response.status_code == 200


def test_without_a_copy_the_site_says_it_is_down(client, donate_page):
    url = donate_page.url
    with database_down():
        response = client.get(url)

    assert response.status_code == 503


def test_other_pages_still_say_the_site_is_down(client, served, home_page):
    url = home_page.url
    with database_down():
        assert client.get(url).status_code == 503


def test_a_changed_page_is_copied_again(client, served):
    served.title = "Give to MS research"
    served.save_revision().publish()
    client.get(served.url)

    assert fallback.stored().title == "Give to MS research"


@pytest.fixture(autouse=True)
def _copy_file(settings, tmp_path):
    settings.DONATION_SPOOL_FILE = tmp_path / "var" / "clicks.jsonl"
    fallback._last_written.clear()
