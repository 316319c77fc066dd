"""What other parts say about a row on its page ("向上推荐: 2020年辽宁省职工创新大赛职工组一等奖"
on an achievement's page): each part registers a provider for a model, so that the page's app
names no part that stands above it (as core.mylinks and core.stats)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Related:
    label: str  # what it is: 向上推荐
    title: str  # which one: 2020年辽宁省职工创新大赛 · 职工组
    note: str = ""  # its state or result: 省级职工组一等奖
    url: str = ""  # its page, when the reader may open it


_PROVIDERS: dict[str, list[Callable[[object, object], list[Related]]]] = {}


def register(model_label: str, provider: Callable[[object, object], list[Related]]) -> None:
    """`model_label` is "app_label.modelname" (lower case); provider(obj, user) -> [Related]."""
    providers = _PROVIDERS.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def related_for(obj, user) -> list[Related]:
    label = obj._meta.label_lower
    return [item for provider in _PROVIDERS.get(label, []) for item in provider(obj, user)]
