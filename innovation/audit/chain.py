"""The tamper-evident audit trail: every AuditEntry is linked to the one before it.

Each row carries its place (`seq`, 1, 2, 3 … without gaps), the hash of the row before it
(`prev_hash`; the first row's is GENESIS) and `hash` = SHA-256 over the row's canonical content
together with its place and that previous hash. Changing a row's content, deleting a row or
inserting one between two others breaks a link that `verify()` (and `manage.py audit_verify`)
finds and names.

Rows are linked when they are written, inside the writer's transaction: the writer takes the
chain's lock (a PostgreSQL transaction-level advisory lock; SQLite serialises writers by itself),
reads the last row and inserts the next. The lock is held until the writer's transaction ends, so
a second writer reads the head only after the first has committed (or rolled back, taking its row
with it). The unique `seq` is the backstop: should two writers ever read the same head, the
second insert fails instead of forking the chain.

The canonical form is JSON with sorted keys. The time is taken to the millisecond (as Django's
serialisers write it, so a backup restored through loaddata verifies), the address in its
compressed form (as PostgreSQL's inet type gives it back), and `changes` as it reads back from a
JSON column.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

T = TypeVar("T")

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain ("audit" in ASCII).
LOCK_KEY = 0x6175646974

CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "detail",
    "ip",
    "user_agent",
)


def _time(value: datetime.datetime) -> str:
    value = value.astimezone(datetime.UTC)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def _address(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return value


def canonical(*, seq: int, prev_hash: str, values: dict) -> bytes:
    """The bytes a row's hash is taken over. `values` holds CONTENT_FIELDS as read or written."""
    payload = {
        "seq": seq,
        "prev_hash": prev_hash,
        **{name: values[name] for name in CONTENT_FIELDS},
        "at": _time(values["at"]),
        "ip": _address(values["ip"]),
        # What a JSON column gives back (tuples become lists, keys become strings).
        "changes": json.loads(json.dumps(values["changes"] or {})),
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hash(*, seq: int, prev_hash: str, values: dict) -> str:
    return hashlib.sha256(canonical(seq=seq, prev_hash=prev_hash, values=values)).hexdigest()


def _lock(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: every write transaction already holds the database's one writer lock
    # (BEGIN IMMEDIATE, see config/settings.py), so the head cannot move under us.


def _head(model) -> tuple[int, str]:
    """The last row's place and hash (0 and GENESIS for an empty trail)."""
    last = model.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS)


def _link(entry, seq: int, prev_hash: str) -> None:
    if entry.at is None:
        entry.at = timezone.now()
    entry.seq = seq
    entry.prev_hash = prev_hash
    entry.hash = row_hash(
        seq=seq, prev_hash=prev_hash, values={name: getattr(entry, name) for name in CONTENT_FIELDS}
    )


def insert_linked(entry, insert: Callable[[], None]) -> None:
    """Link `entry` to the chain's head and insert it (`insert` does the INSERT), atomically."""
    insert_linked_batch(type(entry), [entry], insert)


def insert_linked_batch(model, entries: list, insert: Callable[[], T]) -> T:
    """Link `entries` in order after the chain's head and insert them, atomically. Entries that
    arrive linked already (a restore of a backup) are inserted as they are."""
    if entries and all(entry.seq is not None for entry in entries):
        return insert()
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        _lock(connections[using])
        seq, prev_hash = _head(model)
        for entry in entries:
            seq += 1
            _link(entry, seq, prev_hash)
            prev_hash = entry.hash
        return insert()


@dataclass(frozen=True)
class Finding:
    """What a walk of the chain found: intact up to `last_seq`, or the first broken link."""

    intact: bool
    rows: int
    last_seq: int | None
    last_hash: str
    entry_id: int | None = None
    seq: int | None = None
    at: datetime.datetime | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.intact:
            if not self.rows:
                return _("审计链完好：尚无审计记录。")
            return _("审计链完好：共%(rows)s条记录（第1至%(last)s号），末条哈希 %(hash)s。") % {
                "rows": f"{self.rows:,}",
                "last": self.last_seq,
                "hash": self.last_hash,
            }
        where = ""
        if self.entry_id is not None:
            where = _("记录编号 %(id)s（第%(seq)s号，%(at)s）：") % {
                "id": self.entry_id,
                "seq": self.seq,
                "at": timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M:%S"),
            }
        return _("审计链断裂，第一处断点在%(where)s%(problem)s") % {"where": where, "problem": self.problem}


def _short(value: str) -> str:
    return f"{value[:12]}…"


def _link_problem(row: dict, expected_seq: int, prev_hash: str) -> str:
    """What is wrong with `row` as the successor of the row hashed `prev_hash`, or ''."""
    if row["seq"] != expected_seq:
        gone = row["seq"] - expected_seq
        missing = (
            _("第%(first)s号") % {"first": expected_seq}
            if gone == 1
            else _("第%(first)s至%(last)s号") % {"first": expected_seq, "last": row["seq"] - 1}
        )
        return _("链序号不连续：此处应为第%(want)s号，实为第%(got)s号，%(missing)s记录已被删除。") % {
            "want": expected_seq,
            "got": row["seq"],
            "missing": missing,
        }
    if row["prev_hash"] != prev_hash:
        return _(
            "与前一条记录的链接不符：本条记下的前一条哈希为 %(noted)s，而前一条记录的哈希为 %(actual)s。"
        ) % {
            "noted": _short(row["prev_hash"]),
            "actual": _short(prev_hash),
        }
    computed = row_hash(seq=row["seq"], prev_hash=row["prev_hash"], values=row)
    if computed != row["hash"]:
        return _("内容已被改动：按现有内容算得的哈希为 %(now)s，写入时为 %(then)s。") % {
            "now": _short(computed),
            "then": _short(row["hash"]),
        }
    return ""


def verify(*, chunk_size: int = 2000) -> Finding:
    """Walk the whole chain in order and return the first broken link, or that it is intact.

    Beyond the links themselves, the last intact check (ChainCheck) is an anchor: rows it saw
    must still be there with the hash it noted, which catches the newest rows being deleted or
    the whole chain being recomputed after a change.
    """
    from .models import AuditEntry, ChainCheck

    fields = ("id", "seq", "prev_hash", "hash", *CONTENT_FIELDS)
    expected_seq, prev_hash, rows = 1, GENESIS, 0
    rows_qs = AuditEntry.objects.order_by("seq").values(*fields)
    for row in rows_qs.iterator(chunk_size=chunk_size):
        problem = _link_problem(row, expected_seq, prev_hash)
        if problem:
            return Finding(
                intact=False,
                rows=rows,
                last_seq=expected_seq - 1 or None,
                last_hash=prev_hash,
                entry_id=row["id"],
                seq=row["seq"],
                at=row["at"],
                problem=problem,
            )
        prev_hash, expected_seq, rows = row["hash"], expected_seq + 1, rows + 1

    last_seq = expected_seq - 1 or None
    anchor = ChainCheck.objects.filter(intact=True, last_seq__isnull=False).first()
    if anchor is not None:
        when = timezone.localtime(anchor.checked_at).strftime("%Y-%m-%d %H:%M:%S")
        if (last_seq or 0) < anchor.last_seq:
            return Finding(
                intact=False,
                rows=rows,
                last_seq=last_seq,
                last_hash=prev_hash,
                problem=_("末尾记录已被删除：%(when)s校验时链已到第%(then)s号，现在只到第%(now)s号。")
                % {"when": when, "then": anchor.last_seq, "now": last_seq or 0},
            )
        noted = AuditEntry.objects.filter(seq=anchor.last_seq).values("id", "hash", "at").first()
        if noted["hash"] != anchor.last_hash:
            return Finding(
                intact=False,
                rows=rows,
                last_seq=last_seq,
                last_hash=prev_hash,
                entry_id=noted["id"],
                seq=anchor.last_seq,
                at=noted["at"],
                problem=_("链被整体重算：此条的哈希为 %(now)s，%(when)s校验时为 %(then)s。")
                % {"now": _short(noted["hash"]), "when": when, "then": _short(anchor.last_hash)},
            )
    return Finding(intact=True, rows=rows, last_seq=last_seq, last_hash=prev_hash if rows else "")


def verify_and_record(*, checked_by: str) -> Finding:
    """Walk the chain and keep what was found (the audit page shows the latest)."""
    from .models import ChainCheck

    finding = verify()
    ChainCheck.objects.create(
        checked_by=checked_by[:150],
        intact=finding.intact,
        rows=finding.rows,
        last_seq=finding.last_seq,
        last_hash=finding.last_hash,
        broken_entry_id=finding.entry_id,
        broken_seq=finding.seq,
        broken_at=finding.at,
        problem=finding.problem,
    )
    return finding
