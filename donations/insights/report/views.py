"""The donate clicks report and its A/B test pages, in the Wagtail admin.

Only users with the `donations.view_fundraising_report` permission (the
Fundraising group has it) may see them: anyone else signed in gets a 403 on
every URL here, downloads included, and Wagtail sends visitors who are not
signed in to the login page.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from donations.models import CallToActionTest

from ..ab_testing import ABTestEnded, end_test, figures_for, verdict
from ..significance import minimum_gifts, minimums
from .charts import day_chart
from .data import PAGE_SIZE, build_report
from .exports import TABLES, csv_response, xlsx_response
from .forms import ReportFilterForm

PERMISSION = "donations.view_fundraising_report"
PUBLISH_PERMISSION = "donations.publish_donationcalltoaction"


class FundraisingOnlyMixin:
    """403 with an explanation for signed-in users without the permission."""

    required_permissions = [PERMISSION]

    def dispatch(self, request, *args, **kwargs):
        if not all(request.user.has_perm(p) for p in self.required_permissions):
            return TemplateResponse(
                request,
                "pages/admin/forbidden.html",
                {
                    "page_title": "You cannot see this report",
                    "reason": (
                        "The donate clicks report and its A/B tests are for the "
                        "fundraising team. Ask an administrator to add you to "
                        "the Fundraising group (Settings › Groups) if you need "
                        "them."
                    ),
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ReportBreadcrumbsMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"
    report_crumbs = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": "Home"},
        {"url": reverse_lazy("donations_report:index"), "label": "Donate clicks"},
    ]

    def get_breadcrumbs_items(self):
        return [*self.report_crumbs, {"url": "", "label": self.get_page_title()}]


class DonateClicksReportView(FundraisingOnlyMixin, WagtailAdminTemplateMixin, View):
    template_name = "donations/admin/report.html"
    page_title = "Donate clicks"
    header_icon = "pick"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def form(self) -> ReportFilterForm:
        return ReportFilterForm(self.request.GET)

    def get(self, request):
        export = request.GET.get("export")
        if export is not None:
            return self.download(export)
        context = self.get_context_data()
        if self.form.is_valid():
            report = self.build(page_size=PAGE_SIZE)
            context.update(
                {
                    "report": report,
                    "chart": day_chart(report.day_rows),
                    "page_numbers": range(1, report.page_pages + 1),
                    "period_label": dict(self.form.fields["period"].choices).get(
                        self.form.cleaned_data["period"]
                    ),
                }
            )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context

    def build(self, page_size):
        data = self.form.cleaned_data
        try:
            page_number = int(self.request.GET.get("p", 1))
        except ValueError:
            page_number = 1
        report = build_report(
            data["dates"],
            appeal=data.get("appeal"),
            cta=data.get("call_to_action"),
            sorts={
                "cta": self.request.GET.get("cta_sort"),
                "placement": self.request.GET.get("placement_sort"),
                "page": self.request.GET.get("page_sort"),
            },
            page_number=page_number,
            page_size=page_size,
            user=self.request.user,
            request=self.request,
        )
        report.generated_at = timezone.now()
        return report

    def download(self, export: str):
        table = self.request.GET.get("table")
        problem = None
        if export not in ("csv", "xlsx"):
            problem = "Downloads are CSV or XLSX."
        elif export == "csv" and table not in TABLES:
            problem = "Choose one of the report's tables to download as CSV."
        elif not self.form.is_valid():
            problem = "The dates or filters are not valid: correct them and try again."
        if problem:
            context = self.get_context_data()
            context["download_problem"] = problem
            return self.render_to_response(context, status=400)
        # Every page row, not just the 50 on screen; otherwise what is shown.
        report = self.build(page_size=None)
        if export == "xlsx":
            return xlsx_response(report)
        return csv_response(report, table)


class TestDetailView(FundraisingOnlyMixin, ReportBreadcrumbsMixin, View):
    template_name = "donations/admin/ab_test.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.test = get_object_or_404(
            CallToActionTest.objects.select_related("call_to_action", "ended_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return f"A/B test: {self.test.call_to_action.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = figures_for([self.test])[self.test.pk]
        context.update(
            {
                "test": self.test,
                "verdict": verdict(self.test, figures),
                "left_out_clicks": figures.left_out_clicks,
                "can_end": self.test.is_running
                and self.request.user.has_perm(PUBLISH_PERMISSION),
                "min_impressions": f"{minimums()[0]:,}",
                "min_clicks": f"{minimums()[1]:,}",
                "min_gifts": f"{minimum_gifts():,}",
            }
        )
        return context

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())


class EndTestView(TestDetailView):
    """Keep one version: a confirmation page, then a POST that publishes it."""

    template_name = "donations/admin/end_ab_test.html"
    required_permissions = [PERMISSION, PUBLISH_PERMISSION]

    def get_page_title(self):
        return f"End the A/B test of {self.test.call_to_action.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chosen"] = kwargs.get("chosen") or context["verdict"].suggested.key
        return context

    def get(self, request, pk):
        if not self.test.is_running:
            return HttpResponseRedirect(self.detail_url)
        return self.render_to_response(self.get_context_data())

    @property
    def detail_url(self) -> str:
        return reverse("donations_report:ab_test", args=[self.test.pk])

    def post(self, request, pk):
        keep = request.POST.get("keep", "")
        if self.test.version(keep) is None:
            context = self.get_context_data(chosen=keep)
            context["error"] = "Choose the version to keep."
            return self.render_to_response(context, status=400)
        try:
            test = end_test(self.test, keep, request.user)
        except ABTestEnded:
            messages.warning(request, "This test had already ended.")
            return HttpResponseRedirect(self.detail_url)
        messages.success(
            request,
            f"Test ended. “{test.call_to_action.name}” now shows version "
            f"{test.kept_version.label} to everyone, published as a new revision.",
        )
        return HttpResponseRedirect(self.detail_url)
