"""How to cite a fact check: APA, MLA and Chicago strings, and BibTeX and RIS files.

The reference is titled as a fact check with its rating ("Fact check: '…' (rated Misleading)"), so a reference list
never reads as if it endorsed the claim.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Claim, Dataset
from .site import SiteInfo
from .urls import Urls

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ACCESS_DATE = "ACCESS_DATE"
PREVIEW_NOTE = " (preview: the full address is set when the site is published)"


def citation_title(claim: Claim, dataset: Dataset) -> str:
    return f"Fact check: \u2018{claim.claim.rstrip('.')}\u2019 (rated {dataset.verdict(claim).label})"


def _url(claim: Claim, site: SiteInfo, urls: Urls) -> str:
    return urls.absolute(urls.claim(claim.id)) + (PREVIEW_NOTE if site.preview else "")


def citations(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls) -> dict[str, str]:
    """APA, MLA and Chicago references. ACCESS_DATE is filled in by the reader's browser."""
    url = _url(claim, site, urls)
    title = citation_title(claim, dataset)
    org, name = site.organisation, site.name
    # Name the website only when it differs from the organisation that publishes it.
    website = f" {name}." if name != org else ""
    published = dt.date.fromisoformat(claim.published)
    modified = dt.date.fromisoformat(claim.modified)
    mla_container = f"{name}, {org}" if name != org else name
    return {
        "APA": f"{org}. ({published.year}, {MONTHS[published.month - 1]} {published.day}). {title}.{website} {url}",
        "MLA": f"\u201c{title}.\u201d {mla_container}, {modified.day} {MLA_MONTHS[modified.month - 1]} "
               f"{modified.year}, {url}. Accessed {ACCESS_DATE}.",
        "Chicago": f"{org}. \u201c{title}.\u201d{website} Last modified {MONTHS[modified.month - 1]} "
                   f"{modified.day}, {modified.year}. {url}.",
    }


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", "\\textbackslash{}")
    return re.sub(r"([{}%&#$_])", r"\\\1", text)


def bibtex(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls) -> str:
    modified = dt.date.fromisoformat(claim.modified)
    key = re.sub(r"[^a-z0-9]+", "", site.name.lower())[:20] + "-" + claim.id
    fields = [
        ("author", "{" + _bibtex_escape(site.organisation) + "}"),
        ("title", "{" + _bibtex_escape(citation_title(claim, dataset)) + "}"),
        ("howpublished", _bibtex_escape(site.name)),
        ("year", str(modified.year)),
        ("month", BIBTEX_MONTHS[modified.month - 1]),
        ("url", _url(claim, site, urls)),
        ("note", f"Fact check, last reviewed {claim.reviewed}"),
    ]
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls) -> str:
    published = claim.published.replace("-", "/")
    lines = [
        ("TY", "ELEC"),
        ("AU", site.organisation),
        ("TI", citation_title(claim, dataset)),
        ("T2", site.name),
        ("PB", site.organisation),
        ("PY", claim.published[:4]),
        ("DA", published),
        ("UR", _url(claim, site, urls)),
        ("N1", f"Verdict: {dataset.verdict(claim).label}. Last reviewed {claim.reviewed}."),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
