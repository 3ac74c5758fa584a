"""Breadcrumbs, the current section in the menus, the skip link, editable menus."""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from pages.models import NavigationSettings
from tests.factories.pages import StandardPageFactory
from tests.pages.seo_site import build_site

pytestmark = pytest.mark.django_db

BELOW_HOME = ["hub", "article", "standard", "glossary", "research", "project", "donate"]


@pytest.fixture
def site(home_page):
    return build_site(home_page)


def menu(*pages, external: tuple[str, str] | None = None) -> list[dict]:
    links = [{"type": "link", "value": {"page": p.pk, "label": ""}} for p in pages]
    if external:
        url, label = external
        links.append({"type": "link", "value": {"external_url": url, "label": label}})
    return links


def set_menus(home_page, primary=(), footer=()) -> None:
    navigation = NavigationSettings.for_site(home_page.get_site())
    navigation.primary_navigation = list(primary)
    navigation.footer_navigation = list(footer)
    navigation.save()


def section(html: str, label: str) -> str:
    """The HTML of the <nav> with the given aria-label."""
    match = re.search(rf'<nav[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    return match.group(1) if match else ""


def links_in(html: str) -> list[tuple[str, str | None, str]]:
    """(href, aria-current, text) of each link."""
    return [
        (href, current or None, text.strip())
        for href, current, text in re.findall(
            r'<a href="([^"]*)"(?: aria-current="([^"]*)")?>([^<]*)</a>', html
        )
    ]


@pytest.mark.parametrize("name", BELOW_HOME)
def test_every_page_below_home_has_breadcrumbs_ending_at_itself(client, site, name):
    page = site["live"][name]
    trail = [*page.get_ancestors().filter(depth__gt=1), page]

    html = client.get(page.url).content.decode()

    crumbs = links_in(section(html, "Breadcrumb"))
    assert crumbs == [
        (p.url, "page" if p.pk == page.pk else None, p.title) for p in trail
    ]
    assert html.count('aria-label="Breadcrumb"') == 1


def test_the_home_page_and_error_pages_have_no_breadcrumbs(client, site):
    assert 'aria-label="Breadcrumb"' not in client.get("/").content.decode()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'aria-label="Breadcrumb"' not in response.content.decode()


@pytest.mark.parametrize("name", ["home", *BELOW_HOME])
def test_every_page_has_a_skip_link_to_its_main_content(client, site, name):
    html = client.get(site["live"][name].url).content.decode()
    body = html.split("<body", 1)[1]

    first_link = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
    assert 'href="#main-content"' in first_link
    assert "Skip to main content" in first_link
    assert len(re.findall(r'id="main-content"', html)) == 1
    assert re.search(r'<main id="main-content"[^>]*tabindex="-1"', html)


@pytest.mark.parametrize(
    ("name", "section_name", "state"),
    [
        ("research", "research", "page"),
        ("project", "research", "true"),
        ("hub", "hub", "page"),
        ("article", "hub", "true"),
        ("donate", "donate", "page"),
    ],
)
def test_the_primary_menu_marks_the_current_page_or_section(
    client, site, name, section_name, state
):
    live = site["live"]
    set_menus(live["home"], primary=menu(live["hub"], live["research"], live["donate"]))

    html = client.get(live[name].url).content.decode()

    marked = [
        (href, current)
        for href, current, _ in links_in(
            section(html, "Main").replace(' class="primary-nav__link"', "")
        )
        if current
    ]
    assert marked == [(live[section_name].url, state)]


def test_the_footer_marks_the_current_page(client, site):
    live = site["live"]
    set_menus(live["home"], footer=menu(live["standard"], live["glossary"]))

    footer = section(client.get(live["standard"].url).content.decode(), "Footer")

    assert links_in(footer) == [
        (live["standard"].url, "page", "Privacy"),
        (live["glossary"].url, None, "Glossary"),
    ]


def test_menus_edited_in_the_admin_show_on_the_site(client, site):
    live = site["live"]
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    site_id = live["home"].get_site().pk
    url = f"/admin/settings/pages/navigationsettings/{site_id}/"

    def link(page=None, external="", label=""):
        return (
            "link",
            {"page": page.pk if page else "", "external_url": external, "label": label},
        )

    response = client.post(
        url,
        nested_form_data(
            {
                "primary_navigation": streamfield(
                    [link(live["hub"], label="Living with MS"), link(live["research"])]
                ),
                "footer_navigation": streamfield(
                    [
                        link(
                            external="https://www.example.org/contact/",
                            label="Contact us",
                        )
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    html = client.get("/").content.decode()

    assert [
        (href, text)
        for href, _, text in links_in(
            section(html, "Main").replace(' class="primary-nav__link"', "")
        )
    ] == [
        (live["hub"].url, "Living with MS"),
        (live["research"].url, "Research"),
    ]
    assert links_in(section(html, "Footer")) == [
        ("https://www.example.org/contact/", None, "Contact us")
    ]


def test_an_invalid_menu_link_gets_a_form_error_not_a_crash(client, site):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    site_id = site["live"]["home"].get_site().pk

    response = client.post(
        f"/admin/settings/pages/navigationsettings/{site_id}/",
        nested_form_data(
            {
                "primary_navigation": streamfield(
                    [("link", {"page": "", "external_url": "", "label": "Nowhere"})]
                ),
                "footer_navigation": streamfield([]),
            }
        ),
    )

    assert response.status_code == 200
    assert "Choose a page on this website" in response.content.decode()


def test_menus_and_breadcrumbs_cost_the_same_queries_however_long(client, home_page):
    site = build_site(home_page)
    live = site["live"]
    set_menus(home_page, primary=menu(live["hub"]), footer=menu(live["standard"]))
    client.get(live["article"].url)
    with CaptureQueriesContext(connection) as short:
        client.get(live["article"].url)

    extra = [StandardPageFactory(parent=home_page, slug=f"more-{n}") for n in range(5)]
    set_menus(
        home_page,
        primary=menu(live["hub"], live["research"], *extra),
        footer=menu(live["standard"], live["glossary"], *extra),
    )
    client.get(live["article"].url)
    with CaptureQueriesContext(connection) as long:
        client.get(live["article"].url)

    assert len(long.captured_queries) == len(short.captured_queries)
