import re

import pytest

from pages.models import ArticlePage, TopicIndexPage
from tests.factories.pages import (
    ArticlePageFactory,
    CustomImageFactory,
    TopicIndexPageFactory,
)

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


def sub_topic(heading: str, *articles) -> dict:
    return {
        "type": "sub_topic",
        "value": {
            "heading": heading,
            "intro": f"All about {heading.lower()}.",
            "articles": [article.pk for article in articles],
        },
    }


def test_a_hub_guides_readers_from_start_here_through_its_sub_topics(client, home_page):
    hub = TopicIndexPageFactory(parent=home_page, title="About MS")
    start = ArticlePageFactory(parent=hub, title="The immune system and MS")
    fatigue = ArticlePageFactory(parent=hub, title="Fatigue")
    pain = ArticlePageFactory(parent=hub, title="Pain")
    vitamin = ArticlePageFactory(parent=hub, title="Vitamin D")
    ArticlePageFactory(parent=hub, title="Relapses")  # added later, in no group
    draft = ArticlePageFactory(parent=hub, title="Unfinished", live=False)
    hub.start_here = start
    hub.sub_topics = [
        sub_topic("Living with symptoms", pain, fatigue, draft, start),
        sub_topic("What we are learning", vitamin),
        sub_topic("Coming soon", draft),
    ]
    hub.save()

    html = client.get(hub.url).content.decode()

    order = [
        "Start here",
        "The immune system and MS",
        "Living with symptoms",
        "All about living with symptoms.",
        "Pain",
        "Fatigue",
        "What we are learning",
        "Vitamin D",
        "More about About MS",
        "Relapses",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert html.count(">The immune system and MS<") == 1  # start here, once
    assert "Unfinished" not in html
    assert "Coming soon" not in html  # a group with nothing to show


def test_without_a_guide_a_hub_lists_every_article(client, home_page):
    hub = TopicIndexPageFactory(parent=home_page)
    ArticlePageFactory(parent=hub, title="Fatigue")

    html = client.get(hub.url).content.decode()

    assert "Fatigue" in html
    assert "More about" not in html


def test_later_pages_list_only_the_articles_outside_the_guide(client, home_page):
    hub = TopicIndexPageFactory(parent=home_page, title="About MS")
    grouped = ArticlePageFactory(parent=hub, title="Grouped article")
    for number in range(TopicIndexPage.articles_per_page + 1):
        ArticlePageFactory(parent=hub, title=f"Other {number:03}")
    hub.sub_topics = [sub_topic("A group", grouped)]
    hub.save()

    first = client.get(hub.url).content.decode()
    second = client.get(hub.url, {"page": 2}).content.decode()

    assert "Grouped article" in first and "Other 000" in first
    assert "Grouped article" not in second and "A group" not in second
    assert "Other 012" in second


def test_hub_and_card_pictures_are_responsive_and_cards_lazy(client, home_page):
    picture = CustomImageFactory(file__width=1600, file__height=1200)
    hub = TopicIndexPageFactory(parent=home_page, hero_image=picture)
    ArticlePageFactory(parent=hub, listing_image=picture)

    html = client.get(hub.url).content.decode()

    hero = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert 'fetchpriority="high"' in hero and "srcset=" in hero
    card = re.search(r'<img[^>]*class="card__image"[^>]*>', html)[0]
    assert 'loading="lazy"' in card and " 800w" in card and "sizes=" in card
    assert re.search(r'width="\d+"', card) and re.search(r'height="\d+"', card)
    assert ".webp" in card
