"""The tamper-evident audit trail: every row is chained to the one before it, and
`manage.py audit_verify` names the first broken link after a change behind the application's back."""

import io

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from innovation.audit import chain
from innovation.audit.context import acting_as
from innovation.audit.models import AuditAction, AuditEntry, ChainCheck
from innovation.audit.services import record
from innovation.org import services as org_services


def verify_command() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def sql(statement: str, *params) -> None:
    """A change made in the database itself, behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def rows():
    return list(AuditEntry.objects.order_by("seq"))


def test_each_row_is_linked_to_the_one_before_it(world):
    entries = rows()
    assert len(entries) > 40  # the world fixture's org rows and accounts
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == chain.GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    last = entries[-1]
    values = {name: getattr(last, name) for name in chain.CONTENT_FIELDS}
    assert last.hash == chain.row_hash(seq=last.seq, prev_hash=last.prev_hash, values=values)
    assert len(last.hash) == 64


def test_an_untouched_trail_verifies_and_the_check_is_kept(world):
    count = AuditEntry.objects.count()
    code, output = verify_command()
    assert code == 0
    head = AuditEntry.objects.order_by("-seq").first()
    assert output.strip() == f"审计链完好：共{count:,}条记录（第1至{count}号），末条哈希 {head.hash}。"
    check = ChainCheck.objects.get()
    assert (check.intact, check.rows, check.last_seq, check.last_hash) == (True, count, count, head.hash)
    assert check.checked_by == "manage.py audit_verify"


def test_a_row_edited_in_sql_is_reported_with_its_id_time_and_what_differs(world):
    victim = AuditEntry.objects.get(seq=10)
    sql("UPDATE audit_auditentry SET detail = %s WHERE id = %s", "nothing happened here", victim.pk)

    code, output = verify_command()

    assert code == 1
    when = victim.at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert output.startswith(
        f"审计链断裂，第一处断点在记录编号 {victim.pk}（第10号，{when}）：内容已被改动："
    )
    assert f"写入时为 {victim.hash[:12]}…" in output
    check = ChainCheck.objects.get()
    assert (check.intact, check.broken_entry_id, check.broken_seq, check.rows) == (False, victim.pk, 10, 9)


def test_a_row_deleted_in_sql_is_reported_at_the_gap(world):
    gone = AuditEntry.objects.get(seq=7)
    after = AuditEntry.objects.get(seq=8)
    sql("DELETE FROM audit_auditentry WHERE id = %s", gone.pk)

    code, output = verify_command()

    assert code == 1
    assert f"记录编号 {after.pk}（第8号，" in output
    assert "链序号不连续：此处应为第7号，实为第8号，第7号记录已被删除。" in output


def test_a_row_deleted_and_the_next_relinked_is_still_found(world):
    """Deleting a row and renumbering the rest leaves the next row pointing at the deleted hash."""
    gone = AuditEntry.objects.get(seq=5)
    sql("DELETE FROM audit_auditentry WHERE id = %s", gone.pk)
    # Renumbered in two moves: PostgreSQL checks the unique place row by row.
    sql("UPDATE audit_auditentry SET seq = 1 - seq WHERE seq > 5")
    sql("UPDATE audit_auditentry SET seq = -seq WHERE seq < 0")

    code, output = verify_command()

    assert code == 1
    assert "（第5号，" in output and "与前一条记录的链接不符" in output


def test_the_newest_rows_deleted_since_the_last_check_are_found(world):
    assert verify_command()[0] == 0
    last = AuditEntry.objects.order_by("-seq").first()
    sql("DELETE FROM audit_auditentry WHERE id = %s", last.pk)

    code, output = verify_command()

    assert code == 1
    assert "末尾记录已被删除：" in output
    assert f"链已到第{last.seq}号，现在只到第{last.seq - 1}号。" in output


def test_a_chain_recomputed_after_an_edit_is_found_by_the_last_check(world):
    assert verify_command()[0] == 0
    entries = rows()
    entries[2].detail = "rewritten"
    prev = entries[1].hash
    for entry in entries[2:]:
        values = {name: getattr(entry, name) for name in chain.CONTENT_FIELDS}
        new_hash = chain.row_hash(seq=entry.seq, prev_hash=prev, values=values)
        sql(
            "UPDATE audit_auditentry SET detail = %s, prev_hash = %s, hash = %s WHERE id = %s",
            entry.detail,
            prev,
            new_hash,
            entry.pk,
        )
        prev = new_hash

    code, output = verify_command()

    assert code == 1
    assert "链被整体重算" in output


def test_a_rolled_back_write_leaves_no_gap(world):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action=AuditAction.EXPORT, detail="rolled back")
        raise RuntimeError
    entry = record(action=AuditAction.EXPORT, detail="kept")
    assert entry.seq == before + 1
    assert verify_command()[0] == 0


def test_bulk_written_rows_are_chained_in_order(world):
    head = AuditEntry.objects.order_by("-seq").first()
    made = AuditEntry.objects.bulk_create(
        [AuditEntry(action=AuditAction.CREATE, object_type="t.bulk", object_id=str(n)) for n in range(3)]
    )
    assert [e.seq for e in made] == [head.seq + 1, head.seq + 2, head.seq + 3]
    assert made[0].prev_hash == head.hash and made[2].prev_hash == made[1].hash
    assert verify_command()[0] == 0


def test_rows_with_addresses_time_and_changes_verify_as_stored(world):
    """What the database gives back (inet, timestamps, JSON) hashes as what was written."""
    with acting_as(world.users["city"], ip="2001:0db8:0000::0001", user_agent="测试 UA"):
        record(
            action=AuditAction.UPDATE,
            object_type="t.shape",
            changes={"b": [1.5, None], "a": ("x", "y"), 3: [True, False]},
            detail="中文 and \u2028 line separator",
        )
    assert verify_command()[0] == 0


def test_a_backup_restored_through_the_serialisers_still_verifies(world):
    """dumpdata writes times to the millisecond; the chain hashes them that way too."""
    dumped = serializers.serialize("json", AuditEntry.objects.order_by("seq"))
    sql("DELETE FROM audit_auditentry")
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    assert verify_command()[0] == 0


def test_audit_entries_still_cannot_be_changed_through_the_application(world):
    entry = AuditEntry.objects.order_by("seq").first()
    entry.seq = 999
    with pytest.raises(PermissionError):
        entry.save()


def test_the_unique_place_refuses_a_second_row_at_the_same_position(world):
    from django.db import IntegrityError

    head = AuditEntry.objects.order_by("-seq").first()
    twin = AuditEntry(action=AuditAction.EXPORT, seq=head.seq, prev_hash=head.prev_hash, hash=head.hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.bulk_create([twin])  # arrives "linked", as a restore would


def test_org_writes_in_one_transaction_chain_every_row(world):
    with transaction.atomic():
        for n in range(3):
            org_services.union_create(actor=None, name=f"链测试工会{n}", kind="industry", parent=world.city)
    assert verify_command()[0] == 0


def test_the_audit_page_shows_the_chain_status_to_the_audit_administrator(client, world):
    client.force_login(world.users["audit"])
    page = client.get("/audit/").content.decode()
    assert 'id="chain-state">尚未校验<' in page

    assert verify_command()[0] == 0
    count = AuditEntry.objects.count()
    record(action=AuditAction.EXPORT, detail="written after the check")
    page = client.get("/audit/").content.decode()
    assert 'id="chain-state">完好<' in page
    assert f"由 manage.py audit_verify 校验：共 {count:,} 条记录，链完整。" in page
    assert "此后新增 " in page  # the page view itself and the row above came after the check

    victim = AuditEntry.objects.get(seq=3)
    sql("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", "someone_else", victim.pk)
    response = client.post("/audit/verify/")
    assert response.status_code == 302 and response["Location"] == "/audit/"
    page = client.get("/audit/").content.decode()
    assert 'id="chain-state">已断裂<' in page
    assert f"由 t_audit 校验：记录编号 {victim.pk}（第3号，" in page and "内容已被改动" in page


@pytest.mark.parametrize("who", ["city", "security", "sysadmin"])
def test_only_the_audit_administrator_runs_the_check_from_the_page(client, world, who):
    client.force_login(world.users[who])
    assert client.post("/audit/verify/").status_code == 403
    assert not ChainCheck.objects.exists()
