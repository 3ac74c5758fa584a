from django import template

from wagtail.models import Site

from pages.visibility import private_q

from ..choices import Status
from ..filters import SORTS
from ..models import ProjectRelatedArticle, ResearchIndexPage, ResearchProjectPage

register = template.Library()


@register.inclusion_tag(
    "research/includes/research_for_article.html", takes_context=True
)
def research_for_article(context, article) -> dict:
    """ "Research on this topic": live projects that link to `article`."""
    if article is None or article.pk is None:
        return {"projects": []}
    projects = (
        ResearchProjectPage.objects.live()
        .exclude(private_q(context.get("request")))
        .filter(
            pk__in=ProjectRelatedArticle.objects.filter(article_id=article.pk).values(
                "page_id"
            )
        )
        .defer_streamfields()
        .select_related("theme", "listing_image")
        .order_by("title")
    )
    return {"projects": list(projects), "request": context.get("request")}


@register.inclusion_tag("research/includes/latest_projects.html", takes_context=True)
def latest_research_projects(context, count: int = 3) -> dict:
    """The newest projects as cards, with a link to the studies recruiting now."""
    request = context.get("request")
    hubs = ResearchIndexPage.objects.live().exclude(private_q(request))
    site = Site.find_for_request(request)
    if site is not None:
        hubs = hubs.descendant_of(site.root_page)
    hub = hubs.first()
    if hub is None:
        return {"projects": []}
    projects = hub.projects(request)
    return {
        "projects": list(projects.order_by(*SORTS["newest"])[: max(int(count), 0)]),
        "hub": hub,
        "recruiting_count": projects.filter(status=Status.RECRUITING).count(),
        "request": request,
    }
