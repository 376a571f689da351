"""Facts about the published site that renderers need: name, owner, address, licence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import Language, language
from ..model import Audience
from ..options import BY_NAME as OPTION
from ..options import DEFAULT_GLOSSARY_FIELDS

# Domains reserved for documentation and testing (RFC 2606, RFC 6761): an address there is a placeholder.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "test", "invalid", "localhost")


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str
    organisation: str
    organisation_url: str = ""
    licence: str = OPTION["licence"].default
    licence_url: str = OPTION["licence_url"].default
    language: str = "en"  # Material's theme.language code
    audiences: tuple[Audience, ...] = ()  # with their page URLs filled in
    glossary_fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_GLOSSARY_FIELDS))
    # What the site checks claims about ("bicycle safety"), and its own sentences for generated pages.
    subject: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    # The offline edition: a zip published with the site (path in the site and size), or this build is that edition.
    offline_zip: str = ""
    offline_zip_bytes: int = 0
    is_offline_edition: bool = False
    share_cards: bool = True
    # Transparency (IFCN principles): who publishes, who owns and funds it, how it works, how to report an error.
    ownership: str = ""
    funding: str = ""
    methodology_page: str = ""  # the page's source path in docs_dir
    methodology_url: str = ""  # its site-root-relative URL ("" is the home page)
    report_error: str = ""  # an http(s) URL or an email address
    logo_url: str = ""  # absolute or site-root-relative

    @property
    def ui(self) -> Language:
        """The UI language: catalogue, dates and numbers."""
        return language(self.language)

    @property
    def report_error_href(self) -> str:
        if not self.report_error:
            return ""
        return self.report_error if "://" in self.report_error else "mailto:" + self.report_error

    def missing_transparency(self) -> list[str]:
        """The transparency fields a published fact-check site must fill and has not."""
        fields = {"ownership": self.ownership, "funding": self.funding, "methodology_page": self.methodology_page,
                  "report_error": self.report_error}
        return [name for name, value in fields.items() if not value]

    @property
    def preview(self) -> bool:
        """A build without a real public address: links and citations give paths, not a placeholder host."""
        return is_placeholder_url(self.url)


def is_placeholder_url(url: str) -> bool:
    """True for no address, a loopback address, or a host under a reserved example or test domain."""
    match = re.match(r"^https?://(?:[^@/?#]*@)?([^:/?#]+)", url.strip(), re.IGNORECASE)
    if not match:
        return True
    host = match.group(1).lower().rstrip(".")
    if host.startswith("127.") or host == "[::1]":
        return True
    return any(host == domain or host.endswith("." + domain) for domain in RESERVED_DOMAINS)
