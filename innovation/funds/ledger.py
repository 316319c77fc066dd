"""What the money services (innovation.funds.services) and the budget amendments
(innovation.funds.amendments) share: the refusal written to the trail after a rollback, the
manage check, whole amounts in fen, and the counter update under the caller's row lock."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit.models import AuditAction
from innovation.audit.services import record

from .models import MAX_FEN

# The trail has no separate "refused" action yet; a refused money attempt is filed with the
# denied ones, its detail saying which step and why.
REFUSED = AuditAction.REFUSED


# ---------------------------------------------------------------- audit and checks


def audit_refused(
    *, actor, obj=None, model=None, step: str, error: ValidationError | PermissionDenied
) -> None:
    """Write one audit row for a refused attempt. Called after the rollback, so it stays."""
    message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
    kwargs: dict = {"obj": obj} if obj is not None and obj.pk else {}
    if not kwargs and model is not None:
        kwargs = {"object_type": f"{model._meta.app_label}.{model._meta.model_name}"}
    record(action=REFUSED, actor=actor, detail=f"funds.{step} refused: {message}"[:2000], **kwargs)


def require_manage(*, actor, union, step: str, obj=None, model=None) -> None:
    if actor is None:
        return
    if not can_act_at(actor, Action.FUNDS_MANAGE, union):
        error = PermissionDenied(_("您无权管理「%(u)s」的经费。") % {"u": union})
        audit_refused(actor=actor, obj=obj, model=model, step=step, error=error)
        raise error


def whole_fen(value, field: str, *, minimum: int) -> int:
    """An amount in fen must be a whole number (never a float or a bool)."""
    try:
        whole = not isinstance(value, bool) and isinstance(value, int | Decimal) and value == int(value)
    except (ValueError, OverflowError):  # Decimal NaN / Infinity
        whole = False
    if not whole:
        raise ValidationError({field: [_("金额须为整数分。")]})
    value = int(value)
    if value < minimum:
        raise ValidationError({field: [_("金额不能为负数。") if minimum == 0 else _("金额须大于0。")]})
    if value > MAX_FEN:
        raise ValidationError({field: [_("金额超过1000亿元，请核对单位是否正确。")]})
    return value


def bump(model, pk: int, *, before: dict, deltas: dict, set_fields: dict | None = None, actor, detail: str):
    """Add `deltas` to counters with F() (the row is locked by the caller), set other fields,
    and write the audit row with before/after values (queryset updates skip model tracking)."""
    updates = {name: F(name) + delta for name, delta in deltas.items()}
    updates.update(set_fields or {})
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        updates["updated_at"] = timezone.now()
    model.objects.filter(pk=pk).update(**updates)
    changes = {name: [before[name], before[name] + delta] for name, delta in deltas.items()}
    for name, value in (set_fields or {}).items():
        changes[name] = [before.get(name), value]
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        object_type=f"{model._meta.app_label}.{model._meta.model_name}",
        object_id=str(pk),
        object_repr=str(before.get("repr", ""))[:255],
        changes=changes,
        detail=detail,
    )
