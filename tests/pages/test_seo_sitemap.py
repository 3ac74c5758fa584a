"""sitemap.xml and robots.txt, parsed as crawlers parse them."""

import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories.pages import StandardPageFactory
from tests.pages.seo_site import build_site

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def robots(client, host: str = "testserver") -> tuple[str, RobotFileParser]:
    response = client.get("/robots.txt", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return text, parser


def test_the_sitemap_lists_every_live_public_page_with_its_last_change(
    client, home_page
):
    site = build_site(home_page)

    entries = sitemap_entries(client)

    expected = {
        page.get_full_url(): page.last_published_at.date().isoformat()
        for page in site["live"].values()
    }
    assert entries == expected


def test_the_sitemap_leaves_out_drafts_and_private_sections(client, home_page):
    site = build_site(home_page)

    entries = sitemap_entries(client)

    for page in site["hidden"].values():
        assert page.get_full_url() not in entries
        assert not any(page.url_path.rstrip("/").split("/")[-1] in u for u in entries)


def test_unpublishing_a_page_takes_it_out_of_the_sitemap(client, home_page):
    site = build_site(home_page)
    standard = site["live"]["standard"]
    standard.unpublish()

    assert standard.get_full_url() not in sitemap_entries(client)


def test_the_sitemap_costs_the_same_queries_however_many_pages(client, home_page):
    build_site(home_page)
    client.get("/sitemap.xml")  # warms Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for number in range(10):
        StandardPageFactory(parent=home_page, slug=f"extra-{number}")
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap.xml")

    assert len(many.captured_queries) == len(few.captured_queries)


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(
    client, home_page
):
    text, parser = robots(client)

    for path in (
        "/admin/",
        "/admin/pages/",
        "/donations/go/abc/",
        "/donations/seen/",
        "/feedback/",
        "/search/?q=fatigue",
        "/_util/authenticate_with_password/1/2/",
    ):
        assert not parser.can_fetch("*", "http://localhost" + path), path
    for path in ("/", "/about-ms/what-is-ms/", "/documents/1/leaflet.pdf"):
        assert parser.can_fetch("*", "http://localhost" + path), path
    assert parser.site_maps() == ["http://localhost/sitemap.xml"]


def test_robots_txt_is_the_same_on_other_hosts_which_are_noindexed_instead(
    client, home_page, settings
):
    # A "Disallow: /" here would stop crawlers fetching the pages, and so from
    # seeing the X-Robots-Tag: noindex that keeps them out of search results.
    settings.PRODUCTION_HOST = "www.example.org"
    settings.ALLOWED_HOSTS = ["www.example.org", "staging.example.org"]

    production, _ = robots(client, "www.example.org")
    staging, parser = robots(client, "staging.example.org")
    response = client.get("/", HTTP_HOST="staging.example.org")

    assert parser.can_fetch("*", "http://staging.example.org/about-ms/")
    assert "noindex" in response["X-Robots-Tag"]
    assert "#" not in production
    assert "noindex" in staging
    assert "X-Robots-Tag" not in client.get("/", HTTP_HOST="www.example.org")
