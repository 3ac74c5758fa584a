"""A server-rendered SVG chart of impressions, clicks and money raised per day.

Plain SVG drawn by a template from coordinates worked out here: no JavaScript
and no inline style (colours come from classes in the report's stylesheet), so
it fits the strictest CSP, prints, and needs no charting library. The data
table beside it carries the same figures for screen readers and keyboards.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from .data import DayRow

WIDTH = 720
LEFT = 52
RIGHT = 28
PANEL_HEIGHT = 140
PANEL_GAP = 56
TOP = 28
X_LABELS = 6


def nice_step(raw: float) -> int:
    """A round step (1, 2, 5, 10, 20…) at least `raw`."""
    if raw <= 1:
        return 1
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    for nice in (1, 2, 5, 10):
        if fraction <= nice:
            return int(nice * 10**exponent)
    return int(10 ** (exponent + 1))


def compact(number: int) -> str:
    if number >= 1_000_000:
        return f"{number / 1_000_000:.1f}m".replace(".0m", "m")
    if number >= 10_000:
        return f"{number / 1000:.0f}k"
    return f"{number:,}"


@dataclass
class Panel:
    title: str
    css: str
    top: float
    height: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    line: str = ""
    area: str = ""
    previous_line: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def title_y(self) -> float:
        return self.top - 12


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    panels: list[Panel]
    x_labels: list[tuple[float, str]]
    description: str

    @property
    def tick_x(self) -> int:
        return self.left - 8

    @property
    def label_y(self) -> float:
        return self.panels[-1].bottom + 20


def _xs(count: int) -> list[float]:
    plot = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + plot / 2]
    return [LEFT + plot * index / (count - 1) for index in range(count)]


def _panel(
    title: str,
    css: str,
    top: float,
    values: list[int],
    previous: list[int],
    prefix: str = "",
) -> Panel:
    panel = Panel(title, css, top, PANEL_HEIGHT)
    highest = max(values + previous + [0])
    step = nice_step(highest / 4)
    ceiling = step * max(1, math.ceil(highest / step))
    for tick in range(0, ceiling + 1, step):
        y = panel.bottom - PANEL_HEIGHT * tick / ceiling
        panel.ticks.append((round(y, 1), prefix + compact(tick)))
    xs = _xs(len(values))

    def y_of(value: int) -> float:
        return round(panel.bottom - PANEL_HEIGHT * value / ceiling, 1)

    points = [(round(x, 1), y_of(value)) for x, value in zip(xs, values, strict=True)]
    panel.points = points if len(points) <= 62 else []
    panel.line = "M" + " L".join(f"{x},{y}" for x, y in points)
    panel.area = (
        f"M{points[0][0]},{panel.bottom} L"
        + " L".join(f"{x},{y}" for x, y in points)
        + f" L{points[-1][0]},{panel.bottom} Z"
    )
    previous_points = [
        (round(x, 1), y_of(value)) for x, value in zip(xs, previous, strict=True)
    ]
    panel.previous_line = "M" + " L".join(f"{x},{y}" for x, y in previous_points)
    return panel


def _day_label(day: date, show_month: bool) -> str:
    return f"{day.day} {day:%b}" if show_month else str(day.day)


def day_chart(rows: list[DayRow]) -> Chart | None:
    if not rows:
        return None
    impressions = [row.figures.impressions for row in rows]
    clicks = [row.figures.clicks for row in rows]
    panels = [
        _panel(
            "Impressions per day",
            "impressions",
            TOP,
            impressions,
            [row.previous.impressions for row in rows],
        ),
        _panel(
            "Clicks per day",
            "clicks",
            TOP + PANEL_HEIGHT + PANEL_GAP,
            clicks,
            [row.previous.clicks for row in rows],
        ),
        _panel(
            "Money raised per day",
            "money",
            TOP + 2 * (PANEL_HEIGHT + PANEL_GAP),
            [row.figures.amount // 100 for row in rows],
            [row.previous.amount // 100 for row in rows],
            prefix="£",
        ),
    ]
    xs = _xs(len(rows))
    every = max(1, math.ceil(len(rows) / X_LABELS))
    labels = [
        (round(xs[index], 1), _day_label(rows[index].day, True))
        for index in range(0, len(rows), every)
    ]
    busiest = max(rows, key=lambda row: row.figures.clicks)
    raised = sum(row.figures.amount for row in rows) / 100
    description = (
        f"Impressions, clicks and money raised for each day from "
        f"{rows[0].day:%-d %B %Y} to {rows[-1].day:%-d %B %Y}, with the previous "
        f"period as dashed lines. {sum(clicks):,} clicks, "
        f"{sum(impressions):,} impressions and £{raised:,.0f} raised in all"
    )
    if busiest.figures.clicks:
        description += (
            f"; most clicks ({busiest.figures.clicks:,}) on {busiest.day:%-d %B}."
        )
    else:
        description += "."
    height = int(TOP + 3 * PANEL_HEIGHT + 2 * PANEL_GAP + 30)
    return Chart(WIDTH, height, LEFT, WIDTH - RIGHT, panels, labels, description)
