import pytest
from django.db import transaction

from innovation.audit.context import acting_as
from innovation.audit.models import AuditAction, AuditEntry
from innovation.org import services

from ..factories import make_worker, new_id_number


def test_creating_a_worker_is_audited_with_personal_data_masked(world):
    actor = world.users["yixian"]
    with acting_as(actor, ip="10.1.2.3", user_agent="pytest"):
        worker = services.worker_create(
            actor=actor,
            enterprise=world.units["yx_a"],
            name="新职工",
            post="焊工",
            id_number=new_id_number("210727"),
            phone="13912345678",
        )
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="org.worker", object_id=str(worker.pk)
    )
    assert entry.actor == actor and entry.actor_name == "t_yixian"
    assert entry.ip == "10.1.2.3" and entry.user_agent == "pytest"
    text = str(entry.changes)
    assert worker.id_number not in text and "13912345678" not in text
    assert entry.changes["id_number_masked"] == [None, worker.id_number_masked]
    assert "id_number" not in entry.changes and "id_number_hash" not in entry.changes
    assert entry.changes["name"] == [None, "新职工"]


def test_an_update_records_only_what_changed(world):
    worker = world.workers["yx_a_2"]
    actor = world.users["unit"]
    with acting_as(actor):
        services.worker_update(actor=actor, worker=worker, post="高级焊工", phone="13700001111")
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(worker.pk)).get()
    assert set(entry.changes) == {"post", "phone_masked"}
    assert entry.changes["phone_masked"][1] == "137****1111"


def test_audit_rows_are_written_in_the_same_transaction_as_the_change(world):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_worker(world.units["yx_b"], "回滚")
        raise RuntimeError("roll back")
    assert AuditEntry.objects.count() == before


def test_audit_rows_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.detail = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(detail="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_audit_admin_searches_and_exports_the_trail(client, world):
    client.force_login(world.users["audit"])
    response = client.get("/audit/", {"q": "义县甲", "action": "create"})
    assert response.status_code == 200
    rows = list(response.context["table"].data)
    assert rows and all(r.action == "create" for r in rows)
    export = client.get("/audit/", {"q": "义县甲", "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, actor=world.users["audit"], object_type="audit.auditentry"
    ).exists()


@pytest.mark.parametrize("who", ["city", "yixian", "sysadmin", "security", "worker"])
def test_only_the_audit_administrator_reads_the_trail(client, world, who):
    client.force_login(world.users[who])
    assert client.get("/audit/").status_code == 403


def test_the_back_office_offers_no_way_to_change_audit_rows(client, world):
    client.force_login(world.users["audit"])
    entry = AuditEntry.objects.first()
    assert client.get("/backoffice/audit/auditentry/").status_code == 200
    assert client.post(f"/backoffice/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/backoffice/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_reveal_is_audited_and_only_for_the_entitled(client, world):
    worker = world.workers["yx_b_1"]
    client.force_login(world.users["yixian"])
    response = client.post(f"/org/workers/{worker.pk}/reveal/", {"field": "id_number"})
    assert response.status_code == 200 and worker.id_number in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.REVEAL)
    assert (
        entry.actor == world.users["yixian"]
        and entry.object_id == str(worker.pk)
        and entry.detail == "field=id_number"
    )
    client.force_login(world.users["heishan"])
    assert client.post(f"/org/workers/{worker.pk}/reveal/", {"field": "id_number"}).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_a_worker_may_reveal_only_their_own_number(client, world):
    client.force_login(world.users["worker"])
    own = world.workers["yx_a_1"]
    assert (
        own.id_number
        in client.post(f"/org/workers/{own.pk}/reveal/", {"field": "id_number"}).content.decode()
    )
    other = world.workers["yx_a_2"]
    assert client.post(f"/org/workers/{other.pk}/reveal/", {"field": "id_number"}).status_code == 404
