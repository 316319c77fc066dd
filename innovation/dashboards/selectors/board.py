"""The whole dashboard: the staff's charts in their order, and the data the page and the API
return (the home page's compact part, or a worker's own)."""

from __future__ import annotations

from innovation.accounts.policy import Action
from innovation.accounts.scope import can

from ..params import Filters
from . import parts as more
from .achievements import (
    achievements_by_area,
    achievements_by_field,
    achievements_by_kind,
    achievements_by_state,
    achievements_by_year,
    benefit_by_year,
    dashboard_url,
    my_achievements_by_year,
)


def staff_charts(user, f: Filters) -> list[dict]:
    charts = [
        achievements_by_year(user, f),
        achievements_by_area(user, f),
        achievements_by_field(user, f),
        achievements_by_kind(user, f),
        benefit_by_year(user, f),
        more.benefit_by_channel(user, f),
        more.studios_by_type_level(user, f) if can(user, Action.STUDIO_VIEW) else None,
        more.pairs_by_year(user, f) if can(user, Action.PAIR_VIEW) else None,
        more.orders_by_state(user, f) if can(user, Action.SERVICE_VIEW) else None,
        more.contestants_by_year(user, f) if can(user, Action.COMPETITION_VIEW) else None,
        more.budget_lines(user, f) if can(user, Action.FUNDS_VIEW) else None,
    ]
    return [c for c in charts if c is not None]


def dashboard_for(user, f: Filters | None, *, compact: bool = False) -> dict:
    """The whole dashboard's data: the page renders it, the API returns it as is. `compact`: only
    the first two charts (the home page's)."""
    if f is None or f.home is None:
        return {
            "scope": "self",
            "filters": {},
            "breadcrumb": [],
            "charts": [my_achievements_by_year(user), achievements_by_state(user)],
        }
    return {
        "scope": "subtree",
        "filters": {"year": f.year, "district": f.district.pk if f.district else None, "node": f.node.pk},
        "breadcrumb": [{"id": u.pk, "name": u.name, "url": dashboard_url(f, u)} for u in f.breadcrumb],
        "charts": [c for c in (achievements_by_year(user, f), achievements_by_area(user, f)) if c]
        if compact
        else staff_charts(user, f),
    }
