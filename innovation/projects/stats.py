"""The figures of projects and of benefit by channel, for the home page and /api/v1/stats, scoped.

`projects_total`: the projects the caller sees (every state), linking to the project list.

`benefit_by_channel_yuan` (创新创效经济效益，2019年以来，按渠道): channel code → verified
benefit in whole yuan (rounded half up from the sum in fen), within the caller's scope. The set,
precisely, is the verified benefit of:

- `breakthrough` (技术攻关) and `post` (岗位创新): projects of that channel in the state
  concluded, concluded (`concluded_on`) in 2019 or later, with a verified benefit
  (`benefit_verified_fen`), seen under PROJECT_VIEW;
- `five_smalls` (五小创新): achievements filed (submitted at least once) in a campaign of 2019 or
  later, with a verified benefit (`benefit_verified`), seen under ACHIEVEMENT_VIEW — except the
  achievements filed from a project (`achievement.project`): their benefit is the project's;
- `mentoring` (名师带徒): pair benefit records (`pairs.PairBenefit`) of 2019 or later (`on`),
  with a verified amount, of agreements seen under PAIR_VIEW.

Every channel is always present (0 when there is nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import BENEFIT_SINCE_YEAR, Channel, Project, ProjectState


def counted_projects(user):
    """The projects behind the two project channels (see the module docstring)."""
    return restrict(Project.objects.all(), user, Action.PROJECT_VIEW).filter(
        state=ProjectState.CONCLUDED,
        concluded_on__year__gte=BENEFIT_SINCE_YEAR,
        benefit_verified_fen__isnull=False,
    )


def counted_achievements(user):
    from innovation.achievements.models import Achievement

    return restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW).filter(
        submitted_at__isnull=False,
        campaign__year__gte=BENEFIT_SINCE_YEAR,
        benefit_verified__isnull=False,
        project__isnull=True,
    )


def counted_pair_benefits(user):
    from innovation.pairs.models import PairBenefit

    return restrict(PairBenefit.objects.all(), user, Action.PAIR_VIEW).filter(
        on__year__gte=BENEFIT_SINCE_YEAR, verified_fen__isnull=False
    )


def _yuan(fen) -> int:
    return int((Decimal(fen or 0) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _channel_sums(user) -> dict[str, tuple[int, int]]:
    """channel → (verified fen, rows): one aggregate of each set, the sum and the count together."""
    result = {c.value: (0, 0) for c in Channel}
    sums = counted_projects(user).values("channel").annotate(s=Sum("benefit_verified_fen"), n=Count("pk"))
    for row in sums:
        result[row["channel"]] = (row["s"] or 0, row["n"])
    a = counted_achievements(user).aggregate(s=Sum("benefit_verified"), n=Count("pk"))
    fen = int(((a["s"] or Decimal(0)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    result[Channel.FIVE_SMALLS.value] = (fen, a["n"])
    p = counted_pair_benefits(user).aggregate(s=Sum("verified_fen"), n=Count("pk"))
    result[Channel.MENTORING.value] = (p["s"] or 0, p["n"])
    return result


def benefit_by_channel_fen(user) -> dict[str, int]:
    return {code: fen for code, (fen, _rows) in _channel_sums(user).items()}


def benefit_by_channel_yuan(user) -> dict[str, int]:
    return {code: _yuan(fen) for code, fen in benefit_by_channel_fen(user).items()}


@dataclass(frozen=True)
class ChannelRow:
    """One channel of the benefit figure: its verified fen, how many rows make it, and the link
    to exactly those rows (the list's filters select the set of the module docstring)."""

    code: str
    label: str
    fen: int
    rows: int
    url: str


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def channel_url(code: str) -> str:
    """The list of exactly the rows behind one channel (its filters select the set above)."""
    since = BENEFIT_SINCE_YEAR
    if code in (Channel.BREAKTHROUGH, Channel.POST):
        return _link("projects:list", channel=code, verified="true", since_year=since)
    if code == Channel.MENTORING:
        return _link("pairs:benefits", verified="true", since_year=since)
    return _link("achievements:list", filed="true", verified="true", since_year=since, from_project="false")


def benefit_by_channel_rows(user) -> list[ChannelRow]:
    sums = _channel_sums(user)
    return [ChannelRow(c.value, str(c.label), *sums[c.value], channel_url(c.value)) for c in Channel]


def benefit_total_yuan(user) -> int:
    return _yuan(sum(benefit_by_channel_fen(user).values()))


def project_figures(user) -> list[Figure]:
    return [
        Figure(
            "benefit_since_2019_yuan",
            _("创新创效经济效益（元，2019年以来）"),
            benefit_total_yuan(user),
            reverse("projects:benefit"),
            Action.PROJECT_VIEW,
            hide_when_zero=True,
        ),
        Figure(
            "projects_total",
            _("技术攻关项目"),
            restrict(Project.objects.all(), user, Action.PROJECT_VIEW).count(),
            reverse("projects:list"),
            Action.PROJECT_VIEW,
            hide_when_zero=True,
        ),
    ]


def project_more(user) -> dict:
    return {"benefit_by_channel_yuan": benefit_by_channel_yuan(user)}


register(StatsProvider(name="projects", compute=project_figures, more=project_more))
