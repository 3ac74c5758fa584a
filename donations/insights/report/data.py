"""Everything the donate clicks report shows, built once and used both for the
page and for its CSV and XLSX downloads, so they always agree."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F, Q
from django.urls import reverse

from wagtail.models import Page

from donations.choices import Placement
from donations.links import CONTROL_VARIANT
from donations.models import Appeal, CallToActionTest, DonationCallToAction

from ..ab_testing import figures_for, verdict
from ..figures import (
    FIGURE_SORTS,
    Breakdowns,
    Figures,
    Period,
    Sources,
    breakdowns,
    report_queries,
    sources,
)
from ..page_table import PageRow, by_page
from ..rollup import month_start, next_month, uk_day_bounds
from ..significance import Verdict

PAGE_SIZE = 50
CTA_SORTS = ["name", "appeal", *FIGURE_SORTS, "change"]
PLACEMENT_SORTS = ["placement", *FIGURE_SORTS]
PAGE_SORTS = ["title", *FIGURE_SORTS]
DEFAULT_SORT = "-clicks"
NOT_FROM_A_BUTTON = "Not from a donate button"
NO_APPEAL = "No appeal"


def clean_sort(value: str | None, allowed: list[str]) -> str:
    """A sort from the address, or the default when it is not one we offer."""
    if value and value.lstrip("-") in allowed:
        return value
    return DEFAULT_SORT


def change(now: int, before: int) -> float | None:
    """Relative change from the previous period (None when it had none)."""
    return (now - before) / before if before else None


def _sorted(rows: list, sort: str, keys: dict) -> list:
    """Rows sorted by one of `keys`; empty values always last, ties by label."""
    name = sort.lstrip("-")
    descending = sort.startswith("-")
    key = keys[name]
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=lambda row: row.label.lower())
    present.sort(key=key, reverse=descending)
    return present + missing


@dataclass
class CtaRow:
    cta_id: int
    label: str
    appeal: str
    figures: Figures
    previous: Figures
    edit_url: str | None

    @property
    def change(self) -> float | None:
        return change(self.figures.clicks, self.previous.clicks)


def _figure_key(attribute: str):
    return lambda row: getattr(row.figures, attribute)


def figure_keys(**others) -> dict:
    """Sort keys for the figure columns every table shares."""
    return {
        **{key: _figure_key(attribute) for key, attribute in FIGURE_SORTS.items()},
        **others,
    }


@dataclass
class AppealRow:
    label: str
    figures: Figures
    previous: Figures

    @property
    def change(self) -> float | None:
        return change(self.figures.amount, self.previous.amount)


@dataclass
class VersionRow:
    cta_label: str
    label: str
    figures: Figures


@dataclass
class PlacementRow:
    placement: str
    label: str
    figures: Figures


@dataclass
class DayRow:
    day: date
    figures: Figures
    previous_day: date
    previous: Figures


@dataclass
class ABTestReport:
    test: CallToActionTest
    verdict: Verdict
    left_out_clicks: int
    can_end: bool = False


@dataclass
class Report:
    period: Period
    previous_period: Period
    appeal: Appeal | None
    call_to_action: DonationCallToAction | None
    current: Breakdowns
    prior: Breakdowns
    sorts: dict[str, str]
    cta_rows: list[CtaRow] = field(default_factory=list)
    placement_rows: list[PlacementRow] = field(default_factory=list)
    appeal_rows: list[AppealRow] = field(default_factory=list)
    version_rows: list[VersionRow] = field(default_factory=list)
    day_rows: list[DayRow] = field(default_factory=list)
    page_rows: list[PageRow] = field(default_factory=list)
    page_count: int = 0
    page_number: int = 1
    page_size: int | None = PAGE_SIZE
    tests: list[ABTestReport] = field(default_factory=list)
    generated_at: datetime | None = None
    # Names of the calls to action in the tables, by id.
    ctas: dict[int, str] = field(default_factory=dict)

    @property
    def total(self) -> Figures:
        return self.current.total

    @property
    def previous_total(self) -> Figures:
        return self.prior.total

    @property
    def clicks_change(self) -> float | None:
        return change(self.total.clicks, self.previous_total.clicks)

    @property
    def impressions_change(self) -> float | None:
        return change(self.total.impressions, self.previous_total.impressions)

    @property
    def amount_change(self) -> float | None:
        return change(self.total.amount, self.previous_total.amount)

    @property
    def gifts_change(self) -> float | None:
        return change(self.total.gifts, self.previous_total.gifts)

    @property
    def button_gifts(self) -> int:
        """Gifts credited to a donate button (conversion counts only these)."""
        return self.total.gifts - self.current.by_cta.get(None, Figures()).gifts

    @property
    def conversion(self) -> float | None:
        clicks = self.total.clicks
        return self.button_gifts / clicks if clicks else None

    @property
    def ctr_change(self) -> float | None:
        """Relative change in click-through rate, like the other changes."""
        if self.total.ctr is None or not self.previous_total.ctr:
            return None
        return self.total.ctr / self.previous_total.ctr - 1

    @property
    def page_pages(self) -> int:
        if not self.page_size:
            return 1
        return max(1, -(-self.page_count // self.page_size))

    @property
    def scope_label(self) -> str:
        if self.call_to_action is not None:
            return self.call_to_action.name
        if self.appeal is not None:
            return self.appeal.name
        return "All calls to action"


def _cta_ids(
    appeal: Appeal | None, cta: DonationCallToAction | None
) -> list[int] | None:
    if cta is not None:
        if appeal is not None and cta.appeal_id != appeal.pk:
            return []
        return [cta.pk]
    if appeal is not None:
        return list(appeal.calls_to_action.values_list("pk", flat=True))
    return None


@report_queries()
def build_report(
    period: Period,
    appeal: Appeal | None = None,
    cta: DonationCallToAction | None = None,
    sorts: dict[str, str] | None = None,
    page_number: int = 1,
    page_size: int | None = PAGE_SIZE,
    user=None,
    request=None,
) -> Report:
    """The report for a period: a fixed number of queries, whatever the number
    of calls to action, pages or days. `page_size=None` gives every page row
    (for downloads)."""
    sorts = {
        "cta": clean_sort((sorts or {}).get("cta"), CTA_SORTS),
        "placement": clean_sort((sorts or {}).get("placement"), PLACEMENT_SORTS),
        "page": clean_sort((sorts or {}).get("page"), PAGE_SORTS),
    }
    previous = period.previous()
    cta_ids = _cta_ids(appeal, cta)
    # One look at which days are rolled up, for both periods and for the
    # whole months the page table weighs.
    months = Period(
        min(previous.start, month_start(period.start)),
        next_month(period.end) - timedelta(days=1),
    )
    rolled = sources(months.start, months.end).rolled
    split = Sources(
        previous.start, period.end, {day for day in rolled if day >= previous.start}
    )
    current, prior = breakdowns([period, previous], cta_ids, split)
    report = Report(
        period=period,
        previous_period=previous,
        appeal=appeal,
        call_to_action=cta,
        current=current,
        prior=prior,
        sorts=sorts,
        page_size=page_size,
    )
    _add_cta_rows(report)
    _add_appeal_rows(report)
    _add_placement_rows(report)
    _add_day_rows(report)

    page_split = Sources(period.start, period.end, rolled)
    if page_size is None:
        report.page_rows, report.page_count = by_page(
            page_split, cta_ids, sorts["page"], limit=None
        )
    else:
        report.page_number = max(1, page_number)

        def page_slice():
            report.page_rows, count = by_page(
                page_split,
                cta_ids,
                sorts["page"],
                limit=page_size,
                offset=(report.page_number - 1) * page_size,
            )
            return count

        report.page_count = page_slice()
        if not report.page_rows and report.page_number > 1:
            # Past the end (an old bookmark): count from the first page, then
            # show the last.
            report.page_number = 1
            report.page_count = page_slice()
            if report.page_pages > 1:
                report.page_number = report.page_pages
                page_slice()
    pages = Page.objects.in_bulk([row.page_id for row in report.page_rows])
    for row in report.page_rows:
        row.page = pages.get(row.page_id)
        if row.page is not None:
            row.title = row.page.title
            # From the sites' root paths (cached once per request), not the
            # tree path (home/about-ms/… under the root), no visitor's address.
            parts = row.page.get_url_parts(request)
            if parts is not None:
                _, root_url, path = parts
                row.public_path = path
                row.public_url = (root_url or "") + path

    _add_tests(report, cta_ids, user)
    _add_version_rows(report)
    return report


def _add_cta_rows(report: Report) -> None:
    ids = set(report.current.by_cta) | set(report.prior.by_cta)
    # Names only, not model instances: a busy report has hundreds.
    found = DonationCallToAction.objects.filter(
        pk__in=[cta_id for cta_id in ids if cta_id is not None]
    ).values_list("pk", "name", "appeal__name")
    report.ctas = {pk: name for pk, name, _ in found}
    appeals = {pk: appeal or "" for pk, _, appeal in found}
    # Reversed once: a URL per row costs more than the rest of the table.
    before, after = reverse(
        "wagtailsnippets_donations_donationcalltoaction:edit", args=[0]
    ).rsplit("/0/", 1)
    rows = []
    for cta_id in ids:
        name = report.ctas.get(cta_id)
        if cta_id is None:
            label = NOT_FROM_A_BUTTON
        else:
            label = name if name is not None else f"Deleted call to action {cta_id}"
        rows.append(
            CtaRow(
                cta_id=cta_id,
                label=label,
                appeal=appeals.get(cta_id, ""),
                figures=report.current.by_cta.get(cta_id, Figures()),
                previous=report.prior.by_cta.get(cta_id, Figures()),
                edit_url=f"{before}/{cta_id}/{after}" if name is not None else None,
            )
        )
    credited = [row for row in rows if row.cta_id is not None]
    uncredited = [row for row in rows if row.cta_id is None]
    # Gifts no button is credited with always come last.
    report.cta_rows = (
        _sorted(
            credited,
            report.sorts["cta"],
            figure_keys(
                name=lambda row: row.label.lower(),
                appeal=lambda row: row.appeal.lower(),
                change=lambda row: row.change,
            ),
        )
        + uncredited
    )


def _add_appeal_rows(report: Report) -> None:
    """The call to action rows summed by appeal (no query)."""
    rows: dict[str, AppealRow] = {}
    for row in report.cta_rows:
        if row.cta_id is None:
            continue
        label = row.appeal or NO_APPEAL
        appeal = rows.setdefault(label, AppealRow(label, Figures(), Figures()))
        appeal.figures.add(row.figures)
        appeal.previous.add(row.previous)
    report.appeal_rows = sorted(
        rows.values(),
        key=lambda row: (row.label == NO_APPEAL, -row.figures.amount, row.label),
    )


def _add_version_rows(report: Report) -> None:
    """Each version of the calls to action seen with more than one: one query
    for the versions' names, from their A/B tests."""
    keys = [key for key in report.current.by_version if key[0] is not None]
    counts: dict[int, int] = {}
    for cta_id, _ in keys:
        counts[cta_id] = counts.get(cta_id, 0) + 1
    shown = sorted(
        (key for key in keys if counts[key[0]] > 1),
        key=lambda key: (
            report.ctas.get(key[0], ""),
            key[1] != CONTROL_VARIANT,
            key[1],
        ),
    )
    if not shown:
        return
    labels = {CONTROL_VARIANT: "A (control)"}
    tests = CallToActionTest.objects.filter(
        call_to_action_id__in={cta_id for cta_id, _ in shown}
    ).only("versions")
    for test in tests:
        for version in test.get_versions():
            labels[version.key] = version.label
    report.version_rows = [
        VersionRow(
            cta_label=report.ctas.get(cta_id, f"Deleted call to action {cta_id}"),
            label=labels.get(variant, variant),
            figures=report.current.by_version[(cta_id, variant)],
        )
        for cta_id, variant in shown
    ]


def _add_placement_rows(report: Report) -> None:
    labels = {**dict(Placement.choices), "": NOT_FROM_A_BUTTON}
    rows = [
        PlacementRow(placement, labels.get(placement, placement), figures)
        for placement, figures in report.current.by_placement.items()
    ]
    report.placement_rows = _sorted(
        [row for row in rows if row.placement],
        report.sorts["placement"],
        figure_keys(placement=lambda row: row.label.lower()),
    ) + [row for row in rows if not row.placement]


def _add_day_rows(report: Report) -> None:
    offset = timedelta(days=report.period.days)
    report.day_rows = [
        DayRow(
            day=day,
            figures=report.current.by_day.get(day, Figures()),
            previous_day=day - offset,
            previous=report.prior.by_day.get(day - offset, Figures()),
        )
        for day in report.period.dates()
    ]


def _add_tests(report: Report, cta_ids: list[int] | None, user) -> None:
    """A/B tests that ran at any time in the period."""
    if cta_ids == []:
        return
    start, _ = uk_day_bounds(report.period.start)
    _, end = uk_day_bounds(report.period.end)
    tests = CallToActionTest.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=start), started_at__lt=end
    ).select_related("call_to_action", "ended_by")
    if cta_ids is not None:
        tests = tests.filter(call_to_action_id__in=cta_ids)
    # Running tests first, then the most recently ended.
    tests = list(tests.order_by(F("ended_at").desc(nulls_first=True), "-started_at"))
    figures = figures_for(tests)
    can_end = bool(
        user is not None and user.has_perm("donations.publish_donationcalltoaction")
    )
    report.tests = [
        ABTestReport(
            test=test,
            verdict=verdict(test, figures[test.pk]),
            left_out_clicks=figures[test.pk].left_out_clicks,
            can_end=can_end and test.is_running,
        )
        for test in tests
    ]
