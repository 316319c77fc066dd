"""A selection's result: the ranking, the committee's decision within the quota (four-eyes for the
city's), the public notice with its objections, the awards per person with their certificates
and prizes committed on the year's 金牌师徒奖金 line, and the payments (the funds ledger).

The hooks here are the selection's and the objection's steps (innovation.pairs.selection_workflow);
the functions without `ctx` are the services pages, the API and a demo seeder call."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.awards.certificates import new_certificate_code
from innovation.core import workflow as kernel
from innovation.core.money import money_text
from innovation.core.validators import clean_text
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.funds.services import money
from innovation.notifications.services import notify

from ..models import (
    Level,
    Nomination,
    NominationState,
    PairAward,
    PairObjection,
    PairPrizePolicy,
    Selection,
    SelectionState,
    Side,
)
from ..models.agreements import TEXT_MAX
from .common import guarded, require_user
from .selections import _require_organiser, refuse_second_award

SOURCE_KIND = "pair_award"  # the ledger's source kind of a pair prize (funds.Commitment.source_kind)


# ---------------------------------------------------------------- policy


def prize_policy_for(selection: Selection) -> PairPrizePolicy | None:
    """The prize row in force on the call's closing date."""
    return (
        PairPrizePolicy.objects.filter(effective_from__lte=selection.closes_on)
        .order_by("-effective_from")
        .first()
    )


def prize_policy_add(
    *, actor, effective_from: datetime.date, master_fen: int, apprentice_fen: int, note: str = ""
) -> PairPrizePolicy:
    with guarded(actor=actor, step="prize_policy_add", model=PairPrizePolicy), transaction.atomic():
        require_user(actor)
        if not actor.has_role(Role.CITY_ADMIN):
            raise PermissionDenied(_("金牌师徒奖金标准由市总工会设置。"))
        errors = {}
        if not isinstance(effective_from, datetime.date):
            errors["effective_from"] = [_("请填写施行日期。")]
        elif PairPrizePolicy.objects.filter(effective_from=effective_from).exists():
            errors["effective_from"] = [_("%(d)s起施行的奖金标准已有。") % {"d": effective_from}]
        for name, value in (("master_fen", master_fen), ("apprentice_fen", apprentice_fen)):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= funds.MAX_FEN:
                errors[name] = [_("奖金须为不小于0的整数（分）。")]
        if errors:
            raise ValidationError(errors)
        return PairPrizePolicy.objects.create(
            effective_from=effective_from,
            master_fen=master_fen,
            apprentice_fen=apprentice_fen,
            note=clean_text(note, field="note", limit=200),
        )


def budget_line_set(*, actor, selection: Selection, line: BudgetLine) -> Selection:
    """The line the city's prizes are committed on: the organiser's 金牌师徒奖金 line of the year."""
    with guarded(actor=actor, step="budget_line_set", obj=selection), transaction.atomic():
        _require_organiser(actor, selection)
        if (
            line.kind != LineKind.MASTER_APPRENTICE
            or line.year != selection.year
            or line.union_id != selection.union_id
        ):
            raise ValidationError(
                {
                    "budget_line": [
                        _("请选择%(u)s%(y)d年的「金牌师徒奖金」科目。")
                        % {"u": selection.union, "y": selection.year}
                    ]
                }
            )
        if selection.state == SelectionState.FINAL:
            raise ValidationError(_("评选结果已生效，不能再更换列支科目。"))
        selection.budget_line = line
        selection.save(update_fields=["budget_line", "updated_at"])
    return selection


# ---------------------------------------------------------------- ranking and the decision


def check_rank(ctx) -> None:
    waiting = ctx.obj.nominations.filter(state=NominationState.RECOMMENDED).count()
    if waiting:
        raise ValidationError(
            _("还有%(n)d对师徒未评分完毕，全部评分后才能排名。") % {"n": waiting}, code="unscored"
        )
    if not ctx.obj.nominations.filter(state=NominationState.SCORED).exists():
        raise ValidationError(_("没有已评分的师徒，不能排名。"))


def rank(ctx) -> None:
    """Average each scored nomination's sheets, rank them, propose the first `quota`."""
    selection = ctx.obj
    scored = list(
        selection.nominations.filter(state=NominationState.SCORED)
        .annotate(avg=Avg("scores__total"))
        .order_by("pk")
    )
    scored.sort(key=lambda n: (-n.avg, n.pk))
    for position, nomination in enumerate(scored, start=1):
        kernel.run(
            obj=nomination,
            step="rank",
            actor=ctx.actor,
            now=ctx.now,
            by_service=True,
            notify_people=False,
            score=nomination.avg,
            position=position,
        )
        if position <= selection.quota:
            kernel.run(
                obj=nomination,
                step="propose",
                actor=ctx.actor,
                now=ctx.now,
                by_service=True,
                notify_people=False,
            )
    ctx.notes.append(
        _("排名%(n)d对，拟授奖%(q)d对") % {"n": len(scored), "q": min(len(scored), selection.quota)}
    )


def nomination_ranked(ctx) -> None:
    ctx.set("score", Decimal(ctx.payload["score"]).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))
    ctx.set("rank", ctx.payload["position"])


def decision_adjust(*, actor, nomination: Nomination, include: bool, reason: str, now=None) -> Nomination:
    """The committee puts a ranked pair into the decision or takes one out of it, with a reason,
    while the selection is ranked (before the approvals)."""
    selection = Selection.objects.get(pk=nomination.selection_id)
    with guarded(actor=actor, step="decision_adjust", obj=nomination):
        _require_organiser(actor, selection)
        if selection.state != SelectionState.RANKED:
            raise ValidationError(
                _("评选当前为「%(s)s」，不能调整拟授奖名单。") % {"s": selection.get_state_display()}
            )
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("请填写调整理由。")]})
    return kernel.run(
        obj=nomination,
        step="propose" if include else "withdraw",
        actor=actor,
        reason=reason,
        now=now,
        by_service=True,
    )


def check_decision(ctx) -> None:
    selection = ctx.obj
    chosen = selection.nominations.filter(state=NominationState.IN_DECISION)
    count = chosen.count()
    if not count:
        raise ValidationError(_("拟授奖名单为空，不能审定。"))
    if count > selection.quota:
        raise ValidationError(
            _("「%(s)s」名额为%(q)d对，拟授奖%(n)d对，超出名额。")
            % {"s": selection, "q": selection.quota, "n": count},
            code="quota",
        )
    for nomination in chosen:
        refuse_second_award(nomination.series_id, selection)


def check_city(ctx) -> None:
    if ctx.obj.level != Level.CITY:
        raise ValidationError(_("内部评选由组织单位直接审定，不需两人审批。"))
    check_decision(ctx)


def check_internal(ctx) -> None:
    if ctx.obj.level == Level.CITY:
        raise ValidationError(_("全市评选须经两位管理员审批。"), code="four_eyes")
    check_decision(ctx)


def publish(ctx) -> None:
    ctx.set("notice_starts", ctx.now)
    ctx.set("notice_ends", ctx.now + datetime.timedelta(days=ctx.obj.notice_days))
    ctx.notes.append(_("发布公示（第%(v)d版）") % {"v": ctx.obj.version})


def reopen(ctx) -> None:
    ctx.set("version", ctx.obj.version + 1)
    ctx.set("notice_starts", None)
    ctx.set("notice_ends", None)


# ---------------------------------------------------------------- objections


def objection_raise(*, actor, nomination: Nomination, reason: str, now=None) -> PairObjection:
    """Anyone signed in may object to a pair in the public notice, while it lasts."""
    nomination = Nomination.objects.get(pk=nomination.pk)
    selection = Selection.objects.get(pk=nomination.selection_id)
    now = now or timezone.now()
    with guarded(actor=actor, step="objection_raise", obj=nomination), transaction.atomic():
        require_user(actor)
        if not restrict(Selection.objects.filter(pk=selection.pk), actor, Action.OBJECTION_RAISE).exists():
            raise PermissionDenied(_("您无权提出异议。"))
        if selection.state != SelectionState.NOTICE or now > selection.notice_ends:
            raise ValidationError(
                _("「%(s)s」不在公示期内，不能提出异议。") % {"s": selection}, code="notice_closed"
            )
        if nomination.state != NominationState.IN_DECISION:
            raise ValidationError(_("该师徒不在公示名单中。"))
        reason = clean_text(reason, field="reason", limit=TEXT_MAX, required=_("请填写异议理由。"))
        return PairObjection.objects.create(nomination=nomination, raised_by=actor, reason=reason)


def objection_answer(
    *, actor, objection: PairObjection, upheld: bool, answer: str, now=None
) -> PairObjection:
    return kernel.run(
        obj=objection,
        step="answer_upheld" if upheld else "answer_dismissed",
        actor=actor,
        reason=answer,
        now=now,
    )


def check_answer(ctx) -> None:
    if ctx.obj.nomination.selection.state != SelectionState.NOTICE:
        raise ValidationError(_("公示已结束或已撤回，不能再答复异议。"))


def record_answer(ctx) -> None:
    ctx.set("answer", ctx.reason)
    ctx.set("answered_by", ctx.actor)
    ctx.set("answered_at", ctx.now)


def uphold(ctx) -> None:
    """The pair leaves the decision; the decision goes back to be approved again."""
    record_answer(ctx)
    nomination = ctx.obj.nomination
    kernel.run(
        obj=nomination, step="withdraw", actor=ctx.actor, reason=ctx.reason, now=ctx.now, by_service=True
    )
    kernel.run(
        obj=nomination.selection,
        step="reopen",
        actor=ctx.actor,
        reason=ctx.reason,
        now=ctx.now,
        by_service=True,
    )


# ---------------------------------------------------------------- the awards and the money


def check_finalise(ctx) -> None:
    selection = ctx.obj
    if ctx.now < selection.notice_ends:
        raise ValidationError(
            _("公示期至%(d)s结束，公示期满后才能生效。")
            % {"d": f"{timezone.localtime(selection.notice_ends):%Y-%m-%d}"},
            code="notice_open",
        )
    open_count = PairObjection.objects.filter(
        nomination__selection=selection, state=PairObjection.State.OPEN
    ).count()
    if open_count:
        raise ValidationError(
            _("还有%(n)d条异议未答复，全部答复后才能生效。") % {"n": open_count}, code="objections_open"
        )
    check_decision(ctx)
    if selection.level == Level.CITY:
        if prize_policy_for(selection) is None:
            raise ValidationError(
                _("尚未设置%(d)s适用的金牌师徒奖金标准。") % {"d": selection.closes_on}, code="policy"
            )
        if selection.budget_line_id is None:
            raise ValidationError({"budget_line": [_("请先选择奖金列支科目。")]})


def _amounts(selection: Selection) -> tuple[int, int, str]:
    if selection.level != Level.CITY:
        return 0, 0, ""
    policy = prize_policy_for(selection)
    return (
        policy.master_fen,
        policy.apprentice_fen,
        (
            f"金牌师徒奖金标准第{policy.pk}号（{policy.effective_from:%Y-%m-%d}起，师傅"
            f"{money_text(policy.master_fen)}、徒弟{money_text(policy.apprentice_fen)}）"
        )[:200],
    )


def pay_out(ctx) -> None:
    """The awards per person, their certificate codes and their prizes committed on the line
    (all or nothing: a line too short refuses the whole step); every other nomination not awarded."""
    selection, actor, now = ctx.obj, ctx.actor, ctx.now
    master_fen, apprentice_fen, policy_ref = _amounts(selection)
    chosen = list(
        selection.nominations.filter(state=NominationState.IN_DECISION)
        .select_related("agreement", "enterprise")
        .order_by("rank", "pk")
    )
    people = {
        n.pk: list(
            n.agreement.parties.select_related("worker__enterprise", "worker__user").order_by("-side", "pk")
        )
        for n in chosen
    }
    total = sum(master_fen if p.side == Side.MASTER else apprentice_fen for n in chosen for p in people[n.pk])
    line = None
    if total:
        line = BudgetLine.objects.select_for_update().get(pk=selection.budget_line_id)
        if total > line.available_fen:
            raise ValidationError(
                _(
                    "奖金列支科目「%(l)s」余额不足：本次奖金合计%(t)s，可用余额%(a)s，还差%(m)s。评选结果未生效，未作任何变更。"
                )
                % {
                    "l": line,
                    "t": money(total),
                    "a": money(line.available_fen),
                    "m": money(total - line.available_fen),
                },
                code="budget",
            )
    approved_by = selection.second_approver or actor
    decision_ref = (
        f"金牌师徒评选第{selection.pk}号第{selection.version}版，审批："
        f"{selection.first_approver or '—'}、{approved_by}"
    )[:200]
    told = []
    for nomination in chosen:
        for party in people[nomination.pk]:
            worker = party.worker
            amount = master_fen if party.side == Side.MASTER else apprentice_fen
            award = PairAward.objects.create(
                nomination=nomination,
                selection=selection,
                worker=worker,
                side=party.side,
                name=worker.name[:50],
                unit=worker.enterprise.name[:100],
                amount_fen=amount,
                certificate_code=_certificate_code(),
                awarded_at=now,
            )
            if amount:
                award.commitment = funds.commit(
                    line=line,
                    amount_fen=amount,
                    payee=award.name,
                    payee_worker=worker,
                    purpose=f"{selection.title}（{party.get_side_display()}）：{nomination.title}"[:200],
                    source_kind=SOURCE_KIND,
                    source_id=award.pk,
                    policy_ref=policy_ref,
                    decision_ref=decision_ref,
                    approved_by=approved_by,
                )
                award.save(update_fields=["commitment"])
            if worker.user_id:
                told.append((worker.user, award))
        kernel.run(obj=nomination, step="award", actor=actor, now=now, by_service=True, notify_people=False)
    for nomination in selection.nominations.exclude(
        state__in=(NominationState.AWARDED, NominationState.NOT_AWARDED)
    ).order_by("pk"):
        kernel.run(
            obj=nomination, step="not_award", actor=actor, now=now, by_service=True, notify_people=False
        )
    ctx.set("finalised_by", actor)
    ctx.set("finalised_at", now)
    ctx.notes.append(_("评选结果生效：授奖%(n)d对，奖金合计%(t)s") % {"n": len(chosen), "t": money(total)})
    for user, award in told:
        notify(
            users=[user],
            title=_("您荣获「%(s)s」") % {"s": selection.title},
            body=_("奖金%(m)s，证书验证码 %(c)s。")
            % {"m": money(award.amount_fen), "c": award.certificate_code},
            url=reverse("pairs:award", args=[award.pk]),
        )


def _certificate_code() -> str:
    while True:
        code = new_certificate_code()  # unique among the five-smalls certificates; and here:
        if not PairAward.objects.filter(certificate_code=code).exists():
            return code


def prize_pay(*, actor, award: PairAward, paid_on: datetime.date, voucher_no: str):
    """Pay what is left of one person's prize (the ledger refuses more than was committed)."""
    if award.commitment_id is None:
        raise ValidationError(_("该获奖人没有奖金。"))
    commitment = award.commitment
    return funds.pay(
        commitment=commitment,
        amount_fen=commitment.amount_fen - commitment.paid_fen,
        paid_on=paid_on,
        voucher_no=voucher_no,
        actor=actor,
    )


def prizes_pay_all(*, actor, selection: Selection, paid_on: datetime.date, voucher_prefix: str) -> int:
    """Pay every unpaid prize of a selection, one voucher each (`<prefix>-<award id>`); how many."""
    paid = 0
    with transaction.atomic():
        for award in (
            selection.awards.filter(commitment__isnull=False).select_related("commitment").order_by("pk")
        ):
            if award.commitment.paid_fen < award.commitment.amount_fen:
                prize_pay(
                    actor=actor, award=award, paid_on=paid_on, voucher_no=f"{voucher_prefix}-{award.pk}"
                )
                paid += 1
    return paid


def prizes_paid_fen(queryset) -> int:
    """The prizes paid of the given PairAward rows (fen)."""
    return queryset.aggregate(n=Sum("commitment__paid_fen"))["n"] or 0
