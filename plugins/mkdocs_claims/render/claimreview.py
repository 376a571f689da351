"""schema.org ClaimReview objects: what search engines and fact-check aggregators read."""

from __future__ import annotations

import json
from typing import Any

from ..model import Claim, Dataset
from .figures import expand_plain
from .markup import plain_text
from .site import SiteInfo
from .urls import Urls


def claim_review(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls) -> dict[str, Any]:
    """One ClaimReview for a claim, with absolute URLs (Google's fact-check structured data)."""
    verdict = dataset.verdict(claim)
    organisation = publisher(site, urls)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating is not None:
        rating |= {"ratingValue": verdict.rating, "bestRating": dataset.scale.best_rating,
                   "worstRating": dataset.scale.worst_rating}
    item: dict[str, Any] = {"@type": "Claim"}
    appearances = [_creative_work(a, dataset) for a in sorted(claim.appearances, key=lambda a: a.date)]
    if appearances:
        item["firstAppearance"] = appearances[0]
        item["appearance"] = appearances
        item["datePublished"] = appearances[0]["datePublished"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": urls.absolute(urls.claim(claim.id)),
        "claimReviewed": claim.claim,
        "datePublished": claim.published,
        "dateModified": claim.last_change,
        "author": organisation,
        "publisher": organisation,
        "reviewRating": rating,
        "itemReviewed": item,
        "reviewBody": (site.ui.gettext("Scope: %(scope)s.", scope=claim.scope) + " " if claim.scope else "")
        + plain_text(expand_plain(claim.summary, dataset, site.ui)),
        "inLanguage": site.language,
    }
    audiences = [a for a in site.audiences if a.id in claim.audiences]
    if audiences:
        review["audience"] = [{"@type": "Audience", "audienceType": a.label,
                               **({"url": urls.absolute(a.url)} if a.url else {})} for a in audiences]
    return review


def publisher(site: SiteInfo, urls: Urls) -> dict[str, Any]:
    """The publishing organisation, with the transparency facts the site declares (schema.org properties)."""
    organisation: dict[str, Any] = {"@type": "Organization", "name": site.organisation,
                                    "url": site.organisation_url or site.url or urls.absolute("")}
    if site.logo_url:
        logo = site.logo_url if "://" in site.logo_url else urls.absolute(site.logo_url)
        organisation["logo"] = {"@type": "ImageObject", "url": logo}
    if site.methodology_page:
        organisation["publishingPrinciples"] = urls.absolute(site.methodology_url)
    info = " ".join(part for part in (site.ownership, site.funding) if part)
    if info:
        organisation["ownershipFundingInfo"] = info
    if site.report_error:
        organisation["contactPoint"] = {"@type": "ContactPoint", "contactType": "corrections",
                                        **({"url": site.report_error} if "://" in site.report_error
                                           else {"email": site.report_error})}
    return organisation


def _creative_work(appearance: Any, dataset: Dataset) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "datePublished": appearance.date}
    source = dataset.source(appearance.source_id) if appearance.source_id else None
    url = appearance.url or (source.url if source else "")
    if url:
        work["url"] = url
    if source:
        work["headline"] = source.title
        author = source.author or source.publisher
        work["author"] = {"@type": "Person" if source.author else "Organization", "name": author}
        if source.publisher:
            work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can end or bend the block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
