"""Formatting for the donate clicks report in the Wagtail admin."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .rollup import uk_today

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    """A click-through rate: 0.0412 → 4.12%."""
    return "–" if value is None else f"{value * 100:.2f}%"


@register.filter
def change(value: float | None) -> str:
    """A relative change: +12% or −8% (a real minus sign), or 'new'."""
    if value is None:
        return "no earlier figures"
    if round(value * 100) == 0:
        return "no change"
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{abs(value) * 100:.0f}%"


@register.filter
def change_class(value: float | None) -> str:
    if value is None or round(value * 100) == 0:
        return "dr-change--flat"
    return "dr-change--up" if value > 0 else "dr-change--down"


@register.filter
def points(value: float | None) -> str:
    """A difference between rates in percentage points, signed."""
    if value is None:
        return "–"
    sign = "+" if value >= 0 else "\u2212"
    return f"{sign}{abs(value) * 100:.2f}"


@register.filter
def level(value: float) -> str:
    """A confidence level: 0.975 → 97.5%."""
    return f"{value * 100:.3g}%"


@register.filter
def p_value(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 0.0001" if value < 0.0001 else f"{value:.4f}"


@register.filter
def described(field) -> str:
    """A form field's widget pointing at its hint and error messages, as the
    report's template lays them out (`<id>-hint`, `<id>-error`)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def heading_label(label: str, spoken: str = "", abbr: str = "") -> SafeString:
    """A column heading's words: a short `label` under a group heading
    ("Monthly" under "Gifts"), with `spoken` the whole heading for screen
    readers ("New monthly gifts"), which read a cell's column heading but not
    always its group's; `abbr` spells out an abbreviation on hover."""
    shown = format_html('<abbr title="{}">{}</abbr>', abbr, label) if abbr else label
    if not spoken:
        return format_html("{}", shown)
    return format_html(
        '<span aria-hidden="true">{}</span><span class="w-sr-only">{}</span>',
        shown,
        spoken,
    )


@register.simple_tag(takes_context=True)
def sort_header(
    context,
    label: str,
    key: str,
    param: str,
    current: str,
    anchor: str,
    numeric: bool = False,
    rowspan: int = 1,
    first: bool = False,
    spoken: str = "",
    abbr: str = "",
):
    """A sortable column heading: a link that sorts by this column (descending
    first, then ascending), with aria-sort saying how the table is sorted.
    See `heading_label` for `spoken` and `abbr`; `first` marks the first
    column of a group."""
    request = context["request"]
    descending = current == f"-{key}"
    ascending = current == key
    query = request.GET.copy()
    query[param] = key if descending else f"-{key}"
    if param == "page_sort":
        query.pop("p", None)
    query.pop("export", None)
    query.pop("table", None)
    state = "descending" if descending else "ascending" if ascending else "none"
    arrow = {"descending": "↓", "ascending": "↑", "none": ""}[state]
    hint = "sorted, largest first" if descending else "sorted, smallest first"
    classes = "dr-sortable" + (" dr-num" if numeric else "")
    classes += " dr-group-start" if first else ""
    return format_html(
        '<th scope="col"{} aria-sort="{}" class="{}"><a href="?{}#{}">{}'
        '<span class="dr-sort-arrow" aria-hidden="true">{}</span>{}</a></th>',
        format_html(' rowspan="{}"', rowspan) if rowspan > 1 else "",
        state,
        classes,
        query.urlencode(),
        anchor,
        heading_label(label, spoken, abbr),
        arrow,
        format_html('<span class="w-sr-only">, {}</span>', hint)
        if state != "none"
        else "",
    )


@register.simple_tag(takes_context=True)
def report_url(context, **changes) -> str:
    """The report's current address with some parameters changed (None drops
    one): for downloads and pagination."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return "?" + query.urlencode()


@register.simple_tag
def day_table_rows(rows) -> SafeString:
    """The day-by-day table's rows. Built here rather than in a template loop:
    a two-year period is 731 rows, and this is several times faster. Every
    value is written here from a date or a number: none needs escaping."""
    today = uk_today()
    row_html = (
        '<tr><th scope="row" class="dr-day"><time datetime="{}">{}</time></th>'
        '<td class="dr-num">{}</td><td class="dr-num">{}</td>'
        '<td class="dr-num">{}</td><td class="dr-num">{}</td>'
        '<td class="dr-num">{}</td><td class="dr-num">{}</td></tr>'
    )
    return mark_safe(
        "".join(
            row_html.format(
                row.day.isoformat(),
                f"{row.day:%a} {row.day.day} {row.day:%b}"
                + (" (so far)" if row.day == today else ""),
                f"{row.figures.impressions:,}",
                f"{row.figures.clicks:,}",
                rate(row.figures.ctr),
                f"{row.figures.gifts:,}",
                money(row.figures.amount),
                f"{row.previous.clicks:,}",
            )
            for row in rows
        )
    )


@register.filter
def money(pence: float | None) -> str:
    """Pence as pounds: 123456 → £1,234.56; whole pounds without pence."""
    if pence is None:
        return "–"
    pounds = pence / 100
    if float(pounds).is_integer():
        return f"£{pounds:,.0f}"
    return f"£{pounds:,.2f}"


@register.filter
def per_thousand(pence: float | None) -> str:
    """Income per impression as pounds per 1,000 impressions."""
    return "–" if pence is None else f"£{pence * 10:,.2f}"


@register.filter
def signed_per_thousand(pence: float | None) -> str:
    if pence is None:
        return "–"
    sign = "+" if pence >= 0 else "\u2212"
    return f"{sign}£{abs(pence) * 10:,.2f}"


FIGURE_CELLS = (
    '<td class="dr-num dr-group-start">{}</td><td class="dr-num">{}</td>'
    '<td class="dr-num">{}</td>'
    '<td class="dr-num dr-group-start">{}</td><td class="dr-num">{}</td>'
    '<td class="dr-num">{}</td><td class="dr-num">{}</td>'
    '<td class="dr-num">{}</td>'
    '<td class="dr-num dr-group-start">{}</td><td class="dr-num">{}</td>'
    '<td class="dr-num">{}</td><td class="dr-num">{}</td>'
)


@register.simple_tag
def figure_cells(figures) -> SafeString:
    """A table row's figure cells, the columns of `_figure_headers.html` in
    the groups of `_figure_groups.html`. Built here rather than included: the
    call to action and page tables have hundreds of rows. Every value is
    written here from a number, so none needs escaping."""
    return mark_safe(
        FIGURE_CELLS.format(
            f"{figures.impressions:,}",
            f"{figures.clicks:,}",
            rate(figures.ctr),
            f"{figures.gifts:,}",
            f"{figures.monthly_gifts:,}",
            rate(figures.conversion),
            rate(figures.gifts_per_impression),
            rate(figures.gift_aid_share),
            money(figures.amount),
            money(figures.one_off_amount),
            money(figures.monthly_amount),
            money(figures.average_gift),
        )
    )


@register.simple_tag
def cta_table_rows(rows) -> SafeString:
    """The call to action table's rows, built here like `day_table_rows`: a
    busy site has hundreds of calls to action."""
    return format_html_join(
        "",
        '<tr><th scope="row" class="dr-title">{}</th><td>{}</td>{}'
        '<td class="dr-num dr-group-start"><span class="dr-change {}">{}</span>{}'
        "</td></tr>",
        (
            (
                format_html('<a href="{}">{}</a>', row.edit_url, row.label)
                if row.edit_url
                else row.label,
                row.appeal or "–",
                figure_cells(row.figures),
                change_class(row.change),
                change(row.change),
                format_html(
                    ' <span class="dr-muted">(was {})</span>',
                    f"{row.previous.clicks:,}",
                )
                if row.change is not None
                else "",
            )
            for row in rows
        ),
    )
