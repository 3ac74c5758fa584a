"""A small site with one page of every type, and parsers for what crawlers read."""

import json
import re
from html.parser import HTMLParser

from wagtail.models import PageViewRestriction

from tests.factories.donations import DonatePageFactory
from tests.factories.pages import (
    ArticlePageFactory,
    GlossaryPageFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
    reviewed,
)
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site(home_page) -> dict:
    """Live pages of every type, plus a draft and a private page."""
    hub = publish(
        TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")
    )
    article = ArticlePageFactory(
        parent=hub, title="What is MS?", slug="what-is-ms", summary="MS explained."
    )
    reviewed(article)
    publish(article)
    research = publish(ResearchIndexPageFactory(parent=home_page))
    project = publish(
        ResearchProjectPageFactory(parent=research, title="OCTOPUS", slug="octopus")
    )
    pages = {
        "home": publish(home_page),
        "hub": hub,
        "article": article,
        "standard": publish(
            StandardPageFactory(parent=home_page, title="Privacy", slug="privacy")
        ),
        "glossary": publish(GlossaryPageFactory(parent=home_page)),
        "research": research,
        "project": project,
        "donate": publish(DonatePageFactory(parent=home_page)),
    }
    draft = ArticlePageFactory(parent=hub, title="Draft", slug="draft", live=False)
    private = publish(
        StandardPageFactory(parent=home_page, title="Staff", slug="staff")
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    private_child = publish(
        StandardPageFactory(parent=private, title="Rota", slug="rota")
    )
    return {
        "live": pages,
        "hidden": {"draft": draft, "private": private, "private_child": private_child},
    }


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD block on the page, parsed as a search engine would."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    )
    return [json.loads(block) for block in blocks]


def nodes(html: str) -> list[dict]:
    """The nodes of the page's JSON-LD graphs, after checking each block's context."""
    found = []
    for block in json_ld(html):
        assert block["@context"] == "https://schema.org"
        found.extend(block["@graph"])
    return found


def of_type(found: list[dict], type_: str) -> list[dict]:
    return [node for node in found if node["@type"] == type_]


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs.get("href", ""))


def head_tags(html: str) -> tuple[dict, dict]:
    """(meta name/property -> contents, link rel -> hrefs) for the page."""
    parser = _HeadParser()
    parser.feed(html)
    return parser.meta, parser.links
