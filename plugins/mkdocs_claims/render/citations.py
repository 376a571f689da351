"""How to cite a fact check: APA, MLA and Chicago strings, and BibTeX and RIS files.

The reference is titled as a fact check with its rating ("Fact check: '…' (rated Misleading)"), so a reference list
never reads as if it endorsed the claim.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from ..i18n import N_, Language
from ..model import Claim, Dataset
from .site import SiteInfo
from .urls import Urls

# MLA's month abbreviations ("June" and "July" are not shortened, "Sept." is): CLDR's short months differ.
MLA_MONTHS = (N_("Jan."), N_("Feb."), N_("Mar."), N_("Apr."), N_("May"), N_("June"), N_("July"), N_("Aug."),
              N_("Sept."), N_("Oct."), N_("Nov."), N_("Dec."))
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ACCESS_DATE = "ACCESS_DATE"


def citation_title(claim: Claim, dataset: Dataset, t: Language) -> str:
    return t.gettext("Fact check: \u2018%(claim)s\u2019 (rated %(verdict)s)", claim=claim.claim.rstrip(".\u3002"),
                     verdict=dataset.verdict(claim).label)


def _url(claim: Claim, site: SiteInfo, urls: Urls, t: Language) -> str:
    url = urls.absolute(urls.claim(claim.id))
    return t.gettext("%(url)s (preview: the full address is set when the site is published)", url=url) \
        if site.preview else url


def mla_date(day: int, month: int, year: int, t: Language) -> str:
    """'31 May 2024', 'Sept.' and all (MLA style; the reader's access date is written the same way in claims.js)."""
    return t.gettext("%(day)s %(month)s %(year)s", day=day, month=t.gettext(MLA_MONTHS[month - 1]), year=year)


def citations(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls, t: Language) -> dict[str, str]:
    """APA, MLA and Chicago references. ACCESS_DATE is filled in by the reader's browser."""
    url = _url(claim, site, urls, t)
    title = citation_title(claim, dataset, t)
    org, name = site.organisation, site.name
    # Name the website only when it differs from the organisation that publishes it.
    website = name if name != org else ""
    published = dt.date.fromisoformat(claim.published)
    modified = dt.date.fromisoformat(claim.modified)
    mla_container = f"{name}, {org}" if name != org else name
    # Translators: the date patterns are CLDR patterns (https://unicode.org/reports/tr35/tr35-dates.html).
    apa_date = format_date(published, t.pgettext("APA reference date (CLDR pattern)", "y, MMMM d"), locale=t.locale)
    chicago_date = format_date(modified, t.pgettext("Chicago reference date (CLDR pattern)", "MMMM d, y"),
                               locale=t.locale)
    values = {"org": org, "title": title, "website": website, "url": url}
    return {
        "APA": t.gettext("%(org)s. (%(date)s). %(title)s. %(website)s. %(url)s", date=apa_date, **values) if website
        else t.gettext("%(org)s. (%(date)s). %(title)s. %(url)s", date=apa_date, **values),
        "MLA": t.gettext("\u201c%(title)s.\u201d %(container)s, %(date)s, %(url)s. Accessed %(accessed)s.", title=title,
                         container=mla_container, date=mla_date(modified.day, modified.month, modified.year, t),
                         url=url, accessed=ACCESS_DATE),
        "Chicago": t.gettext("%(org)s. \u201c%(title)s.\u201d %(website)s. Last modified %(date)s. %(url)s.",
                             date=chicago_date, **values) if website
        else t.gettext("%(org)s. \u201c%(title)s.\u201d Last modified %(date)s. %(url)s.", date=chicago_date,
                       **values),
    }


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", "\\textbackslash{}")
    return re.sub(r"([{}%&#$_])", r"\\\1", text)


def bibtex(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls, t: Language) -> str:
    modified = dt.date.fromisoformat(claim.modified)
    key = re.sub(r"[^a-z0-9]+", "", site.name.lower())[:20] + "-" + claim.id
    fields = [
        ("author", "{" + _bibtex_escape(site.organisation) + "}"),
        ("title", "{" + _bibtex_escape(citation_title(claim, dataset, t)) + "}"),
        ("howpublished", _bibtex_escape(site.name)),
        ("year", str(modified.year)),
        ("month", BIBTEX_MONTHS[modified.month - 1]),
        ("url", _url(claim, site, urls, t)),
        ("note", _bibtex_escape(t.gettext("Fact check, last reviewed %(date)s", date=claim.reviewed))),
    ]
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls, t: Language) -> str:
    published = claim.published.replace("-", "/")
    lines = [
        ("TY", "ELEC"),
        ("AU", site.organisation),
        ("TI", citation_title(claim, dataset, t)),
        ("T2", site.name),
        ("PB", site.organisation),
        ("PY", claim.published[:4]),
        ("DA", published),
        ("UR", _url(claim, site, urls, t)),
        ("N1", t.gettext("Verdict: %(verdict)s. Last reviewed %(date)s.", verdict=dataset.verdict(claim).label,
                         date=claim.reviewed)),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
