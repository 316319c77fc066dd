"""What the competition's results become: on `finalise` (a kernel step, innovation.competitions.
workflow) the placed contestants' awards with their certificate codes and prizes committed on the
organiser's 技能竞赛经费 line (all or nothing), the 技术能手 titles written to the workers'
honours, and the promotion recommendations; the prizes paid through the ledger; a
recommendation confirmed (the "competition_promotion" workflow) sets the worker's skill level.

The hooks take the kernel's `ctx`; the functions without it are the services pages, the API and
a demo seeder call."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.awards.certificates import new_certificate_code
from innovation.core import workflow as kernel
from innovation.core.money import money_text
from innovation.core.validators import clean_text
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.funds.services import money
from innovation.org import services as org_services
from innovation.org.models import Honour, SkillLevel, SkillLevelRecord, Worker, skill_rank

from ..models import (
    Competition,
    CompetitionAward,
    Level,
    PromotionRecommendation,
    Result,
)
from .common import guarded, require_organiser
from .results import place_prizes

SOURCE_KIND = "competition_award"  # the ledger's source kind of a prize (funds.Commitment.source_kind)
TECH_EXPERT = "技术能手"  # the title written to the worker's honours (org.Honour.Kind.TECH_EXPERT)
# The honour's level of an event's level; an industry's or a unit's own contest has none in
# org.Honour.Level, so its 技术能手 title stays on the award and the result only.
HONOUR_LEVELS = {Level.CITY: Honour.Level.CITY, Level.DISTRICT: Honour.Level.DISTRICT}


def budget_line_of(competition: Competition) -> BudgetLine | None:
    """The line the prizes are committed on: the organiser's 技能竞赛经费 of the event's year."""
    return BudgetLine.objects.filter(
        union_id=competition.union_id, year=competition.year, kind=LineKind.COMPETITION
    ).first()


def _certificate_code() -> str:
    while True:
        code = new_certificate_code()  # unique among the five-smalls certificates; and here:
        if not CompetitionAward.objects.filter(certificate_code=code).exists():
            return code


def _placed(competition: Competition) -> list[Result]:
    return list(
        Result.objects.filter(occupation__competition=competition)
        .exclude(place="")
        .select_related("occupation", "registration__worker__enterprise", "registration__enterprise")
        .order_by("occupation__order", "occupation_id", "rank", "registration_id")
    )


def _titled(competition: Competition):
    return (
        Result.objects.filter(occupation__competition=competition)
        .exclude(title="", promotion="")
        .select_related("occupation", "registration__worker__enterprise")
        .order_by("occupation__order", "occupation_id", "rank", "registration_id")
    )


def publish_effect(ctx) -> None:
    """The notice of the results: what is published (the step log and the audit entry say it)."""
    results = Result.objects.filter(occupation__competition=ctx.obj)
    ctx.notes.append(
        _("公布%(o)d个工种、%(n)d名选手的成绩")
        % {"o": results.values("occupation_id").distinct().count(), "n": results.count()}
    )


def finalise_effect(ctx) -> None:
    """The awards of the placed contestants with their prizes committed on the line (all or
    nothing: a line too short refuses the whole step, nothing changed), the 技术能手 honours
    and the promotion recommendations."""
    competition, actor, now = ctx.obj, ctx.actor, ctx.now
    placed = _placed(competition)
    prizes = {}
    for result in placed:
        if result.occupation_id not in prizes:
            prizes[result.occupation_id] = place_prizes(result.occupation)
    total = sum(prizes[r.occupation_id].get(r.place, 0) for r in placed)
    line = None
    if total:
        found = budget_line_of(competition)
        if found is None:
            raise ValidationError(
                _("尚未设立%(u)s%(y)d年的「技能竞赛经费」预算科目，奖金无从列支。赛事未办结，未作任何变更。")
                % {"u": competition.union, "y": competition.year},
                code="budget_line",
            )
        line = BudgetLine.objects.select_for_update().get(pk=found.pk)
        if total > line.available_fen:
            raise ValidationError(
                _(
                    "奖金列支科目「%(l)s」余额不足：本次奖金合计%(t)s，可用余额%(a)s，还差%(m)s。赛事未办结，未作任何变更。"
                )
                % {
                    "l": line,
                    "t": money(total),
                    "a": money(line.available_fen),
                    "m": money(total - line.available_fen),
                },
                code="budget",
            )
    decision_ref = (
        _("技能大赛第%(p)d号「%(t)s」办结，办理：%(a)s") % {"p": competition.pk, "t": competition, "a": actor}
    )[:200]
    for result in placed:
        worker, occupation = result.registration.worker, result.occupation
        amount = prizes[occupation.pk].get(result.place, 0)
        award = CompetitionAward.objects.create(
            competition=competition,
            occupation=occupation,
            registration=result.registration,
            worker=worker,
            name=worker.name[:50],
            unit=result.registration.enterprise.name[:100],
            place=result.place,
            rank=result.rank,
            title=result.title,
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
                purpose=f"{competition.title}（{occupation.title}）{result.place}"[:200],
                source_kind=SOURCE_KIND,
                source_id=award.pk,
                policy_ref=(
                    _("工种「%(o)s」奖项设置：%(p)s奖金%(m)s")
                    % {"o": occupation.title, "p": result.place, "m": money_text(amount)}
                )[:200],
                decision_ref=decision_ref,
                approved_by=actor,
            )
            award.save(update_fields=["commitment"])
    honours = _write_honours(competition, actor)
    recommended = _recommend(competition)
    ctx.notes.append(
        _("办结：获奖%(n)d人，奖金合计%(t)s；技术能手荣誉%(h)d人；晋级推荐%(p)d人")
        % {"n": len(placed), "t": money(total), "h": honours, "p": recommended}
    )


def _write_honours(competition: Competition, actor) -> int:
    """技术能手 to the worker's honours (org.Honour), once per worker, kind, level and year."""
    level = HONOUR_LEVELS.get(competition.level)
    if level is None:
        return 0
    written = 0
    for result in _titled(competition).filter(title=TECH_EXPERT):
        worker = result.registration.worker
        if Honour.objects.filter(
            worker=worker, kind=Honour.Kind.TECH_EXPERT, level=level, year=competition.year
        ).exists():
            continue  # already a 技术能手 of this level and year (another occupation, another event)
        org_services.honour_add(
            actor=actor,
            worker=worker,
            kind=Honour.Kind.TECH_EXPERT,
            level=level,
            year=competition.year,
            title=f"{competition.title}（{result.occupation.title}）{TECH_EXPERT}"[:100],
        )
        written += 1
    return written


def _recommend(competition: Competition) -> int:
    """A recommendation per contestant whose rank carries a promotion above their present level
    (a worker already at or above it is not recommended)."""
    rows = []
    for result in _titled(competition).exclude(promotion=""):
        worker = result.registration.worker
        if skill_rank(result.promotion) <= skill_rank(worker.skill_level):
            continue
        rows.append(
            PromotionRecommendation(
                competition=competition,
                occupation=result.occupation,
                registration=result.registration,
                worker=worker,
                rank=result.rank,
                from_level=worker.skill_level,
                to_level=result.promotion,
            )
        )
    for row in rows:
        row.save()
    return len(rows)


# ---------------------------------------------------------------- prizes paid


def prize_pay(*, actor, award: CompetitionAward, paid_on: datetime.date, voucher_no: str):
    """Pay what is left of one prize (the ledger refuses more than was committed)."""
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


def prizes_pay_all(*, actor, competition: Competition, paid_on: datetime.date, voucher_prefix: str) -> int:
    """Pay every unpaid prize of a competition, one voucher each (`<prefix>-<award id>`); how many."""
    with guarded(actor=actor, step="prizes_pay_all", obj=competition), transaction.atomic():
        require_organiser(actor, competition)
        paid = 0
        for award in (
            competition.awards.filter(commitment__isnull=False).select_related("commitment").order_by("pk")
        ):
            if award.commitment.paid_fen < award.commitment.amount_fen:
                prize_pay(
                    actor=actor, award=award, paid_on=paid_on, voucher_no=f"{voucher_prefix}-{award.pk}"
                )
                paid += 1
        return paid


def prizes_paid_fen(queryset) -> int:
    """The prizes paid of the given CompetitionAward rows (fen)."""
    return queryset.aggregate(n=Sum("commitment__paid_fen"))["n"] or 0


# ---------------------------------------------------------------- promotions


def promotion_confirm_check(ctx) -> None:
    competition = Competition.objects.select_related("union").get(pk=ctx.obj.competition_id)
    require_organiser(ctx.actor, competition)
    ctx.payload["certificate_no"] = clean_text(
        ctx.payload.get("certificate_no", ""),
        field="certificate_no",
        limit=40,
        required=_("请填写职业技能等级证书编号（人社部门核发后确认晋级）。"),
    )
    worker = Worker.objects.get(pk=ctx.obj.worker_id)
    if skill_rank(ctx.obj.to_level) <= skill_rank(worker.skill_level):
        raise ValidationError(
            {
                "to_level": [
                    _("%(n)s现为「%(a)s」，已不低于推荐的「%(t)s」，无需确认晋级。")
                    % {
                        "n": worker.name,
                        "a": worker.get_skill_level_display(),
                        "t": ctx.obj.get_to_level_display(),
                    }
                ]
            }
        )


def promotion_confirm_effect(ctx) -> None:
    """The promotion written to the worker's skill-level history by the organisation's service
    (which sets the level); the recommendation links to that step."""
    recommendation = ctx.obj
    worker = (
        Worker.objects.select_for_update()
        .select_related("enterprise__union")
        .get(pk=recommendation.worker_id)
    )
    competition = Competition.objects.get(pk=recommendation.competition_id)
    entry = org_services.skill_level_record(
        actor=ctx.actor,
        worker=worker,
        to_level=recommendation.to_level,
        certificate_no=ctx.payload["certificate_no"],
        on=timezone.localdate(ctx.now),
        source=SkillLevelRecord.Source.COMPETITION,
        source_title=competition.title,
    )
    ctx.set("from_level", entry.from_level)
    ctx.set("certificate_no", entry.certificate_no)
    ctx.set("skill_record", entry)
    ctx.set("confirmed_at", ctx.now)
    ctx.set("confirmed_by", ctx.actor)
    ctx.notes.append(
        _("%(n)s技能等级：%(a)s → %(b)s")
        % {
            "n": worker.name,
            "a": SkillLevel(entry.from_level).label,
            "b": SkillLevel(entry.to_level).label,
        }
    )


def promotion_confirm(
    *, actor, recommendation: PromotionRecommendation, certificate_no: str = "", now=None
) -> PromotionRecommendation:
    """The organiser confirms a recommended promotion (the 人社 office granted the level)."""
    return kernel.run(
        obj=recommendation,
        step="confirm",
        actor=actor,
        now=now or timezone.now(),
        certificate_no=certificate_no,
    )
