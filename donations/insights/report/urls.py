from django.urls import path

from . import views

app_name = "donations_report"

urlpatterns = [
    path("", views.DonateClicksReportView.as_view(), name="index"),
    path("ab-tests/<int:pk>/", views.TestDetailView.as_view(), name="ab_test"),
    path("ab-tests/<int:pk>/end/", views.EndTestView.as_view(), name="end_ab_test"),
]
