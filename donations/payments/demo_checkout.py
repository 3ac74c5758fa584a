"""A stand-in for the payment provider, for `make run` only.

The donate form hands visitors here (see `handoff.checkout_url`) instead of
the real provider. "Pay" sends a Stripe `checkout.session.completed` webhook,
signed with STRIPE_WEBHOOK_SECRET by the Stripe library's own helper, to the
real webhook view, exactly as Stripe would; then the visitor sees the donate
page's "thank you". No money moves, no account is needed and nothing leaves
the machine. Never routed in production (DONATION_DEMO_CHECKOUT).
"""

import logging
import uuid

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..choices import Designation, Frequency
from ..models import DonatePage
from .handoff import gift_aid_total, valid_reference
from .testing import signed_stripe, stripe_event, stripe_session
from .views import webhook

logger = logging.getLogger(__name__)


class DemoCheckoutForm(forms.Form):
    """What the donate form handed over; anything else is refused."""

    amount = forms.IntegerField(min_value=1, max_value=100_000)
    frequency = forms.ChoiceField(choices=Frequency.choices)
    designation = forms.ChoiceField(
        choices=Designation.choices, required=False, initial=Designation.GENERAL
    )
    gift_aid = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], required=False)
    ref = forms.CharField(required=False, max_length=200)

    def clean_ref(self) -> str:
        return valid_reference(self.cleaned_data["ref"])


def send_webhook(data: dict) -> tuple[int, str]:
    """Deliver the signed event to the webhook view in this process: the same
    view, body and signature check as a delivery from Stripe."""
    session = stripe_session(
        amount_pence=data["amount"] * 100,
        frequency=data["frequency"],
        gift_aid=data["gift_aid"] == "yes",
        reference=data["ref"],
        session_id=f"cs_demo_{uuid.uuid4().hex[:24]}",
    )
    session.pop("customer_details")
    session["metadata"]["designation"] = data["designation"] or Designation.GENERAL
    signed = signed_stripe(stripe_event("checkout.session.completed", session))
    request = RequestFactory().post(
        signed.path,
        data=signed.body,
        content_type="application/json",
        headers=signed.headers,
    )
    response = webhook(request, provider="stripe")
    return response.status_code, response.content.decode()


@never_cache
def checkout(request):
    form = DemoCheckoutForm(request.POST if request.method == "POST" else request.GET)
    context = {"form": form, "secret_is_default": not settings.STRIPE_WEBHOOK_SECRET}
    if not form.is_valid():
        return TemplateResponse(
            request, "donations/demo_checkout.html", context, status=400
        )
    data = form.cleaned_data
    if request.method == "POST":
        status, answer = send_webhook(data)
        if status == 200:
            page = DonatePage.objects.live().first()
            if page is not None:
                return HttpResponseRedirect(
                    page.get_url(request) + page.reverse_subpage("thank_you")
                )
            return HttpResponseRedirect("/")
        logger.error("The demo checkout's webhook was refused: %s", answer)
        context["webhook_problem"] = answer
    context.update(
        {
            "gift": data,
            "pounds": f"{data['amount']:,}",
            "with_gift_aid": gift_aid_total(data["amount"]),
            "monthly": data["frequency"] == Frequency.MONTHLY,
            "research_only": data["designation"] == Designation.RESEARCH,
            "action": reverse("donations:demo_checkout"),
        }
    )
    return TemplateResponse(request, "donations/demo_checkout.html", context)
