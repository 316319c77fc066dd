"""The May-Day award quota (五一劳动奖): a share of the year's places reserved for five-smalls
leaders, candidates proposed from the year's awards, confirmed by the city admin.

The rule is data in this module (GRADE_POINTS) and is written out in Chinese (rules()) on the
page, so what the page says and what the code does cannot drift apart.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.achievements.models import AwardGrade, percent
from innovation.audit.models import AuditAction
from innovation.audit.services import record

from .models import AwardShare, MayDayCandidate, MayDayQuota

Code = AwardGrade.Code

# Points of one award by its grade (before the author's share is applied).
GRADE_POINTS: dict[str, Decimal] = {
    Code.FIRST: Decimal(10),
    Code.SECOND: Decimal(6),
    Code.THIRD: Decimal(3),
    Code.EXCELLENCE: Decimal(1),
}


def rules() -> list[str]:
    """The rule in Chinese, as the page shows it; the points come from GRADE_POINTS."""
    points = "、".join(
        _("%(grade)s%(points)s分") % {"grade": Code(code).label, "points": format(p.normalize(), "f")}
        for code, p in GRADE_POINTS.items()
    )
    return [
        _("预留名额 = 当年五一劳动奖章名额总数 × 五小创新带头人占比，向下取整。"),
        _("候选范围：当年度职工“五小”创新成果评选中获奖成果的第一完成人（在职职工）。"),
        _(
            "积分：该职工当年度参与完成的每项获奖成果（不论排序），按奖项计分（%(points)s），"
            "乘以其在该成果中的贡献份额后累加。"
        )
        % {"points": points},
        _("排序：积分高者在前；积分相同的，单项最高奖项高者在前；仍相同的，获奖时间早者在前。"),
        _("每名职工只占一个名额；排序在预留名额以内者为建议人选，由市总工会确认，确认人数不得超过预留名额。"),
    ]


TWO = Decimal("0.01")


def reserved_places(quota: MayDayQuota) -> int:
    """floor(places_total × share_percent / 100)."""
    value = Decimal(quota.places_total) * Decimal(quota.share_percent) / Decimal(100)
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def _require(actor, union) -> None:
    if actor is not None and not can_act_at(actor, Action.MAYDAY_MANAGE, union):
        raise PermissionDenied(_("只有市总工会可以管理五一劳动奖名额。"))


# ---------------------------------------------------------------- the quota


def quota_save(*, union, year: int, places_total: int, share_percent, actor) -> MayDayQuota:
    """Create or change the year's quota. Refused once candidates are confirmed."""
    _require(actor, union)
    errors: dict[str, list] = {}
    if not (2000 <= int(year) <= 2100):
        errors["year"] = [_("年度不正确。")]
    if places_total is None or int(places_total) < 1:
        errors["places_total"] = [_("名额总数须为正整数。")]
    try:
        share = Decimal(str(share_percent)).quantize(TWO)
    except ArithmeticError:
        share = None
    if share is None or not (Decimal(0) <= share <= Decimal(100)):
        errors["share_percent"] = [_("占比须在0到100之间。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        quota = MayDayQuota.objects.select_for_update().filter(union=union, year=year).first()
        if quota is not None and quota.confirmed_at is not None:
            raise ValidationError(_("%(year)s年度的人选已经确认，名额不能再修改。") % {"year": year})
        if quota is None:
            quota = MayDayQuota(union=union, year=year)
        quota.places_total = int(places_total)
        quota.share_percent = share
        quota.scope_path = union.path
        quota.save()
    return quota


# ---------------------------------------------------------------- ranking


@dataclass
class Ranked:
    worker: object
    points: Decimal = Decimal(0)
    best: Decimal = Decimal(0)  # the points of the worker's highest single grade
    first_award: tuple = (datetime.max.replace(tzinfo=UTC), 0)  # (awarded_at, award id)
    first_author: bool = False
    basis: list[str] = field(default_factory=list)


def rank_workers(*, union, year: int) -> list[Ranked]:
    """Every eligible worker of the year, best first (see RULES)."""
    shares = (
        AwardShare.objects.filter(
            award__campaign__year=year,
            award__scope_path__startswith=union.path,
            author__worker__isnull=False,
            author__worker__is_active=True,
        )
        .select_related("author__worker__enterprise", "award__grade", "award__achievement")
        .order_by("award__awarded_at", "award_id", "author__order")
    )
    by_worker: dict[int, Ranked] = {}
    for share in shares:
        worker = share.author.worker
        entry = by_worker.setdefault(worker.pk, Ranked(worker=worker))
        grade_points = GRADE_POINTS.get(share.award.grade.code, Decimal(0))
        entry.points += grade_points * share.share / Decimal(100)
        entry.best = max(entry.best, grade_points)
        entry.first_award = min(entry.first_award, (share.award.awarded_at, share.award_id))
        entry.first_author = entry.first_author or share.author.order == 1
        entry.basis.append(
            _("《%(title)s》%(grade)s，第%(order)s完成人，份额%(share)s%%")
            % {
                "title": share.award.achievement.title,
                "grade": share.award.grade.get_code_display(),
                "order": share.author.order,
                "share": percent(share.share),
            }
        )
    eligible = [entry for entry in by_worker.values() if entry.first_author]
    eligible.sort(key=lambda e: (-e.points, -e.best, e.first_award, e.worker.pk))
    for entry in eligible:
        entry.points = entry.points.quantize(TWO)
    return eligible


def propose_candidates(*, quota: MayDayQuota, actor) -> list[MayDayCandidate]:
    """(Re)build the ranked candidate list of the quota's year from the year's awards."""
    _require(actor, quota.union)
    with transaction.atomic():
        quota = MayDayQuota.objects.select_for_update().select_related("union").get(pk=quota.pk)
        if quota.confirmed_at is not None:
            raise ValidationError(_("人选已经确认，不能重新生成候选名单。"))
        quota.candidates.all().delete()
        ranked = rank_workers(union=quota.union, year=quota.year)
        rows = MayDayCandidate.objects.bulk_create(
            MayDayCandidate(
                quota=quota,
                worker=entry.worker,
                rank=index,
                points=entry.points,
                basis="；".join(entry.basis)[:300],
            )
            for index, entry in enumerate(ranked, start=1)
        )
        record(
            action=AuditAction.UPDATE,
            obj=quota,
            actor=actor,
            detail=f"May-Day candidates proposed: {len(rows)}; reserved {reserved_places(quota)}",
        )
    return rows


def confirm(*, quota: MayDayQuota, worker_ids, actor) -> list[MayDayCandidate]:
    """The city admin confirms the chosen candidates (at most the reserved places)."""
    _require(actor, quota.union)
    wanted = {int(w) for w in worker_ids}
    with transaction.atomic():
        quota = MayDayQuota.objects.select_for_update().select_related("union").get(pk=quota.pk)
        if quota.confirmed_at is not None:
            raise ValidationError(_("人选已经确认。"))
        candidates = list(quota.candidates.select_related("worker"))
        known = {c.worker_id for c in candidates}
        if not wanted:
            raise ValidationError(_("请至少选择一名候选人。"))
        if wanted - known:
            raise ValidationError(_("所选人员不在候选名单中。"))
        places = reserved_places(quota)
        if len(wanted) > places:
            raise ValidationError(
                _("最多只能确认 %(places)s 人（预留名额），您选择了 %(chosen)s 人。")
                % {"places": places, "chosen": len(wanted)}
            )
        chosen = []
        for candidate in candidates:
            flag = candidate.worker_id in wanted
            if candidate.confirmed != flag:
                candidate.confirmed = flag
                candidate.save(update_fields=["confirmed"])
            if flag:
                chosen.append(candidate)
        quota.confirmed_by = actor
        quota.confirmed_at = timezone.now()
        quota.save(update_fields=["confirmed_by", "confirmed_at"])
        record(
            action=AuditAction.UPDATE,
            obj=quota,
            actor=actor,
            detail="May-Day confirmed: " + "、".join(c.worker.name for c in chosen),
        )
    return chosen
