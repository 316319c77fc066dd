"""The benefit a pair created (名师带徒创效): recorded by the unit on an agreement in force or
completed, verified by the county / city union (at most what was claimed). It is counted in the
figure of benefit by channel (innovation.projects.stats, channel 名师带徒)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.money import money_text
from innovation.core.validators import clean_text
from innovation.funds.models import MAX_FEN

from ..models import Agreement, PairBenefit, State
from ..models.agreements import LIVE_STATES, TEXT_MAX
from .common import guarded, require_manage, require_user

BENEFIT_STATES = (*LIVE_STATES, State.COMPLETED)


def _fen(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: [_("金额须为整数（单位：分）。")]})
    if value < 0:
        raise ValidationError({field: [_("金额不能为负数。")]})
    if value > MAX_FEN:
        raise ValidationError({field: [_("金额过大，请核对。")]})
    return value


def benefit_add(
    *, actor, agreement: Agreement, title: str, on: datetime.date, claimed_fen: int, basis: str = ""
) -> PairBenefit:
    with guarded(actor=actor, step="benefit_add", obj=agreement), transaction.atomic():
        require_manage(actor, agreement)
        if agreement.state not in BENEFIT_STATES:
            raise ValidationError(
                _("师徒协议当前为「%(s)s」，不能登记创效成果。") % {"s": agreement.get_state_display()},
                code="state",
            )
        errors: dict[str, list] = {}
        try:
            title = clean_text(title, field="title", limit=100, required=_("请填写创效成果名称。"))
            basis = clean_text(basis, field="basis", limit=TEXT_MAX)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
            errors["on"] = [_("请填写取得日期。")]
        elif on > timezone.localdate():
            errors["on"] = [_("取得日期不能晚于今天。")]
        try:
            claimed_fen = _fen(claimed_fen, "claimed_fen")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        return PairBenefit.objects.create(
            agreement=agreement, title=title, on=on, claimed_fen=claimed_fen, basis=basis, recorded_by=actor
        )


def benefit_verify(*, actor, benefit: PairBenefit, verified_fen: int) -> PairBenefit:
    with guarded(actor=actor, step="benefit_verify", obj=benefit.agreement), transaction.atomic():
        require_user(actor)
        agreements = Agreement.objects.filter(pk=benefit.agreement_id)
        if not restrict(agreements, actor, Action.PAIR_RECOMMEND).exists():
            raise PermissionDenied(_("只有县(市、区)或市总工会可以核实师徒创效成果。"))
        verified_fen = _fen(verified_fen, "verified_fen")
        if verified_fen > benefit.claimed_fen:
            raise ValidationError(
                {
                    "verified_fen": [
                        _("核实效益（%(v)s）不能超过申报效益（%(c)s）。")
                        % {"v": money_text(verified_fen), "c": money_text(benefit.claimed_fen)}
                    ]
                }
            )
        benefit.verified_fen = verified_fen
        benefit.verified_by = actor
        benefit.verified_at = timezone.now()
        benefit.save(update_fields=["verified_fen", "verified_by", "verified_at"])
    return benefit
