"""JSON-LD: one graph per page, parsed with json.loads and checked field by field."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pages.models import SiteSettings
from pages.structured_data import to_script
from tests.factories.pages import ArticlePageFactory, ClinicalReviewerFactory
from tests.pages.seo_site import build_site, json_ld, nodes, of_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    return build_site(home_page)


@pytest.fixture
def charity(home_page):
    details = SiteSettings.for_site(home_page.get_site())
    details.legal_name = "The MS Portal Trust"
    details.registered_charity_number = "1139257"
    details.address = "1 High Street\nLondon\nSW1A 1AA"
    details.helpline_phone = "0808 800 8000"
    details.contact_email = "help@example.org"
    details.save()
    return details


@pytest.mark.parametrize(
    "name", ["hub", "article", "standard", "glossary", "research", "project", "donate"]
)
def test_every_page_below_home_has_exactly_one_breadcrumb_list(client, site, name):
    page = site["live"][name]

    html = client.get(page.url).content.decode()

    assert len(json_ld(html)) == 1, "one JSON-LD graph per page"
    crumbs = of_type(nodes(html), "BreadcrumbList")
    assert len(crumbs) == 1
    items = crumbs[0]["itemListElement"]
    trail = [*page.get_ancestors().filter(depth__gt=1), page]
    assert [item["name"] for item in items] == [p.title for p in trail]
    assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
    assert [item["item"] for item in items] == [p.get_full_url() for p in trail]
    assert all(item["item"].startswith("http://localhost/") for item in items)


def test_the_home_page_describes_the_charity_and_has_no_breadcrumbs(
    client, home_page, charity
):
    found = nodes(client.get("/").content.decode())

    assert of_type(found, "BreadcrumbList") == []
    [ngo] = of_type(found, "NGO")
    assert ngo["name"] == "MS Portal"
    assert ngo["legalName"] == "The MS Portal Trust"
    assert ngo["url"] == home_page.get_full_url()
    assert ngo["logo"].startswith("http://localhost/static/images/logo")
    assert ngo["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "Registered charity number",
        "value": "1139257",
    }
    assert ngo["address"]["streetAddress"] == "1 High Street, London, SW1A 1AA"
    assert ngo["contactPoint"] == {
        "@type": "ContactPoint",
        "contactType": "helpline",
        "telephone": "0808 800 8000",
        "email": "help@example.org",
    }


def test_a_charity_without_a_number_gets_no_identifier(client, home_page):
    [ngo] = of_type(nodes(client.get("/").content.decode()), "NGO")

    assert "identifier" not in ngo
    assert "contactPoint" not in ngo


def test_an_article_is_a_medical_web_page_with_its_review(client, site):
    article = site["live"]["article"]
    reviewer = ClinicalReviewerFactory(
        name="Dr Ada Jones", role="Consultant neurologist", organisation="UCLH"
    )
    article.reviewer = reviewer
    article.last_reviewed = datetime.date.today() - datetime.timedelta(days=10)
    article.next_review_due = None
    article.save()

    found = nodes(client.get(article.url).content.decode())

    [web_page] = of_type(found, "MedicalWebPage")
    assert web_page["name"] == "What is MS?"
    assert web_page["description"] == "MS explained."
    assert web_page["url"] == article.get_full_url()
    assert web_page["lastReviewed"] == article.last_reviewed.isoformat()
    assert web_page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ada Jones",
        "jobTitle": "Consultant neurologist",
        "affiliation": {"@type": "Organization", "name": "UCLH"},
    }
    assert web_page["about"]["@type"] == "MedicalCondition"
    assert web_page["about"]["name"] == "Multiple sclerosis"
    assert web_page["about"]["code"]["codeValue"] == "G35"
    assert web_page["datePublished"] == article.first_published_at.date().isoformat()
    assert web_page["dateModified"] == article.last_published_at.date().isoformat()
    assert len(web_page["citation"]) == 1
    assert len(of_type(found, "BreadcrumbList")) == 1


def test_the_research_project_graph_keeps_its_study_and_one_breadcrumb_list(
    client, site
):
    found = nodes(client.get(site["live"]["project"].url).content.decode())

    assert len(of_type(found, "MedicalTrial")) == 1
    assert len(of_type(found, "BreadcrumbList")) == 1


def test_json_ld_cannot_break_out_of_its_script_element():
    script = to_script({"name": "</script><script>alert(1)</script> & <!--"})

    assert script.count("<script") == 1
    assert script.count("</script>") == 1
    assert "<!--" not in script
    [data] = json_ld(script)
    assert data["name"] == "</script><script>alert(1)</script> & <!--"


def test_an_article_title_cannot_break_out_either(client, site):
    hub = site["live"]["hub"]
    article = ArticlePageFactory(parent=hub, title="</script><b>x</b>", slug="x")

    html = client.get(article.url).content.decode()

    assert "<b>x</b>" not in html.split("</head>")[0]
    [web_page] = of_type(nodes(html), "MedicalWebPage")
    assert web_page["name"] == "</script><b>x</b>"


def test_structured_data_costs_the_same_queries_however_deep_the_page(
    client, site, charity
):
    hub = site["live"]["hub"]
    shallow = ArticlePageFactory(parent=hub, title="Shallow", slug="shallow")
    client.get(shallow.url)
    with CaptureQueriesContext(connection) as shallow_queries:
        client.get(shallow.url)

    # Articles only live under a topic hub, so go deeper with standard pages.
    from tests.factories.pages import StandardPageFactory

    parent = site["live"]["standard"]
    for depth in range(4):
        parent = StandardPageFactory(parent=parent, slug=f"level-{depth}")
    client.get(parent.url)
    with CaptureQueriesContext(connection) as deep_queries:
        client.get(parent.url)
    top = site["live"]["standard"]
    client.get(top.url)
    with CaptureQueriesContext(connection) as top_queries:
        client.get(top.url)

    assert len(deep_queries.captured_queries) == len(top_queries.captured_queries)
    assert len(shallow_queries.captured_queries) < 40
