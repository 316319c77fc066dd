"""The one place where the state of a workflow item changes.

`run()` locks the row, checks the actor's scope (innovation.accounts.scope), the source state,
the reason and four-eyes, calls the domain's hooks, saves with `update_fields`, writes the step
log, writes the audit entry (innovation.audit.services.record) and notifies, all in one
transaction; a refusal is recorded after the rollback by the one refusal recorder.

`load_history()` writes items whose history happened elsewhere (the demo, an import of past
years): their state and step log, without running the rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.scope import restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded
from innovation.audit.tracking import untracked
from innovation.core.models import StepLog
from innovation.notifications.services import notify

from .definition import Context, Step, Workflow
from .people import next_actors

_REGISTRY: dict[str, Workflow] = {}
_BY_MODEL: dict[type[Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    if workflow.name in _REGISTRY and _REGISTRY[workflow.name] is not workflow:
        raise ValueError(f"workflow {workflow.name!r} is registered twice")
    _REGISTRY[workflow.name] = workflow
    _BY_MODEL[workflow.model] = workflow
    return workflow


def workflows() -> list[Workflow]:
    return list(_REGISTRY.values())


def is_registered(model) -> bool:
    return model in _BY_MODEL


def workflow_of(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no registered workflow") from None


def _authenticated(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def in_scope(workflow: Workflow, obj, user, action: str) -> bool:
    return restrict(workflow.model.objects.filter(pk=obj.pk), user, action).exists()


def steps_for(obj, user) -> list[Step]:
    """The steps this user may take on this item now (its buttons). A second approval is not
    offered to the first approver."""
    workflow = workflow_of(obj)
    state = workflow.state_of(obj)
    allowed, checked = [], {}
    for step in workflow.steps:
        if not step.manual or state not in step.sources:
            continue
        if step.approval == "second" and getattr(obj, "first_approver_id", None) == user.pk:
            continue
        if step.action not in checked:
            checked[step.action] = in_scope(workflow, obj, user, step.action)
        if checked[step.action]:
            allowed.append(step)
    return allowed


def state_error(workflow: Workflow, obj, label) -> ValidationError:
    return ValidationError(
        _("该%(noun)s当前状态为「%(state)s」，不能执行「%(step)s」。可能已被他人处理，请刷新页面。")
        % {"noun": workflow.label, "state": _state_label(workflow, obj), "step": label},
        code="state",
    )


def four_eyes_error() -> ValidationError:
    return ValidationError(
        _("须由两位不同的管理员审批（四眼原则）：您已作为第一审批人审批过，请由另一位管理员进行第二次审批。"),
        code="four_eyes",
    )


def _state_label(workflow: Workflow, obj) -> str:
    display = getattr(obj, f"get_{workflow.state_field}_display", None)
    return str(display()) if display else workflow.state_of(obj)


def _lock(workflow: Workflow, obj):
    qs = workflow.model.objects.select_for_update(of=("self",))
    if workflow.lock_related:
        qs = qs.select_related(*workflow.lock_related)
    return qs.get(pk=obj.pk)


def _check(workflow: Workflow, name: str, item, actor, reason: str, by_service: bool) -> Step:
    candidates = workflow.named(name)
    if not candidates:
        raise ValidationError({"step": [_("未知的操作。")]})
    state = workflow.state_of(item)
    spec = workflow.step_from(name, state)
    probe = spec or candidates[0]
    if not probe.manual and not by_service:
        raise ValidationError({"step": [_("「%(s)s」由系统流程完成，不能直接操作。") % {"s": probe.label}]})
    # A service taking a step has authorised its actor itself (e.g. an expert declaring a
    # conflict withdraws their own assignments): the scope check is for people at buttons.
    if actor is not None and not by_service and not in_scope(workflow, item, actor, probe.action):
        raise PermissionDenied(
            _("您无权对该%(noun)s执行「%(s)s」。") % {"noun": workflow.label, "s": probe.label}
        )
    if spec is None:
        if probe.state_message:
            raise ValidationError(probe.state_message % {"state": _state_label(workflow, item)}, code="state")
        raise state_error(workflow, item, probe.label)
    if spec.needs_reason and not reason:
        what = spec.reason_label or _("理由")
        raise ValidationError({"reason": [_("请填写%(l)s。") % {"l": what}]})
    if len(reason) > workflow.reason_max:
        raise ValidationError({"reason": [_("意见过长（不超过%(n)d字）。") % {"n": workflow.reason_max}]})
    if spec.approval == "second" and actor is not None and item.first_approver_id == actor.pk:
        raise four_eyes_error()
    return spec


def run(
    *,
    obj,
    step: str,
    actor,
    reason: str = "",
    now: datetime.datetime | None = None,
    notify_people: bool = True,
    by_service: bool = False,
    **payload,
):
    """Move one item one step (see the module docstring). Returns the saved row; the caller's
    `obj` gets the saved state and fields too. A second click on the same button finds the state
    already moved and is refused."""
    workflow = workflow_of(obj)
    now = now or timezone.now()
    reason = (reason or "").strip()
    with refusals_recorded(actor=actor, step=workflow.audit_step(step), obj=obj), transaction.atomic():
        item = _lock(workflow, obj)
        spec = _check(workflow, step, item, actor, reason, by_service)
        ctx = Context(
            workflow=workflow,
            step=spec,
            obj=item,
            actor=actor,
            reason=reason,
            now=now,
            payload=payload,
            old_state=workflow.state_of(item),
        )
        if spec.check is not None:
            spec.check(ctx)
        _apply_state(ctx)
        if spec.effect is not None:
            spec.effect(ctx)
        _save(ctx)
        _log(ctx)
        if notify_people and spec.notify:
            _notify(ctx)
    for name in ctx.fields:
        setattr(obj, name, getattr(item, name))
    return item


def _apply_state(ctx: Context) -> None:
    spec, actor, now = ctx.step, _authenticated(ctx.actor), ctx.now
    ctx.set(ctx.workflow.state_field, spec.target)
    if spec.approval == "first":
        ctx.set("first_approver", actor)
        ctx.set("first_approved_at", now)
    elif spec.approval == "second":
        ctx.set("second_approver", actor)
        ctx.set("second_approved_at", now)
    if spec.clears_approvals:
        for name in ("first_approver", "first_approved_at", "second_approver", "second_approved_at"):
            ctx.set(name, None)


def _save(ctx: Context) -> None:
    fields = list(ctx.fields)
    if any(f.name == "updated_at" for f in ctx.obj._meta.concrete_fields) and "updated_at" not in fields:
        fields.append("updated_at")
    update = sorted({ctx.obj._meta.get_field(name).name for name in fields})
    # The kernel writes the audit entry itself (below): the change tracker stays out of it.
    with untracked(ctx.obj):
        ctx.obj.save(update_fields=update)


def _log(ctx: Context) -> None:
    actor = _authenticated(ctx.actor)
    StepLog.objects.create(
        workflow=ctx.workflow.name,
        object_id=ctx.obj.pk,
        step=ctx.step.name,
        from_state=ctx.old_state,
        to_state=ctx.step.target,
        actor=actor,
        actor_name=actor.username if actor else "system",
        reason=ctx.log_reason if ctx.log_reason is not None else ctx.reason,
        at=ctx.now,
    )
    detail = f"{ctx.step.name}: {ctx.reason}" if ctx.reason else ctx.step.name
    if ctx.notes:
        detail += "；" + "；".join(ctx.notes)
    record(action=AuditAction.UPDATE, obj=ctx.obj, actor=actor, changes=ctx.changes, detail=detail[:2000])


def _notify(ctx: Context) -> None:
    workflow = ctx.workflow
    if ctx.step.recipients is not None:
        users = list(ctx.step.recipients(ctx))
    else:
        users = list(next_actors(workflow, ctx.obj))
        if workflow.people is not None:
            users += list(workflow.people(ctx.obj))
    actor = _authenticated(ctx.actor)
    if ctx.step.notice_title is not None:
        title = ctx.step.notice_title(ctx)
    else:
        title = _("%(noun)s「%(t)s」：%(s)s") % {
            "noun": workflow.label,
            "t": str(workflow.title(ctx.obj))[:60],
            "s": ctx.step.label,
        }
    notify(
        users=[u for u in users if u is not None and (actor is None or u.pk != actor.pk)],
        title=title,
        body=ctx.reason,
        url=ctx.step.notice_url(ctx) if ctx.step.notice_url is not None else workflow.url(ctx.obj),
    )


def save_noted(obj, *, actor, detail: str, fields: Sequence[str] | None = None) -> None:
    """Save an existing row that is not a step (a line adjusted, a proposal made again) with one
    audit entry saying why: its changed fields and `detail` (the change tracker stays out)."""
    names = [
        f.attname
        for f in obj._meta.concrete_fields
        if fields is None or f.name in fields or f.attname in fields
    ]
    before = type(obj)._base_manager.filter(pk=obj.pk).values(*names).first() or {}
    with untracked(obj):
        obj.save(update_fields=fields)
    changes = {
        name: [_jsonable(before.get(name)), _jsonable(getattr(obj, name))]
        for name in names
        if before.get(name) != getattr(obj, name)
    }
    if changes:
        record(
            action=AuditAction.UPDATE, obj=obj, actor=_authenticated(actor), changes=changes, detail=detail
        )


def _jsonable(value):
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def _labelled(workflow: Workflow, logs: list[StepLog]) -> list[StepLog]:
    choices = dict(workflow.model._meta.get_field(workflow.state_field).flatchoices)
    steps = {s.name: s.label for s in workflow.steps}
    for log in logs:
        log.from_label = str(choices.get(log.from_state, log.from_state))
        log.to_label = str(choices.get(log.to_state, log.to_state))
        log.step_label = str(steps.get(log.step, log.step))
    return logs


def history(obj) -> list[StepLog]:
    """The item's steps, oldest first, each with from_label / to_label / step_label."""
    cached = getattr(obj, "_step_history", None)
    if cached is not None:
        return cached
    workflow = workflow_of(obj)
    logs = list(
        StepLog.objects.filter(workflow=workflow.name, object_id=obj.pk)
        .select_related("actor")
        .order_by("at", "id")
    )
    return _labelled(workflow, logs)


def attach_history(objs: Sequence[Model]) -> None:
    """Load the histories of many items of one workflow in one query (an API page)."""
    if not objs:
        return
    workflow = workflow_of(objs[0])
    by_item: dict[int, list[StepLog]] = {obj.pk: [] for obj in objs}
    logs = StepLog.objects.filter(workflow=workflow.name, object_id__in=list(by_item)).select_related("actor")
    for log in _labelled(workflow, list(logs.order_by("at", "id"))):
        by_item[log.object_id].append(log)
    for obj in objs:
        obj._step_history = by_item[obj.pk]


def load_history(
    model: type[Model],
    items: Sequence[tuple[Model, Iterable[tuple[str, str, str, object, str, datetime.datetime]]]],
    *,
    batch_size: int = 500,
) -> int:
    """Write items whose steps happened elsewhere: each (obj, [(step, from, to, actor, reason,
    at), …]) takes the state of its last step and gets its step log; a new obj is created, an
    existing one updated. No rule runs, nobody is notified: for the demo and imports of past
    records only. Returns the rows written."""
    workflow = workflow_of(model)
    rows, logs = [], []
    for obj, steps in items:
        steps = list(steps)
        if steps:
            setattr(obj, workflow.state_field, steps[-1][2])
        rows.append((obj, steps))
    new = [obj for obj, _s in rows if obj.pk is None]
    old = [obj for obj, _s in rows if obj.pk is not None]
    model.objects.bulk_create(new, batch_size=batch_size)
    model.objects.bulk_update(old, [workflow.state_field], batch_size=batch_size)
    for obj, steps in rows:
        for name, source, target, actor, reason, at in steps:
            actor = _authenticated(actor)
            logs.append(
                StepLog(
                    workflow=workflow.name,
                    object_id=obj.pk,
                    step=name,
                    from_state=source,
                    to_state=target,
                    actor=actor,
                    actor_name=actor.username if actor else "system",
                    reason=reason,
                    at=at,
                )
            )
    StepLog.objects.bulk_create(logs, batch_size=2000)
    return len(rows)
