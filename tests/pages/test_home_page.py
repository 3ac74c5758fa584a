import re

from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest

from pages.models import HomePage, NavigationSettings
from tests.factories.pages import (
    ArticlePageFactory,
    CustomImageFactory,
    TopicIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_can_only_be_created_at_the_root():
    assert HomePage.can_create_at(Page.get_first_root_node())


def test_only_one_home_page_is_allowed(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_home_page_allows_the_site_sections_as_children():
    allowed = {model._meta.label for model in HomePage.allowed_subpage_models()}

    assert allowed == {
        "pages.TopicIndexPage",
        "pages.StandardPage",
        "pages.GlossaryPage",
        "pages.StoryIndexPage",
        "research.ResearchIndexPage",
        "donations.DonatePage",
    }


def test_home_page_renders_hero_and_featured_topics(client, home_page):
    topic = TopicIndexPageFactory(
        parent=home_page, title="About MS", summary="What MS is."
    )
    home_page.featured_topics = [
        {"type": "topic", "value": {"page": topic.pk, "summary": ""}}
    ]
    home_page.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert home_page.hero_heading in html
    assert "About MS" in html
    assert "What MS is." in html


def test_featured_topic_summary_can_be_overridden(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page, summary="Own summary.")
    home_page.featured_topics = [
        {
            "type": "topic",
            "value": {"page": topic.pk, "summary": "Words an editor chose."},
        }
    ]
    home_page.save()

    html = client.get("/").content.decode()

    assert "Words an editor chose." in html
    assert "Own summary." not in html


def test_unpublished_featured_topics_are_hidden(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page, title="Draft hub", live=False)
    home_page.featured_topics = [
        {"type": "topic", "value": {"page": topic.pk, "summary": ""}}
    ]
    home_page.save()

    assert "Draft hub" not in client.get("/").content.decode()


def test_home_page_queries_do_not_grow_with_featured_topics(
    client, home_page, django_assert_max_num_queries
):
    def feature(count):
        topics = [TopicIndexPageFactory(parent=home_page) for _ in range(count)]
        home_page.featured_topics = [
            {"type": "topic", "value": {"page": t.pk, "summary": ""}} for t in topics
        ]
        home_page.save()
        ArticlePageFactory(parent=topics[0])

    feature(1)
    client.get("/")  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(10) as small:
        client.get("/")
    queries_for_one = len(small.captured_queries)
    feature(6)
    client.get("/")
    with django_assert_max_num_queries(queries_for_one):
        client.get("/")


def test_primary_navigation_marks_the_current_section(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page, title="About MS")
    article = ArticlePageFactory(parent=topic, title="Immune system")
    navigation = NavigationSettings.for_site(home_page.get_site())
    navigation.primary_navigation = [
        {"type": "link", "value": {"page": topic.pk, "label": ""}},
        {
            "type": "link",
            "value": {"external_url": "https://example.org/", "label": "Shop"},
        },
    ]
    navigation.save()

    on_hub = client.get(topic.url).content.decode()
    on_article = client.get(article.url).content.decode()

    assert f'href="{topic.url}" aria-current="page">About MS' in on_hub
    assert f'href="{topic.url}" aria-current="true">About MS' in on_article
    assert 'href="https://example.org/">Shop' in on_article


def test_breadcrumbs_show_ancestors_below_the_root(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page, title="About MS")
    article = ArticlePageFactory(parent=topic, title="Immune system")

    html = client.get(article.url).content.decode()

    assert 'aria-label="Breadcrumb"' in html
    assert f'<a href="{topic.url}">About MS</a>' in html
    assert 'aria-current="page">Immune system</a>' in html
    assert 'aria-label="Breadcrumb"' not in client.get("/").content.decode()


def test_link_block_needs_a_page_or_an_address():
    from pages.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "external_url": "", "label": "x"}))
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                {"page": None, "external_url": "https://x.org", "label": ""}
            )
        )


def test_the_newly_diagnosed_path_lists_its_steps_in_order(client, home_page):
    topic = TopicIndexPageFactory(parent=home_page)
    first = ArticlePageFactory(parent=topic, title="The immune system and MS")
    second = ArticlePageFactory(parent=topic, title="Fatigue", summary="Own words.")
    draft = ArticlePageFactory(parent=topic, title="Unfinished", live=False)
    home_page.path_intro = "There is no rush."
    home_page.path_steps = [
        {"type": "step", "value": {"page": page.pk, "label": label}}
        for page, label in ((first, "What is MS?"), (draft, ""), (second, ""))
    ]
    home_page.save()

    html = client.get("/").content.decode()

    path = html[html.index("Newly diagnosed? Start here") :]
    assert "There is no rush." in path
    assert path.index("What is MS?") < path.index("Fatigue")
    assert "Own words." in path
    assert "Unfinished" not in path
    assert path.count('class="path-step"') == 2


def test_the_path_is_hidden_without_steps(client, home_page):
    assert "Newly diagnosed" not in client.get("/").content.decode()


def test_the_hero_picture_loads_first_in_modern_formats(client, home_page):
    home_page.hero_image = CustomImageFactory(file__width=1600, file__height=1200)
    home_page.save()

    html = client.get("/").content.decode()

    hero = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert 'fetchpriority="high"' in hero and "loading=" not in hero
    img = re.search(r"<img[^>]+>", hero)[0]
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
