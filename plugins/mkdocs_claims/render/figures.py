"""Figures in prose: ``{{ figure <id> }}`` becomes the same words everywhere, with unit, period and source.

"17.46 million person-times (cumulative, Oct 2013 – Dec 2018)" reads the same on a claim page, in the feed,
in the CSV and on the numbers page, so a count can never lose its unit or its dates on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from ..model import FIGURE_REFERENCE, Dataset, Figure

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_value(value: float) -> str:
    """17460000 -> '17.46 million'; 6959 -> '6,959'; 0.5 -> '0.5'."""
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{_trim(value / size)} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _trim(number: float) -> str:
    return f"{number:.3f}".rstrip("0").rstrip(".")


def short_date(value: str) -> str:
    """'2018-12-31' -> '31 Dec 2018'; '2018-12' -> 'Dec 2018'; '2018' -> '2018'."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS_SHORT[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def format_period(figure: Figure) -> str:
    """'cumulative, Oct 2013 – Dec 2018', 'in 2024' or 'as of Dec 2018'."""
    start, end = figure.period_start, figure.period_end
    if start:
        if _whole_year(start, end):
            period = f"in {start[:4]}" if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
        else:
            period = f"{short_date(start)} – {short_date(end)}"
    else:
        period = f"as of {short_date(end)}"
    return f"cumulative, {period}" if figure.cumulative else period


def _whole_year(start: str, end: str) -> bool:
    return start[5:] in ("", "01", "01-01") and end[5:] in ("", "12", "12-31")


def figure_text(figure: Figure) -> str:
    """The figure in words: value, unit and period."""
    return f"{format_value(figure.value)} {figure.unit} ({format_period(figure)})"


def expand_plain(text: str, dataset: Dataset) -> str:
    """Prose with each figure reference replaced by its words (for feeds, CSV, JSON and meta tags)."""
    if "{{" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        figure = dataset.figure(match.group(1))
        return figure_text(figure) if figure else match.group()

    return FIGURE_REFERENCE.sub(words, text)


def expand_html(html: str, dataset: Dataset, source_link: Callable[[str], str]) -> Markup:
    """Sanitised HTML with each figure reference replaced by the figure and a link to its source.

    ``source_link(source_id)`` gives the href of the source (the page's numbered list or the bibliography)."""
    if "{{" not in html:
        return Markup(html)  # noqa: S704 - the input is already sanitised HTML

    def figure_html(match: re.Match[str]) -> str:
        figure = dataset.figure(match.group(1))
        if figure is None:
            return match.group()
        source = dataset.source(figure.source_id)
        title = f"Source: {source.title}" if source else "Source"
        return (f'<span class="mc-figure" data-figure="{figure.id}">{escape(format_value(figure.value))} '
                f'{escape(figure.unit)} <span class="mc-figure-period">({escape(format_period(figure))})</span>'
                f'</span><a class="mc-cite mc-figure-source" href="{escape(source_link(figure.source_id))}" '
                f'title="{escape(title)}">[source]</a>')

    return Markup(FIGURE_REFERENCE.sub(figure_html, html))  # noqa: S704 - our own escaped markup
