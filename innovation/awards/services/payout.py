"""The awards and their money: when the notice has ended and every objection is answered, the
decision's `finalise` step makes the awards, splits each prize among the authors by share (to
the fen), commits the money against the decision's budget line
(innovation.funds.services.commit) and moves the items to awarded / not awarded — all in one
transaction, or nothing. The hooks here are the step's (innovation.awards.workflow)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.achievements.models import Achievement, State
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.funds.models import BudgetLine
from innovation.funds.services import money
from innovation.notifications.services import notify

from ..models import Award, AwardShare, Decision, Objection
from ..selectors import decision_ref, policy_ref
from .base import audited, local, require, user_required


def split_fen(total_fen: int, shares: Sequence[Decimal]) -> list[int]:
    """Split `total_fen` by `shares` (percent, 2 places) so the parts add up exactly:
    largest remainder (Hamilton); ties go to the earlier author. Shares that do not add up
    to 100 are taken relative to their sum."""
    if not shares:
        return []
    weights = [int((Decimal(s) * 100).to_integral_value()) for s in shares]
    denominator = sum(weights)
    if denominator <= 0 or any(w < 0 for w in weights):
        raise ValidationError(_("完成人份额无效，不能分配奖金。"))
    floors = [total_fen * w // denominator for w in weights]
    remainders = [total_fen * w % denominator for w in weights]
    left = total_fen - sum(floors)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        floors[index] += 1
    return floors


def finalise(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """After the notice, with every objection answered: make the awards, shares, certificate
    codes and commitments, move the items, and make the decision final. All or nothing."""
    with audited(actor=actor, obj=decision, step="finalise"):
        user_required(actor, _("审定生效"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权使该审定生效。"))
    kernel.run(obj=decision, step="finalise", actor=actor, now=now or timezone.now())
    return decision


def check_finalise(ctx) -> None:
    """The notice has ended, every objection is answered, the budget line is chosen."""
    locked = ctx.obj
    if ctx.now < locked.notice_ends:
        raise ValidationError(
            _("公示期至%(b)s结束，公示期满后才能生效。") % {"b": local(locked.notice_ends)},
            code="notice_open",
        )
    open_count = locked.objections.filter(state=Objection.State.OPEN).count()
    if open_count:
        raise ValidationError(
            _("还有%(n)d条异议未答复，全部答复后才能生效。") % {"n": open_count},
            code="objections_open",
        )
    if locked.budget_line_id is None:
        raise ValidationError({"budget_line": [_("请先选择奖金列支科目。")]})


def pay_out(ctx) -> None:
    """The awards, their shares and commitments, the items moved; each author told."""
    from innovation.funds import services as funds

    from ..certificates import new_certificate_code

    locked, actor, now = ctx.obj, ctx.actor, ctx.now
    campaign = locked.campaign
    lines = list(
        locked.lines.filter(grade__isnull=False)
        .select_related("grade", "achievement__enterprise")
        .order_by("rank", "id")
    )
    total = sum(line.grade.prize_fen for line in lines)
    budget = BudgetLine.objects.select_for_update().get(pk=locked.budget_line_id)
    if total > budget.available_fen:
        raise ValidationError(
            _(
                "奖金列支科目「%(l)s」余额不足：本次奖金合计%(t)s，可用余额%(a)s，还差%(m)s。"
                "审定未生效，未作任何变更。"
            )
            % {
                "l": budget,
                "t": money(total),
                "a": money(budget.available_fen),
                "m": money(total - budget.available_fen),
            },
            code="budget",
        )
    approved_by = locked.second_approver or actor
    ref = decision_ref(locked)
    awarded_ids = []
    notices = []
    for line in lines:
        achievement = line.achievement
        award = Award.objects.create(
            achievement=achievement,
            campaign=campaign,
            decision=locked,
            grade=line.grade,
            prize_fen=line.grade.prize_fen,
            awarded_at=now,
            scope_path=achievement.scope_path,
        )
        authors = list(achievement.authors.select_related("worker__enterprise", "worker__user"))
        amounts = split_fen(award.prize_fen, [a.share for a in authors])
        for author, amount in zip(authors, amounts, strict=True):
            worker = author.worker
            share = AwardShare.objects.create(
                award=award,
                author=author,
                name=author.name[:50],
                unit=(
                    worker.enterprise.name if worker else author.outside_unit or achievement.enterprise.name
                )[:100],
                share=author.share,
                amount_fen=amount,
                certificate_code=new_certificate_code(),
            )
            if amount > 0:
                share.commitment = funds.commit(
                    line=budget,
                    amount_fen=amount,
                    payee=share.name,
                    payee_worker=worker,
                    purpose=(
                        f"{campaign.year}年五小创新成果{line.grade.get_code_display()}奖金："
                        f"{achievement.title}"
                    )[:200],
                    source_kind="award_share",
                    source_id=share.pk,
                    policy_ref=policy_ref(line.grade, campaign),
                    decision_ref=ref,
                    approved_by=approved_by,
                )
                share.save(update_fields=["commitment"])
            if worker is not None and worker.user_id:
                notices.append((worker.user, award, share))
        kernel.run(
            obj=achievement,
            step="award",
            actor=actor,
            reason=_("%(g)s（审定第%(v)d版）") % {"g": line.grade.get_code_display(), "v": locked.version},
            now=now,
            notify_people=False,
            by_service=True,
        )
        awarded_ids.append(achievement.pk)
    if awarded_ids:
        Achievement.objects.filter(pk__in=awarded_ids).update(benefit_locked=True)
        record(
            action=AuditAction.UPDATE,
            obj=locked,
            actor=actor,
            detail=_("获奖成果的核定效益已锁定：%(n)d项") % {"n": len(awarded_ids)},
        )
    others = (
        Achievement.objects.filter(campaign=campaign, state=State.UNDER_REVIEW)
        .exclude(pk__in=awarded_ids)
        .order_by("pk")
    )
    for achievement in others:
        kernel.run(
            obj=achievement,
            step="not_award",
            actor=actor,
            reason=_("审定第%(v)d版") % {"v": locked.version},
            now=now,
            by_service=True,
        )
    ctx.set("finalised_by", actor)
    ctx.set("finalised_at", now)
    ctx.notes.append(_("审定生效：授奖%(n)d项，奖金合计%(t)s") % {"n": len(lines), "t": money(total)})
    for user, award, share in notices:
        notify(
            users=[user],
            title=_("您的成果「%(t)s」荣获%(g)s")
            % {"t": award.achievement.title[:60], "g": award.grade.get_code_display()},
            # The campaign's title names its year ("2020年…征集活动").
            body=_("%(c)s，您的奖金为%(m)s，证书验证码 %(code)s。")
            % {
                "c": campaign.title,
                "m": money(share.amount_fen),
                "code": share.certificate_code,
            },
            url=reverse("awards:detail", args=[award.pk]),
        )
