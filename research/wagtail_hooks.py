from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import demo
from .models import Researcher, ResearchProjectPage, ResearchTheme, Treatment


class ResearchProjectListingViewSet(PageListingViewSet):
    """Every research project in one table, with its status and phase."""

    model = ResearchProjectPage
    icon = "doc-full"
    menu_label = "Projects"
    columns = [
        *PageListingViewSet.columns,
        Column(
            "research_status",
            label="Research status",
            accessor="get_status_display",
            sort_key="status",
            width="14%",
        ),
        Column("phase", label="Phase", accessor="phase_label", sort_key="phase"),
    ]
    list_filter = ["status", "phase", "study_type", "funded_by_us"]


class TreatmentViewSet(SnippetViewSet):
    model = Treatment
    icon = "pick"
    list_display = ["generic_name", "treatment_class", "brand_names"]
    search_fields = ["generic_name", "brand_names"]
    ordering = ["generic_name"]


class ResearchThemeViewSet(SnippetViewSet):
    model = ResearchTheme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "slug"]
    ordering = ["name"]


class ResearcherViewSet(SnippetViewSet):
    model = Researcher
    icon = "user"
    list_display = ["name", "institution"]
    search_fields = ["name", "institution"]
    ordering = ["name"]


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = "Research"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (
        ResearchProjectListingViewSet("research_projects"),
        TreatmentViewSet,
        ResearchThemeViewSet,
        ResearcherViewSet,
    )


register_snippet(ResearchViewSetGroup)


@hooks.register("load_demo_content", order=10)
def load_research_demo(home, stdout, refresh=False):
    demo.load(home, stdout, refresh=refresh)


@hooks.register("search_synonyms")
def treatment_brand_names():
    return [
        (treatment.generic_name, treatment.brand_name_list)
        for treatment in Treatment.objects.exclude(brand_names="")
    ]
