from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from pages import views as page_views
from pages.cache.middleware import cache_for_visitors
from pages.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", page_views.favicon),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [
    path("donations/", include("donations.urls")),
    path("feedback/", page_views.feedback, name="page_feedback"),
    # SEO: every live, public page with its last-modified date; crawler rules.
    path("sitemap.xml", cache_for_visitors(sitemap), name="sitemap"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("search/", search_views.search, name="search"),
    # Wagtail's page serving catches everything else, so it comes last.
    path("", include(wagtail_urls)),
]

handler404 = "pages.views.page_not_found"
