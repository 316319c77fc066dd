"""Figures for home pages and /api/v1/stats, always within the caller's scope.

Each domain app registers a provider; a provider returns a dict of stable snake_case
keys to figures, and (for the home page) the link to the rows behind each figure.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    key: str
    label: str
    value: object
    url: str = ""
    action: str = ""  # the home page shows a figure only to roles that see a subtree of its rows
    hide_when_zero: bool = False


@dataclass
class StatsProvider:
    name: str
    compute: Callable[[object], list[Figure]]
    more: Callable[[object], dict] | None = field(default=None)  # keys that are not single figures


_PROVIDERS: list[StatsProvider] = []


def register(provider: StatsProvider) -> None:
    if all(p.name != provider.name for p in _PROVIDERS):
        _PROVIDERS.append(provider)


def figures_for(user) -> list[Figure]:
    result: list[Figure] = []
    for provider in _PROVIDERS:
        result.extend(provider.compute(user))
    return result


def home_figures_for(user) -> list[Figure]:
    """Counts are for people who look after a part of the organisation; someone who sees only
    their own record gets that record instead (see the home view)."""
    from innovation.accounts.policy import Scope
    from innovation.accounts.scope import widest_scope

    return [
        f
        for f in figures_for(user)
        if (not f.action or widest_scope(user, f.action) in (Scope.SUBTREE, Scope.ALL))
        and not (f.hide_when_zero and not f.value)
    ]


def stats_for(user) -> dict:
    data = {figure.key: figure.value for figure in figures_for(user)}
    for provider in _PROVIDERS:
        if provider.more:
            data.update(provider.more(user))
    return data
