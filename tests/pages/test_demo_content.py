from django.core.management import call_command

from wagtail.models import Page, Revision, Site

import pytest

from pages.models import HomePage, NavigationSettings, TopicIndexPage

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
    first_menu = menu()

    call_command("load_demo_content")

    assert tree() == first_tree
    assert Revision.objects.count() == first_revisions
    assert menu() == first_menu


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
        "/research/",
        "/donate/",
        "/privacy/",
        "/accessibility/",
        "/about-ms/relapses/",
        "/about-ms/types-of-ms/",
        "/about-ms/diagnosis/",
    ]:
        assert client.get(url).status_code == 200, url
