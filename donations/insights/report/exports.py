"""CSV and XLSX downloads of the donate clicks report: the same tables, rows
and order as the page, in UK local time.

Wagtail's SpreadsheetExportMixin writes one sheet of one queryset in naive UTC;
the report has several tables, so it writes its own: one CSV per table, or one
workbook with a sheet per table. Any text that a spreadsheet would read as a
formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with
an apostrophe, so a call to action named "=HYPERLINK(…)" stays text. Numbers
are written as numbers, never as text.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..significance import Verdict
from .data import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Percent(float):
    """A rate or change, as a fraction: 0.0412 is 4.12%."""


class Points(float):
    """A difference between two rates, in percentage points."""


class Pounds(float):
    """Money, in pounds (from pence)."""


def _pounds(pence: float | None):
    return None if pence is None else Pounds(pence / 100)


@dataclass
class Table:
    name: str  # for the address and the CSV's file name
    title: str  # the XLSX sheet's name (31 characters at most)
    headings: list[str]
    rows: list[list]
    # Columns of rates and changes: numbers in percent in a CSV, which says so
    # in the heading; formatted as percentages in a workbook.
    percent_columns: tuple[int, ...] = ()
    # Money columns: pounds in a CSV (said in the heading), £ in a workbook.
    money_columns: tuple[int, ...] = ()


def _local(value: datetime | None) -> datetime | None:
    return None if value is None else timezone.localtime(value).replace(tzinfo=None)


def _percent(value: float | None):
    return None if value is None else Percent(value)


# The figures every breakdown table carries, after its own columns: heading,
# and how to write the column ("%" rates, "£" money), read from Figures.
FIGURE_COLUMNS = [
    ("Impressions", "", lambda f: f.impressions),
    ("Clicks", "", lambda f: f.clicks),
    ("Click-through rate", "%", lambda f: f.ctr),
    ("Gifts", "", lambda f: f.gifts),
    ("One-off gifts", "", lambda f: f.one_off_gifts),
    ("New monthly gifts", "", lambda f: f.monthly_gifts),
    ("Gifts per click", "%", lambda f: f.conversion),
    ("Gifts per impression", "%", lambda f: f.gifts_per_impression),
    ("Gifts with Gift Aid", "%", lambda f: f.gift_aid_share),
    ("Money raised", "£", lambda f: f.amount),
    ("One-off money", "£", lambda f: f.one_off_amount),
    ("Monthly money, first payments", "£", lambda f: f.monthly_amount),
    ("Average gift", "£", lambda f: f.average_gift),
]


def _typed(kind: str, value):
    if kind == "%":
        return _percent(value)
    if kind == "£":
        return _pounds(value)
    return value


Column = tuple[str, str]  # heading, and "%", "£" or "" as in FIGURE_COLUMNS


def breakdown_table(
    name: str,
    title: str,
    before: list[Column],
    after: list[Column],
    rows: list[tuple[list, object, list]],
) -> Table:
    """A breakdown table: each row's own columns (`before`), its figures, then
    any more (`after`). `rows` hold each row's values before, its Figures,
    and its values after."""
    columns = [*before, *((h, kind) for h, kind, _ in FIGURE_COLUMNS), *after]
    kinds = [kind for _, kind in columns]
    return Table(
        name,
        title,
        [heading for heading, _ in columns],
        [
            [
                _typed(kind, value)
                for kind, value in zip(
                    kinds, [*own, *_raw(figures), *more], strict=True
                )
            ]
            for own, figures, more in rows
        ],
        tuple(index for index, kind in enumerate(kinds) if kind == "%"),
        tuple(index for index, kind in enumerate(kinds) if kind == "£"),
    )


def _raw(figures) -> list:
    return [read(figures) for _, _, read in FIGURE_COLUMNS]


def summary_table(report: Report) -> Table:
    period, previous = report.period, report.previous_period
    now, before = report.total, report.previous_total
    rows = [
        ["Calls to action", report.scope_label, None, None],
        ["First day", period.start, previous.start, None],
        ["Last day", period.end, previous.end, None],
        ["Clicks", now.clicks, before.clicks, _percent(report.clicks_change)],
        [
            "Impressions",
            now.impressions,
            before.impressions,
            _percent(report.impressions_change),
        ],
        [
            "Click-through rate (%)",
            _percent(now.ctr),
            _percent(before.ctr),
            _percent(report.ctr_change),
        ],
        [
            "Duplicate clicks (not counted)",
            now.duplicate_clicks,
            before.duplicate_clicks,
            None,
        ],
        ["Bot clicks (not counted)", now.bot_clicks, before.bot_clicks, None],
        ["Money raised (£)", _pounds(now.amount), _pounds(before.amount), None],
        ["Gifts", now.gifts, before.gifts, _percent(report.gifts_change)],
        ["Gifts from donate buttons", report.button_gifts, None, None],
        ["Gifts per click (%)", _percent(report.conversion), None, None],
        [
            "Gifts per impression (%)",
            _percent(now.gifts_per_impression),
            _percent(before.gifts_per_impression),
            None,
        ],
        [
            "Average gift (£)",
            _pounds(now.average_gift),
            _pounds(before.average_gift),
            None,
        ],
        ["One-off gifts", now.one_off_gifts, before.one_off_gifts, None],
        ["One-off money (£)", _pounds(now.one_off_amount), None, None],
        ["New monthly gifts", now.monthly_gifts, before.monthly_gifts, None],
        ["Monthly money, first payments (£)", _pounds(now.monthly_amount), None, None],
        [
            "Gifts with Gift Aid (%)",
            _percent(now.gift_aid_share),
            _percent(before.gift_aid_share),
            None,
        ],
        ["Downloaded (UK time)", _local(report.generated_at), None, None],
    ]
    return Table(
        "summary",
        "Summary",
        ["", "This period", "Previous period", "Change"],
        rows,
        (3,),
    )


def days_table(report: Report) -> Table:
    return Table(
        "days",
        "By day",
        [
            "Day (UK)",
            "Impressions",
            "Clicks",
            "Click-through rate",
            "Gifts",
            "Gifts per click",
            "Money raised",
            "Same day of previous period",
            "Impressions, previous period",
            "Clicks, previous period",
            "Money raised, previous period",
        ],
        [
            [
                row.day,
                row.figures.impressions,
                row.figures.clicks,
                _percent(row.figures.ctr),
                row.figures.gifts,
                _percent(row.figures.conversion),
                _pounds(row.figures.amount),
                row.previous_day,
                row.previous.impressions,
                row.previous.clicks,
                _pounds(row.previous.amount),
            ]
            for row in report.day_rows
        ],
        (3, 5),
        (6, 10),
    )


def ctas_table(report: Report) -> Table:
    return breakdown_table(
        "calls-to-action",
        "By call to action",
        [("Call to action", ""), ("Appeal", "")],
        [("Clicks, previous period", ""), ("Change in clicks", "%")],
        [
            ([row.label, row.appeal], row.figures, [row.previous.clicks, row.change])
            for row in report.cta_rows
        ],
    )


def appeals_table(report: Report) -> Table:
    return breakdown_table(
        "appeals",
        "By appeal",
        [("Appeal", "")],
        [("Money raised, previous period", "£"), ("Change in money", "%")],
        [
            ([row.label], row.figures, [row.previous.amount, row.change])
            for row in report.appeal_rows
        ],
    )


def versions_table(report: Report) -> Table:
    return breakdown_table(
        "versions",
        "By version",
        [("Call to action", ""), ("Version", "")],
        [],
        [([row.cta_label, row.label], row.figures, []) for row in report.version_rows],
    )


def placements_table(report: Report) -> Table:
    return breakdown_table(
        "placements",
        "By placement",
        [("Placement", "")],
        [],
        [([row.label], row.figures, []) for row in report.placement_rows],
    )


def pages_table(report: Report) -> Table:
    return breakdown_table(
        "pages",
        "By page",
        [("Page", ""), ("Address", "")],
        [],
        [
            (
                [
                    row.title or f"Page {row.page_id} (deleted or unknown)",
                    row.public_url or "",
                ],
                row.figures,
                [],
            )
            for row in report.page_rows
        ],
    )


def _verdict_rows(test_report, verdict: Verdict) -> list[list]:
    test = test_report.test
    rows = []
    for arm in verdict.arms:
        comparison = arm.comparison
        rows.append(
            [
                test.call_to_action.name,
                _local(test.started_at),
                _local(test.ended_at),
                test.get_outcome_display(),
                arm.label,
                arm.impressions,
                arm.clicks,
                _percent(arm.ctr),
                Points(comparison.difference * 100) if comparison else None,
                Points(comparison.low * 100) if comparison else None,
                Points(comparison.high * 100) if comparison else None,
                comparison.p_value if comparison else None,
                arm.gifts,
                _pounds(arm.amount),
                _pounds(_thousand(arm.income_per_impression)),
                _pounds(_thousand(arm.income.difference)) if arm.income else None,
                _pounds(_thousand(arm.income.low)) if arm.income else None,
                _pounds(_thousand(arm.income.high)) if arm.income else None,
                test_report.left_out_clicks,
                verdict.summary,
            ]
        )
    return rows


def tests_table(report: Report) -> Table:
    rows = []
    for test_report in report.tests:
        rows.extend(_verdict_rows(test_report, test_report.verdict))
    return Table(
        "ab-tests",
        "A-B tests",
        [
            "Call to action",
            "Test started (UK time)",
            "Test ended (UK time)",
            "Status",
            "Version",
            "Impressions",
            "Clicks",
            "Click-through rate",
            "Difference from control (points)",
            "Confidence interval from (points)",
            "Confidence interval to (points)",
            "p-value",
            "Gifts",
            "Money raised",
            "Money per 1,000 impressions",
            "Difference in money per 1,000 impressions",
            "Money confidence interval from",
            "Money confidence interval to",
            "Clicks left out of the test",
            "What the figures show",
        ],
        rows,
        (7,),
        (13, 14, 15, 16, 17),
    )


def _thousand(pence: float | None) -> float | None:
    return None if pence is None else pence * 1000


TABLES = {
    "summary": summary_table,
    "days": days_table,
    "calls-to-action": ctas_table,
    "appeals": appeals_table,
    "versions": versions_table,
    "placements": placements_table,
    "pages": pages_table,
    "ab-tests": tests_table,
}


def filename(report: Report, suffix: str = "") -> str:
    period = report.period
    name = f"donate-clicks-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    return f"{name}-{suffix}" if suffix else name


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Percent):
        return round(value * 100, 2)
    if isinstance(value, Points | Pounds):
        return round(value, 2)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(value)


def csv_response(report: Report, table_name: str) -> HttpResponse:
    table = TABLES[table_name](report)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{filename(report, table.name)}.csv"'
    )
    # A byte-order mark, so Excel reads the file as UTF-8 (names with £ or é).
    response.write("\ufeff")
    writer = csv.writer(response)
    headings = [
        f"{heading} (%)"
        if index in table.percent_columns
        else f"{heading} (£)"
        if index in table.money_columns and "(£)" not in heading
        else heading
        for index, heading in enumerate(table.headings)
    ]
    writer.writerow(escape_formula(heading) for heading in headings)
    for row in table.rows:
        writer.writerow(_csv_value(value) for value in row)
    return response


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.00%"
    elif isinstance(value, Pounds):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = '"£"#,##0.00'
    elif isinstance(value, Points):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "+0.00;-0.00;0.00"
    elif isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
    else:
        cell = WriteOnlyCell(sheet, value=escape_formula(value))
        if cell.data_type == "f":
            cell.data_type = "s"
    return cell


def xlsx_response(report: Report) -> HttpResponse:
    # Write-only: rows stream straight to the file, so a year's ten thousand
    # page rows take a moment, not minutes.
    workbook = Workbook(write_only=True)
    for build in TABLES.values():
        table = build(report)
        sheet = workbook.create_sheet(table.title)
        sheet.freeze_panes = "A2"
        for index, heading in enumerate(table.headings, start=1):
            longest = max(
                [len(str(heading))]
                + [len(str(row[index - 1])) for row in table.rows[:200]]
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(
                60, max(10, longest + 2)
            )
        headings = []
        for heading in table.headings:
            cell = WriteOnlyCell(sheet, value=escape_formula(heading))
            cell.font = Font(bold=True)
            headings.append(cell)
        sheet.append(headings)
        for values in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in values])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}.xlsx"'
    return response
