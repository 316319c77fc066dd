"""Change tracking: every create, update and delete of a tracked model is recorded
by the audit writer inside the same transaction as the change.

Personal data never reaches the trail in clear: encrypted columns are excluded and
their masked companions are what the trail shows.
"""

import contextlib
import contextvars

from django.db.models.signals import post_delete, post_save, pre_save

from .models import AuditAction
from .services import record

_TRACKED: dict[type, tuple[str, ...]] = {}
# Rows whose save the caller audits itself (the workflow kernel writes one entry per step).
_UNTRACKED: contextvars.ContextVar[frozenset] = contextvars.ContextVar("audit_untracked", default=frozenset())


@contextlib.contextmanager
def untracked(instance):
    """Inside this block, saving `instance` writes no change-tracking row: the caller records
    the change itself, with its reason."""
    key = (type(instance), instance.pk)
    token = _UNTRACKED.set(_UNTRACKED.get() | {key})
    try:
        yield
    finally:
        _UNTRACKED.reset(token)


def _skipped(sender, instance) -> bool:
    return (sender, instance.pk) in _UNTRACKED.get()


def _field_names(model, exclude: tuple[str, ...]) -> tuple[str, ...]:
    names = []
    for field in model._meta.concrete_fields:
        if field.name in exclude or field.attname in exclude:
            continue
        names.append(field.attname)
    return tuple(names)


def _snapshot(instance, names) -> dict:
    return {name: getattr(instance, name) for name in names}


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _pre_save(sender, instance, raw=False, **kwargs):
    names = _TRACKED.get(sender)
    if names is None or raw or instance._state.adding or instance.pk is None or _skipped(sender, instance):
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    instance._audit_before = old


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    names = _TRACKED.get(sender)
    if names is None or raw or (not created and _skipped(sender, instance)):
        return
    after = _snapshot(instance, names)
    if created:
        changes = {k: [None, _jsonable(v)] for k, v in after.items() if v not in (None, "")}
        record(action=AuditAction.CREATE, obj=instance, changes=changes)
        return
    before = getattr(instance, "_audit_before", None) or {}
    changes = {k: [_jsonable(before.get(k)), _jsonable(v)] for k, v in after.items() if before.get(k) != v}
    instance._audit_before = None
    if changes:
        # A save that has a reason to give goes through innovation.core.workflow (a step, or
        # save_noted) and is not tracked here.
        record(action=AuditAction.UPDATE, obj=instance, changes=changes)


def _post_delete(sender, instance, **kwargs):
    if sender in _TRACKED:
        record(action=AuditAction.DELETE, obj=instance)


def track(model, *, exclude: tuple[str, ...] = ()) -> None:
    _TRACKED[model] = _field_names(model, tuple(exclude) + ("created_at", "updated_at"))
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
