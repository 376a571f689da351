"""Where generated pages live, and links between them that work on a server, under a sub-path and from file://."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

# A Markdown link to a page by its path in docs_dir: [text](visitors/index.md) or [text](about.md#part).
PAGE_LINK = re.compile(r"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^)\s#]+\.md)(#[^)\s]*)?\)")


@dataclass(frozen=True)
class Urls:
    """Turns a page's source path (``claims/my-claim.md``) into its URL the way MkDocs does."""

    use_directory_urls: bool = True
    site_url: str = ""

    def page(self, src_uri: str) -> str:
        """Site-root-relative URL of the page built from ``src_uri``."""
        stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        return stem + "/"

    def claim(self, claim_id: str) -> str:
        return self.page(claim_src(claim_id))

    def absolute(self, url: str) -> str:
        """Absolute URL for feeds, JSON-LD and exports (needs site_url)."""
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")

    @staticmethod
    def relative(target: str, from_url: str) -> str:
        """Link from the page at ``from_url`` to ``target`` (both site-root-relative)."""
        if target.startswith(("http://", "https://", "#", "mailto:")):
            return target
        target, _, anchor = target.partition("#")
        base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
        relative = posixpath.relpath("/" + target, "/" + base)
        if (not target or target.endswith("/")) and not relative.endswith("/"):
            relative += "/"
        if relative == "./" and not target:
            relative = "./"
        return relative + ("#" + anchor if anchor else "")


def claim_src(claim_id: str) -> str:
    return f"claims/{claim_id}.md"


def worksheet_src(claim_id: str) -> str:
    return f"claims/{claim_id}/worksheet.md"


def card_path(claim_id: str) -> str:
    """The share-card image of a claim (1200×630 PNG)."""
    return f"claims/{claim_id}/card.png"


def page_links(markdown: str) -> list[str]:
    """The docs paths that a Markdown text links to."""
    return [m.group(1) for m in PAGE_LINK.finditer(markdown)]


def resolve_page_links(markdown: str, url_of: Callable[[str], str]) -> str:
    """Markdown with every link to a docs page (``[text](path.md#part)``) pointed at ``url_of(path)``: text from
    the data is rendered outside MkDocs, which would otherwise resolve such links."""
    return PAGE_LINK.sub(lambda m: f"]({url_of(m.group(1))}{m.group(2) or ''})", markdown)
