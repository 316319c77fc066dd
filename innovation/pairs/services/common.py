"""What every write of the pairs app checks the same way."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.audit.services import refusals_recorded
from innovation.org.models import Worker

from ..models import Agreement, State
from ..models.agreements import LIVE_STATES


def guarded(*, actor, step: str, obj=None, model=None):
    """The refusal recorder of a pairs write (a refusal without a row is filed under Agreement)."""
    return refusals_recorded(
        actor=actor, obj=obj, model=model or (None if obj is not None else Agreement), step=f"pairs.{step}"
    )


def require_user(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))


def require_manage(actor, agreement: Agreement) -> None:
    require_user(actor)
    if not restrict(Agreement.objects.filter(pk=agreement.pk), actor, Action.PAIR_MANAGE).exists():
        raise PermissionDenied(_("您无权办理该师徒协议。"))


def require_draft(agreement: Agreement) -> None:
    if agreement.state != State.DRAFT:
        raise ValidationError(
            _("师徒协议当前为「%(s)s」，已审批的协议不能修改；如需变更，请提出新版本。")
            % {"s": agreement.get_state_display()},
            code="state",
        )


def require_live(agreement: Agreement) -> None:
    if agreement.state not in LIVE_STATES:
        raise ValidationError(
            _("师徒协议当前为「%(s)s」，只有已审批或履行中的协议可以记录进展。")
            % {"s": agreement.get_state_display()},
            code="state",
        )


def require_workers_visible(actor, workers: Sequence[Worker], field: str) -> None:
    seen = set(
        restrict(
            Worker.objects.filter(pk__in=[w.pk for w in workers]), actor, Action.WORKER_VIEW
        ).values_list("pk", flat=True)
    )
    hidden = [w.name for w in workers if w.pk not in seen]
    if hidden:
        raise ValidationError({field: [_("%(n)s不在您的管理范围内。") % {"n": "、".join(hidden)}]})
