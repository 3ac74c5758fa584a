"""A/B tests of calls to action: variants in the snippet (with drafts and
revisions), the cached HTML that carries every version, assigned and
unassigned clicks, the statistics, and ending a test by keeping a version."""

import math
import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import ModelLogEntry, Revision

import pytest

from donations.insights.ab_testing import ABTestEnded, end_test
from donations.insights.rollup import roll_up, uk_today
from donations.insights.significance import (
    Arm,
    compare,
    compare_income,
    judge,
    t_quantile,
)
from donations.links import ClickLink
from donations.models import (
    ABTestOutcome,
    CallToActionTest,
    DonationCallToAction,
    DonationClick,
    DonationImpression,
)
from donations.rendering import render_call_to_action
from tests.factories.donations import (
    DonationCallToActionFactory,
    DonationClickFactory,
    DonationImpressionFactory,
    GiftFactory,
    with_variants,
)
from tests.factories.pages import StandardPageFactory

from ..conftest import CHROME_UA, noon

pytestmark = pytest.mark.django_db

EDIT = "wagtailsnippets_donations_donationcalltoaction:edit"


@pytest.fixture
def cta(donate_page):
    return DonationCallToActionFactory(
        name="Spring", heading="Help stop MS", button_label="Donate now"
    )


@pytest.fixture
def running(cta):
    with_variants(
        cta,
        {"name": "Urgent", "heading": "Help stop MS today", "button_label": "Give"},
        {"button_label": "Give £10"},
    )
    return CallToActionTest.objects.get(call_to_action=cta)


def edit_form(cta, variants: list[dict], **extra) -> dict:
    data = {
        "name": cta.name,
        "slug": cta.slug,
        "heading": cta.heading,
        "message": cta.message,
        "button_label": cta.button_label,
        "suggested_frequency": "one-off",
        "destination": "donate-page",
        "external_url": "",
        "variants-TOTAL_FORMS": str(len(variants)),
        "variants-INITIAL_FORMS": str(sum(1 for v in variants if v.get("id"))),
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "3",
        **extra,
    }
    for index, variant in enumerate(variants):
        for name in ("id", "name", "heading", "message", "button_label", "image"):
            data[f"variants-{index}-{name}"] = variant.get(name, "")
        data[f"variants-{index}-ORDER"] = str(index + 1)
        data[f"variants-{index}-DELETE"] = variant.get("DELETE", "")
    return data


def test_variants_are_edited_inline_saved_as_drafts_and_published(
    fundraiser_client, cta
):
    url = reverse(EDIT, args=[cta.pk])
    assert "A/B test" in fundraiser_client.get(url).content.decode()

    fundraiser_client.post(url, edit_form(cta, [{"heading": "Variant B heading"}]))
    cta.refresh_from_db()
    assert cta.has_unpublished_changes
    assert not cta.variants.exists()  # a draft: nothing live yet
    assert not CallToActionTest.objects.exists()
    draft = cta.latest_revision.as_object()
    assert [v.heading for v in draft.variants.all()] == ["Variant B heading"]
    key = draft.variants.all()[0].key

    fundraiser_client.post(
        url,
        edit_form(cta, [{"heading": "Variant B heading"}], **{"action-publish": "1"}),
    )
    cta.refresh_from_db()
    [variant] = cta.variants.all()
    assert variant.heading == "Variant B heading"
    test = CallToActionTest.objects.get(call_to_action=cta)
    assert test.is_running
    assert [v["key"] for v in test.versions] == ["control", variant.key]
    assert key.startswith("v")


def test_an_empty_variant_is_refused(fundraiser_client, cta):
    response = fundraiser_client.post(
        reverse(EDIT, args=[cta.pk]), edit_form(cta, [{"name": "Nothing changed"}])
    )

    assert "same as the control" in unescape(response.content.decode())


def test_variant_keys_survive_edits_and_revisions(running, cta):
    keys = running.variant_keys
    cta = DonationCallToAction.objects.get(pk=cta.pk)
    variants = list(cta.variants.all())
    variants[0].heading = "Help stop MS, today"
    cta.variants = variants
    cta.save_revision().publish()

    running.refresh_from_db()
    assert running.is_running and running.variant_keys == keys
    assert running.versions[1]["heading"] == "Help stop MS, today"
    first = Revision.objects.filter(object_id=str(cta.pk)).order_by("pk")[1]
    assert [v.key for v in first.as_object().variants.all()] == keys[1:]


def test_adding_a_variant_starts_a_new_test(running, cta):
    cta = DonationCallToAction.objects.get(pk=cta.pk)
    cta.variants.add(cta.variants.model(heading="A third wording"))
    cta.save_revision().publish()

    running.refresh_from_db()
    assert running.outcome == ABTestOutcome.STOPPED
    assert "added or removed" in running.stop_reason
    new = CallToActionTest.objects.get(call_to_action=cta, ended_at__isnull=True)
    assert len(new.versions) == 4


def test_unpublishing_stops_the_test(running, cta):
    cta.unpublish()

    running.refresh_from_db()
    assert not running.is_running
    assert running.stop_reason == "The call to action was unpublished."


def test_variant_fields_left_empty_use_the_controls(running):
    versions = running.get_versions()

    assert [v.label for v in versions] == ["A (control)", "B: Urgent", "C"]
    assert versions[2].heading == "Help stop MS"
    assert versions[2].button_label == "Give £10"


def tokens_in(html: str) -> list[ClickLink]:
    return [
        ClickLink.from_token(token)
        for token in re.findall(r'data-donation-token="([^"]+)"', html)
    ]


def test_the_cached_html_holds_every_version_with_its_own_signed_link(
    rf, running, cta, home_page
):
    page = StandardPageFactory(parent=home_page)
    request = rf.get("/")

    html = str(render_call_to_action(cta, page, "body", request))

    assert f'data-donation-test="{running.pk}"' in html
    assert "donation-cta--pending" in html
    assert html.count("<template data-donation-variant=") == 3
    visible, *arms = tokens_in(html)
    # The button in the page: the control, in the test but not assigned.
    assert (visible.variant, visible.ab_test, visible.assigned) == (
        "control",
        running.pk,
        False,
    )
    assert [(arm.variant, arm.assigned) for arm in arms] == [
        (key, True) for key in running.variant_keys
    ]
    assert "Help stop MS today" in html and "Give £10" in html
    assert "<script" not in html.split("<template")[1]  # the script loads once
    # The same for everyone: no per-visitor state.
    assert html == str(render_call_to_action(cta, page, "body", rf.get("/")))


def test_without_a_test_there_are_no_templates(rf, cta, home_page):
    html = str(render_call_to_action(cta, home_page, "body", rf.get("/")))

    assert "<template" not in html and "data-donation-test" not in html
    [link] = tokens_in(html)
    assert (link.ab_test, link.assigned) == (0, False)


def test_assigned_and_unassigned_clicks_are_told_apart(client, rf, running, cta):
    html = str(render_call_to_action(cta, None, "body", rf.get("/")))
    visible, control, variant_b, _ = tokens_in(html)

    for number, link in enumerate((visible, control, variant_b)):
        response = client.get(
            link.url(), HTTP_USER_AGENT=f"{CHROME_UA} {number}", REMOTE_ADDR="1.2.3.4"
        )
        assert response.status_code == 302
    rows = set(DonationClick.objects.values_list("variant", "ab_test", "assigned"))
    assert rows == {
        ("control", running.pk, False),
        ("control", running.pk, True),
        (variant_b.variant, running.pk, True),
    }


def test_beacons_count_the_version_shown(client, rf, running, cta, home_page):
    page = StandardPageFactory(parent=home_page)
    html = str(render_call_to_action(cta, page, "foot", rf.get("/")))
    _, _, variant_b, _ = tokens_in(html)

    response = client.generic(
        "POST",
        "/donations/seen/",
        urlencode({"t": variant_b.token()}),
        content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT=CHROME_UA,
    )

    assert response.status_code == 204
    bucket = DonationImpression.objects.get()
    assert (bucket.variant, bucket.ab_test, bucket.assigned) == (
        variant_b.variant,
        running.pk,
        True,
    )


def test_links_claiming_an_assignment_outside_a_test_are_refused():
    from django.core import signing

    from donations.links import SIGNING_SALT, BadLink

    forged = signing.dumps(
        {"c": 1, "p": "body", "s": 2, "d": "/donate/", "u": "x", "a": 1},
        salt=SIGNING_SALT,
    )
    with pytest.raises(BadLink):
        ClickLink.from_token(forged)


def test_two_proportion_test_matches_the_textbook_formulas():
    result = compare(200, 10_000, 260, 10_000)

    pooled = 460 / 20_000
    z = 0.006 / math.sqrt(pooled * (1 - pooled) * (2 / 10_000))
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    se = math.sqrt(0.02 * 0.98 / 10_000 + 0.026 * 0.974 / 10_000)
    assert result.difference == pytest.approx(0.006)
    assert result.low == pytest.approx(0.006 - 1.959963984540054 * se)
    assert result.high == pytest.approx(0.006 + 1.959963984540054 * se)
    assert result.better and not result.worse
    assert compare(50, 1000, 50, 1000).p_value == pytest.approx(1.0)


def arms(*figures) -> list[Arm]:
    """Arms from (impressions, clicks) or (impressions, clicks, gifts, pence
    each gift)."""
    labels = ["A (control)", "B", "C", "D"]
    made = []
    for label, numbers in zip(labels, figures, strict=False):
        impressions, clicks, gifts, each = (*numbers, 0, 0)[:4]
        made.append(
            Arm(
                key=label,
                label=label,
                impressions=impressions,
                clicks=clicks,
                gifts=gifts,
                amount=gifts * each,
                amount_squared=gifts * each * each,
            )
        )
    return made


def test_welch_interval_for_income_per_impression_matches_the_formula():
    control, variant = arms((10_000, 200, 100, 2500), (10_000, 300, 150, 2000))
    result = compare_income(control, variant)

    def spread(n, total, squares):
        mean = total / n
        return mean, (squares - n * mean * mean) / (n - 1)

    m1, v1 = spread(10_000, 250_000, 100 * 2500**2)
    m2, v2 = spread(10_000, 300_000, 150 * 2000**2)
    se = math.sqrt(v1 / 10_000 + v2 / 10_000)
    # Nearly 20,000 degrees of freedom: the t quantile is the normal one.
    assert result.difference == pytest.approx(m2 - m1)
    assert result.high - result.difference == pytest.approx(1.96 * se, rel=1e-3)
    assert t_quantile(0.975, 10) == pytest.approx(2.2281, abs=1e-3)


def test_judge_names_a_winner_only_on_money():
    verdict = judge(arms((10_000, 200, 40, 2500), (10_000, 300, 80, 2500)))

    assert verdict.enough_data and verdict.enough_gifts
    assert verdict.winner.label == "B"
    assert verdict.summary.startswith("B raises more money than the control")
    assert "per 1,000 impressions" in verdict.summary
    assert "95% confidence interval" in verdict.summary


def test_more_clicks_from_smaller_gifts_is_not_a_winner():
    """The case the report was built for: B is clicked half as much again, but
    its gifts are a fifth the size."""
    verdict = judge(arms((10_000, 200, 60, 5000), (10_000, 300, 90, 1000)))

    assert verdict.click_leader.label == "B"
    assert verdict.winner.label == "A (control)"
    assert "Keep the control" in verdict.summary
    assert "B is clicked more, but raises less" in verdict.summary


def test_clicks_alone_never_call_a_winner(settings):
    settings.DONATION_AB_MIN_GIFTS = 20
    verdict = judge(arms((10_000, 200, 5, 2500), (10_000, 300, 8, 2500)))

    assert verdict.enough_data and not verdict.enough_gifts
    assert verdict.winner is None
    assert verdict.click_leader.label == "B"
    assert verdict.summary.startswith("B is ahead on clicks. Too few gifts yet")
    assert "20 gifts" in verdict.summary
    assert verdict.suggested.label == "A (control)"


def test_more_clicks_without_clearly_more_money_is_said_plainly():
    verdict = judge(arms((10_000, 200, 40, 2500), (10_000, 300, 44, 2500)))

    assert verdict.winner is None
    assert "B is clicked more than the control" in verdict.summary
    assert "Do not switch on clicks alone" in verdict.summary


def test_judge_says_plainly_when_there_is_not_enough_data(settings):
    settings.DONATION_AB_MIN_IMPRESSIONS = 1000
    settings.DONATION_AB_MIN_CLICKS = 30

    verdict = judge(arms((5000, 100), (900, 40)))

    assert not verdict.enough_data and verdict.winner is None
    assert verdict.summary.startswith("Not enough data yet")
    assert "1,000 impressions and 30 clicks" in verdict.summary
    assert "still short: B" in verdict.summary
    assert verdict.suggested.label == "A (control)"


def test_judge_keeps_the_control_when_every_variant_raises_less():
    verdict = judge(arms((10_000, 300, 90, 2500), (10_000, 200, 40, 2500)))

    assert verdict.winner.label == "A (control)"
    assert "Keep the control" in verdict.summary


def test_judge_with_no_clear_difference_and_corrects_for_several_variants():
    verdict = judge(
        arms((10_000, 200, 40, 2500), (10_000, 215, 42, 2500), (10_000, 190, 39, 2500))
    )

    assert verdict.winner is None
    assert verdict.confidence == pytest.approx(0.975)  # 0.05 shared by 2 variants
    assert "No clear difference in money raised yet" in verdict.summary


def make_figures(
    test, figures: dict, left_out: int = 0, days_ago: int = 1, gifts=None
) -> None:
    """Assigned impressions and clicks for each version on a past day, clicks
    by visitors left out of the test, rolled up as the nightly command would,
    and gifts credited to each version (`gifts`: key → (count, pence each))."""
    for key, (count, each) in (gifts or {}).items():
        for _ in range(count):
            GiftFactory(
                call_to_action_id=test.call_to_action_id,
                variant=key,
                ab_test=test.pk,
                assigned=True,
                amount_pence=each,
                given_at=noon(days_ago),
            )
    for key, (impressions, clicks) in figures.items():
        DonationImpressionFactory(
            call_to_action_id=test.call_to_action_id,
            variant=key,
            ab_test=test.pk,
            assigned=True,
            hour=noon(days_ago),
            count=impressions,
        )
        DonationClick.objects.bulk_create(
            DonationClickFactory.build(
                call_to_action_id=test.call_to_action_id,
                variant=key,
                ab_test=test.pk,
                assigned=True,
                clicked_at=noon(days_ago),
            )
            for _ in range(clicks)
        )
    for _ in range(left_out):
        DonationClickFactory(
            call_to_action_id=test.call_to_action_id,
            ab_test=test.pk,
            assigned=False,
            clicked_at=noon(days_ago),
        )
    roll_up([uk_today() - timedelta(days=days_ago)])


def test_report_shows_a_clear_winner_and_a_test_with_too_little_data(
    fundraiser_client, running, donate_page
):
    control, b, c = running.variant_keys
    make_figures(
        running,
        {control: (4000, 80), b: (4000, 160), c: (4000, 85)},
        left_out=7,
        gifts={control: (20, 2000), b: (60, 2500), c: (21, 2000)},
    )
    small = with_variants(
        DonationCallToActionFactory(name="Autumn"), {"heading": "Autumn variant"}
    )
    small_test = CallToActionTest.objects.get(call_to_action=small)
    make_figures(
        small_test, {"control": (300, 6), small_test.variant_keys[1]: (280, 9)}
    )

    response = fundraiser_client.get("/admin/reports/donate-clicks/", {"period": "7"})

    html = unescape(response.content.decode())
    assert "B: Urgent raises more money than the control: £375.00 per 1,000" in html
    assert "Welch" not in html  # explained on the test's own page
    assert "97.5% confidence interval" in html
    assert "Clear winner" in html
    assert "Not enough data yet" in html and "still short: A (control), B" in html
    assert "7 clicks on this call to action came from visitors who saw the control" in (
        html
    )
    assert "End the test and keep one version" in html


def test_ending_a_test_publishes_the_kept_version_as_a_new_revision(
    fundraiser_client, fundraiser, running, cta
):
    control, b, c = running.variant_keys
    make_figures(
        running,
        {control: (4000, 80), b: (4000, 160), c: (4000, 85)},
        left_out=3,
        gifts={control: (20, 2000), b: (60, 2500), c: (21, 2000)},
    )
    revisions = Revision.objects.filter(object_id=str(cta.pk)).count()
    url = reverse("donations_report:end_ab_test", args=[running.pk])

    page = fundraiser_client.get(url)
    assert f'value="{b}" id="keep-{b}" checked' in page.content.decode()
    response = fundraiser_client.post(url, {"keep": b})

    assert response.status_code == 302
    cta = DonationCallToAction.objects.get(pk=cta.pk)
    assert (cta.heading, cta.button_label) == ("Help stop MS today", "Give")
    assert not cta.variants.exists()
    assert cta.live and not cta.has_unpublished_changes
    assert Revision.objects.filter(object_id=str(cta.pk)).count() == revisions + 1
    assert cta.live_revision.user == fundraiser
    assert ModelLogEntry.objects.filter(
        action="donations.end_ab_test", object_id=str(cta.pk), user=fundraiser
    ).exists()
    running.refresh_from_db()
    assert (running.outcome, running.kept_variant, running.ended_by) == (
        ABTestOutcome.KEPT,
        b,
        fundraiser,
    )
    assert running.results["arms"][b] == {
        "impressions": 4000,
        "clicks": 160,
        "gifts": 60,
        "amount": 150_000,
        "amount_squared": 60 * 2500**2,
    }
    assert running.results["left_out_clicks"] == 3
    assert not CallToActionTest.objects.filter(ended_at__isnull=True).exists()


def test_an_ended_tests_figures_stay_viewable_as_they_were(
    fundraiser_client, fundraiser, running
):
    control, b, _ = running.variant_keys
    make_figures(running, {control: (2000, 40), b: (2000, 70)})
    end_test(running, b, fundraiser)
    # Clicks from a page cached before the end arrive later: not in the test.
    make_figures(running, {b: (500, 100)}, days_ago=2)

    response = fundraiser_client.get(
        reverse("donations_report:ab_test", args=[running.pk])
    )

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "version B: Urgent kept" in html
    assert "2,000" in html and "70" in html and "2,500" not in html
    assert "End the test" not in html
    again = fundraiser_client.get(
        reverse("donations_report:end_ab_test", args=[running.pk])
    )
    assert again.status_code == 302


def test_ending_needs_a_version_of_this_test(fundraiser_client, running):
    url = reverse("donations_report:end_ab_test", args=[running.pk])

    response = fundraiser_client.post(url, {"keep": "vnotatest"})

    assert response.status_code == 400
    assert "Choose the version to keep." in response.content.decode()
    running.refresh_from_db()
    assert running.is_running


def test_ending_a_test_that_already_ended_changes_nothing(fundraiser, running, cta):
    end_test(running, "control", fundraiser)
    revisions = Revision.objects.filter(object_id=str(cta.pk)).count()

    with pytest.raises(ABTestEnded):
        end_test(running, running.variant_keys[1], fundraiser)

    assert Revision.objects.filter(object_id=str(cta.pk)).count() == revisions
    assert DonationCallToAction.objects.get(pk=cta.pk).heading == "Help stop MS"


def test_preview_shows_every_version(fundraiser_client, running, cta):
    cta = DonationCallToAction.objects.get(pk=cta.pk)
    url = reverse(
        "wagtailsnippets_donations_donationcalltoaction:preview_on_edit",
        args=[cta.pk],
    )
    form = edit_form(
        cta,
        [
            {
                "id": str(v.pk),
                "name": v.name,
                "heading": v.heading,
                "button_label": v.button_label,
            }
            for v in cta.variants.all()
        ],
    )
    fundraiser_client.post(url, form)

    html = unescape(fundraiser_client.get(url, {"mode": "variants"}).content.decode())

    assert "Version A (control)" in html and "Version C" in html
    assert html.count("donation-cta__heading") == 3
    assert "/donations/go/" not in html  # previews are never counted


def test_history_compare_and_revert_work_with_variants(
    fundraiser_client, fundraiser, running, cta
):
    first = Revision.objects.filter(object_id=str(cta.pk)).order_by("pk").first()
    end_test(running, running.variant_keys[1], fundraiser)
    name = "wagtailsnippets_donations_donationcalltoaction"

    history = fundraiser_client.get(reverse(f"{name}:history", args=[cta.pk]))
    compare = fundraiser_client.get(
        reverse(f"{name}:revisions_compare", args=[cta.pk, first.pk, "live"])
    )
    revert = fundraiser_client.get(
        reverse(f"{name}:revisions_revert", args=[cta.pk, first.pk])
    )

    assert history.status_code == 200
    assert "End A/B test" in history.content.decode()
    assert compare.status_code == 200
    assert "today" in compare.content.decode()  # the kept heading, as a change
    assert revert.status_code == 200
