"""Admin report: searches that found nothing, so editors see what is missing."""

import datetime

from django.db.models import Count, Max, Sum
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

import django_filters

from .models import NoResultsSearch

PERMISSION = "pages.view_noresultssearch"
PERIODS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days")]
DEFAULT_PERIOD = "30"


class NoResultsFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label="Period",
        choices=PERIODS,
        method="filter_period",
        empty_label="Any time kept",
    )
    date = django_filters.DateFromToRangeFilter(
        label="Or choose dates", widget=DateRangePickerWidget
    )

    class Meta:
        model = NoResultsSearch
        fields = []

    def filter_period(self, queryset, name, value):
        # Chosen dates win over a preset period.
        dates = self.form.cleaned_data.get("date")
        if dates and (dates.start or dates.stop):
            return queryset
        since = timezone.localdate() - datetime.timedelta(days=int(value) - 1)
        return queryset.filter(date__gte=since)


class UKDateColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return f"{value:%d/%m/%Y}" if value else ""


class NoResultsReportView(ReportView):
    page_title = "Searches with no results"
    header_icon = "search"
    index_url_name = "search_no_results_report"
    index_results_url_name = "search_no_results_report_results"
    filterset_class = NoResultsFilterSet
    model = NoResultsSearch
    default_ordering = "-searches"
    export_filename = "searches-with-no-results"
    columns = [
        Column("query_string", label="Search", sort_key="query_string"),
        NumberColumn("searches", label="Searches", sort_key="searches"),
        NumberColumn("days", label="Days seen", sort_key="days"),
        UKDateColumn("last_seen", label="Last searched", sort_key="last_seen"),
    ]
    list_export = ["query_string", "searches", "days", "last_seen"]
    export_headings = {
        "query_string": "Search",
        "searches": "Searches",
        "days": "Days seen",
        "last_seen": "Last searched",
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(PERMISSION):
            return TemplateResponse(
                request,
                "pages/admin/forbidden.html",
                {
                    "page_title": "You cannot see this report",
                    "reason": (
                        "The report of searches with no results shows what "
                        "visitors typed, which may include health details, so "
                        "only some editors can see it. Ask an administrator to "
                        "give your group the “Can view search with no results” "
                        "permission (Settings › Groups) if you need it."
                    ),
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        if not any(data.get(key) for key in ("period", "date_from", "date_to")):
            data["period"] = DEFAULT_PERIOD
        kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        rows = self.filter_queryset(NoResultsSearch.objects.all())
        return (
            rows.values("query_string")
            .annotate(searches=Sum("hits"), days=Count("date"), last_seen=Max("date"))
            .order_by(self.ordering, "query_string")
        )
