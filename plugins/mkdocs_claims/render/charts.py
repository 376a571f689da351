"""Charts for the numbers page: inline SVG made at build time, readable without JavaScript.

Each series is the set of figures that share a ``series`` label, placed by the end of their period. Every point
links to its source; the page prints a data table beside each chart for screen readers and print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..i18n import Language
from ..model import Dataset, Figure
from .figures import format_value, short_date

WIDTH, HEIGHT = 560, 280
LEFT, RIGHT, TOP, BOTTOM = 86, 28, 16, 40


@dataclass(frozen=True)
class Series:
    label: str
    unit: str
    figures: tuple[Figure, ...]

    @property
    def anchor(self) -> str:
        return "series-" + "".join(c if c.isalnum() else "-" for c in self.label.lower()).strip("-")


def figure_series(dataset: Dataset) -> list[Series]:
    """Series in order of first appearance in the registry; points oldest first."""
    grouped: dict[str, list[Figure]] = {}
    for figure in dataset.figures:
        if figure.series:
            grouped.setdefault(figure.series, []).append(figure)
    return [Series(label, figures[0].unit, tuple(sorted(figures, key=lambda f: _when(f.period_end))))
            for label, figures in grouped.items()]


def _when(date: str) -> float:
    """A date as a fractional year: the x position of a point."""
    parts = [int(p) for p in date.split("-")]
    year, month, day = [*parts, 6, 15][:3] if len(parts) == 1 else [*parts, 15][:3]
    return year + (month - 1) / 12 + (day - 1) / 365


def _nice_ticks(largest: float) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least ``largest``."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(largest / step) + 1)]


def _time_ticks(xs: list[float], points: tuple[Figure, ...], x: object, t: Language) -> list[tuple[str, float]]:
    """Year labels at the start of each year inside the range; within one year, the dates of the points."""
    low, high = min(xs), max(xs)
    years = [year for year in range(math.ceil(low), math.floor(high) + 1)]
    if len(years) >= 2:
        step = max(1, len(years) // 6)
        return [(str(year), x(float(year))) for year in years[::step]]  # type: ignore[operator]
    return [(short_date(f.period_end, t), x(v)) for v, f in zip(xs, points, strict=True)][:6]  # type: ignore[operator]


def svg_chart(series: Series, source_link: object, t: Language) -> Markup:
    """A line chart of one series. ``source_link(source_id)`` gives each point's href."""
    points = series.figures
    xs = [_when(f.period_end) for f in points]
    top = max(f.value for f in points) * 1.1 or 1.0
    x_min, x_max = min(xs), max(xs)
    span = (x_max - x_min) or 1.0

    def x(value: float) -> float:
        if x_max == x_min:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (value - x_min) / span * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (1 - value / top) * (HEIGHT - TOP - BOTTOM)

    ticks = _nice_ticks(max(f.value for f in points))
    top = max(top, ticks[-1])
    parts = [f'<svg class="mc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{series.anchor}-title">',
             f'<title id="{series.anchor}-title">'
             + str(escape(t.ngettext("%(series)s: chart of %(num)s figure in %(unit)s; the table below gives every "
                                 "value.", "%(series)s: chart of %(num)s figures in %(unit)s; the table below gives "
                                 "every value.", len(points), series=series.label, unit=series.unit)))
             + '</title>']
    for value in ticks:
        parts.append(f'<line class="mc-chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}"/>')
        parts.append(f'<text class="mc-chart-axis" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
                     f'{escape(format_value(value, t))}</text>')
    for label, position in _time_ticks(xs, points, x, t):
        parts.append(f'<text class="mc-chart-axis" x="{position:.1f}" y="{HEIGHT - BOTTOM + 20}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    if len(points) > 1:
        line = " ".join(f"{x(v):.1f},{y(f.value):.1f}" for v, f in zip(xs, points, strict=True))
        parts.append(f'<polyline class="mc-chart-line" points="{line}"/>')
    for value_x, figure in zip(xs, points, strict=True):
        label = t.gettext("%(value)s %(unit)s, %(date)s: open the source", value=format_value(figure.value, t),
                          unit=figure.unit, date=short_date(figure.period_end, t))
        parts.append(f'<a href="{escape(source_link(figure.source_id))}" class="mc-chart-point">'  # type: ignore[operator]
                     f'<title>{escape(label)}</title>'
                     f'<circle cx="{x(value_x):.1f}" cy="{y(figure.value):.1f}" r="6"/></a>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every data value above is escaped
