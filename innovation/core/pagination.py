"""Pages of big scoped lists, found in two steps: the page's primary keys first, then its rows.

A list page is `ORDER BY … LIMIT 25 OFFSET n` over a subtree (`scope_path LIKE 'prefix%'`).
Asked for whole rows, PostgreSQL either reads every row of the subtree from the table just
to sort them (a city: ~130,000 heap rows for 25), or walks an index on the sort key hoping
to meet the subtree's rows early (seconds when the subtree's rows are old ones). Asked for
the keys alone, it picks the page from a covering index — e.g. org_worker_scope_newest for
WORKER_LIST_ORDER — without touching the table, and the page's rows are then read by key.
Still one SQL statement: `… WHERE pk IN (SELECT pk … ORDER BY … LIMIT 25 OFFSET n)`.

The rows, their order and the count are exactly those of plain slicing.
"""

from django.core.paginator import Paginator
from django.db import connections
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
