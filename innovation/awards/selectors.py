"""Reads of the committee's work, for pages, the API and the services: a decision's grade tally
and prize total, whether its notice is open, who sees which notices and objections, the
decisions' and awards' lists, and the policy/decision references a commitment carries."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.achievements.models import Author, AwardGrade, Campaign
from innovation.funds.models import BudgetLine, Commitment
from innovation.funds.services import money

from .models import Award, AwardShare, Decision, Objection

# Newest year first, then by grade (一等奖 first) and rank.
AWARD_ORDER = ("-campaign__year", "grade__order", "id")  # finalise makes awards in rank order


def grade_tally(decision: Decision) -> list[dict]:
    """Each grade of the campaign with its quota and how many lines hold it now."""
    counts = dict(
        decision.lines.filter(grade__isnull=False)
        .values_list("grade_id")
        .annotate(n=Count("id"))
        .values_list("grade_id", "n")
    )
    return [
        {
            "grade": g,
            "quota": g.quota,
            "count": counts.get(g.pk, 0),
            "over": counts.get(g.pk, 0) > g.quota,
            "prize_fen": g.prize_fen,
            "total_fen": g.prize_fen * counts.get(g.pk, 0),
        }
        for g in decision.campaign.grades.order_by("order", "id")
    ]


def prize_total_fen(decision: Decision) -> int:
    return sum(
        line.grade.prize_fen for line in decision.lines.filter(grade__isnull=False).select_related("grade")
    )


def notice_is_open(decision: Decision, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        decision.state == Decision.State.NOTICE
        and decision.notice_starts is not None
        and decision.notice_starts <= now < decision.notice_ends
    )


def listed_authors(decision: Decision):
    """The accounts of the authors of every item on the decision's published list (a grade)."""
    listed = decision.lines.filter(grade__isnull=False).values("achievement")
    return get_user_model().objects.filter(worker__authorships__achievement__in=listed).distinct()


def notices_visible_to(user):
    """Decisions on notice or final: public to every signed-in user (NOTICE_VIEW)."""
    return restrict(
        Decision.objects.filter(state__in=(Decision.State.NOTICE, Decision.State.FINAL)),
        user,
        Action.NOTICE_VIEW,
    )


def objections_for(user):
    """A city admin's objections to answer (their scope), or everybody's own objections."""
    qs = Objection.objects.all()
    answerable = restrict(qs, user, Action.OBJECTION_ANSWER)
    if can(user, Action.OBJECTION_ANSWER):
        return qs.filter(Q(pk__in=answerable.values("pk")) | Q(raised_by=user))
    return qs.filter(raised_by=user) if getattr(user, "is_authenticated", False) else qs.none()


def answerable_among(user, pks) -> set[int]:
    """Which of these objections are open and the user may answer."""
    return set(
        restrict(Objection.objects.filter(state=Objection.State.OPEN), user, Action.OBJECTION_ANSWER)
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    )


def with_line_counts(qs):
    """Decisions with how many lines they hold and how many of them are awarded."""
    return qs.annotate(
        lines_count=Count("lines", distinct=True),
        awarded_count=Count("lines", filter=Q(lines__grade__isnull=False), distinct=True),
    )


def proposable_campaigns(user):
    """Campaigns the user may propose a decision for: in their scope, with no decision or a draft."""
    return restrict(Campaign.objects.order_by("-year"), user, Action.DECISION_MANAGE).filter(
        Q(decision__isnull=True) | Q(decision__state=Decision.State.DRAFT)
    )


def decision_lines(decision: Decision):
    """A decision's lines in rank order, with their authors and how many objections each has."""
    return (
        decision.lines.select_related("achievement__enterprise", "proposed_grade", "grade")
        .prefetch_related(Prefetch("achievement__authors", queryset=Author.objects.select_related("worker")))
        .annotate(objection_count=Count("objections"))
        .order_by("rank", "id")
    )


def budget_lines_for(decision: Decision, user):
    """The budget lines the prize may be paid from: this year's and next, those the user sees."""
    year = decision.campaign.year
    return restrict(BudgetLine.objects.filter(year__in=(year, year + 1)), user, Action.FUNDS_VIEW).order_by(
        "-year", "kind"
    )


def awards_listed():
    return (
        Award.objects.select_related("achievement__enterprise", "campaign", "grade")
        .prefetch_related(Prefetch("shares", queryset=AwardShare.objects.order_by("author__order")))
        .order_by(*AWARD_ORDER)
    )


def award_shares(award: Award, user) -> list[AwardShare]:
    """An award's shares, each marked with whether the reader sees its certificate and the link to
    its commitment where the reader may open it."""
    shares = list(award.shares.select_related("commitment__line", "author").order_by("author__order"))
    # A certificate (and its code) is shown to whoever may download it: its author, and admins
    # over the award; a co-author sees their own only.
    mine = set(
        restrict(AwardShare.objects.filter(award=award), user, Action.AWARD_VIEW).values_list("pk", flat=True)
    )
    # A commitment is linked only where the reader may open it (a county sees its units' awards,
    # but the money is committed on the city's budget line).
    open_commitments = set(
        restrict(
            Commitment.objects.filter(pk__in=[s.commitment_id for s in shares if s.commitment_id]),
            user,
            Action.FUNDS_VIEW,
        ).values_list("pk", flat=True)
    )
    for share in shares:
        share.certificate_visible = share.pk in mine
        share.commitment_open = share.commitment_id in open_commitments
    return shares


def policy_ref(grade: AwardGrade, campaign: Campaign) -> str:
    """The policy row the amount comes from, in words a finance officer reads (with its number)."""
    return f"{campaign.year}年征集活动{grade.get_code_display()}奖金{money(grade.prize_fen)}（奖项设置第{grade.pk}号）"


def decision_ref(decision: Decision) -> str:
    """The decision that made the amount, and who approved it."""

    def who(user) -> str:
        return str(user) if user else "—"  # User.__str__: the display name, else the username

    return (
        f"{decision.campaign.year}年评审委员会审定第{decision.pk}号第{decision.version}版，"
        f"审批：{who(decision.first_approver)}、{who(decision.second_approver)}"
    )[:200]
