"""Links on a person's home page to their own things elsewhere ("我的工作室" …). Each domain app
registers a provider, so that core names no domain app (as the figures of core.stats)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MyLink:
    label: str  # what it is: 我的工作室
    title: str  # which one: 高颖明劳模创新工作室（带头人）
    url: str


_PROVIDERS: dict[str, Callable[[object], list[MyLink]]] = {}


def register(name: str, provider: Callable[[object], list[MyLink]]) -> None:
    _PROVIDERS[name] = provider


def links_for(user) -> list[MyLink]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [link for provider in _PROVIDERS.values() for link in provider(user)]
