"""A Content-Security-Policy for every page: only the site's own files, and inline scripts by their hashes.

A second wall behind the sanitiser: if a future template or theme upgrade let a script into a page, the browser
would still refuse to run it, because only the scripts present at build time are allowed, each by its SHA-256.
The policy travels in a <meta http-equiv> tag, which works on any static host; README gives the header form
(with frame-ancestors, which a meta tag cannot carry).
"""

from __future__ import annotations

import base64
import hashlib
import re

# Inline <script> blocks without src. Data blocks (JSON, JSON-LD) are never run, so they need no hash.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")
CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)

BASE_POLICY = (
    ("default-src", "'self'"),
    # 'wasm-unsafe-eval' lets the search worker compile Pagefind's WebAssembly; JavaScript eval stays refused.
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    # data: for the SVG icons that Material's stylesheet embeds; nothing is fetched from another host.
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


# The offline edition is read from file://, where Chromium gives each file an opaque origin: its own files are
# allowed by scheme, and nothing else.
OFFLINE_POLICY = {"default-src": "file:", "script-src": "file:", "style-src": "file:", "img-src": "file:",
                  "font-src": "file:", "connect-src": "file:", "worker-src": "file:", "frame-src": "file:"}


def script_hashes(html: str) -> list[str]:
    """'sha256-…' sources for every inline script the page runs, in a stable order."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        kind = SCRIPT_TYPE.search(match.group(1))
        if (kind.group(1).lower() if kind else "") not in EXECUTABLE_TYPES:
            continue
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(hashes)


def policy_for(html: str, extra: dict[str, str] | None = None, content: str = "") -> str:
    """The policy for one page: the base, with the hashes of the theme's inline scripts and any extra sources.

    ``content`` is the page body made from Markdown and the data: a script in it is never hashed, so one that slips
    in through a template or the data is refused by the browser."""
    directives = dict(BASE_POLICY)
    hashes = script_hashes(html.replace(content, "") if content else html)
    if hashes:
        directives["script-src"] += " " + " ".join(hashes)
    for name, sources in (extra or {}).items():
        directives[name] = f"{directives.get(name, '')} {sources}".strip()
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def with_policy(html: str, extra: dict[str, str] | None = None, content: str = "") -> str:
    """The page with its policy as the first thing after <meta charset> (a meta policy covers only what follows)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, extra, content)}">'
    match = CHARSET.search(html)
    if match:
        return html[: match.end()] + "\n    " + tag + html[match.end():]
    return html.replace("<head>", "<head>\n" + tag, 1)


def header_policy(hashes: list[str], frame_ancestors: str = "'self'") -> str:
    """The header form for hosts that set headers: the base policy with the hashes of every page's inline scripts
    (a header covers all pages at once) and frame-ancestors, which only a header can carry."""
    directives = dict(BASE_POLICY)
    if hashes:
        directives["script-src"] += " " + " ".join(hashes)
    return "; ".join(f"{n} {s}" for n, s in directives.items()) + f"; frame-ancestors {frame_ancestors}"
