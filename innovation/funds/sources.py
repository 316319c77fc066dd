"""Where a commitment comes from, for people: each paying part of the platform (awards, studio
subsidies, …) registers its source kind with a label and the page that shows the source, so the
ledger links every yuan back to it without knowing those apps."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    label: str
    url: Callable[[int], str | None]  # source_id -> the page of the source (None when gone)


_SOURCES: dict[str, Source] = {}


def register(kind: str, *, label: str, url: Callable[[int], str | None]) -> None:
    _SOURCES[kind] = Source(label=label, url=url)


def describe(kind: str, source_id: int) -> tuple[str, str | None]:
    """(label, url) of a commitment's source; unknown kinds show as they are stored."""
    source = _SOURCES.get(kind)
    if source is None:
        return f"{kind}#{source_id}", None
    try:
        return f"{source.label}（第{source_id}号）", source.url(source_id)
    except Exception:  # a source row removed since: the ledger still shows the kind and number
        return f"{source.label}（第{source_id}号）", None
