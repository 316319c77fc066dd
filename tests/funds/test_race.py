"""A line can never be over-committed: not by two approvals racing, not by a write behind the service."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet

from innovation.funds import services
from innovation.funds.models import BudgetLine, Commitment

from .conftest import make_commitment


def test_the_check_constraint_refuses_an_over_commit_written_behind_the_service(world, lines):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=lines.heishan.pk).update(committed_fen=F("amount_fen") + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=lines.heishan.pk).update(paid_fen=1)  # paid above committed
    lines.heishan.refresh_from_db()
    assert (lines.heishan.committed_fen, lines.heishan.paid_fen) == (0, 0)


def test_a_violated_constraint_becomes_the_same_refusal(world, lines, monkeypatch):
    """Even if the availability check were skipped, the CHECK constraint refuses, with the message."""
    monkeypatch.setattr(services, "check_available", lambda line, amount: None)
    with pytest.raises(ValidationError) as exc:
        make_commitment(lines.heishan, 3_000_001, world.users["city"])
    assert "余额不足" in exc.value.messages[0]
    assert "尚余30,000.00元" in exc.value.messages[0]
    lines.heishan.refresh_from_db()
    assert lines.heishan.committed_fen == 0
    assert not Commitment.objects.exists()


def test_two_approvals_one_after_the_other_only_the_first_fits(world, lines):
    """The sequential twin of the race below (SQLite serialises writers, so it runs everywhere)."""
    make_commitment(lines.heishan, 2_000_000, world.users["city"])
    with pytest.raises(ValidationError):
        make_commitment(lines.heishan, 2_000_000, world.users["city"])
    lines.heishan.refresh_from_db()
    assert lines.heishan.committed_fen == 2_000_000
    assert Commitment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("layer", ["row lock", "check constraint"])
def test_two_racing_approvals_never_over_commit_a_line(world, lines, monkeypatch, layer):
    """Two approvals of 20,000.00 yuan race for a 30,000.00 line, each on its own connection.

    "row lock": the service as it is; the second approval waits for the first's lock, then
    sees its commitment and is refused by the availability check.
    "check constraint": the lock and the check are switched off, so both approvals read an
    empty line; the CHECK constraint alone refuses the second write, with the same message.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers (one write transaction at a time), so there is no race to test"
        )
    check = services.check_available
    refused_by_check: list = []

    def slow_check(line, amount_fen):
        # Hold the moment between reading the line and writing it, so both approvals are in flight.
        time.sleep(0.3)
        if layer == "check constraint":
            return
        try:
            check(line, amount_fen)
        except ValidationError:
            refused_by_check.append(amount_fen)
            raise

    monkeypatch.setattr(services, "check_available", slow_check)
    if layer == "check constraint":
        monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *a, **k: self)
    approver = world.users["city"]
    line_pk = lines.heishan.pk
    barrier = threading.Barrier(2)
    outcomes: list = []

    def approve(source_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            line = BudgetLine.objects.get(pk=line_pk)
            make_commitment(line, 2_000_000, approver, source_id=source_id)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        except Exception as exc:  # noqa: BLE001 — any other failure fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("ok") == 1, outcomes
    (refused,) = [o for o in outcomes if o != "ok"]
    assert "余额不足" in refused and "尚余10,000.00元" in refused, refused
    assert refused_by_check == ([2_000_000] if layer == "row lock" else [])
    line = BudgetLine.objects.get(pk=line_pk)
    assert line.committed_fen == 2_000_000
    assert Commitment.objects.filter(line_id=line_pk).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("layer", ["row lock", "check constraint"])
@pytest.mark.parametrize("pair", [("commit", "decrease"), ("decrease", "decrease")])
def test_a_racing_decrease_never_leaves_a_line_over_committed(world, lines, monkeypatch, layer, pair):
    """A 调减 races a commitment (or another 调减) for a 30,000.00 line holding 10,000.00 of
    commitments: each fits alone, not both. "row lock": the second waits for the first's lock,
    then its own check refuses it. "check constraint": locks and checks switched off, both read
    the same line; the CHECK constraint (committed ≤ amount = base + amendments) alone refuses
    the second write, with the same message."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers (one write transaction at a time), so there is no race to test"
        )
    from innovation.funds import amendments

    city = world.users["city"]
    make_commitment(lines.heishan, 1_000_000, city)
    checks = {"commit": services.check_available, "decrease": amendments.check_decrease}
    refused_by_check: list = []

    def slow(kind):
        def check(line, amount_fen):
            time.sleep(0.3)  # both writers are between reading the line and writing it
            if layer == "check constraint":
                return
            try:
                checks[kind](line, amount_fen)
            except ValidationError:
                refused_by_check.append(kind)
                raise

        return check

    monkeypatch.setattr(services, "check_available", slow("commit"))
    monkeypatch.setattr(amendments, "check_decrease", slow("decrease"))
    if layer == "check constraint":
        monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *a, **k: self)
    line_pk = lines.heishan.pk
    barrier = threading.Barrier(2)
    outcomes: dict = {}

    def run(n: int, kind: str) -> None:
        try:
            barrier.wait(timeout=10)
            line = BudgetLine.objects.get(pk=line_pk)
            if kind == "commit":
                make_commitment(line, 1_500_000, city, source_id=500 + n)
            else:
                amendments.amend(
                    actor=city,
                    line=line,
                    direction="decrease",
                    amount_fen=1_500_000,
                    document_no=f"锦工发〔2024〕{n}号",
                    decided_on=datetime.date(2024, 3, 10),
                    reason="压减预算",
                    approved_by=city,
                )
            outcomes[n] = "ok"
        except ValidationError as exc:
            outcomes[n] = exc.messages[0]
        except Exception as exc:  # noqa: BLE001 — any other failure fails the test below
            outcomes[n] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, kind)) for n, kind in enumerate(pair)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == [0, 1] and list(outcomes.values()).count("ok") == 1, outcomes
    (loser,) = [n for n, o in outcomes.items() if o != "ok"]
    if pair[loser] == "commit":
        assert "余额不足" in outcomes[loser] and "尚余5,000.00元" in outcomes[loser], outcomes
    else:
        assert "低于已承诺" in outcomes[loser] and "最多可调减5,000.00元" in outcomes[loser], outcomes
    assert refused_by_check == ([pair[loser]] if layer == "row lock" else [])
    line = BudgetLine.objects.get(pk=line_pk)
    winner = pair[1 - loser]
    if winner == "commit":
        assert (line.amount_fen, line.amended_fen, line.committed_fen) == (3_000_000, 0, 2_500_000)
    else:
        assert (line.amount_fen, line.amended_fen, line.committed_fen) == (1_500_000, -1_500_000, 1_000_000)
    assert line.committed_fen <= line.amount_fen == line.base_fen + line.amended_fen
