"""Reads of the volunteer-service part (scoped by the callers through accounts.scope)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from innovation.org.models import Worker
from innovation.studios.models import Studio

from .models import ServiceTeam, TeamMember


def team_queryset() -> QuerySet:
    """Teams with what their list shows: the home unit, the leader, how many serve now."""
    return ServiceTeam.objects.select_related("enterprise", "leader").annotate(
        members_now=Count("members", filter=Q(members__left_on=None), distinct=True)
    )


def roster(team: ServiceTeam) -> list[TeamMember]:
    """Everyone who served: the leader first, then by the day they joined; those who left last."""
    return list(
        team.members.select_related("worker__enterprise").order_by(
            F("left_on").asc(nulls_first=True), "-role", "joined_on", "id"
        )
    )


def studio_people() -> QuerySet:
    """Active workers who lead a studio or are on a studio's roster (of studios not revoked): the
    people a team is formed of."""
    return (
        Worker.objects.filter(is_active=True)
        .filter(
            Q(led_studios__status=Studio.Status.ACTIVE)
            | Q(studio_memberships__left_on=None, studio_memberships__studio__status=Studio.Status.ACTIVE)
        )
        .distinct()
    )


def my_team_links(user) -> list:
    """A worker's home page: the teams he serves in now (队长 or 队员)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from innovation.core.mylinks import MyLink

    mine = TeamMember.objects.filter(worker__user=user, left_on=None, team__is_active=True).select_related(
        "team"
    )
    links = [
        MyLink(
            label=str(_("我的志愿服务队")),
            title=f"{m.team.name}（{m.get_role_display()}）",
            url=reverse("volunteer:team", args=[m.team_id]),
        )
        for m in mine.order_by("team__formed_on", "team_id")
    ]
    if TeamMember.objects.filter(worker__user=user).exists():
        links.append(
            MyLink(
                label=str(_("我的志愿服务")),
                title=str(_("服务记录与时长")),
                url=reverse("volunteer:mine"),
            )
        )
    return links


# ---------------------------------------------------------------- orders


def order_queryset() -> QuerySet:
    """Orders with what their list shows: the enterprise, its county, the team."""
    from .models import ServiceOrder

    return ServiceOrder.objects.select_related("enterprise", "district", "team")


def team_loads(team_ids=None) -> dict[int, int]:
    """Open orders each team carries now (offered, accepted, in service)."""
    from .models import TEAM_LOAD_STATES, ServiceOrder

    qs = ServiceOrder.objects.filter(state__in=TEAM_LOAD_STATES, team__isnull=False)
    if team_ids is not None:
        qs = qs.filter(team_id__in=list(team_ids))
    return dict(qs.order_by().values_list("team_id").annotate(n=Count("pk")).values_list("team_id", "n"))


_SKILL_SPLIT = re.compile(r"[、，,；;/\s]+")


def skill_tags(team: ServiceTeam) -> list[str]:
    """The skills the team's present members bring, each once, in roster order."""
    tags: list[str] = []
    for text in (
        team.members.filter(left_on=None)
        .order_by("-role", "joined_on", "id")
        .values_list("skills", flat=True)
    ):
        for tag in _SKILL_SPLIT.split(text or ""):
            if len(tag) >= 2 and tag not in tags:
                tags.append(tag)
    return tags


@dataclass
class Match:
    """A team as a candidate for an order: eligible or not, its score and why."""

    team: ServiceTeam
    eligible: bool
    score: int
    load: int
    reasons: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def match_teams(order) -> list[Match]:
    """Every active team ranked for an order: eligible teams first (the order's county in their
    area, below their capacity), then by score — the problem category among the team's fields
    (40), members' skills named in the problem (10 each, up to 30), at home in the same county
    (20), spare capacity (up to 10) — and the reasons shown."""
    from django.utils.translation import gettext as _

    from .models import Category

    teams = list(
        ServiceTeam.objects.filter(is_active=True)
        .select_related("enterprise", "leader")
        .prefetch_related("districts")
        .order_by("formed_on", "id")
    )
    loads = team_loads(t.pk for t in teams)
    text = f"{order.title}\n{order.description}"
    category = Category(order.category).label if order.category in Category.values else order.category
    result = []
    for team in teams:
        m = Match(team=team, eligible=True, score=0, load=loads.get(team.pk, 0))
        if order.district_id not in {d.pk for d in team.districts.all()}:
            m.eligible = False
            m.refusals.append(_("服务区域不含%(d)s") % {"d": order.district})
        else:
            m.reasons.append(_("服务区域含%(d)s") % {"d": order.district})
        if m.load >= team.capacity:
            m.eligible = False
            m.refusals.append(_("已满：在办%(n)d单，上限%(c)d单") % {"n": m.load, "c": team.capacity})
        else:
            m.reasons.append(_("在办%(n)d单，上限%(c)d单") % {"n": m.load, "c": team.capacity})
            m.score += round(10 * (team.capacity - m.load) / team.capacity)
        if order.category in team.categories:
            m.score += 40
            m.reasons.append(_("服务领域含「%(c)s」") % {"c": category})
        else:
            m.reasons.append(_("服务领域不含「%(c)s」") % {"c": category})
        hits = [tag for tag in skill_tags(team) if tag in text][:3]
        if hits:
            m.score += 10 * len(hits)
            m.reasons.append(_("队员专长与问题相符：%(s)s") % {"s": "、".join(hits)})
        if team.enterprise.region_id == order.district_id:
            m.score += 20
            m.reasons.append(_("同在%(d)s") % {"d": order.district})
        result.append(m)
    result.sort(key=lambda m: (not m.eligible, -m.score, m.load, m.team.formed_on, m.team.pk))
    return result


def overdue_q(now) -> Q:
    """Open orders past a deadline: not responded past the response deadline, or not done past
    the resolution deadline (a running pause has no deadline, so it is never overdue)."""
    from .models import OPEN_STATES

    return Q(state__in=OPEN_STATES) & (
        Q(responded_at__isnull=True, response_due__lt=now)
        | Q(resolved_at__isnull=True, resolution_due__lt=now)
    )


@dataclass
class Credit:
    """What one worker did for the service: visits he was present at and their hours, the
    orders they belong to."""

    visits: int
    hours: Decimal
    orders: int


def worker_credit(worker) -> Credit:
    from django.db.models import Sum

    from .models import ServiceVisit

    visits = ServiceVisit.objects.filter(members=worker)
    agg = visits.aggregate(n=Count("pk", distinct=True), h=Sum("hours"), o=Count("order", distinct=True))
    return Credit(visits=agg["n"] or 0, hours=agg["h"] or Decimal("0"), orders=agg["o"] or 0)


def team_credits(team: ServiceTeam) -> dict[int, Credit]:
    """Per worker on the team: visits for the team's orders he was present at, and their hours."""
    from django.db.models import Sum

    from .models import ServiceVisit

    rows = (
        ServiceVisit.members.through.objects.filter(servicevisit__order__team=team)
        .values("worker_id")
        .annotate(
            n=Count("servicevisit_id", distinct=True),
            h=Sum("servicevisit__hours"),
            o=Count("servicevisit__order_id", distinct=True),
        )
    )
    return {r["worker_id"]: Credit(visits=r["n"], hours=r["h"] or Decimal("0"), orders=r["o"]) for r in rows}
