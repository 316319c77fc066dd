"""Pages of big scoped lists, found in two steps: the page's primary keys first, then its rows.

A list page is `ORDER BY … LIMIT 25 OFFSET n` over a subtree (`scope_path LIKE 'prefix%'`).
Asked for whole rows, PostgreSQL either reads every row of the subtree from the table just
to sort them (a city: ~130,000 heap rows for 25), or walks an index on the sort key hoping
to meet the subtree's rows early (seconds when the subtree's rows are old ones). Asked for
the keys alone, it picks the page from a covering index — e.g. org_worker_scope_newest for
WORKER_LIST_ORDER — without touching the table, and the page's rows are then read by key.
Still one SQL statement: `… WHERE pk IN (SELECT pk … ORDER BY … LIMIT 25 OFFSET n)`.

The rows, their order and the count are exactly those of plain slicing.

Also here: the page size and page number an HTML list accepts from its query string
(ListRequestConfig), validated and capped in one place for every list.
"""

from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData


def page_rows(queryset, bottom: int, top: int):
    """queryset[bottom:top] as a queryset that finds the page's keys first."""
    keys = queryset.values("pk")[bottom:top]
    if not connections[queryset.db].features.allow_sliced_subqueries_with_in:
        keys = list(queryset.values_list("pk", flat=True)[bottom:top])
    return queryset.filter(pk__in=keys)


class KeysFirstPaginator(Paginator):
    """A Django paginator (for the API) whose pages are fetched with page_rows()."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top), number, self)


class KeysFirstTableData(TableQuerysetData):
    """django-tables2 data whose page slices are fetched with page_rows()."""

    def __getitem__(self, key):
        if isinstance(key, slice) and key.stop is not None and key.step is None:
            return page_rows(self.data, key.start or 0, key.stop)
        return super().__getitem__(key)


# ---------------------------------------------------------------- page size and number of HTML lists

PER_PAGE_CHOICES = (25, 50, 100, 200)
MAX_PER_PAGE = PER_PAGE_CHOICES[-1]


def _positive_int(raw) -> int | None:
    """The integer a query parameter spells, or None (absent, not a number, zero or negative)."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def clean_per_page(raw, default: int) -> int:
    """A list's page size from `?per_page=`: one of PER_PAGE_CHOICES; more than the largest is
    the largest, anything else (missing, not a number, zero, negative, not offered) the default."""
    value = _positive_int(raw)
    if value is None:
        return default
    if value > MAX_PER_PAGE:
        return MAX_PER_PAGE
    return value if value in PER_PAGE_CHOICES else default


def clean_page(raw) -> int:
    """A page number from `?page=`: a positive integer, else 1 (past the end: see configure)."""
    return _positive_int(raw) or 1


class ListRequestConfig(RequestConfig):
    """django-tables2's RequestConfig with the page size and the page number validated.

    RequestConfig passes `?per_page=` to the paginator as it comes, so `-5` was a server error
    and `100000` rendered every row of a city; here the size is one of PER_PAGE_CHOICES and a
    page past the end shows the last page."""

    def __init__(self, request, *, per_page: int, paginator_class=Paginator):
        super().__init__(request, paginate=False)
        self.per_page = per_page
        self.paginator_class = paginator_class

    def configure(self, table):
        super().configure(table)  # the request and the ordering; paginate=False skips the rest
        query = self.request.GET
        per_page = clean_per_page(query.get(table.prefixed_per_page_field), self.per_page)
        page = clean_page(query.get(table.prefixed_page_field))
        try:
            table.paginate(paginator_class=self.paginator_class, per_page=per_page, page=page)
        except EmptyPage:
            table.page = table.paginator.page(table.paginator.num_pages)
        return table
