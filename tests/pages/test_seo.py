"""Head tags: canonical URL, description, Open Graph and Twitter card."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories.pages import CustomImageFactory
from tests.factories.research import ResearchProjectPageFactory
from tests.pages.seo_site import build_site, head_tags

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home",
    "hub",
    "article",
    "standard",
    "glossary",
    "research",
    "project",
    "donate",
]


@pytest.fixture
def site(home_page):
    return build_site(home_page)


def tags_for(client, url: str) -> tuple[dict, dict]:
    response = client.get(url)
    assert response.status_code == 200
    return head_tags(response.content.decode())


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_has_canonical_description_and_sharing_tags(client, site, name):
    page = site["live"][name].specific
    page.summary = f"About the {name} page."
    page.save_revision().publish()

    meta, links = tags_for(client, page.url)

    assert links["canonical"] == [page.get_full_url()]
    assert meta["description"] == [f"About the {name} page."]
    assert meta["og:url"] == [page.get_full_url()]
    assert meta["og:description"] == [f"About the {name} page."]
    assert meta["og:site_name"] == ["MS Portal"]
    assert meta["og:type"] == ["article" if name == "article" else "website"]
    assert meta["twitter:card"] == ["summary_large_image"]
    for key in ("og:title", "og:image", "og:image:alt", "twitter:image"):
        assert len(meta[key]) == 1 and meta[key][0], key
    for key in ("og:url", "og:image", "twitter:image"):
        assert meta[key][0].startswith("http://localhost/"), key


def test_pages_without_images_share_the_default_image(client, site):
    meta, _ = tags_for(client, site["live"]["standard"].url)

    assert meta["og:image"][0].startswith(
        "http://localhost/static/images/share-default"
    )
    assert meta["og:image"][0].endswith(".png")
    assert meta["og:image:width"] == ["1200"]
    assert meta["og:image:height"] == ["630"]
    assert meta["og:image:alt"] == ["MS Portal"]


def test_the_default_share_image_is_a_real_1200_by_630_png():
    from pathlib import Path

    from PIL import Image

    path = Path(__file__).resolve().parents[2] / "static/images/share-default.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_the_sharing_image_wins_then_the_listing_image(client, site):
    standard = site["live"]["standard"]
    listing = CustomImageFactory(description="A nurse and a patient talking")
    social = CustomImageFactory(
        description="People walking for MS", file__width=2400, file__height=1260
    )
    standard.listing_image = listing
    standard.save_revision().publish()

    listing_meta, _ = tags_for(client, standard.url)
    standard.social_image = social
    standard.social_text = "Walk with us."
    standard.save_revision().publish()
    social_meta, _ = tags_for(client, standard.url)

    assert listing_meta["og:image:alt"] == ["A nurse and a patient talking"]
    assert social_meta["og:image:alt"] == ["People walking for MS"]
    assert social_meta["twitter:image:alt"] == ["People walking for MS"]
    assert social_meta["og:image"][0].startswith("http://localhost/media/images/")
    assert social_meta["og:image"][0].endswith(".jpg")
    assert social_meta["og:image:width"] == ["1200"]
    assert social_meta["og:image:height"] == ["630"]
    assert social_meta["og:description"] == ["Walk with us."]
    assert social_meta["description"] == [standard.summary]


def test_an_article_falls_back_to_its_hero_image_and_gives_its_dates(client, site):
    article = site["live"]["article"]
    article.hero_image = CustomImageFactory(description="An MRI scan")
    article.save_revision().publish()
    article.refresh_from_db()

    meta, _ = tags_for(client, article.url)

    assert meta["og:image:alt"] == ["An MRI scan"]
    published = datetime.datetime.fromisoformat(meta["article:published_time"][0])
    modified = datetime.datetime.fromisoformat(meta["article:modified_time"][0])
    assert published == article.first_published_at
    assert modified == article.last_published_at


def test_the_search_description_overrides_the_summary(client, site):
    hub = site["live"]["hub"]
    hub.search_description = "Everything about MS in one place."
    hub.save_revision().publish()

    meta, _ = tags_for(client, hub.url)

    assert meta["description"] == ["Everything about MS in one place."]


def test_the_home_page_is_titled_with_the_site_name(client, site):
    meta, links = tags_for(client, "/")

    assert links["canonical"] == ["http://localhost/"]
    assert meta["og:title"] == ["MS Portal"]


def test_query_strings_are_left_out_of_the_canonical_url(client, site):
    donate = site["live"]["donate"]

    _, links = tags_for(client, donate.url + "?amount=25&utm_source=mail")

    assert links["canonical"] == [donate.get_full_url()]


def test_research_hub_pages_are_canonical_but_filtered_lists_point_at_the_hub(
    client, site
):
    hub = site["live"]["research"]
    for number in range(hub.projects_per_page + 1):
        ResearchProjectPageFactory(parent=hub, slug=f"p-{number}")
    url = hub.get_full_url()

    assert tags_for(client, hub.url)[1]["canonical"] == [url]
    assert tags_for(client, hub.url + "?page=1")[1]["canonical"] == [url]
    assert tags_for(client, hub.url + "?page=2")[1]["canonical"] == [f"{url}?page=2"]
    assert tags_for(client, hub.url + "?page=99")[1]["canonical"] == [f"{url}?page=2"]
    assert tags_for(client, hub.url + "?status=active")[1]["canonical"] == [url]
    assert tags_for(client, hub.url + "?status=active&page=2")[1]["canonical"] == [url]


def test_error_pages_have_no_canonical_url(client, site):
    response = client.get("/no-such-page/")

    _, links = head_tags(response.content.decode())
    assert response.status_code == 404
    assert "canonical" not in links


def test_the_share_image_costs_the_same_queries_on_every_visit(client, site):
    standard = site["live"]["standard"]
    standard.social_image = CustomImageFactory()
    standard.save_revision().publish()
    client.get(standard.url)  # makes the rendition

    with CaptureQueriesContext(connection) as with_image:
        client.get(standard.url)
    standard.social_image = None
    standard.save_revision().publish()
    client.get(standard.url)
    with CaptureQueriesContext(connection) as without_image:
        client.get(standard.url)

    # One query for the image and one for its rendition, however many tags.
    assert len(with_image.captured_queries) <= len(without_image.captured_queries) + 2
