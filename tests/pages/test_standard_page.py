import pytest

from pages.models import StandardPage
from tests.factories.pages import StandardPageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db


def test_standard_pages_live_under_home_or_each_other(home_page):
    page = StandardPageFactory(parent=home_page)

    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(page)
    assert not StandardPage.can_create_at(TopicIndexPageFactory(parent=home_page))


def test_standard_page_renders_its_body(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Privacy notice",
        body=[
            {"type": "heading", "value": {"text": "The short version", "level": "h2"}},
            {"type": "paragraph", "value": "<p>We set no cookies for visitors.</p>"},
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Privacy notice</h1>" in html
    assert '<h2 id="the-short-version">The short version</h2>' in html
    assert "We set no cookies for visitors." in html
