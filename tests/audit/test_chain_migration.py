"""Rows written before the chain existed are linked by the migration that adds it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innovation.audit import chain
from innovation.audit.models import AuditEntry

BEFORE = [("audit", "0002_refused_action")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_the_rows_written_before_the_chain():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Old = executor.loader.project_state(BEFORE).apps.get_model("audit", "AuditEntry")
    for n in range(5):
        Old.objects.create(
            action="create", object_type="t.old", object_id=str(n), detail=f"before {n}", ip="10.0.0.1"
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.seq, e.detail) for e in entries] == [(n + 1, f"before {n}") for n in range(5)]
    assert entries[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    finding = chain.verify()
    assert (finding.intact, finding.rows, finding.last_hash) == (True, 5, entries[-1].hash)
