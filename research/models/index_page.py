from django.core.paginator import Page, Paginator

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from pages.blocks import RICH_TEXT_FEATURES
from pages.cache import store
from pages.cache.fragments import fragment
from pages.mixins import BasePage
from pages.visibility import private_q

from ..filters import ProjectFilters
from .project_page import ResearchProjectPage
from .snippets import ResearchTheme


def page_cache_version(page, request) -> str:
    """The page cache's token for `page`'s address. Publishing, unpublishing
    or deleting a page purges every page that shows it, which replaces their
    tokens: a fragment named with the token of the page it sits on is never
    older than that page's cached copy. (`fragment` adds the epoch, which
    anything shown everywhere, such as a theme or a private section, replaces.)
    """
    parts = page.get_url_parts(request)
    path = parts[2] if parts and parts[2] else page.url_path
    return store.version(path)


class ResearchIndexPage(BasePage):
    """The research hub: filters and lists the projects the charity funds or follows."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["research.ResearchProjectPage"]
    max_count = 1

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    projects_per_page = 12

    class Meta:
        verbose_name = "research hub"

    def projects(self, request=None):
        """Live, public projects under this hub, with what their cards show."""
        return (
            ResearchProjectPage.objects.child_of(self)
            .live()
            .exclude(private_q(request))
            .defer_streamfields()
            .select_related("theme", "listing_image")
            .prefetch_related("listing_image__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = fragment(
            request, "research-themes", lambda: list(ResearchTheme.objects.all())
        )
        filters = ProjectFilters(request.GET, themes)
        projects = self.projects(request)
        # The counts and the cards depend only on the live projects and the
        # (checked) filters: cached per combination, they cost no query.
        listing = (
            f"research-hub:{self.pk}:{page_cache_version(self, request)}:{filters.key}"
        )
        groups = fragment(
            request, f"{listing}:counts", lambda: filters.groups(projects)
        )
        context["filters"] = filters
        context["filter_groups"] = groups
        context["active_filters"] = filters.active_filters(self.get_url(request))
        context["projects"] = page_of(
            filters.apply(projects),
            self.projects_per_page,
            request.GET.get("page"),
            count=filters.total(groups),
        )
        number = context["projects"].number
        # The filter form and this page's cards, rendered once (research_tags).
        context["form_fragment"] = f"{listing}:{filters.sort}:form"
        context["cards_fragment"] = f"{listing}:{filters.sort}:{number}:cards"
        # Each page of the full list is its own canonical page (Google's advice
        # for pagination); filtered lists point search engines at the hub.
        query = filters.querystring()
        url = self.get_full_url(request)
        paginated = number > 1 and not query
        context["canonical_url"] = f"{url}?page={number}" if paginated else url
        context["query_prefix"] = f"{query}&" if query else ""
        return context


def page_of(items, per_page: int, requested: str | None, count: int) -> Page:
    """`pages.pagination.paginate`, for items whose number is already known:
    the first page for a number that is not a whole number or is below 1, the
    last for one past the end, and no COUNT query."""
    paginator = Paginator(items, per_page)
    paginator.count = count
    try:
        number = int(requested or 1)
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
