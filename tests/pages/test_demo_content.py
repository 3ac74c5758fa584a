from django.core.management import call_command

from wagtail.models import Page, Revision, Site

import pytest

from pages.models import (
    ArticlePage,
    CustomImage,
    HomePage,
    NavigationSettings,
    StoryKind,
    StoryPage,
    TopicIndexPage,
)

pytestmark = pytest.mark.django_db


def tree() -> list[tuple[str, str, bool]]:
    """Each page's path below the site root, type and whether it is live."""
    root = Site.objects.get(is_default_site=True).root_page.url_path
    return [
        ("/" + page.url_path.removeprefix(root), type(page).__name__, page.live)
        for page in Page.objects.filter(depth__gt=1).order_by("path").specific()
    ]


def menu() -> list[dict]:
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    return list(navigation.primary_navigation.raw_data)


def test_demo_content_builds_the_site_tree():
    call_command("load_demo_content", stdout=None)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    paths = {url_path: kind for url_path, kind, live in tree() if live}
    assert paths["/"] == "HomePage"
    assert paths["/about-ms/"] == "TopicIndexPage"
    assert paths["/research/"] == "ResearchIndexPage"
    assert paths["/donate/"] == "DonatePage"
    assert {
        "/privacy/",
        "/accessibility/",
        "/medical-disclaimer/",
    } <= set(paths)
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail site"
    ).exists()


def test_demo_content_can_run_twice_without_duplicates():
    call_command("load_demo_content")
    first_tree, first_revisions = tree(), Revision.objects.count()
    first_menu, first_images = menu(), CustomImage.objects.count()

    call_command("load_demo_content")

    assert tree() == first_tree
    assert Revision.objects.count() == first_revisions
    assert menu() == first_menu
    assert CustomImage.objects.count() == first_images


def test_demo_content_keeps_editors_changes_unless_refreshed():
    call_command("load_demo_content")
    about = TopicIndexPage.objects.get(slug="about-ms")
    about.title = "All about MS"
    about.save_revision().publish()

    call_command("load_demo_content")
    assert Page.objects.get(pk=about.pk).title == "All about MS"

    call_command("load_demo_content", "--refresh")
    assert Page.objects.get(pk=about.pk).title == "About MS"


def test_demo_pages_render(client):
    call_command("load_demo_content")

    for url in [
        "/",
        "/about-ms/",
        "/stories/",
        "/stories/amara-learning-to-listen/",
        "/research/",
        "/donate/",
        "/privacy/",
        "/accessibility/",
        "/about-ms/relapses/",
        "/about-ms/types-of-ms/",
        "/about-ms/diagnosis/",
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_stories_are_fictional_varied_and_one_has_a_content_note(demo_content):
    stories = list(StoryPage.objects.live())

    assert 4 <= len(stories) <= 6
    assert all(story.is_fictional for story in stories)
    assert {story.kind for story in stories} == set(StoryKind.values)
    assert [s for s in stories if s.content_warning]
    assert all(story.portrait and story.topic_links.exists() for story in stories)
    assert StoryPage.objects.filter(research_links__isnull=False).exists()


def test_every_demo_picture_has_alt_text_a_credit_and_a_licence(demo_content):
    images = CustomImage.objects.all()

    assert images.count() >= 12
    for image in images:
        assert len(image.description) > 30, image.title
        assert image.credit and image.licence, image.title


def test_the_immune_system_article_explains_myelin_with_two_diagrams(demo_content):
    article = ArticlePage.objects.get(slug="immune-system-and-ms")
    figures = [block.value for block in article.body if block.block_type == "image"]

    assert len(figures) == 2
    titles = [figure["image"].title for figure in figures]
    assert titles == [
        "Diagram: a healthy nerve cell",
        "Diagram: an immune attack on myelin in MS",
    ]
    assert all("myelin" in figure["image"].contextual_alt_text for figure in figures)
    # The long description is in the article's own words, for everyone.
    assert "The second picture shows the same nerve in MS" in str(article.body)


def test_demo_hubs_guide_and_the_home_page_has_a_path(demo_content):
    for hub in TopicIndexPage.objects.filter(slug__in=["about-ms", "treatments"]):
        assert hub.start_here and hub.sub_topics and hub.hero_image, hub.title
    home = HomePage.objects.get()
    assert len(home.path_steps) == 4
    assert home.hero_image
