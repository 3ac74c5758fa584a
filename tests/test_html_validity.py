"""Every page type and state, as the server sends it, through the Nu HTML Checker.

The checker reads the HTML the server sends, before any script runs: that is
what a cached page is, and what browsers and assistive technology start from.
One run of the checker for all of them, since starting Java takes seconds.
"""

import warnings
from urllib.parse import urlencode

from django.views.defaults import server_error

import pytest

from pages.models import ArticlePage
from tests import nu
from tests.utils import database_down

pytestmark = pytest.mark.django_db

# Each page type and state the public site has, by what it shows.
PAGES = {
    "home": "/",
    "topic hub": "/about-ms/",
    "article": "/about-ms/immune-system-and-ms/",
    "article about a treatment": "/treatments/hsct/",
    "standard page": "/privacy/",
    "glossary": "/glossary/",
    "stories index": "/stories/",
    "stories index, filtered": "/stories/?kind=living-with-ms&topic=about-ms",
    "stories index, unknown filter notice": "/stories/?kind=bogus",
    "story with a content note": "/stories/kwame-finding-my-way-back/",
    "story from a researcher": "/stories/priya-reading-the-scans/",
    "research hub": "/research/",
    "research hub, filtered": "/research/?status=results&ms_type=secondary-progressive",
    "research hub, recruiting": "/research/?status=recruiting",
    "research hub, unknown filter notice": "/research/?phase=bogus&theme=nope",
    "research hub, nothing found": "/research/?status=planned&funded=yes",
    "research project with results": "/research/hercules/",
    "research project, recruiting": "/research/pacing-for-fatigue/",
    "donate page": "/donate/",
    "donate page with errors": (
        "/donate/give/?frequency=monthly&amount=other&other_amount=12.50"
    ),
    "donate thank-you page": "/donate/thank-you/",
    "donate link that does not work": "/donations/go/not-a-signed-link/",
    "search with results": "/search/?q=fatigue",
    "search, did you mean": "/search/?q=fatigeu",
    "search without results": "/search/?q=qwxyzzy",
    "search form": "/search/",
    "page not found": "/no-such-page/",
}


@pytest.fixture
def documents(client, rf, demo_content) -> dict[str, str]:
    served = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in {200, 404}, (name, response.status_code)
        served[f"{name} ({path})"] = response.content.decode()
    article = ArticlePage.objects.get(slug="immune-system-and-ms")
    response = client.post(
        "/feedback/",
        urlencode({"page": article.pk, "helpful": "yes"}),
        content_type="application/x-www-form-urlencoded",
    )
    served["feedback answer, without JavaScript"] = response.content.decode()
    served["server error (500)"] = server_error(rf.get("/")).content.decode()
    with database_down():
        served["database down (503)"] = client.get("/").content.decode()
    return served


# The donate page's old error summary, which the checker must still catch:
# proof that it runs with the rules for ARIA in HTML.
CANARY = """<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body>
<div aria-labelledby="problem" tabindex="-1"><h2 id="problem">There is a problem</h2>
</div></body></html>"""


def test_every_page_type_and_state_is_valid_html(documents):
    messages = nu.check({**documents, "canary": CANARY})

    canary = [m for m in messages if m["document"] == "canary" and nu.is_error(m)]
    assert [m["message"][:50] for m in canary] == [
        "The “aria-labelledby” attribute must not be specif"
    ]
    messages = [m for m in messages if m["document"] != "canary"]
    errors = [nu.describe(m) for m in messages if nu.is_error(m)]
    # Warnings are listed in pytest's warnings summary; they do not fail.
    for message in messages:
        if not nu.is_error(message):
            warnings.warn(f"Nu HTML Checker: {nu.describe(message)}", stacklevel=1)
    assert errors == [], "\n".join(errors)
