"""Stories on other pages: the home page, hubs, articles and research projects.

A template tag, so research's project template can show stories too without
research knowing how stories are stored.
"""

from urllib.parse import urlencode

from django import template

from pages.cache.fragments import fragment
from pages.models import StoryIndexPage, TopicIndexPage
from pages.models.stories import stories_for_cards, stories_touching
from pages.visibility import private_q

register = template.Library()


def _index_url(request) -> str:
    def find() -> str:
        index = StoryIndexPage.objects.live().exclude(private_q(request)).first()
        return index.get_url(request) if index else ""

    return fragment(request, "stories-index-url", find)


@register.inclusion_tag("components/stories_section.html", takes_context=True)
def stories_for(context, page, count: int = 3) -> dict:
    """ "Stories": the newest stories that touch `page` (for a hub, the hub or
    any of its articles), with a link to more."""
    request = context.get("request")
    if page is None or page.pk is None:
        return {"stories": []}
    stories = list(stories_touching(page, request)[: max(int(count), 0)])
    more_url, more_label = _index_url(request), "Read more stories"
    if more_url and isinstance(page, TopicIndexPage):
        more_url += "?" + urlencode({"topic": page.slug})
        more_label = f"More stories about {page.title}"
    return {
        "stories": stories,
        "heading": "Stories",
        "more_url": more_url,
        "more_label": more_label,
        "request": request,
    }


@register.inclusion_tag("components/stories_section.html", takes_context=True)
def latest_stories(context, heading: str, count: int = 3) -> dict:
    """The newest stories as cards, with a link to the stories index."""
    request = context.get("request")
    if not heading:
        return {"stories": []}
    return {
        "stories": list(stories_for_cards(request)[: max(int(count), 0)]),
        "heading": heading,
        "more_url": _index_url(request),
        "more_label": "Read more stories",
        "request": request,
    }
