"""Figures in prose: ``{{ figure <id> }}`` becomes the same words everywhere, with unit, period and source.

"17.46 million journeys (cumulative, Oct 2013 – Dec 2018)" reads the same on a claim page, in the feed,
in the CSV and on the numbers page, so a count can never lose its unit or its dates on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from ..i18n import Language, language
from ..model import FIGURE_REFERENCE, Dataset, Figure

ENGLISH = language("en")


def format_value(value: float, t: Language = ENGLISH) -> str:
    """17460000 -> '17.46 million'; 6959 -> '6,959'; 0.5 -> '0.5' (zh: '1746万', '6,959', '0.5')."""
    return t.number(value)


def short_date(value: str, t: Language = ENGLISH) -> str:
    """'2018-12-31' -> '31 Dec 2018'; '2018-12' -> 'Dec 2018'; '2018' -> '2018'."""
    return t.date(value, short=True)


def format_period(figure: Figure, t: Language = ENGLISH) -> str:
    """'cumulative, Oct 2013 – Dec 2018', 'in 2024' or 'as of Dec 2018'."""
    start, end = figure.period_start, figure.period_end
    if start:
        if _whole_year(start, end):
            period = t.gettext("in %(year)s", year=start[:4]) if start[:4] == end[:4] else \
                t.gettext("%(start)s–%(end)s", start=start[:4], end=end[:4])
        else:
            period = t.gettext("%(start)s – %(end)s", start=short_date(start, t), end=short_date(end, t))
    else:
        period = t.gettext("as of %(date)s", date=short_date(end, t))
    return t.gettext("cumulative, %(period)s", period=period) if figure.cumulative else period


def _whole_year(start: str, end: str) -> bool:
    return start[5:] in ("", "01", "01-01") and end[5:] in ("", "12", "12-31")


def figure_text(figure: Figure, t: Language = ENGLISH) -> str:
    """The figure in words: value, unit and period."""
    return t.gettext("%(value)s %(unit)s (%(period)s)", value=format_value(figure.value, t), unit=figure.unit,
                     period=format_period(figure, t))


def expand_plain(text: str, dataset: Dataset, t: Language = ENGLISH) -> str:
    """Prose with each figure reference replaced by its words (for feeds, CSV, JSON and meta tags)."""
    if "{{" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        figure = dataset.figure(match.group(1))
        return figure_text(figure, t) if figure else match.group()

    return FIGURE_REFERENCE.sub(words, text)


def expand_html(html: str, dataset: Dataset, source_link: Callable[[str], str], t: Language = ENGLISH) -> Markup:
    """Sanitised HTML with each figure reference replaced by the figure and a link to its source.

    ``source_link(source_id)`` gives the href of the source (the page's numbered list or the bibliography)."""
    if "{{" not in html:
        return Markup(html)  # noqa: S704 - the input is already sanitised HTML

    def figure_html(match: re.Match[str]) -> str:
        figure = dataset.figure(match.group(1))
        if figure is None:
            return match.group()
        source = dataset.source(figure.source_id)
        title = t.gettext("Source: %(title)s", title=source.title) if source else t.gettext("Source")
        mark = t.gettext("[source]")
        return (f'<span class="mc-figure" data-figure="{figure.id}">{escape(format_value(figure.value, t))} '
                f'{escape(figure.unit)} <span class="mc-figure-period">({escape(format_period(figure, t))})</span>'
                f'</span><a class="mc-cite mc-figure-source" href="{escape(source_link(figure.source_id))}" '
                f'title="{escape(title)}">{escape(mark)}</a>')

    return Markup(FIGURE_REFERENCE.sub(figure_html, html))  # noqa: S704 - our own escaped markup
