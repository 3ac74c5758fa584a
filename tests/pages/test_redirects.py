"""Redirects: editors can manage them, and moving or renaming a page makes them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.contrib.redirects.models import Redirect

import pytest

from tests.factories.pages import (
    ArticlePageFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")


@pytest.fixture
def article(hub):
    return reviewed(ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue"))


@pytest.fixture
def rename(django_capture_on_commit_callbacks):
    """Change a page's slug and publish, as an editor does in the page editor."""

    def rename(page, slug: str):
        # Wagtail announces the new slug once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            page.slug = slug
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return rename


def staff_client(client, group: str):
    user = get_user_model().objects.create_user(f"{group.lower()}-user", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def assert_moved_permanently(client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editors_and_moderators_can_manage_redirects(client, home_page, group):
    client = staff_client(client, group)

    admin_home = client.get("/admin/").content.decode()
    listing = client.get("/admin/redirects/")
    created = client.post(
        "/admin/redirects/add/",
        {
            "old_path": "/old-leaflet/",
            "site": "",
            "is_permanent": "on",
            "redirect_page": "",
            "redirect_page_route_path": "",
            "redirect_link": "https://www.example.org/new-leaflet/",
        },
    )

    assert "/admin/redirects/" in admin_home
    assert listing.status_code == 200
    assert created.status_code == 302
    assert Redirect.objects.filter(old_path="/old-leaflet").exists()
    response = client.get("/old-leaflet/")
    assert response.status_code == 301
    assert response["Location"] == "https://www.example.org/new-leaflet/"


def test_changing_a_slug_redirects_the_old_url(client, article, rename):
    old = article.url

    rename(article, "tiredness-and-fatigue")

    assert_moved_permanently(client, old, "/about-ms/tiredness-and-fatigue/")
    assert Redirect.objects.get(old_path="/about-ms/fatigue").automatically_created


def test_renaming_a_section_redirects_its_pages_too(client, hub, article, rename):
    old_hub, old_article = hub.url, article.url

    rename(hub, "understanding-ms")

    assert_moved_permanently(client, old_hub, "/understanding-ms/")
    assert_moved_permanently(client, old_article, "/understanding-ms/fatigue/")


def test_moving_a_page_redirects_the_old_url(client, home_page, hub):
    page = StandardPageFactory(parent=home_page, title="Volunteer", slug="volunteer")
    child = StandardPageFactory(parent=page, title="Roles", slug="roles")
    about = StandardPageFactory(parent=home_page, title="About us", slug="about-us")
    old_page, old_child = page.url, child.url

    page.move(about, pos="last-child")

    assert_moved_permanently(client, old_page, "/about-us/volunteer/")
    assert_moved_permanently(client, old_child, "/about-us/volunteer/roles/")


def test_a_redirect_chain_follows_to_the_current_address(client, article, rename):
    old = article.url
    rename(article, "tiredness")
    rename(article, "fatigue-and-tiredness")

    response = client.get(old)

    # Each redirect points at the page, not at a path, so there is no chain.
    assert response.status_code == 301
    assert response["Location"] == "/about-ms/fatigue-and-tiredness/"
