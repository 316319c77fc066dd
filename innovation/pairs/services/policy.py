"""The city's policy rows of 金牌师徒: the cap of apprentices per master, versioned by date."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can
from innovation.core.validators import clean_text

from ..models import ApprenticeCapPolicy
from .common import guarded, require_user


def cap_policy_add(
    *, actor, effective_from: datetime.date, max_apprentices: int, note: str = ""
) -> ApprenticeCapPolicy:
    """A new cap from a date on; earlier rows keep applying to agreements that start before it."""
    with guarded(actor=actor, step="cap_policy", model=ApprenticeCapPolicy):
        require_user(actor)
        if not (can(actor, Action.PAIR_POLICY) and actor.has_role(Role.CITY_ADMIN)):
            raise PermissionDenied(_("带徒人数上限由市总工会设定。"))
        if not isinstance(effective_from, datetime.date):
            raise ValidationError({"effective_from": [_("请填写施行日期。")]})
        if (
            isinstance(max_apprentices, bool)
            or not isinstance(max_apprentices, int)
            or not 1 <= max_apprentices <= 50
        ):
            raise ValidationError({"max_apprentices": [_("每位师傅最多带徒人数须在1至50之间。")]})
        note = clean_text(note, field="note", limit=200)
        try:
            with transaction.atomic():
                return ApprenticeCapPolicy.objects.create(
                    effective_from=effective_from, max_apprentices=max_apprentices, note=note
                )
        except IntegrityError:
            raise ValidationError(
                {"effective_from": [_("%(d)s起施行的上限已有规定，请另选日期。") % {"d": effective_from}]}
            ) from None
