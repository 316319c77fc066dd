"""Personal data never reaches the audit trail in clear: every row the writer makes is masked
(detail, changes, object, denied look-ups, export descriptions), with the masked form the
lists use (210702********1234, 138****1234). Search still finds the person."""

import json

from innovation.audit.context import acting_as
from innovation.audit.models import AuditAction, AuditEntry
from innovation.audit.services import record, record_denied
from innovation.core import pii
from innovation.org.models import Worker


def _trail_text() -> str:
    rows = AuditEntry.objects.values_list("actor_name", "object_id", "object_repr", "changes", "detail")
    return "\n".join(json.dumps(row, ensure_ascii=False, default=str) for row in rows)


def test_searching_a_worker_by_id_number_and_exporting_writes_the_masked_number(client, world):
    worker = world.workers["hs_b_2"]
    client.force_login(world.users["city"])

    page = client.get("/org/workers/", {"q": worker.id_number})
    export = client.get("/org/workers/", {"q": worker.id_number, "export": "xlsx"})

    assert [w.pk for w in page.context["table"].data] == [worker.pk]  # search still works
    assert export.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="org.worker")
    assert entry.detail == f"1 rows; q={worker.id_number_masked}"
    assert worker.id_number not in _trail_text()


def test_searching_by_phone_and_exporting_writes_the_masked_phone(client, world):
    worker = world.workers["yx_b_1"]
    client.force_login(world.users["yixian"])

    client.get("/org/workers/", {"q": worker.phone, "export": "xlsx"})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="org.worker")
    assert entry.detail == f"1 rows; q={pii.mask_phone(worker.phone)}"
    assert worker.phone not in _trail_text()


def test_a_denied_look_up_by_a_number_shaped_like_an_id_is_masked(world):
    number = "210727199001011236"
    record_denied(user=world.users["yixian"], model=Worker, lookup={"pk": number}, action="worker.view")

    entry = AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.object_id == "210727********1236"


def test_every_text_field_of_a_row_is_masked(world):
    with acting_as(world.users["city"]):
        entry = record(
            action=AuditAction.UPDATE,
            object_type="org.worker",
            object_id="13812341234",
            object_repr="张三 210727199001011236",
            changes={"note": ["电话13812341234", "身份证 21072719900101123x"], "count": [1, 13812341234]},
            detail="q=21072719900101123X&phone=+8613900001111&tel=0416-2345678",
        )
    entry.refresh_from_db()
    assert entry.object_id == "138****1234"
    assert entry.object_repr == "张三 210727********1236"
    assert entry.changes == {
        "note": ["电话138****1234", "身份证 210727********123x"],
        "count": [1, 13812341234],  # numbers are figures, not text: left as they are
    }
    assert entry.detail == "q=210727********123X&phone=+86139****1111&tel=041*****5678"


def test_a_failed_login_with_a_phone_as_username_is_masked(client, world):
    client.post("/accounts/login/", {"username": "13812341234", "password": "wrong-Pass-1"})

    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.object_repr == "138****1234"
