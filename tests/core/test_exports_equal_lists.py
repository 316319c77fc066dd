"""Exports equal lists: for every list of the product (found in the URLconf, so a new list is
covered without a line here) and a set of its filters, the Excel export holds exactly the rows
the page lists — on the seeded Jinzhou demo, as the roles that open each list.

Every list has filters, a search box, pages and an Excel export; the exceptions are named below
with their reason, and a list that lacks one of them without a reason fails the check."""

import io
from collections import Counter

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from innovation.accounts.models import User
from innovation.accounts.scope import can

from .list_views import list_routes

ROUTES = list_routes()

# Lists without a search box, and why.
NO_SEARCH = {
    "achievements:campaigns": "one campaign a year: the year filter finds it",
    "studios:subsidy_rounds": "one round per union and year: year and state find it",
    "studios:subsidy_policies": "a handful of dated policy rows: kind, studio type and date find them",
}
# Lists without an Excel export, and why.
NO_EXPORT: dict[str, str] = {}
# How a row of a list is recognised in its export when the export's first column is not it.
ROW_KEYS = {
    # One export row per item × submitted expert sheet; the item's rank is its first column.
    "review:ranking": {"distinct": True, "key": lambda result: result.rank},
}
# Lists the demo leaves with fewer than two rows for every account: no filter can narrow them,
# so only the whole list is compared. (The check fails if they grow: then drop them here.)
FEW_ROWS = {
    "studios:applications": "the demo has no pending naming application",
    "awards:objections": "the demo has one objection",
    "funds:amendments": "the demo has one budget amendment (the 2021 studio line raised to its subsidies)",
    "competitions:leagues": "the demo has one league (the 2021 叉车联赛 of three rounds)",
    "volunteer:orders_overdue": "the demo has one overdue order (triaged two weeks ago, not yet claimed)",
}

OPENERS = ("demo_city", "demo_audit", "demo_expert", "demo_yixian")
PER_PAGE = 200
COMPARE_UP_TO = 1000  # rows compared one by one; beyond that the count is compared
CASES_PER_LIST = 4  # filters that narrow the list, tried per list
CHOICES_TRIED = 3  # choices of one drop-down tried to find one that narrows

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_every_list_has_filters_search_pages_and_an_export():
    missing = []
    for route in ROUTES:
        view = route.view
        if view.filterset_class is None:
            missing.append(f"{route.name}: no FilterSet")
            continue
        if "q" not in view.filterset_class.base_filters and route.name not in NO_SEARCH:
            missing.append(f"{route.name}: no search (q)")
        if view.exporter_class is None and route.name not in NO_EXPORT:
            missing.append(f"{route.name}: no Excel export")
        if not view.paginate_by:
            missing.append(f"{route.name}: not paginated")
    assert missing == []
    stale = (set(NO_SEARCH) | set(NO_EXPORT) | set(ROW_KEYS) | set(FEW_ROWS)) - {r.name for r in ROUTES}
    assert stale == set(), "exceptions for lists that no longer exist"


def _kwargs(route) -> dict:
    from innovation.review.models import ItemResult

    values = {}
    for name in route.kwargs:
        if name == "campaign_id":
            values[name] = ItemResult.objects.order_by("-campaign__year").values_list("campaign", flat=True)[
                0
            ]
        else:
            raise AssertionError(f"{route.name}: no value for the route parameter {name!r}")
    return values


def _page_records(client, path: str, query: dict) -> tuple[int, list]:
    """(the list's count, its records on every page) — the records only up to COMPARE_UP_TO."""
    response = client.get(path, {**query, "per_page": PER_PAGE})
    assert response.status_code == 200
    table = response.context["table"]
    count = table.paginator.count
    records = [row.record for row in table.page.object_list]
    if count <= COMPARE_UP_TO:
        for number in range(2, table.paginator.num_pages + 1):
            more = client.get(path, {**query, "per_page": PER_PAGE, "page": number}).context["table"]
            records += [row.record for row in more.page.object_list]
    return count, records


def _export(client, path: str, query: dict) -> list[tuple]:
    response = client.get(path, {**query, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )[1:]


def _first_column(route):
    """The function that gives a page record's first export column."""
    key = ROW_KEYS.get(route.name, {}).get("key")
    return key if key is not None else route.view.exporter_class().columns[0].value


def _candidates(filterset, name, record) -> list[str]:
    """Values to try for one filter: its form field's choices, or the first row's own value."""
    field = filterset.form.fields[name]
    if isinstance(field, forms.ChoiceField) or hasattr(field, "choices"):
        values = []
        for value, _label in field.choices:
            value = getattr(value, "value", value)  # ModelChoiceIteratorValue
            if value not in ("", None):
                values.append(str(value))
        return values[:CHOICES_TRIED]
    if name == "q":
        text = str(record)
        return [text[:2]] if text.strip() else []
    flt = filterset.filters[name]
    if flt.method is not None or not flt.field_name:
        return []
    value = record
    for part in flt.field_name.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return []
    value = getattr(value, "pk", value)
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [value.isoformat() if hasattr(value, "isoformat") else str(value)]


def _compare(client, route, path, query, first_column) -> int:
    """Compare the list and its export for one query; the number of rows compared."""
    count, records = _page_records(client, path, query)
    exported = _export(client, path, query)
    distinct = ROW_KEYS.get(route.name, {}).get("distinct", False)
    if distinct:
        assert len({r[0] for r in exported}) == len({first_column(r) for r in records}), (route.name, query)
        assert len(exported) >= count
    else:
        assert len(exported) == count, (route.name, query)
    if count <= COMPARE_UP_TO:
        listed = Counter(str(first_column(r)) for r in records)
        shown = Counter(str(r[0]) for r in exported)
        if distinct:
            listed, shown = set(listed), set(shown)
        assert shown == listed, (route.name, query)
    return count


@pytest.mark.parametrize("route", [r for r in ROUTES if r.view.exporter_class], ids=lambda r: r.name)
def test_the_export_holds_exactly_the_rows_the_list_shows(client, demo, route):
    users = [u for u in User.objects.filter(username__in=OPENERS) if can(u, route.view.action)]
    assert users, f"{route.name}: no demo account opens it"
    first_column = _first_column(route)
    narrowed = 0
    for user in sorted(users, key=lambda u: OPENERS.index(u.username))[:2]:
        client.force_login(user)
        first = client.get(reverse(route.name, kwargs=_kwargs(route)), follow=True)
        assert first.status_code == 200
        path, base_query = first.request["PATH_INFO"], dict(first.context["request"].GET.items())
        total = first.context["table"].paginator.count
        _compare(client, route, path, base_query, first_column)
        filterset = first.context["filter"]
        # A list opened on a choice of its own (the assignments of the latest campaign) that is
        # empty: another choice of that parameter.
        for name in [n for n in base_query if n in filterset.form.fields and total < 2]:
            for value in _candidates(filterset, name, None):
                response = client.get(path, {**base_query, name: value})
                if response.context["table"].paginator.count >= 2:
                    base_query = {**base_query, name: value}
                    first, total = response, response.context["table"].paginator.count
                    _compare(client, route, path, base_query, first_column)
                    break
        if total < 2:
            continue
        record = first.context["table"].page.object_list[0].record
        for name in filterset.form.fields:
            if narrowed >= CASES_PER_LIST:
                break
            if name in base_query:
                continue
            for value in _candidates(filterset, name, record):
                query = {**base_query, name: value}
                response = client.get(path, query)
                if not response.context["filter"].is_valid():
                    continue
                if 0 < response.context["table"].paginator.count < total:
                    _compare(client, route, path, query, first_column)
                    narrowed += 1
                    break
    if route.name in FEW_ROWS:
        assert narrowed == 0, f"{route.name} has rows to filter now: drop it from FEW_ROWS"
    else:
        assert narrowed >= 1, f"{route.name}: no filter narrowed the list for {OPENERS}"
