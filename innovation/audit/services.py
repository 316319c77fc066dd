"""The audit writer. Every audit row in the system is written by `record()`.

Personal data never reaches the trail in clear: every text the row holds (actor name, object,
changes, detail, client) is masked by innovation.audit.masking before it is written, so a search
by ID-card or phone number, a denied look-up or an export description shows the masked form the
lists use (210702********1234, 138****1234). Masking comes before any truncation, so a cut can
never leave part of a number in clear.
"""

import contextlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from . import context
from .masking import mask_data, mask_text
from .models import AuditAction, AuditEntry


def _label(model_or_obj) -> str:
    meta = model_or_obj._meta
    return f"{meta.app_label}.{meta.model_name}"


def _entry(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    detail: str = "",
    actor=None,
    ctx=None,
    at=None,
) -> AuditEntry:
    """One unsaved audit row, masked and cut to its columns."""
    ctx = ctx or context.current()
    actor = actor if actor is not None else ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or _label(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    extra = {"at": at} if at is not None else {}
    return AuditEntry(
        actor=actor,
        actor_name=mask_text(getattr(actor, "username", "") if actor else "")[:150],
        action=action,
        object_type=object_type,
        object_id=mask_text(str(object_id))[:64],
        object_repr=mask_text(object_repr)[:255],
        changes=mask_data(changes or {}),
        detail=mask_text(detail),
        ip=ctx.ip,
        user_agent=mask_text(ctx.user_agent)[:255],
        **extra,
    )


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    detail: str = "",
    actor=None,
) -> AuditEntry:
    """Write one audit row in the caller's transaction.

    `actor` defaults to the acting user of the current request or command.
    """
    entry = _entry(
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
        detail=detail,
        actor=actor,
    )
    entry.save(force_insert=True)
    return entry


def record_many(rows: Iterable[dict], *, actor=None, at=None, batch_size: int = 1000) -> list[AuditEntry]:
    """Write many audit rows at once (a bulk insert bypasses the change tracker: an import of
    a thousand achievements, the automatic assignment), in the caller's transaction.

    Each row takes `record`'s keywords (action, obj or object_type/object_id/object_repr,
    changes, detail); `actor` (default: the acting user) and `at` (default: now) are shared.
    Masked and chained exactly as `record` writes one: never build AuditEntry rows by hand."""
    ctx = context.current()
    entries = [_entry(actor=actor, ctx=ctx, at=at, **row) for row in rows]
    return AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def record_denied(*, user, model: type[models.Model], lookup: dict, action: str) -> None:
    record(
        action=AuditAction.ACCESS_DENIED,
        actor=user,
        object_type=_label(model),
        object_id=",".join(str(v) for v in lookup.values()),
        detail=f"action={action}",
    )


def record_export(*, user, model: type[models.Model], rows: int, description: str) -> None:
    record(
        action=AuditAction.EXPORT,
        actor=user,
        object_type=_label(model),
        detail=mask_text(f"{rows} rows; {description}")[:2000],
    )


@contextlib.contextmanager
def refusals_recorded(*, actor, step: str, obj: models.Model | None = None, model=None):
    """Run one step of a service; when it is refused (ValidationError or PermissionDenied),
    record the refusal after the step's transaction has rolled back, then re-raise.

    Out of scope is a denied access, a rule saying no (quota, state, deadline) a refusal. The
    row names `obj` when it exists, else `model`'s type. Model tracking inside the step names
    the actor even where there is no request (commands, demo loaders)."""
    ctx = context.current()
    if ctx.actor is None and getattr(actor, "is_authenticated", False):
        acting = context.acting_as(actor, ip=ctx.ip, user_agent=ctx.user_agent)
    else:
        acting = contextlib.nullcontext()
    try:
        with acting:
            yield
    except (ValidationError, PermissionDenied) as error:
        message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
        if obj is not None and obj.pk:
            where = {"obj": obj}
        else:
            source = model or (type(obj) if obj is not None else None)
            where = {"object_type": _label(source)} if source is not None else {}
        record(
            action=AuditAction.ACCESS_DENIED if isinstance(error, PermissionDenied) else AuditAction.REFUSED,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            detail=mask_text(f"{step} refused: {message}")[:2000],
            **where,
        )
        raise
