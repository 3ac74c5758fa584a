from django import template
from django.template.loader import render_to_string

from wagtail.models import Site

from pages.cache.fragments import fragment
from pages.visibility import private_q

from ..choices import Status
from ..filters import SORTS
from ..models import ProjectRelatedArticle, ResearchIndexPage, ResearchProjectPage
from ..models.index_page import page_cache_version

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, name, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        name = self.name.resolve(context)
        if not name:
            return self.nodelist.render(context)
        return fragment(
            context.get("request"), name, lambda: self.nodelist.render(context)
        )


@register.tag
def cached_fragment(parser, token) -> CachedFragmentNode:
    """`{% cached_fragment name %}…{% endcached_fragment %}`: what is inside,
    rendered once and kept (`pages.cache.fragments`) under `name`, which must
    say everything the inside depends on, such as the research hub's
    `cards_fragment`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one name.")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(parser.compile_filter(bits[1]), nodelist)


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
        .prefetch_related("listing_image__renditions")
        .order_by("title")
    )
    return {"projects": list(projects), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def research_for_hub(context, hub, count: int = 3) -> str:
    """ "Research on this topic" for a topic hub: the newest live projects
    linked to any of its articles, with a link to all our research. Kept in
    the cache under the hub's page-cache token: publishing a project purges
    the hubs of the articles it links (`ResearchProjectPage.shown_on`)."""
    request = context.get("request")
    if hub is None or hub.pk is None:
        return ""
    count = max(int(count), 0)
    name = f"research-for-hub:{hub.pk}:{page_cache_version(hub, request)}:{count}"
    return fragment(
        request,
        name,
        lambda: render_to_string(
            "research/includes/research_for_hub.html",
            _research_for_hub(hub, count, request),
        ),
    )


def _research_for_hub(hub, count: int, request) -> dict:
    linked = ProjectRelatedArticle.objects.filter(
        article__path__startswith=hub.path
    ).values("page_id")
    projects = (
        ResearchProjectPage.objects.live()
        .exclude(private_q(request))
        .filter(pk__in=linked)
        .defer_streamfields()
        .select_related("theme", "listing_image")
        .prefetch_related("listing_image__renditions")
        .order_by(*SORTS["newest"])
    )
    research_hub = ResearchIndexPage.objects.live().exclude(private_q(request)).first()
    return {
        "projects": list(projects[:count]),
        "hub": research_hub,
        "request": request,
    }


@register.inclusion_tag("research/includes/research_for_story.html", takes_context=True)
def research_for_story(context, story) -> dict:
    """ "The research in this story": the live projects a story names, in the
    editor's order."""
    request = context.get("request")
    if story is None or story.pk is None:
        return {"projects": []}
    ids = list(story.research_links.values_list("page_id", flat=True))
    projects = (
        ResearchProjectPage.objects.live()
        .exclude(private_q(request))
        .filter(pk__in=ids)
        .defer_streamfields()
        .select_related("theme", "listing_image")
        .prefetch_related("listing_image__renditions")
        .in_bulk()
    )
    return {
        "projects": [projects[pk] for pk in ids if pk in projects],
        "request": request,
    }


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
