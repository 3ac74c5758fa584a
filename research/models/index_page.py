from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from pages.blocks import RICH_TEXT_FEATURES
from pages.mixins import BasePage
from pages.pagination import paginate
from pages.visibility import private_q

from ..filters import ProjectFilters
from .project_page import ResearchProjectPage
from .snippets import ResearchTheme


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
        filters = ProjectFilters(request.GET, list(ResearchTheme.objects.all()))
        projects = self.projects(request)
        context["filters"] = filters
        context["filter_groups"] = filters.groups(projects)
        context["active_filters"] = filters.active_filters(self.get_url(request))
        context["projects"] = paginate(
            filters.apply(projects), self.projects_per_page, request.GET.get("page")
        )
        # Each page of the full list is its own canonical page (Google's advice
        # for pagination); filtered lists point search engines at the hub.
        query = filters.querystring()
        number = context["projects"].number
        url = self.get_full_url(request)
        paginated = number > 1 and not query
        context["canonical_url"] = f"{url}?page={number}" if paginated else url
        context["query_prefix"] = f"{query}&" if query else ""
        return context
