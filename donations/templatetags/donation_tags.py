"""Donate prompts for any page: `{% donation_call_to_action cta page placement %}`
and `{% donation_footer page %}`.

What they render depends only on the page, the call to action, its variant and
the placement, never on the visitor, so pages stay cacheable.
"""

import logging

from django import template
from django.utils.safestring import SafeString, mark_safe

from donations.choices import Placement
from donations.models import DonationCallToAction, DonationSettings
from donations.rendering import render_call_to_action

register = template.Library()
logger = logging.getLogger(__name__)


def _default_call_to_action(request) -> DonationCallToAction | None:
    if request is None:
        return None
    default = DonationSettings.for_request(request).default_call_to_action
    return default if default is not None and default.is_active() else None


@register.simple_tag(takes_context=True)
def donation_call_to_action(
    context, cta: DonationCallToAction | None, page=None, placement: str = "body"
) -> SafeString:
    """A placed call to action, or the site's default when it is missing,
    unpublished or outside its dates (and nothing when neither can be shown)."""
    request = context.get("request")
    if placement not in Placement.values:
        logger.warning("Unknown donate button placement %r", placement)
        placement = Placement.OTHER
    if cta is None or not cta.is_active():
        cta = _default_call_to_action(request)
    if cta is None:
        return mark_safe("")
    return render_call_to_action(cta, page, placement, request)


@register.simple_tag(takes_context=True)
def donation_footer(context, page) -> SafeString:
    """The site's default call to action at the foot of a page that wants one."""
    if not getattr(page, "show_default_call_to_action", False):
        return mark_safe("")
    request = context.get("request")
    cta = _default_call_to_action(request)
    if cta is None:
        return mark_safe("")
    return render_call_to_action(cta, page, Placement.FOOT, request)
