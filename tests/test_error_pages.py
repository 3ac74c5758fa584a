from django.template.loader import render_to_string

import pytest

from pages.models import NavigationSettings
from pages.views import page_not_found
from tests.utils import database_down

pytestmark = pytest.mark.django_db


def test_404_page_has_the_normal_navigation(client, home_page):
    settings_ = NavigationSettings.for_site(home_page.get_site())
    settings_.primary_navigation = [
        {"type": "link", "value": {"page": home_page.pk, "label": "Start here"}}
    ]
    settings_.save()

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Start here" in html
    assert 'href="#main-content"' in html


def test_404_page_renders_a_fallback_when_the_database_is_down(rf, home_page):
    request = rf.get("/no-such-page/")

    with database_down():
        response = page_not_found(request)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Go to the home page" in html


def test_404_stays_a_404_when_the_database_is_down(client, home_page):
    # Wagtail's redirect lookup runs on every 404; an outage must not make it a 500.
    # A forged donate link is answered 404 without the database.
    with database_down():
        response = client.get("/donations/go/not-a-signed-link/")

    assert response.status_code == 404


def test_pages_answer_503_with_a_static_page_when_the_database_is_down(
    client, home_page
):
    with database_down():
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert "temporarily unavailable" in response.content.decode()


def test_500_page_renders_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Sorry, something went wrong" in html
