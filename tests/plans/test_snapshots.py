"""Quarterly snapshots: a queued job (run at once under the test backend) that keeps each target
of the year with its actual and status as of the quarter's end, audited; the command; the list."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from innovation.audit.models import AuditEntry
from innovation.plans import services
from innovation.plans.models import Snapshot, SnapshotRun

pytestmark = pytest.mark.django_db


def test_a_snapshot_keeps_every_target_of_the_year(pw):
    run = services.snapshot_request(actor=pw.world.users["city"], version=pw.v1, year=2021, quarter=2)
    run.refresh_from_db()
    assert (run.status, run.done_count) == ("done", 4)
    rows = sorted(
        (s.indicator.code, s.district.name if s.district else "", s.target, s.expected, s.actual, s.status)
        for s in Snapshot.objects.select_related("indicator", "district")
    )
    # As of 30 June 2021: 181/365 of the year.
    assert rows == [
        ("apprentices", "", 100, 50, None, "unavailable"),
        ("city_worker_studios", "", 4, 2, 5, "green"),
        ("studios", "义县总工会", 5, 2, 4, "green"),
        ("studios", "黑山县总工会", 1, 0, 1, "green"),
    ]
    # Taken again: the quarter's rows are replaced, not doubled.
    services.snapshot_request(actor=pw.world.users["city"], version=pw.v1, year=2021, quarter=2)
    assert Snapshot.objects.count() == 4
    assert AuditEntry.objects.filter(detail__contains="季度快照已保存").count() == 2


def test_the_command_takes_a_snapshot(pw):
    call_command("plan_snapshot", "--user", "t_city", "--year", "2020", "--quarter", "4")
    assert Snapshot.objects.filter(year=2020, quarter=4).count() == 2
    assert SnapshotRun.objects.get().status == "done"


@pytest.mark.parametrize(
    "year, quarter, message",
    [
        (2023, 1, "该版本没有2023年的目标，不能生成快照。"),
        (2099, 1, "2099年第1季度尚未开始，不能生成快照。"),
        (2021, 5, "季度须为1至4。"),
    ],
)
def test_bad_snapshot_requests_are_refused(pw, year, quarter, message):
    with pytest.raises(ValidationError) as refused:
        services.snapshot_request(actor=pw.world.users["city"], version=pw.v1, year=year, quarter=quarter)
    assert refused.value.messages == [message]
    assert not SnapshotRun.objects.exists()


def test_the_snapshots_page(pw, client):
    services.snapshot_request(actor=pw.world.users["city"], version=pw.v1, year=2021, quarter=2)
    client.force_login(pw.world.users["yixian"])
    page = client.get(f"/plans/{pw.plan.pk}/snapshots/").content.decode()
    assert "2021年第2季度" in page and "义县总工会" in page and "黑山县总工会" not in page
    assert 'id="snapshot-take"' not in page
    assert client.post(f"/plans/{pw.plan.pk}/snapshots/", {"year": 2021, "quarter": 3}).status_code == 403
    client.force_login(pw.world.users["city"])
    taken = client.post(f"/plans/{pw.plan.pk}/snapshots/", {"year": 2021, "quarter": 3})
    assert taken.status_code == 302
    assert Snapshot.objects.filter(quarter=3).count() == 4
