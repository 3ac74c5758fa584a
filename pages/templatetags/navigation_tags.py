from django import template

from wagtail.models import Site

from pages.cache.fragments import fragment
from pages.models import NavigationSettings
from pages.structured_data import trail

register = template.Library()


def _menu(request, field: str) -> list[dict]:
    """A menu's links as plain data, from the cache while the menus stand."""

    def build() -> list[dict]:
        links = []
        for block in getattr(NavigationSettings.for_request(request), field):
            link, page = block.value, block.value.get("page")
            links.append(
                {
                    "url": link.url(request),
                    "title": link.title(),
                    "page_id": page.pk if page else None,
                    "path": page.path if page else "",
                    "depth": page.depth if page else 0,
                }
            )
        return links

    site = Site.find_for_request(request)
    return fragment(request, f"menu:{site.pk if site else 0}:{field}", build)


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context) -> dict:
    """The main menu, with the section holding the current page marked."""
    current = context.get("page")
    links = []
    for link in _menu(context["request"], "primary_navigation"):
        state = None
        if current and link["page_id"]:
            if link["page_id"] == current.pk:
                state = "page"
            elif current.path.startswith(link["path"]) and link["depth"] > 2:
                # An ancestor below the home page: the visitor is in this section.
                state = "true"
        links.append({**link, "current": state})
    return {"links": links}


@register.inclusion_tag("components/footer_navigation.html", takes_context=True)
def footer_navigation(context) -> dict:
    """The footer links, with the current page marked."""
    current_pk = getattr(context.get("page"), "pk", None)
    return {
        "links": [
            {**link, "current": bool(current_pk and link["page_id"] == current_pk)}
            for link in _menu(context["request"], "footer_navigation")
        ]
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context) -> dict:
    """Ancestors from the home page down, for pages below the home page."""
    page = context.get("page")
    request = context.get("request")
    if page is None or page.depth <= 2:
        return {"crumbs": []}
    return {
        "crumbs": [
            {"url": crumb.get_url(request), "title": crumb.title}
            for crumb in trail(page)
        ]
    }
