"""Markdown fields from the data, turned into safe HTML.

Editors may use Markdown; whatever HTML results passes through an allow-list
sanitiser (nh3, the Rust ammonia library), so no script, event handler or
unsafe URL from the data can reach a reader's browser.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "br", "blockquote", "sub", "sup", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class MarkdownRenderer:
    """Renders a Markdown field to sanitised HTML. One instance is reused: Markdown() setup is costly."""

    def __init__(self) -> None:
        # Raw HTML in the data is escaped by Markdown itself first; nh3 is the second wall.
        self._md = markdown.Markdown(extensions=[], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # The same text is rendered on several pages (claim page, worksheet, cards): convert it once.
        self._done: dict[str, Markup] = {}

    def block(self, text: str) -> Markup:
        """Render paragraphs and lists."""
        done = self._done.get(text)
        if done is None:
            html = self._md.reset().convert(text)
            done = self._done[text] = Markup(sanitise(html))  # noqa: S704 - nh3 removed all not on the allow-list
        return done

    def inline(self, text: str) -> Markup:
        """Render one paragraph without the surrounding <p>."""
        return _unwrap(self.block(text))

    def site_inline(self, text: str) -> Markup:
        """One paragraph the site wrote in mkdocs.yml (not the data): its links are the site's own, so they are
        not marked nofollow; the same allow-list applies."""
        html = sanitise(self._md.reset().convert(text), link_rel=None)
        return _unwrap(Markup(html))  # noqa: S704 - nh3 removed all not on the allow-list


def _unwrap(html: Markup) -> Markup:
    text = str(html)
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        text = text[3:-4]
    return Markup(text)  # noqa: S704 - already sanitised


def sanitise(html: str, link_rel: str | None = "noopener nofollow") -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                     link_rel=link_rel)


@lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """Markdown to plain text for meta descriptions, feeds, CSV and JSON-LD."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def truncate(text: str, limit: int) -> str:
    """``text``, or its first words within ``limit`` characters and "…" (descriptions, search and matcher teasers)."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
