"""Rendering one donation call to action, shared by the template tags and the
admin preview.

A call to action in a running A/B test renders its control as usual, with an
unassigned link, plus one `<template>` per version (the control included) with
assigned links. donation-impressions.js picks one version per page view and
swaps it in; without the script the control stays and its clicks are left out
of the test. Everything depends only on the call to action, page and
placement, so the HTML is the same for every visitor and can be cached.
"""

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from wagtail.images import get_image_model

from .choices import Designation, Destination
from .links import BEACON_MAX_BYTES, BEACON_MAX_TOKENS, ClickLink, add_query
from .models import CallToActionTest, DonatePage, DonationCallToAction, Version

COMPONENT = "donations/components/call_to_action.html"


def destination_url(cta: DonationCallToAction, request) -> str | None:
    """Where the button leads: the external address, or our donate page opened
    with this call to action's amount, frequency and designation chosen."""
    if cta.destination == Destination.EXTERNAL:
        return cta.external_url or None
    donate_url = DonatePage.find_url(request) if request is not None else None
    if donate_url is None:
        return None
    designation = cta.appeal.designation if cta.appeal_id else None
    return add_query(
        donate_url,
        {
            "cta": cta.slug,
            "frequency": cta.suggested_frequency if cta.suggested_amount else "",
            "amount": cta.suggested_amount,
            "designation": designation if designation == Designation.RESEARCH else "",
        },
    )


RUNNING_TESTS_CACHE_KEY = "donations:running-tests"
# A safety net: saving or deleting a test clears the entry at once.
RUNNING_TESTS_TIMEOUT = 300


def running_tests() -> dict[int, CallToActionTest]:
    """Running A/B tests by call to action: one cached query for every page,
    however many calls to action it shows."""
    tests = cache.get(RUNNING_TESTS_CACHE_KEY)
    if tests is None:
        tests = {
            test.call_to_action_id: test
            for test in CallToActionTest.objects.filter(ended_at__isnull=True)
        }
        cache.set(RUNNING_TESTS_CACHE_KEY, tests, RUNNING_TESTS_TIMEOUT)
    return tests


def forget_running_tests(**kwargs) -> None:
    # Now, and again once the change is committed, so a page rendered in
    # between cannot cache the old state for long.
    cache.delete(RUNNING_TESTS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(RUNNING_TESTS_CACHE_KEY))


def running_test(cta: DonationCallToAction) -> CallToActionTest | None:
    test = running_tests().get(cta.pk)
    return test if test is not None and test.has_variants else None


def _next_number(request) -> int:
    # A per-page counter keeps ids unique when several prompts share a page, and
    # loads the impression script once; both are the same for every visitor.
    if request is None:
        return 1
    number = getattr(request, "_donation_cta_count", 0) + 1
    request._donation_cta_count = number
    return number


def _context(
    cta: DonationCallToAction,
    version: Version,
    image,
    url: str,
    token: str,
    placement: str,
    number: int,
) -> dict:
    return {
        # Every version names the appeal the gift goes to, if there is one.
        "appeal": cta.appeal if cta.appeal_id else None,
        "heading": version.heading,
        "message": version.message,
        "button_label": version.button_label,
        "image": image,
        "url": url,
        "token": token,
        "placement": placement,
        "heading_id": f"donation-cta-{number}",
    }


def render_call_to_action(
    cta: DonationCallToAction,
    page,
    placement: str,
    request,
    track: bool = True,
) -> SafeString:
    """One call to action; its button goes through the signed click-tracking link
    unless `track` is off (previews in the admin)."""
    destination = destination_url(cta, request)
    if destination is None:
        return mark_safe("")
    number = _next_number(request)
    control = Version(
        key=cta.variant,
        letter="A",
        name="Control",
        heading=cta.heading,
        message=cta.message,
        button_label=cta.button_label,
        image_id=cta.image_id,
    )
    if not (track and cta.pk):
        context = _context(cta, control, cta.image, destination, "", placement, number)
        return mark_safe(render_to_string(COMPONENT, context))

    def link(version: Version, test: CallToActionTest | None, assigned: bool):
        return ClickLink(
            cta_id=cta.pk,
            placement=placement,
            page_id=getattr(page, "pk", None),
            destination=destination,
            campaign=cta.slug,
            variant=version.key,
            ab_test=test.pk if test else 0,
            assigned=assigned,
        )

    test = running_test(cta)
    arms = []
    if test is not None:
        versions = test.get_versions()
        image_ids = {v.image_id for v in versions if v.image_id}
        images = get_image_model().objects.in_bulk(image_ids) if image_ids else {}
        for version in versions:
            arm_link = link(version, test, assigned=True)
            image = images.get(version.image_id)
            context = _context(
                cta, version, image, arm_link.url(), arm_link.token(), placement, number
            )
            arms.append(
                {"key": version.key, "html": render_to_string(COMPONENT, context)}
            )
    control_link = link(control, test, assigned=False)
    context = _context(
        cta,
        control,
        cta.image,
        control_link.url(),
        control_link.token(),
        placement,
        number,
    )
    context.update(
        {
            "arms": arms,
            "test_id": test.pk if test else None,
            "load_script": number == 1,
            "beacon_url": reverse("donations:impressions"),
            "beacon_max_tokens": BEACON_MAX_TOKENS,
            "beacon_max_bytes": BEACON_MAX_BYTES,
        }
    )
    return mark_safe(render_to_string(COMPONENT, context))


def render_version(
    cta: DonationCallToAction, version: Version, image, request
) -> SafeString:
    """One version of a call to action, untracked, for the admin preview."""
    destination = destination_url(cta, request)
    if destination is None:
        return mark_safe("")
    context = _context(
        cta, version, image, destination, "", "body", _next_number(request)
    )
    return mark_safe(render_to_string(COMPONENT, context))
