from django import template

from pages.models import NavigationSettings
from pages.structured_data import trail

register = template.Library()


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context) -> dict:
    """The main menu, with the section holding the current page marked."""
    request = context["request"]
    current = context.get("page")
    links = []
    for block in NavigationSettings.for_request(request).primary_navigation:
        link = block.value
        linked_page = link.get("page")
        state = None
        if current and linked_page:
            if linked_page.pk == current.pk:
                state = "page"
            elif current.path.startswith(linked_page.path) and linked_page.depth > 2:
                # An ancestor below the home page: the visitor is in this section.
                state = "true"
        links.append({"url": link.url(), "title": link.title(), "current": state})
    return {"links": links}


@register.inclusion_tag("components/footer_navigation.html", takes_context=True)
def footer_navigation(context) -> dict:
    """The footer links, with the current page marked."""
    links = NavigationSettings.for_request(context["request"]).footer_navigation
    current = context.get("page")
    current_pk = getattr(current, "pk", None)
    return {
        "links": [
            {
                "url": block.value.url(),
                "title": block.value.title(),
                "current": bool(
                    current_pk
                    and block.value.get("page")
                    and block.value["page"].pk == current_pk
                ),
            }
            for block in links
        ]
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context) -> dict:
    """Ancestors from the home page down, for pages below the home page."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": trail(page)[:-1], "page": page}
