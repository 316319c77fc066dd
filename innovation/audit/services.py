"""The audit writer. Every audit row in the system is written by `record()`."""

from django.db import models

from . import context
from .models import AuditAction, AuditEntry


def _label(model_or_obj) -> str:
    meta = model_or_obj._meta
    return f"{meta.app_label}.{meta.model_name}"


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
    ctx = context.current()
    actor = actor if actor is not None else ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or _label(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=getattr(actor, "username", "") if actor else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=changes or {},
        detail=detail,
        ip=ctx.ip,
        user_agent=ctx.user_agent,
    )


def record_denied(*, user, model: type[models.Model], lookup: dict, action: str) -> None:
    record(
        action=AuditAction.ACCESS_DENIED,
        actor=user,
        object_type=_label(model),
        object_id=",".join(str(v) for v in lookup.values())[:64],
        detail=f"action={action}",
    )


def record_export(*, user, model: type[models.Model], rows: int, description: str) -> None:
    record(
        action=AuditAction.EXPORT,
        actor=user,
        object_type=_label(model),
        detail=f"{rows} rows; {description}"[:2000],
    )
