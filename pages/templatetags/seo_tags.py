"""Head tags for search engines and sharing: canonical, Open Graph, JSON-LD."""

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.utils.safestring import SafeString

from wagtail.models import Site

from pages.models import ArticlePage, SiteSettings, StoryPage
from pages.structured_data import (
    absolute_static,
    breadcrumb_list,
    graph,
    organisation,
    story_article,
    to_script,
    trail,
)

register = template.Library()

DEFAULT_SHARE_IMAGE = {
    "path": "images/share-default.png",
    "width": 1200,
    "height": 630,
}
# 1.91:1, the size Facebook, LinkedIn and X show large; JPEG because not every
# service reads AVIF or WebP.
SHARE_RENDITION = "fill-1200x630|format-jpeg|jpegquality-80"

register.filter("json_ld", to_script)


def _site(request) -> Site | None:
    if request is None:
        return None
    try:
        return Site.find_for_request(request)
    except DatabaseError:
        return None


def _is_home(page, site: Site | None) -> bool:
    if site is not None:
        return page.pk == site.root_page_id
    return page.depth <= 2


def _share_image(page) -> object | None:
    """The first image set of: sharing image, listing image, hero image, portrait."""
    for field in ("social_image", "listing_image", "hero_image", "portrait"):
        if getattr(page, f"{field}_id", None):
            return getattr(page, field)
    return None


def _absolute(url: str, site: Site | None, request) -> str:
    if url.startswith(("http://", "https://")):
        return url
    if site is not None:
        return site.root_url + url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def page_json_ld(context, *nodes: dict) -> SafeString:
    """One JSON-LD graph for the page: its own nodes, breadcrumbs, the charity.

    Page types add nodes by passing them here or by setting
    `structured_data` (a list of nodes) in their context.
    """
    page = context.get("page")
    request = context.get("request")
    items = [node for node in nodes if node]
    items += context.get("structured_data") or []
    if page is not None and getattr(page, "pk", None):
        site = _site(request)
        if _is_home(page, site):
            details = SiteSettings.for_request(request)
            url = page.get_full_url(request)
            items.append(organisation(details, site, request, url))
        else:
            items.append(breadcrumb_list(trail(page), request))
    return to_script(graph(*items)) if items else to_script(None)


@register.inclusion_tag("components/seo_meta.html", takes_context=True)
def seo_meta(context) -> dict:
    """Canonical URL, description, Open Graph and Twitter card for the page."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not getattr(page, "pk", None) or request is None:
        return {"page": None}
    site = _site(request)
    home = _is_home(page, site)
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    url = context.get("canonical_url") or page.get_full_url(request)
    description = getattr(page, "meta_description", "") or getattr(
        page, "hero_intro", ""
    )
    title = page.seo_title or (site_name if home else page.title)

    image = _share_image(page)
    if image is not None:
        rendition = image.get_rendition(SHARE_RENDITION)
        share_image = {
            "url": _absolute(rendition.url, site, request),
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text,
        }
    else:
        share_image = {
            "url": absolute_static(DEFAULT_SHARE_IMAGE["path"], site, request),
            "width": DEFAULT_SHARE_IMAGE["width"],
            "height": DEFAULT_SHARE_IMAGE["height"],
            "alt": site_name,
        }
    is_article = isinstance(page, ArticlePage | StoryPage)
    return {
        "page": page,
        "canonical_url": url,
        "description": description,
        "share_title": title,
        "share_description": getattr(page, "social_text", "") or description,
        "share_image": share_image,
        "og_type": "article" if is_article else "website",
        "published": page.first_published_at if is_article else None,
        "modified": page.last_published_at if is_article else None,
        "site_name": site_name,
    }


@register.simple_tag(takes_context=True)
def story_structured_data(context, page: StoryPage) -> dict:
    """The story as a schema.org Article, with its sharing picture, for
    `page_json_ld`."""
    request = context.get("request")
    image = _share_image(page)
    image_url = ""
    if image is not None:
        rendition = image.get_rendition(SHARE_RENDITION)
        image_url = _absolute(rendition.url, _site(request), request)
    return story_article(page, request, image_url)
