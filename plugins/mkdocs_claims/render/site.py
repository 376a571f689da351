"""Facts about the published site that renderers need: name, owner, address, licence."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Domains reserved for documentation and testing (RFC 2606, RFC 6761): an address there is a placeholder.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "test", "invalid", "localhost")


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str
    organisation: str
    organisation_url: str = ""
    licence: str = "CC BY 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    language: str = "en"
    # The offline edition: a zip published with the site (path in the site and size), or this build is that edition.
    offline_zip: str = ""
    offline_zip_bytes: int = 0
    is_offline_edition: bool = False

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
