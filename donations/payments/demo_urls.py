"""Development only: routed by donations/urls.py when DONATION_DEMO_CHECKOUT is
on (dev.py), never in production."""

from django.urls import path

from . import demo_checkout

urlpatterns = [
    path("", demo_checkout.checkout, name="demo_checkout"),
]
