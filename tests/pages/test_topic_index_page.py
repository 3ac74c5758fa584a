import pytest

from pages.models import ArticlePage, TopicIndexPage
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db


def test_topic_hubs_live_under_the_home_page_and_hold_articles(home_page):
    topic = TopicIndexPageFactory(parent=home_page)

    assert TopicIndexPage.can_create_at(home_page)
    assert not TopicIndexPage.can_create_at(topic)
    assert ArticlePage.can_create_at(topic)
    assert not ArticlePage.can_create_at(home_page)


def test_hub_lists_its_live_articles(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page, title="About MS")
    ArticlePageFactory(parent=topic, title="Vitamin D and MS", summary="What we know.")
    ArticlePageFactory(parent=topic, title="Unfinished draft", live=False)

    html = client.get(topic.url).content.decode()

    assert "Vitamin D and MS" in html
    assert "What we know." in html
    assert "Unfinished draft" not in html


@pytest.mark.parametrize(
    ("requested", "shown"),
    [
        ("", 1),
        ("2", 2),
        ("abc", 1),
        ("0", 1),
        ("-4", 1),
        ("99", 3),
        ("1.5", 1),
        ("9" * 30, 3),
    ],
)
def test_hub_pagination_never_errors(client, home_page, requested, shown):
    topic = TopicIndexPageFactory(parent=home_page)
    for number in range(TopicIndexPage.articles_per_page * 2 + 1):
        ArticlePageFactory(parent=topic, title=f"Article {number:03}")

    response = client.get(topic.url, {"page": requested})

    assert response.status_code == 200
    assert response.context["articles"].number == shown
