"""The writes of plans: issuing a plan (its first version with the indicators and targets),
revising it (a new dated version: a copy of the previous version's targets with the changes), and
the quarterly snapshot (queued as a job; `plan_snapshot` runs it from the command line). Each
write checks the actor (PLAN_MANAGE at the plan's union), refuses bad input with a Chinese message
naming the item and changes nothing, writes in one transaction and is audited (a refusal too)."""

from __future__ import annotations

import contextlib
import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit import context as audit_context
from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded
from innovation.core import jobs
from innovation.core.validators import clean_text
from innovation.org.models import TradeUnion

from .models import MAX_TARGET, TEXT_MAX, Indicator, Plan, PlanTarget, PlanVersion, Snapshot, SnapshotRun

log = logging.getLogger(__name__)

YEARS = range(2000, 2101)
FILE_TYPES = ("pdf", "docx")


def _require_manage(actor, union: TradeUnion) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))
    if not can_act_at(actor, Action.PLAN_MANAGE, union):
        raise PermissionDenied(_("您无权修订该工作方案。"))


def _clean_indicators(plan: Plan | None, rows: list[dict], errors: list[str]) -> list[dict]:
    known = set(plan.indicators.values_list("code", flat=True)) if plan is not None else set()
    cleaned = []
    for n, row in enumerate(rows, start=1):
        code = row.get("code")
        name = row.get("name")
        if not isinstance(code, str) or not code or slugify(code) != code or len(code) > 40:
            errors.append(_("新增指标第%(n)d项：指标代码须为小写字母、数字、下划线或连字符。") % {"n": n})
            continue
        if code in known:
            errors.append(_("新增指标第%(n)d项：指标代码「%(c)s」已存在。") % {"n": n, "c": code})
            continue
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            errors.append(_("新增指标第%(n)d项：请填写指标名称（80字以内）。") % {"n": n})
            continue
        known.add(code)
        cleaned.append(
            {
                "code": code,
                "name": name.strip(),
                "unit": str(row.get("unit") or "项")[:10],
                "formula": str(row.get("formula") or code)[:60],
                "per_district": bool(row.get("per_district")),
            }
        )
    return cleaned


def _clean_targets(
    union: TradeUnion, indicators: dict[str, dict], rows: list[dict], errors: list[str]
) -> list:
    """(code, year, district or None, value or None) per row; `value` None removes a target.
    Each refusal names the row (第n项) and what is wrong with it."""
    cleaned = []
    seen = set()
    for n, row in enumerate(rows, start=1):
        where = _("第%(n)d项") % {"n": n}
        code, year, district, value = (
            row.get("indicator"),
            row.get("year"),
            row.get("district"),
            row.get("value"),
        )
        indicator = indicators.get(code) if isinstance(code, str) else None
        if indicator is None:
            errors.append(_("%(w)s：指标「%(c)s」不是本方案的指标。") % {"w": where, "c": code})
            continue
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
            errors.append(_("%(w)s：年度须为2000至2100之间的整数。") % {"w": where})
            continue
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors.append(_("%(w)s：目标值须为整数。") % {"w": where})
            continue
        if value is not None and value < 0:
            errors.append(
                _("%(w)s：%(i)s的目标值不能为负数（%(v)d）。")
                % {"w": where, "i": indicator["name"], "v": value}
            )
            continue
        if value is not None and value > MAX_TARGET:
            errors.append(_("%(w)s：目标值过大。") % {"w": where})
            continue
        if district is not None and (
            not isinstance(district, TradeUnion)
            or district.kind != TradeUnion.Kind.DISTRICT
            or not district.path.startswith(union.path)
        ):
            errors.append(_("%(w)s：所选县(市、区)不在本方案的范围内。") % {"w": where})
            continue
        if indicator["per_district"] and district is None:
            errors.append(
                _("%(w)s：%(i)s分县(市、区)下达，须选择县(市、区)。") % {"w": where, "i": indicator["name"]}
            )
            continue
        if not indicator["per_district"] and district is not None:
            errors.append(
                _("%(w)s：%(i)s按全市下达，不能选择县(市、区)。") % {"w": where, "i": indicator["name"]}
            )
            continue
        key = (code, year, district.pk if district else None)
        if key in seen:
            errors.append(_("%(w)s：与前面的目标重复。") % {"w": where})
            continue
        seen.add(key)
        cleaned.append((code, year, district, value))
    return cleaned


def _check_file(upload, errors: list[str]) -> None:
    if upload is None:
        return
    from innovation.achievements.uploads import check_upload

    try:
        check_upload(upload, allowed=FILE_TYPES)
    except ValidationError as exc:
        errors.extend(exc.messages)


def _write_targets(version: PlanVersion, by_code: dict[str, Indicator], rows: dict[tuple, int]) -> int:
    union = version.plan.union
    targets = []
    for (code, year, district), value in rows.items():
        t = PlanTarget(version=version, indicator=by_code[code], year=year, district=district, value=value)
        t.scope_path = (district or union).path  # bulk_create does not call save()
        targets.append(t)
    PlanTarget.objects.bulk_create(targets)
    return len(targets)


def plan_create(
    *,
    actor,
    union: TradeUnion,
    title: str,
    document_no: str = "",
    adopted_on: datetime.date,
    indicators: list[dict],
    targets: list[dict],
    green_pct: int = 100,
    amber_pct: int = 80,
) -> Plan:
    """Issue a plan: version 1 (effective on adoption) with its indicators and targets."""
    with refusals_recorded(actor=actor, model=Plan, step="plans.create"), transaction.atomic():
        _require_manage(actor, union)
        errors: list[str] = []
        title = clean_text(title, field="title", limit=120, required=_("请填写方案名称。"))
        new = _clean_indicators(None, indicators, errors)
        cleaned = _clean_targets(union, {i["code"]: i for i in new}, targets, errors)
        _check_pcts(green_pct, amber_pct, errors)
        if errors:
            raise ValidationError(errors)
        plan = Plan.objects.create(title=title, union=union, document_no=document_no, adopted_on=adopted_on)
        by_code = {
            i["code"]: Indicator.objects.create(plan=plan, order=n, **i) for n, i in enumerate(new, start=1)
        }
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            effective_on=adopted_on,
            title=title,
            document_no=document_no,
            green_pct=green_pct,
            amber_pct=amber_pct,
            created_by=actor,
        )
        count = _write_targets(version, by_code, {(c, y, d): v for c, y, d, v in cleaned if v is not None})
        record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=plan,
            detail=_("印发工作方案：%(t)s，%(i)d项指标，%(n)d个年度目标。")
            % {"t": title, "i": len(by_code), "n": count},
        )
    return plan


def _check_pcts(green_pct, amber_pct, errors: list[str]) -> None:
    for value in (green_pct, amber_pct):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            errors.append(_("达标线和预警线须为0至1000之间的整数（百分比）。"))
            return
    if amber_pct > green_pct:
        errors.append(_("预警线不能高于达标线。"))


def plan_revise(
    *,
    actor,
    plan: Plan,
    effective_on: datetime.date,
    title: str,
    document_no: str = "",
    note: str = "",
    file=None,
    changes: list[dict] = (),
    new_indicators: list[dict] = (),
    green_pct: int | None = None,
    amber_pct: int | None = None,
) -> PlanVersion:
    """A revision (修订): a new version effective on `effective_on`, holding the previous version's
    targets with `changes` applied (each {indicator: code, year, district: union or None, value:
    int, or None to remove}) and the `new_indicators` added to the plan. Refused as a whole, and
    nothing changed, when any change names an unknown indicator, is negative, or is otherwise
    wrong — every wrong row is named."""
    with refusals_recorded(actor=actor, obj=plan, step="plans.revise"), transaction.atomic():
        _require_manage(actor, plan.union)
        previous = PlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
        errors: list[str] = []
        try:
            title = clean_text(title, field="title", limit=150, required=_("请填写修订文件名称。"))
            note = clean_text(note, field="note", limit=TEXT_MAX)
            document_no = clean_text(document_no, field="document_no", limit=60)
        except ValidationError as exc:
            errors.extend(exc.messages)
        if not isinstance(effective_on, datetime.date):
            errors.append(_("请填写生效日期。"))
        elif previous is not None and effective_on <= previous.effective_on:
            errors.append(
                _("生效日期须晚于上一版本的生效日期（%(d)s）。") % {"d": previous.effective_on.isoformat()}
            )
        green = previous.green_pct if green_pct is None else green_pct
        amber = previous.amber_pct if amber_pct is None else amber_pct
        _check_pcts(green, amber, errors)
        new = _clean_indicators(plan, list(new_indicators), errors)
        existing = {
            i.code: {"code": i.code, "name": i.name, "per_district": i.per_district}
            for i in plan.indicators.all()
        }
        cleaned = _clean_targets(
            plan.union, {**existing, **{i["code"]: i for i in new}}, list(changes), errors
        )
        if not cleaned and not new and not errors:
            errors.append(_("本次修订没有任何变更。"))
        _check_file(file, errors)
        if errors:
            raise ValidationError(errors)
        start = plan.indicators.count()
        for n, row in enumerate(new, start=start + 1):
            Indicator.objects.create(plan=plan, order=n, **row)
        by_code = {i.code: i for i in plan.indicators.all()}
        rows = {
            (t.indicator.code, t.year, t.district): t.value
            for t in PlanTarget.objects.filter(version=previous).select_related("indicator", "district")
        }
        by_key = {(c, y, d.pk if d else None): (c, y, d) for c, y, d in rows}
        for code, year, district, value in cleaned:
            key = by_key.get((code, year, district.pk if district else None), (code, year, district))
            if value is None:
                rows.pop(key, None)
            else:
                rows[key] = value
        version = PlanVersion(
            plan=plan,
            number=previous.number + 1,
            effective_on=effective_on,
            title=title,
            document_no=document_no,
            note=note,
            green_pct=green,
            amber_pct=amber,
            created_by=actor,
        )
        if file is not None:
            version.file.save(
                f"plan-{plan.pk}-v{version.number}.{file.name.rsplit('.', 1)[-1].lower()}", file, save=False
            )
        version.save()
        count = _write_targets(version, by_code, rows)
        record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=version,
            detail=_("修订工作方案：%(t)s（第%(n)d版），%(c)d项变更，新增指标%(i)d项，共%(a)d个年度目标。")
            % {"t": title, "n": version.number, "c": len(cleaned), "i": len(new), "a": count},
        )
    return version


# ----------------------------------------------------------------------- quarterly snapshots


def quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)


def snapshot_request(*, actor, version: PlanVersion, year: int, quarter: int) -> SnapshotRun:
    """Queue the snapshot of a version's targets of `year` as of the end of `quarter` (today, if
    the quarter has not ended). A running request for the same quarter is returned as it is."""
    from innovation.core.tasks import enqueue

    from .tasks import take_snapshot

    with refusals_recorded(actor=actor, obj=version, step="plans.snapshot"), transaction.atomic():
        _require_manage(actor, version.plan.union)
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
            raise ValidationError(_("年度须为2000至2100之间的整数。"))
        if isinstance(quarter, bool) or quarter not in (1, 2, 3, 4):
            raise ValidationError(_("季度须为1至4。"))
        if datetime.date(year, quarter * 3 - 2, 1) > timezone.localdate():
            raise ValidationError(_("%(y)d年第%(q)d季度尚未开始，不能生成快照。") % {"y": year, "q": quarter})
        if not PlanTarget.objects.filter(version=version, year=year).exists():
            raise ValidationError(_("该版本没有%(y)d年的目标，不能生成快照。") % {"y": year})
        active = SnapshotRun.objects.filter(
            version=version,
            year=year,
            quarter=quarter,
            status__in=(jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING),
        ).first()
        if active is not None:
            return active
        run = SnapshotRun.objects.create(version=version, year=year, quarter=quarter, requested_by=actor)
        record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=run,
            detail=_("生成季度快照：%(v)s %(y)d年第%(q)d季度。") % {"v": version, "y": year, "q": quarter},
        )
        task_id = enqueue(take_snapshot, run.pk)
        if task_id:
            SnapshotRun.objects.filter(pk=run.pk, task_id="").update(task_id=task_id)
    run.refresh_from_db()
    return run


def take_snapshot(run_id: int) -> None:
    """The job: every target of the version's year with its actual (in the requester's scope,
    the city's) and status as of the quarter's end; replaces an earlier snapshot of that quarter."""
    from .progress import progress_rows

    with jobs.lease(SnapshotRun, run_id) as lease:
        if lease is None:
            return
        run = SnapshotRun.objects.select_related("version__plan__union", "requested_by").get(pk=run_id)
        as_of = min(quarter_end(run.year, run.quarter), timezone.localdate())
        try:
            with audit_context.acting_as(run.requested_by), transaction.atomic():
                rows = progress_rows(run.requested_by, run.version, year=run.year, today=as_of)
                lease.renew(total=len(rows), done_count=0)
                Snapshot.objects.filter(version=run.version, year=run.year, quarter=run.quarter).delete()
                now = timezone.now()
                union = run.version.plan.union
                snaps = []
                for row in rows:
                    snap = Snapshot(
                        version=run.version,
                        year=run.year,
                        quarter=run.quarter,
                        indicator=row.indicator,
                        district=row.district,
                        target=row.target,
                        expected=row.expected,
                        actual=row.actual,
                        status=row.status,
                        taken_at=now,
                    )
                    snap.scope_path = (row.district or union).path
                    snaps.append(snap)
                Snapshot.objects.bulk_create(snaps)
                record(
                    action=AuditAction.CREATE,
                    actor=run.requested_by,
                    obj=run,
                    detail=_("季度快照已保存：%(y)d年第%(q)d季度，%(n)d行。")
                    % {"y": run.year, "q": run.quarter, "n": len(snaps)},
                )
                lease.finish(status=jobs.JobStatus.DONE, done_count=len(snaps))
        except jobs.LeaseLost:
            log.warning("plan snapshot %s was taken back from this worker", run_id)
        except Exception:
            log.exception("plan snapshot %s failed", run_id)
            with contextlib.suppress(jobs.LeaseLost):
                lease.finish(
                    status=jobs.JobStatus.FAILED, error=_("生成季度快照时发生系统错误，没有保存快照。")
                )
