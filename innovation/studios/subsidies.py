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
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, can_act_at, restrict
from innovation.core import workflow as kernel
from innovation.core.workflow import Step, Workflow
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind, Payment
from innovation.funds.services import money

from .models import (
    Assessment,
    Naming,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)
from .reports import audited, clean_text, clean_year, require_user

SOURCE_KIND = "studio_subsidy"
REASON_MAX = 300
USE_SCOPE_MAX = 2000
DOCUMENT_MAX = 200
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
                use_scope, field="use_scope", limit=USE_SCOPE_MAX, required_message=_("请写明资金使用范围。")
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            document = clean_text(
                document,
                field="document",
                limit=DOCUMENT_MAX,
                required_message=_("请写明政策依据（文件名称或文号）。"),
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


def _ranked(policies: Iterable[SubsidyPolicy], *, studio_type: str, level: str, on: datetime.date):
    fitting = [
        p
        for p in policies
        if p.effective_from <= on and level in (p.levels or []) and p.studio_type in ("", studio_type)
    ]
    # Latest date first; on the same date the row for this type before the row for every type.
    fitting.sort(key=lambda p: (p.effective_from, p.studio_type == studio_type, p.pk), reverse=True)
    return fitting[0] if fitting else None


def policy_in_force(*, kind: str, studio_type: str, level: str, on: datetime.date) -> SubsidyPolicy | None:
    return _ranked(SubsidyPolicy.objects.filter(kind=kind), studio_type=studio_type, level=level, on=on)


def cap_of(policy: SubsidyPolicy) -> int:
    """The most one line may get under this policy (a naming: its one-off amount)."""
    return policy.cap_fen if policy.cap_fen is not None else policy.amount_fen


def policy_ref(policy: SubsidyPolicy) -> str:
    """The policy row the amount comes from, in words (with its number)."""
    return (
        f"{policy.document}（{policy.effective_from:%Y-%m-%d}起）{policy.get_kind_display()}"
        f"（补助政策第{policy.pk}号）"
    )[:200]


def round_ref(round_: SubsidyRound) -> str:
    def who(user) -> str:
        return str(user) if user else "—"  # User.__str__: the display name, else the username

    return (
        f"{round_.year}年工作室补助批次第{round_.pk}号，"
        f"审批：{who(round_.first_approver)}、{who(round_.second_approver)}"
    )[:200]


# ---------------------------------------------------------------- proposal


def reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _already_named_subsidy(studio_ids, year: int, exclude_round: int | None) -> set[int]:
    qs = SubsidyLine.objects.filter(studio_id__in=studio_ids, kind=Kind.NAMING, round__year__gte=year)
    if exclude_round:
        qs = qs.exclude(round_id=exclude_round)
    return set(qs.values_list("studio_id", flat=True))


def candidate_lines(*, union, year: int, on: datetime.date, exclude_round: int | None = None):
    """(lines, notes): unsaved SubsidyLine rows the policy gives for `year`, and why others got none."""
    policies = list(SubsidyPolicy.objects.all())
    naming_policies = [p for p in policies if p.kind == Kind.NAMING]
    yearly_policies = [p for p in policies if p.kind == Kind.YEARLY]
    lines: list[SubsidyLine] = []
    notes: list[str] = []

    # One-off naming subsidies: studios the city named this year, not yet subsidised.
    namings = (
        Naming.objects.filter(
            year=year,
            level=StudioLevel.CITY,
            studio__status=Studio.Status.ACTIVE,
            studio__scope_path__startswith=union.path,
        )
        .select_related("studio")
        .order_by("studio__name", "studio_id", "named_on", "pk")
    )
    namings = list(namings)
    done = _already_named_subsidy([n.studio_id for n in namings], year, exclude_round)
    chosen: dict[int, SubsidyLine] = {}
    for naming in namings:
        studio = naming.studio
        if studio.pk in done:
            notes.append(_("「%(s)s」已发放过命名补助。") % {"s": studio})
            continue
        policy = _ranked(naming_policies, studio_type=naming.type, level=naming.level, on=naming.named_on)
        if policy is None:
            notes.append(
                _("「%(s)s」%(d)s命名时没有适用的命名补助政策。") % {"s": studio, "d": naming.named_on}
            )
            continue
        amount = min(policy.amount_fen, cap_of(policy))
        basis = _(
            "%(y)d年命名为%(l)s%(t)s（%(n)s，%(d)s）· 补助政策#%(p)d（%(doc)s，%(f)s起）一次性%(a)s"
        ) % {
            "y": naming.year,
            "l": naming.get_level_display(),
            "t": naming.get_type_display(),
            "n": naming.document_no,
            "d": naming.named_on,
            "p": policy.pk,
            "doc": policy.document,
            "f": policy.effective_from,
            "a": money(amount),
        }
        line = SubsidyLine(
            studio=studio,
            kind=Kind.NAMING,
            policy=policy,
            proposed_fen=amount,
            amount_fen=amount,
            basis=basis[:300],
            use_scope=policy.use_scope,
        )
        # A studio named twice in a year (e.g. upgraded) gets the larger one-off subsidy once.
        if studio.pk not in chosen or chosen[studio.pk].amount_fen < amount:
            chosen[studio.pk] = line
    lines.extend(chosen.values())

    # Yearly subsidies: existing active studios, by last year's assessed result.
    studios = (
        Studio.objects.filter(
            status=Studio.Status.ACTIVE, named_year__lt=year, scope_path__startswith=union.path
        )
        .select_related("enterprise")
        .order_by("name", "pk")
    )
    assessed = {a.studio_id: a for a in Assessment.objects.filter(studio__in=studios, year=year - 1)}
    for studio in studios:
        policy = _ranked(yearly_policies, studio_type=studio.type, level=studio.level, on=on)
        if policy is None:
            continue  # not a level the plan subsidises yearly (or no plan yet)
        assessment = assessed.get(studio.pk)
        if assessment is None:
            notes.append(_("「%(s)s」没有%(y)d年度考核结果，不予年度补助。") % {"s": studio, "y": year - 1})
            continue
        amount = min(int(policy.by_result_fen.get(assessment.result, 0)), cap_of(policy))
        if amount <= 0:
            notes.append(
                _("「%(s)s」%(y)d年度考核%(r)s，按政策不予年度补助。")
                % {"s": studio, "y": year - 1, "r": assessment.get_result_display()}
            )
            continue
        basis = _(
            "%(y)d年度考核%(r)s（%(sc)s分）· 补助政策#%(p)d（%(doc)s，%(f)s起）：%(r)s%(a)s，每年最高%(c)s"
        ) % {
            "y": year - 1,
            "r": assessment.get_result_display(),
            "sc": assessment.score,
            "p": policy.pk,
            "doc": policy.document,
            "f": policy.effective_from,
            "a": money(int(policy.by_result_fen.get(assessment.result, 0))),
            "c": money(cap_of(policy)),
        }
        lines.append(
            SubsidyLine(
                studio=studio,
                kind=Kind.YEARLY,
                policy=policy,
                proposed_fen=amount,
                amount_fen=amount,
                basis=basis[:300],
                use_scope=policy.use_scope,
            )
        )
    return lines, notes


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


def _require_round(actor, round_: SubsidyRound) -> None:
    if not restrict(SubsidyRound.objects.filter(pk=round_.pk), actor, Action.SUBSIDY_MANAGE).exists():
        raise PermissionDenied(_("您无权办理该补助批次。"))
    if not actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("工作室补助须由市总工会管理员办理。"))


def adjust_line(*, line: SubsidyLine, amount_fen: int, reason: str, actor) -> SubsidyLine:
    """Change one line's amount with a reason, while the round is a draft, never above the cap."""
    with audited(actor=actor, obj=line, step="line_adjust"):
        require_user(actor, _("调整补助"))
        _require_round(actor, line.round)
        reason = clean_text(
            reason, field="reason", limit=REASON_MAX, required_message=_("调整补助金额须写明理由。")
        )
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


def round_total_fen(round_: SubsidyRound) -> int:
    return round_.lines.aggregate(t=Sum("amount_fen"))["t"] or 0


def shortfall_fen(round_: SubsidyRound) -> int:
    """How much the budget line lacks for the round's lines (0 when it has enough)."""
    if round_.state == SubsidyRound.State.APPROVED:
        return 0
    line = BudgetLine.objects.get(pk=round_.budget_line_id)
    return max(round_total_fen(round_) - line.available_fen, 0)


def _budget_error(budget: BudgetLine, total: int) -> ValidationError:
    return ValidationError(
        _(
            "预算科目「%(l)s」余额不足：本批补助合计%(t)s，可用余额%(a)s，还差%(m)s。"
            "补助未承诺，未作任何变更。"
        )
        % {
            "l": budget,
            "t": money(total),
            "a": money(budget.available_fen),
            "m": money(total - budget.available_fen),
        },
        code="budget",
    )


def _check_lines(round_: SubsidyRound) -> list[SubsidyLine]:
    lines = list(round_.lines.select_related("studio", "policy").order_by("studio__name", "kind", "pk"))
    if not any(line.amount_fen > 0 for line in lines):
        raise ValidationError(_("补助批次没有任何补助，不能审批。"))
    revoked = [
        line.studio.name
        for line in lines
        if line.amount_fen > 0 and line.studio.status == Studio.Status.REVOKED
    ]
    if revoked:
        raise ValidationError(
            _("以下工作室已摘牌，请先将其补助调整为0：%(s)s") % {"s": "、".join(revoked)}, code="revoked"
        )
    return lines


# ---------------------------------------------------------------- the round's workflow (on the kernel)
#
# draft → approving (the first city admin) → approved (a DIFFERENT city admin: every line with
# money committed to the round's budget line, all or nothing); approving → draft (returned with a
# reason, the first approval cleared). Four-eyes is the kernel's (Step.approval).


def _city_admin(ctx) -> None:
    if ctx.actor is not None and not ctx.actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("工作室补助须由市总工会管理员办理。"))


def _check_approval(ctx) -> None:
    """Both approvals: the lines are sound and the budget line has the money (locked)."""
    _city_admin(ctx)
    lines = _check_lines(ctx.obj)
    total = sum(line.amount_fen for line in lines)
    budget = BudgetLine.objects.select_for_update().get(pk=ctx.obj.budget_line_id)
    if total > budget.available_fen:
        raise _budget_error(budget, total)
    ctx.payload.update(lines=lines, total=total, budget=budget)


def _first_approved(ctx) -> None:
    ctx.notes.append(
        _("第一人审批：%(n)d条，合计%(t)s")
        % {"n": len(ctx.payload["lines"]), "t": money(ctx.payload["total"])}
    )


def _commit_lines(ctx) -> None:
    """The second approval commits every line with money (innovation.funds.services.commit)."""
    round_, budget = ctx.obj, ctx.payload["budget"]
    paid = [line for line in ctx.payload["lines"] if line.amount_fen > 0]
    ref = round_ref(round_)
    for line in paid:
        purpose = _("%(y)d年%(k)s：%(s)s；使用范围：%(u)s") % {
            "y": round_.year,
            "k": line.get_kind_display(),
            "s": line.studio.name,
            "u": line.use_scope or "—",
        }
        line.commitment = funds.commit(
            line=budget,
            amount_fen=line.amount_fen,
            payee=line.studio.name[:100],
            payee_worker=None,
            purpose=purpose[:200],
            source_kind=SOURCE_KIND,
            source_id=line.pk,
            policy_ref=policy_ref(line.policy),
            decision_ref=ref,
            approved_by=ctx.actor,
        )
        line.save(update_fields=["commitment"])
    ctx.notes.append(
        _("第二人审批，补助已承诺：%(n)d条，合计%(t)s") % {"n": len(paid), "t": money(ctx.payload["total"])}
    )


_APPROVE = gettext_lazy("审批")
_APPROVE_STATE = gettext_lazy("补助批次当前为「%(state)s」，不能审批。可能已被他人处理，请刷新页面。")


def _round_url(round_: SubsidyRound) -> str:
    return reverse("studios:subsidy_round", args=[round_.pk])


WORKFLOW = Workflow(
    name="subsidy_round",
    label=gettext_lazy("补助批次"),
    model=SubsidyRound,
    steps=[
        Step(
            "approve",
            _APPROVE,
            (SubsidyRound.State.DRAFT,),
            SubsidyRound.State.APPROVING,
            Action.SUBSIDY_MANAGE,
            approval="first",
            style="success",
            check=_check_approval,
            effect=_first_approved,
            state_message=_APPROVE_STATE,
            notice_title=lambda ctx: _("%(r)s待您第二人审批") % {"r": ctx.obj},
        ),
        Step(
            "approve",
            _APPROVE,
            (SubsidyRound.State.APPROVING,),
            SubsidyRound.State.APPROVED,
            Action.SUBSIDY_MANAGE,
            approval="second",
            style="success",
            check=_check_approval,
            effect=_commit_lines,
            state_message=_APPROVE_STATE,
        ),
        Step(
            "return",
            gettext_lazy("退回拟定"),
            (SubsidyRound.State.APPROVING,),
            SubsidyRound.State.DRAFT,
            Action.SUBSIDY_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            clears_approvals=True,
            style="warning",
            check=_city_admin,
            state_message=gettext_lazy(
                "补助批次当前为「%(state)s」，不能退回拟定。可能已被他人处理，请刷新页面。"
            ),
        ),
    ],
    url=_round_url,
    title=str,
    queue_url=lambda: reverse("studios:subsidy_rounds"),
    lock_related=("union", "first_approver"),
    reason_max=REASON_MAX,
    # The refusals keep the names the audit trail has always used (studios.round_approve, …).
    audit_prefix="studios.round_",
)


def approve_round(*, round: SubsidyRound, actor, now: datetime.datetime | None = None) -> SubsidyRound:
    """First approval: draft → approving. Second, by a DIFFERENT city admin: commit every line
    to the budget line and → approved. All or nothing."""
    with audited(actor=actor, obj=round, step="round_approve"):
        require_user(actor, _("审批补助"))
        _require_round(actor, round)
    kernel.run(obj=round, step="approve", actor=actor, now=now)
    return round


def return_round(*, round: SubsidyRound, actor, reason: str) -> SubsidyRound:
    """The second approver disagrees: approving → draft, the first approval is cleared."""
    with audited(actor=actor, obj=round, step="round_return"):
        require_user(actor, _("退回补助批次"))
        _require_round(actor, round)
    kernel.run(obj=round, step="return", actor=actor, reason=reason)
    return round


# ---------------------------------------------------------------- payment


def pay_line(
    *, line: SubsidyLine, amount_fen: int, paid_on: datetime.date, voucher_no: str, actor
) -> Payment:
    """Pay (part of) a committed line; the use scope stays on the line and on its commitment."""
    with audited(actor=actor, obj=line, step="line_pay"):
        require_user(actor, _("支付补助"))
        _require_round(actor, line.round)
        if line.commitment_id is None:
            raise ValidationError(_("该补助尚未经两人审批承诺，不能支付。"), code="uncommitted")
    return funds.pay(
        commitment=line.commitment, amount_fen=amount_fen, paid_on=paid_on, voucher_no=voucher_no, actor=actor
    )


# ---------------------------------------------------------------- reads


def rounds_visible_to(user):
    return restrict(SubsidyRound.objects.all(), user, Action.SUBSIDY_MANAGE)


def lines_visible_to(user):
    return SubsidyLine.objects.filter(round__in=rounds_visible_to(user).values("pk"))


def subsidies_paid_fen(user, action: str = Action.FUNDS_VIEW) -> int:
    """Studio subsidies paid, within the user's scope of the ledger (for /api/v1/stats)."""
    paid = restrict(Payment.objects.filter(commitment__source_kind=SOURCE_KIND), user, action)
    return paid.aggregate(t=Sum("amount_fen"))["t"] or 0
