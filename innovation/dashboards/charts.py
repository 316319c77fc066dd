"""The shape every dashboard chart takes (the page, its table, the API twin and dashboard.js read
the same dict), and the links of its points: each to a list page, with only the parameters that
the list's FilterSet declares (a parameter the list does not know would be ignored silently and
the link would show more rows than the point counts)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def link(url_name: str, filterset, params: dict | None, area: dict | None = None) -> str:
    """The URL of the list `url_name` filtered by `params` and the area's parameters, or "" when
    the area cannot be expressed (None) or the list's FilterSet lacks one of the parameters."""
    if params is None or area is None:
        return ""
    query = {**params, **area}
    if any(name not in filterset.base_filters for name in query):
        return ""
    return reverse(url_name) + ("?" + urlencode(query) if query else "")


def point(value, url: str = "") -> dict:
    return {"value": value, "url": url}


def chart(
    key: str,
    title,
    kind: str,
    categories: list,
    series: list[dict],
    *,
    unit="",
    note="",
    drill: list[str] | None = None,
) -> dict:
    """`kind`: bar, stack (stacked bar), line or pie (one series). `series`: [{"name", "data":
    [point, …]}], one point per category. `drill`: per category, the dashboard URL one level down."""
    return {
        "key": key,
        "title": str(title),
        "kind": kind,
        "unit": str(unit),
        "note": str(note),
        "categories": [str(c) for c in categories],
        "series": [{"name": str(s["name"]), "data": s["data"]} for s in series],
        "drill": drill or [],
        "total": sum(p["value"] for s in series for p in s["data"]) if len(series) == 1 else None,
    }


def series(name, points: list[dict]) -> dict:
    return {"name": name, "data": points}
