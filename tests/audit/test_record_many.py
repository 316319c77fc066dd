"""The one audit writer also writes many rows at once (`record_many`): masked, named and chained
exactly like `record`'s single rows, so that no bulk writer builds AuditEntry rows by hand."""

import datetime

from django.utils import timezone

from innovation.audit import chain
from innovation.audit.context import acting_as
from innovation.audit.models import AuditAction, AuditEntry
from innovation.audit.services import record, record_many


def test_many_rows_are_written_masked_named_and_chained(world):
    city = world.users["city"]
    at = timezone.now() - datetime.timedelta(minutes=5)
    before = AuditEntry.objects.count()
    rows = record_many(
        [
            {
                "action": AuditAction.CREATE,
                "obj": world.units["yx_a"],
                "changes": {"phone": [None, "13812345678"]},
                "detail": "Excel导入 第2行 210702199001011234",
            },
            {
                "action": AuditAction.CREATE,
                "object_type": "experts.assignment",
                "object_id": "7",
                "object_repr": "x",
            },
        ],
        actor=city,
        at=at,
    )
    assert AuditEntry.objects.count() == before + 2
    first, second = AuditEntry.objects.order_by("-seq")[:2][::-1]
    assert [first.pk, second.pk] == [row.pk for row in rows]
    assert (first.actor, first.actor_name, first.at) == (city, city.username, at)
    assert first.object_type == "org.enterprise" and first.object_id == str(world.units["yx_a"].pk)
    assert first.changes == {"phone": [None, "138****5678"]}
    assert first.detail == "Excel导入 第2行 210702********1234"
    assert (second.object_type, second.object_id, second.object_repr) == ("experts.assignment", "7", "x")
    assert chain.verify().intact


def test_the_acting_user_is_the_default_actor_as_for_one_row(world):
    with acting_as(world.users["yixian"], ip="10.0.0.9", user_agent="test"):
        [many] = record_many([{"action": AuditAction.UPDATE, "obj": world.yixian}])
        one = record(action=AuditAction.UPDATE, obj=world.yixian)
    for entry in (many, one):
        entry.refresh_from_db()
        assert (entry.actor, entry.ip, entry.user_agent) == (world.users["yixian"], "10.0.0.9", "test")
    assert chain.verify().intact
