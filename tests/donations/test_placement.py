"""Donate prompts placed in other apps' pages: article and home bodies, the foot
of articles and research projects."""

import re

from django.utils import timezone

import pytest

from donations.choices import Designation
from donations.links import ClickLink
from tests.factories.donations import AppealFactory, DonationCallToActionFactory
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'href="/donations/go/([^/"]+)/"')


def links(response) -> list[ClickLink]:
    html = response.content.decode()
    return [ClickLink.from_token(token) for token in TOKEN.findall(html)]


def prompt_block(cta) -> dict:
    return {"type": "donation_call_to_action", "value": cta.pk}


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page)


def test_a_prompt_in_an_article_body_is_tracked_as_in_the_body(
    client, hub, donate_page, default_cta
):
    cta = DonationCallToActionFactory(heading="Help stop immune attacks")
    article = ArticlePageFactory(parent=hub, body=[prompt_block(cta)])

    response = client.get(article.url)

    assert "Help stop immune attacks" in response.content.decode()
    in_body, at_foot = links(response)
    assert (in_body.cta_id, in_body.placement, in_body.page_id) == (
        cta.pk,
        "body",
        article.pk,
    )
    assert (at_foot.cta_id, at_foot.placement) == (default_cta.pk, "foot")


def test_an_article_can_leave_out_the_default_prompt(client, hub, default_cta):
    article = ArticlePageFactory(parent=hub, show_default_call_to_action=False)

    assert links(client.get(article.url)) == []


def test_a_prompt_on_the_home_page_is_tracked_as_on_the_home_page(
    client, home_page, donate_page
):
    cta = DonationCallToActionFactory(heading="Give to research today")
    home_page.body = [prompt_block(cta)]
    home_page.save()

    [link] = links(client.get("/"))

    assert (link.cta_id, link.placement, link.page_id) == (cta.pk, "home", home_page.pk)


def test_an_expired_prompt_in_a_body_gives_way_to_the_default(
    client, hub, donate_page, default_cta
):
    ended = DonationCallToActionFactory(
        active_until=timezone.now() - timezone.timedelta(days=1)
    )
    article = ArticlePageFactory(
        parent=hub, body=[prompt_block(ended)], show_default_call_to_action=False
    )

    [link] = links(client.get(article.url))

    assert link.cta_id == default_cta.pk


def test_a_project_names_its_own_prompt_instead_of_the_default(
    client, home_page, donate_page, default_cta
):
    cta = DonationCallToActionFactory(heading="Fund the scans")
    project = ResearchProjectPageFactory(
        parent=ResearchIndexPageFactory(parent=home_page),
        call_to_action=[prompt_block(cta)],
    )

    response = client.get(project.url)

    [link] = links(response)
    assert (link.cta_id, link.placement) == (cta.pk, "foot")


def test_a_projects_prompt_names_the_appeal_that_funds_it(
    client, home_page, donate_page, default_cta
):
    appeal = AppealFactory(name="Stop MS appeal", designation=Designation.RESEARCH)
    cta = DonationCallToActionFactory(heading="Fund the scans", appeal=appeal)
    project = ResearchProjectPageFactory(
        parent=ResearchIndexPageFactory(parent=home_page),
        call_to_action=[prompt_block(cta)],
    )

    html = client.get(project.url).content.decode()

    assert "Part of our Stop MS appeal: every gift funds research." in html


def test_a_project_without_its_own_prompt_shows_the_default(
    client, home_page, donate_page, default_cta
):
    project = ResearchProjectPageFactory(
        parent=ResearchIndexPageFactory(parent=home_page)
    )

    [link] = links(client.get(project.url))

    assert (link.cta_id, link.placement) == (default_cta.pk, "foot")


def test_article_queries_do_not_grow_with_donate_prompts(
    client, hub, donate_page, default_cta, django_assert_max_num_queries
):
    def article_with(count: int):
        ctas = [DonationCallToActionFactory() for _ in range(count)]
        return ArticlePageFactory(parent=hub, body=[prompt_block(c) for c in ctas])

    one, six = article_with(1), article_with(6)
    client.get(one.url)
    with django_assert_max_num_queries(60) as queries:
        client.get(one.url)
    with_one = len(queries.captured_queries)
    client.get(six.url)
    with django_assert_max_num_queries(with_one):
        client.get(six.url)
