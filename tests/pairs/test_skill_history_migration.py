"""Promotions recorded in pairs before the skill-level history moved to the organisation keep
their facts: the migration writes each one's step in org.SkillLevelRecord and links it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innovation.org.models import Enterprise, SkillLevelRecord, TradeUnion, Worker
from innovation.pairs.models import SkillLevelChange

BEFORE = [("pairs", "0003_pair_award_scoped"), ("competitions", "0002_results")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_change_into_the_workers_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Union = old.get_model("org", "TradeUnion")
    Unit = old.get_model("org", "Enterprise")
    Region = old.get_model("org", "Region")
    OldWorker = old.get_model("org", "Worker")
    Agreement = old.get_model("pairs", "Agreement")
    Change = old.get_model("pairs", "SkillLevelChange")
    region = Region.objects.create(code="210700", name="锦州市", level="city")
    union = Union.objects.create(name="甲公司工会", kind="unit", path="0001/", depth=1, region=region)
    unit = Unit.objects.create(name="甲公司", union=union, region=region, scope_path="0001/")
    workers = [
        OldWorker.objects.create(
            name=f"职工{n}",
            gender="M",
            birth_year=1990,
            post="钳工",
            enterprise=unit,
            scope_path="0001/",
            skill_level=level,
            id_number="x",
            id_number_hash=f"h{n}",
        )
        for n, level in ((1, "3"), (2, "4"))
    ]
    agreement = Agreement.objects.create(
        enterprise=unit,
        title="张师傅带徒",
        start_on=datetime.date(2024, 1, 1),
        end_on=datetime.date(2026, 1, 1),
    )
    facts = [
        (workers[0], "4", "3", "C-1", datetime.date(2024, 6, 1), agreement),
        (workers[1], "", "4", "C-2", datetime.date(2025, 3, 1), None),
    ]
    for worker, a, b, cert, on, agr in facts:
        Change.objects.create(
            worker=worker, from_level=a, to_level=b, certificate_no=cert, on=on, agreement=agr
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    changes = list(SkillLevelChange.objects.select_related("record").order_by("id"))
    assert [
        (
            c.worker_id,
            c.from_level,
            c.to_level,
            c.certificate_no,
            c.on,
            c.agreement_id,
            c.record.source,
            c.record.source_title,
        )
        for c in changes
    ] == [
        (workers[0].pk, "4", "3", "C-1", datetime.date(2024, 6, 1), agreement.pk, "pair", "张师傅带徒"),
        (workers[1].pk, "", "4", "C-2", datetime.date(2025, 3, 1), None, "pair", ""),
    ]
    assert SkillLevelRecord.objects.count() == 2
    # the workers' levels are as they were: the migration moves history, it promotes nobody
    assert list(Worker.objects.order_by("id").values_list("skill_level", flat=True)) == ["3", "4"]
    assert (Enterprise.objects.count(), TradeUnion.objects.count()) == (1, 1)
