"""What every write of the competitions app checks the same way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit.services import refusals_recorded

from ..models import Competition


def guarded(*, actor, step: str, obj=None, model=None):
    """The refusal recorder of a competitions write (a refusal without a row is filed under
    Competition)."""
    return refusals_recorded(
        actor=actor,
        obj=obj,
        model=model or (None if obj is not None else Competition),
        step=f"competitions.{step}",
    )


def require_user(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))


def require_organiser(actor, competition: Competition) -> None:
    require_user(actor)
    if not can_act_at(actor, Action.COMPETITION_MANAGE, competition.union):
        raise PermissionDenied(_("该赛事由%(u)s主办，您无权办理。") % {"u": competition.union})


def require_scheme_open(competition: Competition) -> None:
    """The marking scheme is locked once the event has started: any later edit is refused."""
    if competition.scheme_locked:
        raise ValidationError(
            _("赛事当前为「%(s)s」，比赛开始后评分方案已锁定，不能修改。")
            % {"s": competition.get_state_display()},
            code="scheme_locked",
        )
