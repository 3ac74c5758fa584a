from django.urls import re_path

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.panels import ARTICLE_READING_AIDS_HOOK

from . import demo
from .models import Researcher, ResearchProjectPage, ResearchTheme, Treatment
from .panels import NamedProjectsPanel
from .views import link_article_view


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


@hooks.register(ARTICLE_READING_AIDS_HOOK)
def named_projects_panel():
    return NamedProjectsPanel(
        heading="Research projects this article names",
        help_text=(
            "Projects named in the title, summary, key points or body (by name, "
            "short name or trial registry number) that do not link to this "
            "article yet, as last saved. Linking one shows it under ‘Research on "
            "this topic’ at the foot of the article, and publishes the project's "
            "page with the link."
        ),
    )


@hooks.register("register_admin_urls")
def register_article_link_url():
    return [
        # Up to nine digits: longer numbers are no page's id, and would be out
        # of the database's range rather than simply not found.
        re_path(
            r"^research/projects/(?P<project_id>[0-9]{1,9})/link-article/"
            r"(?P<article_id>[0-9]{1,9})/$",
            link_article_view,
            name="research_link_article",
        )
    ]
