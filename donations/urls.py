from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("go/<str:token>/", views.click, name="click"),
    path("seen/", views.impressions, name="impressions"),
]
