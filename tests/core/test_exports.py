"""The exporter base: an export works for any size of scope on SQLite and PostgreSQL alike.

Defect 5: the city's achievement export was a server error on SQLite ("Expression tree is too
large (maximum depth 1000)"): the export read 2,000 rows at a time and prefetched their authors'
workers, which Django 5.2 asks SQLite for as one OR term per distinct worker."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import load_workbook

from innovation.achievements.models import Achievement, Author, State
from innovation.core.exports import Column, Exporter, batched
from innovation.org.models import Worker
from tests.achievements.conftest import make_campaign

ITEMS = 1100  # more distinct workers per batch than SQLite's 1,000 terms, with either batch size


def _many_achievements(world, *, authors_each: int) -> None:
    """ITEMS filed achievements of 义县甲, each with its own `authors_each` workers."""
    campaign = make_campaign(world)
    unit = world.units["yx_a"]
    workers = Worker.objects.bulk_create(
        Worker(
            name=f"职工{i:05d}",
            gender="M",
            birth_year=1980,
            enterprise=unit,
            post="钳工",
            id_number=f"21072719800101{i:04d}",
            id_number_hash=f"bulk-{i}",
            id_number_masked="210727********0000",
            scope_path=unit.union.path,
        )
        for i in range(ITEMS * authors_each)
    )
    items = Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign,
            enterprise=unit,
            post="钳工",
            title=f"成果{i:05d}",
            kind="renovation",
            field="efficiency",
            state=State.SUBMITTED,
            created_by=world.users["unit"],
            scope_path=unit.union.path,
        )
        for i in range(ITEMS)
    )
    share = Decimal(100) / authors_each
    Author.objects.bulk_create(
        Author(achievement=item, order=n + 1, worker=workers[i * authors_each + n], share=share)
        for i, item in enumerate(items)
        for n in range(authors_each)
    )


@pytest.mark.parametrize("authors_each", [1, 3])
def test_the_citys_achievement_export_has_every_row_however_many_workers_it_names(
    client, world, authors_each
):
    _many_achievements(world, authors_each=authors_each)
    client.force_login(world.users["city"])

    response = client.get("/achievements/?export=xlsx")

    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + ITEMS
    by_title = {row[2]: row[7] for row in rows[1:]}
    assert len(by_title) == ITEMS
    first = "；".join(f"职工{n:05d}({Decimal(100) / authors_each:.2f}%)" for n in range(authors_each))
    assert by_title["成果00000"].replace(".00%", "%") == first.replace(".00%", "%")


def test_batched_reads_a_prefetching_queryset_in_bounded_batches(world, django_assert_max_num_queries):
    _many_achievements(world, authors_each=1)
    queryset = Achievement.objects.order_by("pk").prefetch_related("authors__worker")
    size = 500 if not connection.features.supports_tuple_lookups else 2000

    with django_assert_max_num_queries(3 * (ITEMS // size + 1) + 1):
        objects = list(batched(queryset, limit=10_000, batch_size=size))

    assert [o.title for o in objects[:2]] == ["成果00000", "成果00001"]
    assert len(objects) == ITEMS
    assert objects[-1].authors.all()[0].worker.name == f"职工{ITEMS - 1:05d}"


def test_an_export_stops_at_its_row_limit(world):
    _many_achievements(world, authors_each=1)

    class Titles(Exporter):
        columns = [Column("成果名称", lambda a: a.title)]
        max_rows = 700

    data, count = Titles().workbook_bytes(Achievement.objects.order_by("pk").prefetch_related("authors"))

    assert count == 700
    assert load_workbook(io.BytesIO(data)).active.max_row == 701
