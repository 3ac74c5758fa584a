import re
from datetime import timedelta

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

import pytest

from donations.choices import Designation, Destination, Frequency
from donations.links import ClickLink
from donations.models import DonationCallToAction
from tests.factories.donations import AppealFactory, DonationCallToActionFactory
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'href="/donations/go/([^/"]+)/"')


def render(source: str, request=None, **context) -> str:
    request = request or RequestFactory().get("/", HTTP_HOST="localhost")
    template = Template("{% load donation_tags %}" + source)
    return template.render(Context({"request": request, **context}))


def links(html: str) -> list[ClickLink]:
    return [ClickLink.from_token(token) for token in TOKEN.findall(html)]


@pytest.fixture
def article(home_page):
    return ArticlePageFactory(parent=TopicIndexPageFactory(parent=home_page))


def test_call_to_action_renders_with_a_signed_tracking_link(donate_page, article):
    cta = DonationCallToActionFactory(
        heading="Help stop MS", message="Fund the research.", button_label="Give now"
    )

    html = render(
        "{% donation_call_to_action cta page 'body' %}", cta=cta, page=article
    )

    assert "Help stop MS" in html and "Fund the research." in html
    assert ">Give now</a>" in html
    [link] = links(html)
    assert link == ClickLink(
        cta_id=cta.pk,
        placement="body",
        page_id=article.pk,
        destination=f"/donate/?cta={cta.slug}",
        campaign=cta.slug,
        variant="control",
    )
    assert f'data-donation-token="{TOKEN.search(html)[1]}"' in html


def test_donate_page_link_carries_amount_frequency_and_research_designation(
    donate_page, article
):
    cta = DonationCallToActionFactory(
        suggested_amount=15,
        suggested_frequency=Frequency.MONTHLY,
        appeal=AppealFactory(designation=Designation.RESEARCH),
    )

    [link] = links(
        render("{% donation_call_to_action cta page %}", cta=cta, page=article)
    )

    assert link.destination == (
        f"/donate/?cta={cta.slug}&frequency=monthly&amount=15&designation=research"
    )


def test_external_call_to_action_links_through_the_tracker(donate_page, article):
    cta = DonationCallToActionFactory(
        destination=Destination.EXTERNAL,
        external_url="https://donate.example.org/stop-ms",
    )

    [link] = links(
        render("{% donation_call_to_action cta page 'home' %}", cta=cta, page=article)
    )

    assert link.destination == "https://donate.example.org/stop-ms"
    assert link.placement == "home"


@pytest.mark.parametrize(
    "change",
    [
        {"live": False},
        {"active_until": -timedelta(minutes=1)},
        {"active_from": timedelta(days=1)},
    ],
    ids=["unpublished", "ended", "not-started"],
)
def test_inactive_call_to_action_gives_way_to_the_default(
    change, donate_page, default_cta, article
):
    # Times from now as the test runs (--clock moves it after collection).
    change = {
        name: timezone.now() + value if isinstance(value, timedelta) else value
        for name, value in change.items()
    }
    cta = DonationCallToActionFactory(heading="Spring appeal", **change)

    html = render("{% donation_call_to_action cta page %}", cta=cta, page=article)

    assert "Spring appeal" not in html
    assert default_cta.heading in html
    assert links(html)[0].cta_id == default_cta.pk


def test_missing_call_to_action_gives_way_to_the_default(
    donate_page, default_cta, article
):
    html = render("{% donation_call_to_action None page %}", page=article)

    assert default_cta.heading in html


def test_nothing_renders_when_neither_can_be_shown(donate_page, article):
    cta = DonationCallToActionFactory(live=False)

    html = render("{% donation_call_to_action cta page %}", cta=cta, page=article)

    assert html.strip() == ""


def test_donate_page_call_to_action_renders_nothing_without_a_donate_page(article):
    cta = DonationCallToActionFactory()

    assert render("{% donation_call_to_action cta page %}", cta=cta, page=article) == ""


def test_unknown_placement_is_recorded_as_other(donate_page, article):
    cta = DonationCallToActionFactory()

    [link] = links(
        render(
            "{% donation_call_to_action cta page 'sidebar' %}", cta=cta, page=article
        )
    )

    assert link.placement == "other"


def test_footer_shows_the_default_at_the_foot(donate_page, default_cta, article):
    article.show_default_call_to_action = True

    [link] = links(render("{% donation_footer page %}", page=article))

    assert link.cta_id == default_cta.pk
    assert link.placement == "foot"
    assert link.page_id == article.pk


def test_footer_respects_the_page_opt_out(donate_page, default_cta, article):
    article.show_default_call_to_action = False

    assert render("{% donation_footer page %}", page=article) == ""


def test_footer_stays_off_pages_without_the_opt_out_field(donate_page, default_cta):
    assert not hasattr(donate_page, "show_default_call_to_action")

    assert render("{% donation_footer page %}", page=donate_page) == ""


def test_footer_renders_nothing_when_the_default_is_unpublished(
    donate_page, default_cta, article
):
    default_cta.unpublish()
    article.show_default_call_to_action = True

    assert render("{% donation_footer page %}", page=article) == ""


def test_output_is_the_same_for_every_visitor(donate_page, default_cta, article):
    cta = DonationCallToActionFactory()
    article.show_default_call_to_action = True
    source = "{% donation_call_to_action cta page %}{% donation_footer page %}"
    visitors = [
        RequestFactory().get(
            "/", HTTP_HOST="localhost", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent
        )
        for ip, agent in [("10.0.0.1", "Firefox"), ("10.9.9.9", "Safari")]
    ]

    first, second = (render(source, r, cta=cta, page=article) for r in visitors)

    assert first == second


def test_several_on_a_page_get_unique_ids_and_one_script(
    donate_page, default_cta, article
):
    article.show_default_call_to_action = True
    ctas = DonationCallToActionFactory.create_batch(2)
    source = (
        "{% donation_call_to_action a page %}{% donation_call_to_action b page %}"
        "{% donation_footer page %}"
    )

    html = render(source, a=ctas[0], b=ctas[1], page=article)

    ids = re.findall(r'id="(donation-cta-\d+)"', html)
    assert ids == ["donation-cta-1", "donation-cta-2", "donation-cta-3"]
    assert html.count("donation-impressions.js") == 1
    assert 'data-endpoint="/donations/seen/"' in html


def test_queries_do_not_grow_with_the_number_of_calls_to_action(
    donate_page, default_cta, article, django_assert_max_num_queries
):
    appeal = AppealFactory(designation=Designation.RESEARCH)
    DonationCallToActionFactory.create_batch(6, appeal=appeal)
    render("{% donation_call_to_action None page %}", page=article)  # caches /donate/

    def render_many(count: int) -> str:
        # As a StreamField chooser block loads them: in bulk, with their relations.
        ctas = list(
            DonationCallToAction.objects.select_related("image", "appeal")
            .exclude(pk=default_cta.pk)
            .order_by("pk")[:count]
        )
        source = "".join(
            f"{{% donation_call_to_action c{i} page %}}" for i in range(count)
        )
        context = {f"c{i}": cta for i, cta in enumerate(ctas)}
        return render(source, page=article, **context)

    with django_assert_max_num_queries(1):
        html = render_many(1)
    assert html.count("donation-cta__heading") == 1
    with django_assert_max_num_queries(1):
        html = render_many(6)
    assert html.count("donation-cta__heading") == 6


def test_block_template_places_the_prompt_in_the_body_or_on_the_home_page(
    donate_page, article, home_page
):
    cta = DonationCallToActionFactory()
    source = "{% include 'donations/blocks/call_to_action_block.html' %}"

    [in_article] = links(render(source, value=cta, page=article))
    [on_home] = links(render(source, value=cta, page=home_page))

    assert (in_article.placement, in_article.page_id) == ("body", article.pk)
    assert (on_home.placement, on_home.page_id) == ("home", home_page.pk)
