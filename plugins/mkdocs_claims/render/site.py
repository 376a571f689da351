"""Facts about the published site that renderers need: name, owner, address, licence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str
    organisation: str
    organisation_url: str = ""
    licence: str = "CC BY 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    language: str = "en"
