"""Studio subsidies (工作室补助) as versioned policy, and the city's yearly subsidy round.

Every amount comes from a SubsidyPolicy row (the 2019 three-year plan and its revisions), never
from code. A policy row is never edited: a revision is a new row with its effective date, so a
change applies from its date and never touches lines already proposed, approved or paid — each
SubsidyLine keeps its own amount, the policy row it came from and the use scope.

* Which policy applies: the row of the kind covering the studio's type and level with the latest
  `effective_from` on or before the reference date (a naming: the naming date; a yearly subsidy:
  the round's date, at most the last day of its year). A row for the studio's own type wins over
  a row for every type on the same date.
* `propose_round` builds the year's lines: the one-off naming subsidy for each studio the city
  named that year and not yet subsidised, and the yearly subsidy for each existing (named before
  the year) active studio of city level or above, from its result of the previous year
  (by_result_fen, at most cap_fen). A draft round may be proposed again; its adjustments go.
* `adjust_line` changes one amount with a reason, never above the policy's cap.
* `approve_round` twice, by two different city admins (four-eyes); the second approval commits
  every line with money to the round's budget line (innovation.funds.services.commit) in one
  transaction — when the line lacks money nothing is committed and the message says how much
  is missing.
* `pay_line` pays a committed line through innovation.funds.services.pay.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, can_act_at, restrict
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind, Payment
from innovation.funds.services import money

from ..checks import audited, clean_year, require_user
from ..models import Assessment, StudioLevel, StudioType
from .models import (
    DOCUMENT_MAX,
    REASON_MAX,
    USE_SCOPE_MAX,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)
from .selectors import candidate_lines, cap_of, reference_date

Kind = SubsidyPolicy.Kind


# ---------------------------------------------------------------- policies


def _is_city_manager(actor, action: str = Action.SUBSIDY_MANAGE) -> bool:
    return can(actor, action) and actor.has_role(Role.CITY_ADMIN)


def _fen(value, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: [_("金额须为整数分。")]})
    if value < minimum:
        raise ValidationError({field: [_("金额不能为负数。") if minimum == 0 else _("金额须大于0。")]})
    if value > funds.MAX_FEN:
        raise ValidationError({field: [_("金额过大，请核对单位是否为分。")]})
    return value


def policy_create(
    *,
    actor,
    kind: str,
    studio_type: str = "",
    levels: Iterable[str],
    effective_from: datetime.date,
    amount_fen: int = 0,
    by_result_fen: dict | None = None,
    cap_fen: int | None = None,
    use_scope: str,
    document: str,
) -> SubsidyPolicy:
    """A new policy row (a new version); rows are never edited."""
    with audited(actor=actor, model=SubsidyPolicy, step="policy_create"):
        require_user(actor, _("设置补助政策"))
        if not _is_city_manager(actor):
            raise PermissionDenied(_("补助政策须由市总工会设置。"))
        errors: dict[str, list] = {}
        if kind not in Kind.values:
            errors["kind"] = [_("请选择补助类型。")]
        studio_type = studio_type or ""
        if studio_type and studio_type not in StudioType.values:
            errors["studio_type"] = [_("工作室类型无效。")]
        levels = list(levels or [])
        if not levels or any(level not in StudioLevel.values for level in levels):
            errors["levels"] = [_("请选择适用级别。")]
        levels = [level for level in StudioLevel.values if level in levels]
        if not isinstance(effective_from, datetime.date) or isinstance(effective_from, datetime.datetime):
            errors["effective_from"] = [_("请填写生效日期。")]
        try:
            use_scope = clean_text(
                use_scope, field="use_scope", limit=USE_SCOPE_MAX, required=_("请写明资金使用范围。")
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            document = clean_text(
                document,
                field="document",
                limit=DOCUMENT_MAX,
                required=_("请写明政策依据（文件名称或文号）。"),
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        results: dict[str, int] = {}
        if kind == Kind.NAMING:
            if not studio_type:
                raise ValidationError({"studio_type": [_("新命名补助须指明工作室类型。")]})
            amount_fen = _fen(amount_fen, "amount_fen", minimum=1)
            cap_fen = None
        else:
            cap_fen = _fen(cap_fen, "cap_fen", minimum=1) if cap_fen is not None else None
            if cap_fen is None:
                raise ValidationError({"cap_fen": [_("年度补助须设置每年最高金额。")]})
            if not isinstance(by_result_fen, dict) or not by_result_fen:
                raise ValidationError({"by_result_fen": [_("请按考核结果设置补助金额。")]})
            for result, value in by_result_fen.items():
                if result not in Assessment.Result.values:
                    raise ValidationError({"by_result_fen": [_("考核结果「%(r)s」无效。") % {"r": result}]})
                value = _fen(value, "by_result_fen")
                if value > cap_fen:
                    raise ValidationError(
                        {
                            "by_result_fen": [
                                _("「%(r)s」的补助%(a)s超过每年最高%(c)s。")
                                % {
                                    "r": Assessment.Result(result).label,
                                    "a": money(value),
                                    "c": money(cap_fen),
                                }
                            ]
                        }
                    )
                results[result] = value
            amount_fen = 0
        clash = [
            p
            for p in SubsidyPolicy.objects.filter(
                kind=kind, studio_type=studio_type, effective_from=effective_from
            )
            if set(p.levels) & set(levels)
        ]
        if clash:
            raise ValidationError(
                {
                    "effective_from": [
                        _("同一天生效的同类政策已存在（%(d)s），请另定生效日期。") % {"d": clash[0].document}
                    ]
                }
            )
        with transaction.atomic():
            return SubsidyPolicy.objects.create(
                kind=kind,
                studio_type=studio_type,
                levels=levels,
                effective_from=effective_from,
                amount_fen=amount_fen,
                by_result_fen=results,
                cap_fen=cap_fen,
                use_scope=use_scope,
                document=document,
            )


# ---------------------------------------------------------------- proposal


def _require_round_manager(actor, union) -> None:
    if not (can_act_at(actor, Action.SUBSIDY_MANAGE, union) and actor.has_role(Role.CITY_ADMIN)):
        raise PermissionDenied(_("工作室补助须由市总工会管理员办理。"))


def _check_budget_line(budget_line: BudgetLine | None, *, union, year: int) -> None:
    if budget_line is None:
        raise ValidationError({"budget_line": [_("请选择工作室补助的预算科目。")]})
    if budget_line.kind != LineKind.STUDIO:
        raise ValidationError(
            {
                "budget_line": [
                    _("「%(l)s」不是工作室补助科目，请选择工作室补助预算科目。") % {"l": budget_line}
                ]
            }
        )
    if budget_line.union_id != union.pk or budget_line.year != year:
        raise ValidationError(
            {"budget_line": [_("请选择「%(u)s」%(y)d年的工作室补助预算科目。") % {"u": union, "y": year}]}
        )


def propose_round(
    *, union, year: int, budget_line: BudgetLine, actor, now: datetime.datetime | None = None
) -> SubsidyRound:
    """Propose (or propose again, while a draft) the subsidy round of `union` for `year`.
    The returned round carries `notes`: why some studios got no line."""
    now = now or timezone.now()
    with audited(actor=actor, model=SubsidyRound, step="round_propose"):
        require_user(actor, _("拟定补助批次"))
        _require_round_manager(actor, union)
        clean_year(year)
        if year > timezone.localdate().year:
            raise ValidationError({"year": [_("%(y)d年尚未开始，不能拟定补助。") % {"y": year}]})
        _check_budget_line(budget_line, union=union, year=year)
        with transaction.atomic():
            existing = SubsidyRound.objects.select_for_update().filter(union=union, year=year).first()
            if existing is not None and existing.state != SubsidyRound.State.DRAFT:
                raise ValidationError(
                    _("%(y)d年补助批次当前为「%(s)s」，不能重新拟定。")
                    % {"y": year, "s": existing.get_state_display()},
                    code="state",
                )
            lines, notes = candidate_lines(
                union=union,
                year=year,
                on=reference_date(year, timezone.localdate(now)),
                exclude_round=existing.pk if existing else None,
            )
            if existing is None:
                round_ = SubsidyRound(union=union, year=year, scope_path=union.path)
            else:
                round_ = existing
                round_.lines.all().delete()
            round_.budget_line = budget_line
            round_.proposed_by = actor
            round_.proposed_at = now
            round_.scope_path = union.path
            detail = _("按政策拟定补助：%(n)d条，合计%(t)s") % {
                "n": len(lines),
                "t": money(sum(line.amount_fen for line in lines)),
            }
            try:
                if existing is None:
                    round_.save()
                else:
                    kernel.save_noted(round_, actor=actor, detail=detail)
                for line in lines:
                    line.round = round_
                    line.save()
            except IntegrityError:
                raise ValidationError(_("该年度补助批次已由他人同时拟定，请刷新后重试。")) from None
    round_.notes = notes
    return round_


# ---------------------------------------------------------------- adjustment


def _lock(round_: SubsidyRound) -> SubsidyRound:
    return SubsidyRound.objects.select_for_update(of=("self",)).select_related("union").get(pk=round_.pk)


def require_round(actor, round_: SubsidyRound) -> None:
    if not restrict(SubsidyRound.objects.filter(pk=round_.pk), actor, Action.SUBSIDY_MANAGE).exists():
        raise PermissionDenied(_("您无权办理该补助批次。"))
    if not actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("工作室补助须由市总工会管理员办理。"))


def adjust_line(*, line: SubsidyLine, amount_fen: int, reason: str, actor) -> SubsidyLine:
    """Change one line's amount with a reason, while the round is a draft, never above the cap."""
    with audited(actor=actor, obj=line, step="line_adjust"):
        require_user(actor, _("调整补助"))
        require_round(actor, line.round)
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required=_("调整补助金额须写明理由。"))
        amount_fen = _fen(amount_fen, "amount_fen")
        with transaction.atomic():
            locked = _lock(line.round)
            if locked.state != SubsidyRound.State.DRAFT:
                raise ValidationError(
                    _("补助批次当前为「%(s)s」，只有拟定中的批次可以调整。")
                    % {"s": locked.get_state_display()},
                    code="state",
                )
            row = SubsidyLine.objects.select_related("policy", "studio").get(pk=line.pk, round=locked)
            cap = cap_of(row.policy)
            if amount_fen > cap:
                raise ValidationError(
                    {
                        "amount_fen": [
                            _("「%(s)s」的%(k)s最高%(c)s（补助政策#%(p)d，%(d)s），不能调整为%(a)s。")
                            % {
                                "s": row.studio,
                                "k": row.get_kind_display(),
                                "c": money(cap),
                                "p": row.policy_id,
                                "d": row.policy.document,
                                "a": money(amount_fen),
                            }
                        ]
                    },
                    code="cap",
                )
            if amount_fen == row.amount_fen:
                raise ValidationError({"amount_fen": [_("补助金额没有变化。")]})
            before = row.amount_fen
            row.amount_fen = amount_fen
            row.reason = reason
            detail = _("调整补助 %(a)s → %(b)s：%(r)s") % {
                "a": money(before),
                "b": money(amount_fen),
                "r": reason,
            }
            kernel.save_noted(row, actor=actor, detail=detail, fields=["amount_fen", "reason"])
    line.amount_fen, line.reason = row.amount_fen, row.reason
    return line


# ---------------------------------------------------------------- approvals (the steps: workflow.py)


def approve_round(*, round: SubsidyRound, actor, now: datetime.datetime | None = None) -> SubsidyRound:
    """First approval: draft → approving. Second, by a DIFFERENT city admin: commit every line
    to the budget line and → approved. All or nothing."""
    with audited(actor=actor, obj=round, step="round_approve"):
        require_user(actor, _("审批补助"))
        require_round(actor, round)
    kernel.run(obj=round, step="approve", actor=actor, now=now)
    return round


def return_round(*, round: SubsidyRound, actor, reason: str) -> SubsidyRound:
    """The second approver disagrees: approving → draft, the first approval is cleared."""
    with audited(actor=actor, obj=round, step="round_return"):
        require_user(actor, _("退回补助批次"))
        require_round(actor, round)
    kernel.run(obj=round, step="return", actor=actor, reason=reason)
    return round


# ---------------------------------------------------------------- payment


def pay_line(
    *, line: SubsidyLine, amount_fen: int, paid_on: datetime.date, voucher_no: str, actor
) -> Payment:
    """Pay (part of) a committed line; the use scope stays on the line and on its commitment."""
    with audited(actor=actor, obj=line, step="line_pay"):
        require_user(actor, _("支付补助"))
        require_round(actor, line.round)
        if line.commitment_id is None:
            raise ValidationError(_("该补助尚未经两人审批承诺，不能支付。"), code="uncommitted")
    return funds.pay(
        commitment=line.commitment, amount_fen=amount_fen, paid_on=paid_on, voucher_no=voucher_no, actor=actor
    )
