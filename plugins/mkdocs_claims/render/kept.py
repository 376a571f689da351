"""Values made per claim, kept between builds under `mkdocs serve`: a save changes one claim, so the exports,
search records and script data of the other claims are the same as last time and need not be made again."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PerClaim(Generic[T]):
    """Each claim's value with the key it was made under. ``keys`` (set before each build) hashes, per claim id,
    everything the claim's page is made from; a value is made again when its claim's key changes."""

    def __init__(self) -> None:
        self.keys: Mapping[str, str] = {}
        self._values: dict[str, tuple[str, T]] = {}

    def value(self, claim_id: str, make: Callable[[], T], context: str = "") -> T:
        """The kept value, or a new one from ``make``. ``context``: what else the value is made from."""
        key = self.keys.get(claim_id)
        kept = self._values.get(claim_id)
        if key is not None and kept is not None and kept[0] == key + context:
            return kept[1]
        value = make()
        if key is not None:
            self._values[claim_id] = (key + context, value)
        return value


def kept_for(store: dict[str, tuple[object, Any, T]], claim_id: str, source: object, context: object,
             make: Callable[[], T]) -> T:
    """``make()``, or the value kept for ``claim_id`` when it was made from this same ``source`` object (frozen:
    under serve an unchanged claim file gives back the same one) under an equal ``context``."""
    kept = store.get(claim_id)
    if kept is not None and kept[0] is source and kept[1] == context:
        return kept[2]
    value = make()
    store[claim_id] = (source, context, value)
    return value


def per_claim(kept: PerClaim[T] | None, claim_id: str, make: Callable[[], T], context: str = "") -> T:
    """``make()``, or the value kept for the claim when there is a store."""
    return make() if kept is None else kept.value(claim_id, make, context)
