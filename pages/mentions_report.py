""" "Pages that mention…": the admin report and its urgent-review action."""

import re

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .mentions import find_mentions, mark_for_urgent_review, owners_to_tell
from .reports import (
    UKDateColumn,
    UKSpreadsheetExportMixin,
    display_name,
    page_title_column,
)

MAX_TERM_LENGTH = 100
PAGE_ID = re.compile(r"[0-9]{1,18}")


class ChooseColumn(Column):
    """A checkbox to choose the page for urgent review, if it has a review date."""

    cell_template_name = "pages/admin/mention_choose_cell.html"


class MentionsReportView(UKSpreadsheetExportMixin, ReportView):
    page_title = "Pages that mention…"
    header_icon = "search"
    index_url_name = "mentions_report"
    index_results_url_name = "mentions_report_results"
    results_template_name = "pages/admin/mentions_report_results.html"
    # Any editor may look; the action checks edit permission page by page.
    permission_policy = None
    is_searchable = True
    default_ordering = "title"
    export_filename = "pages-that-mention"
    columns = [
        ChooseColumn("choose", label="Choose"),
        page_title_column("Page"),
        Column("type_name", label="Type"),
        Column("found_in", label="Mentioned in"),
        Column("owner_name", label="Content owner"),
        UKDateColumn("next_review_due", label="Review due"),
    ]
    list_export = [
        "title",
        "full_url",
        "type_name",
        "found_in",
        "owner_name",
        "next_review_due",
    ]
    export_headings = {
        "title": "Page",
        "full_url": "Address",
        "type_name": "Type",
        "found_in": "Mentioned in",
        "owner_name": "Content owner",
        "next_review_due": "Review due",
    }

    def get_search_form(self):
        return SearchForm(
            self.request.GET if "q" in self.request.GET else None,
            placeholder="A medicine or trial, for example Ocrevus",
        )

    @property
    def term(self) -> str:
        return self.search_query.strip()[:MAX_TERM_LENGTH]

    def get_queryset(self):
        self.mentions = find_mentions(self.term) if self.term else {}
        self.queryset = Page.objects.filter(pk__in=self.mentions).select_related(
            "owner", "content_type"
        )
        return super().get_queryset()

    def search_queryset(self, queryset):
        return queryset  # get_queryset has already found the mentions

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        specific = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[page.pk for page in pages])
            .defer_streamfields()
            .specific()
        }
        for page in pages:
            page.type_name = page.content_type.name.capitalize()
            page.found_in = self.mentions[page.pk].describe()
            page.has_review_date = hasattr(specific.get(page.pk), "next_review_due")
            page.next_review_due = getattr(
                specific.get(page.pk), "next_review_due", None
            )
            page.owner_name = display_name(page.owner)
        return pages

    @property
    def no_results_message(self):
        if not self.term:
            return (
                "Type the name of a medicine or trial above to find every page "
                "that mentions it."
            )
        return f"No page mentions “{self.term}” or its other names."

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["term"] = self.term
        return context


def _titles(pages: list) -> str:
    """“A”, “B” and “C”."""
    titles = [f"“{page.title}”" for page in pages]
    return " and ".join([", ".join(titles[:-1]), titles[-1]] if titles[1:] else titles)


def who_was_told(pages: list, marker) -> str:
    """Say plainly who was e-mailed, and why anyone else was not."""
    recipients = owners_to_tell(pages, marker)
    names = [
        owner.get_full_name() or owner.get_username() for owner in recipients.by_owner
    ]
    told = (
        "Told by e-mail: " + ", ".join(sorted(names)) + "."
        if names
        else "Nobody was e-mailed."
    )
    if recipients.own:
        told += (
            f" You are the content owner of {_titles(recipients.own)}, so no "
            "e-mail was sent about "
            + ("it" if len(recipients.own) == 1 else "them")
            + ": it is up to you to have "
            + ("it" if len(recipients.own) == 1 else "them")
            + " reviewed."
        )
    if recipients.untold:
        told += (
            f" No content owner could be told about {_titles(recipients.untold)}: "
            "choose an owner with an e-mail address on the page's Review and "
            "sources tab."
        )
    return told


@require_POST
def urgent_review(request):
    """Make today the review date of the chosen pages, then back to the report."""
    term = request.POST.get("term", "").strip()[:MAX_TERM_LENGTH]
    back = reverse("mentions_report") + "?" + urlencode({"q": term})
    # ASCII digits only: "²" passes str.isdigit() but makes the query fail.
    ids = [value for value in request.POST.getlist("page") if PAGE_ID.fullmatch(value)]
    pages = [
        page
        for page in Page.objects.filter(pk__in=ids).specific()
        if page.permissions_for_user(request.user).can_edit()
    ]
    if not pages:
        messages.error(request, "Choose at least one page that you can edit.")
        return HttpResponseRedirect(back)
    marked = mark_for_urgent_review(pages, request.user, term)
    skipped = len(ids) - len(marked)
    message = (
        f"{len(marked)} page{'s' if len(marked) != 1 else ''} marked for urgent "
        "review: the review is now due today. " + who_was_told(marked, request.user)
    )
    if skipped:
        message += (
            f" {skipped} could not be changed (no review date, or not yours to edit)."
        )
    messages.success(request, message)
    return HttpResponseRedirect(back)
