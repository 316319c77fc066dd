"""Which of the city's awarded items may be recommended to a contest, and why not.

An item is eligible when: it holds a city award whose grade the contest accepts; the award is
recent enough (awarded in the contest's year or at most `max_age_years` before, never after);
it was not judged a duplicate or resubmission of an earlier item
(innovation.achievements.duplicates.blocking_pair); no objection to it is outstanding (to its
city award's notice, or to a recommendation of it); and it is not already recommended to the
contest. Each refusal is a sentence that says which rule and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from innovation.achievements.models import AwardGrade
from innovation.awards.models import Award, Objection

from .models import (
    ACTIVE_STATES,
    DEFAULT_GRADES,
    Contest,
    ContestCategory,
    Recommendation,
    RecommendationObjection,
)


def blocking_pair(achievement):
    """The near-duplicate verdict that bars the item, or None (the near-duplicate part's rule)."""
    from innovation.achievements.duplicates import blocking_pair as find

    return find(achievement)


def blocking_pairs(achievement_ids) -> dict:
    """blocking_pair() for many items in one query (the candidates' page): item id -> pair. The
    verdicts that bar are the near-duplicate part's (BLOCKING_VERDICTS, next to its model)."""
    from innovation.achievements.models.duplicates import BLOCKING_VERDICTS, DuplicatePair

    found: dict = {}
    pairs = (
        DuplicatePair.objects.filter(newer_id__in=list(achievement_ids), verdict__in=BLOCKING_VERDICTS)
        .select_related("earlier")
        .order_by("-jaccard", "pk")
    )
    for pair in pairs:
        found.setdefault(pair.newer_id, pair)
    return found


def grade_label(code: str) -> str:
    return str(AwardGrade.Code(code).label) if code in AwardGrade.Code.values else code


def accepted_grades(contest: Contest) -> list[str]:
    return list(contest.eligible_grades or DEFAULT_GRADES)


@dataclass
class Candidate:
    award: Award
    reasons: list[str] = field(default_factory=list)
    recommendation: Recommendation | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def achievement(self):
        return self.award.achievement


def _open_objection_items(achievement_ids) -> set[int]:
    award_side = Objection.objects.filter(
        state=Objection.State.OPEN, line__achievement_id__in=achievement_ids
    ).values_list("line__achievement_id", flat=True)
    rec_side = RecommendationObjection.objects.filter(
        state=RecommendationObjection.State.OPEN, recommendation__achievement_id__in=achievement_ids
    ).values_list("recommendation__achievement_id", flat=True)
    return set(award_side) | set(rec_side)


def reasons_for(
    contest: Contest, award: Award, *, open_objections: set[int], active: dict, blocking=None
) -> list[str]:
    """`blocking`: the item's blocking pairs found in bulk (candidates()); else asked one by one."""
    reasons = []
    grades = accepted_grades(contest)
    code = award.grade.code
    if code not in grades:
        reasons.append(
            _("市级获奖等级为%(g)s，本大赛只接受%(ok)s的成果。")
            % {"g": grade_label(code), "ok": "、".join(grade_label(c) for c in grades)}
        )
    year = award.campaign.year
    if year > contest.year:
        reasons.append(_("成果于%(y)d年获奖，晚于大赛年度%(c)d年。") % {"y": year, "c": contest.year})
    elif contest.year - year > contest.max_age_years:
        reasons.append(
            _("成果于%(y)d年获奖，距大赛年度已%(n)d年，超过可推荐年限%(m)d年。")
            % {"y": year, "n": contest.year - year, "m": contest.max_age_years}
        )
    pair = blocking.get(award.achievement_id) if blocking is not None else blocking_pair(award.achievement)
    if pair is not None:
        earlier = getattr(pair, "earlier", None)
        reasons.append(
            _("查重认定为已有成果「%(t)s」的重复或再次申报，不能推荐。")
            % {"t": getattr(earlier, "title", "") or _("（较早成果）")}
        )
    if award.achievement_id in open_objections:
        reasons.append(_("该成果有尚未答复的公示异议，须答复后才能推荐。"))
    existing = active.get(award.achievement_id)
    if existing is not None:
        reasons.append(
            _("该成果已推荐至本大赛（%(c)s，%(s)s）。")
            % {"c": existing.category.name, "s": existing.get_state_display()}
        )
    return reasons


def award_of(achievement) -> Award | None:
    return (
        Award.objects.select_related("achievement__enterprise", "campaign", "grade")
        .filter(achievement=achievement)
        .first()
    )


def check(contest: Contest, achievement) -> tuple[Award | None, list[str]]:
    """The item's city award and the reasons it may not be recommended ([] when it may)."""
    award = award_of(achievement)
    if award is None:
        return None, [_("该成果未获得市级奖项，不能向上推荐。")]
    if not award.campaign.union.path.startswith(contest.union.path):
        return award, [_("该成果的获奖不属于本推荐单位。")]
    active = {
        r.achievement_id: r
        for r in Recommendation.objects.filter(
            contest=contest, achievement=achievement, state__in=ACTIVE_STATES
        ).select_related("category")
    }
    return award, reasons_for(
        contest, award, open_objections=_open_objection_items([achievement.pk]), active=active
    )


def candidates(contest: Contest, *, awards=None) -> list[Candidate]:
    """The city's awards of the contest's window (and the year before it, so that the age rule
    is seen at work), best grade first, each with its refusal reasons."""
    if awards is None:
        first_year = contest.year - contest.max_age_years - 1
        awards = Award.objects.filter(
            campaign__union__path__startswith=contest.union.path,
            campaign__year__gte=first_year,
            campaign__year__lte=contest.year,
        )
    awards = list(
        awards.select_related("achievement__enterprise", "campaign__union", "grade").order_by(
            "-campaign__year", "grade__order", "id"
        )
    )
    ids = [a.achievement_id for a in awards]
    open_objections = _open_objection_items(ids)
    blocking = blocking_pairs(ids)
    active = {
        r.achievement_id: r
        for r in Recommendation.objects.filter(
            contest=contest, achievement_id__in=ids, state__in=ACTIVE_STATES
        ).select_related("category")
    }
    return [
        Candidate(
            award=a,
            reasons=reasons_for(
                contest, a, open_objections=open_objections, active=active, blocking=blocking
            ),
            recommendation=active.get(a.achievement_id),
        )
        for a in awards
    ]


def quota_tally(contest: Contest) -> list[dict]:
    """Each category with its quota and the active recommendations in it."""
    categories = contest.categories.annotate(
        used=Count("recommendations", filter=Q(recommendations__state__in=ACTIVE_STATES))
    ).order_by("order", "id")
    return [
        {"category": c, "quota": c.quota, "used": c.used, "left": max(c.quota - c.used, 0)}
        for c in categories
    ]


def quota_left(category: ContestCategory) -> int:
    used = category.recommendations.filter(state__in=ACTIVE_STATES).count()
    return category.quota - used
