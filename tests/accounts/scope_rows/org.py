"""Rows of the organisation (regions, unions, units, workers, honours) and of the audit trail."""

import datetime

from innovation.audit.models import AuditEntry, ChainCheck
from innovation.org.models import Honour, Region, SkillLevelRecord

from .base import Placed, Row


def org_rows(p: Placed) -> None:
    for region in Region.objects.all():
        p.add(region, None)  # reference data: hangs in no subtree
    owners = {"yx_a": ("worker", "lead"), "hs_a": ("team",)}
    for place, union in p.unions.items():
        p.add(union, place, *owners.get(place, ()))
    for place, unit in p.units.items():
        p.add(unit, place, *owners.get(place, ()))
    worker_owner = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}
    for key, worker in p.workers.items():
        place = "outside_unit" if key == "out_1" else key.rsplit("_", 1)[0]
        p.add(worker, place, *([worker_owner[key]] if key in worker_owner else []))
    for key in ("yx_a_1", "yx_a_2", "hs_a_1", "hs_b_1", "out_1"):
        honour = Honour.objects.create(
            worker=p.workers[key], kind=Honour.Kind.CRAFTSMAN, level=Honour.Level.CITY, year=2020
        )
        place = "outside_unit" if key == "out_1" else key.rsplit("_", 1)[0]
        p.add(honour, place, *([worker_owner[key]] if key in worker_owner else []))


WORKER_OWNER = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}


def skill_history_rows(p: Placed) -> None:
    """A step of the skill-level history for some workers, and every step the pairs' and the
    competitions' rows wrote (labelled last, like the audit: each hangs where its worker does)."""
    for key in ("yx_a_1", "hs_b_1", "out_1"):
        SkillLevelRecord.objects.create(
            worker=p.workers[key], to_level="3", certificate_no=f"S-{key}", on=datetime.date(2020, 6, 1)
        )
    key_of = {w.pk: k for k, w in p.workers.items()}
    for entry in SkillLevelRecord.objects.all():
        key = key_of[entry.worker_id]
        place = "outside_unit" if key == "out_1" else key.rsplit("_", 1)[0]
        p.add(entry, place, *([WORKER_OWNER[key]] if key in WORKER_OWNER else []))


def audit_rows(p: Placed) -> None:
    # Audit rows hang nowhere; the builders above and below write plenty of them. Labelled
    # last (see build), so that every row written while building is in the set.
    for pk in AuditEntry.objects.values_list("pk", flat=True):
        p.rows.setdefault(AuditEntry, []).append(Row(pk, None, frozenset()))
    # Checks of the audit chain hang nowhere, like the rows they checked.
    for intact in (True, False):
        p.add(ChainCheck.objects.create(intact=intact, checked_by="audit_verify"), None)
