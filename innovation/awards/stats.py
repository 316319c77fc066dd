"""Award figures for home pages and /api/v1/stats, within the caller's scope."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import AwardGrade
from innovation.core.stats import Figure, StatsProvider, register

from .models import Award


def awards_visible_to(user):
    return restrict(Award.objects.all(), user, Action.AWARD_VIEW)


def _rows_url() -> str:
    """The award list, once the awards pages are wired (empty until then)."""
    try:
        return reverse("awards:list")
    except NoReverseMatch:
        return ""


def _yuan(value) -> int:
    # Whole yuan, as benefit_verified_yuan (innovation.achievements.stats) gives them.
    return int((value or Decimal(0)).quantize(Decimal("1")))


def award_figures(user) -> list[Figure]:
    qs = awards_visible_to(user)
    sums = qs.aggregate(n=Count("id"), verified=Sum("achievement__benefit_verified"))
    url = _rows_url()
    return [
        Figure("awards_total", _("获奖成果"), sums["n"], url, Action.AWARD_VIEW, hide_when_zero=True),
        Figure(
            "awarded_benefit_verified_yuan",
            _("获奖成果核定经济效益（元/年）"),
            _yuan(sums["verified"]),
            url,
            Action.AWARD_VIEW,
            hide_when_zero=True,
        ),
    ]


def award_more(user) -> dict:
    """awards_by_grade: every grade code with its count (zero included), like achievements_by_year."""
    counts = dict.fromkeys(AwardGrade.Code.values, 0)
    for row in awards_visible_to(user).values("grade__code").annotate(n=Count("id")):
        counts[row["grade__code"]] = row["n"]
    return {"awards_by_grade": counts}


register(StatsProvider(name="awards", compute=award_figures, more=award_more))
