"""Two writers racing to append to the audit chain never fork it (PostgreSQL: real concurrency)."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from innovation.audit import chain
from innovation.audit.models import AuditAction, AuditEntry
from innovation.audit.services import record

pytestmark = pytest.mark.django_db(transaction=True)


def run_two_writers(rows_each: int) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                for n in range(rows_each):
                    record(action=AuditAction.EXPORT, detail=f"{name} {n}")
            outcomes.append("ok")
        except IntegrityError as exc:
            outcomes.append(f"refused: {exc}")
        except Exception as exc:  # noqa: BLE001 — any other failure fails the test
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers (one write transaction at a time), so there is no race to test"
        )


@pytest.fixture
def slow_head(monkeypatch):
    """Hold the moment between reading the chain's head and inserting after it."""
    head = chain._head

    def slowly(model):
        found = head(model)
        time.sleep(0.2)
        return found

    monkeypatch.setattr(chain, "_head", slowly)


def test_two_racing_writers_make_one_unbroken_chain(postgres_only, slow_head):
    outcomes = run_two_writers(rows_each=3)

    assert outcomes == ["ok", "ok"]
    entries = list(AuditEntry.objects.order_by("seq").values_list("seq", "prev_hash", "hash", "detail"))
    assert [seq for seq, *_ in entries] == [1, 2, 3, 4, 5, 6]
    assert all(entries[i][1] == entries[i - 1][2] for i in range(1, 6))
    # The lock serialises whole transactions: one writer's three rows, then the other's.
    writers = [detail.split()[0] for *_, detail in entries]
    assert writers in (["A"] * 3 + ["B"] * 3, ["B"] * 3 + ["A"] * 3)
    assert chain.verify().intact


def test_without_the_lock_the_unique_place_refuses_the_second_writer(postgres_only, slow_head, monkeypatch):
    """The backstop: should two writers ever read the same head, the second insert fails
    (its transaction rolls back) instead of forking the chain."""
    monkeypatch.setattr(chain, "_lock", lambda connection: None)

    outcomes = run_two_writers(rows_each=1)

    assert outcomes.count("ok") == 1, outcomes
    (refused,) = [o for o in outcomes if o != "ok"]
    assert refused.startswith("refused:") and "seq" in refused, refused
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1]
    assert chain.verify().intact
