from django.conf import settings
from django.urls import include, path

from . import views
from .payments import views as payment_views

app_name = "donations"

urlpatterns = [
    path("go/<str:token>/", views.click, name="click"),
    path("seen/", views.impressions, name="impressions"),
    path("webhooks/<slug:provider>/", payment_views.webhook, name="payment_webhook"),
]

if settings.DONATION_DEMO_CHECKOUT:
    # Development only (see donations/payments/demo_checkout.py).
    urlpatterns += [path("demo-checkout/", include("donations.payments.demo_urls"))]
