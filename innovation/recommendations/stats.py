"""The figures of the recommendation part for the home page and /api/v1/stats, scoped:
`provincial_awards_total` (recommendations that won a prize at the provincial or national
contest, linking to exactly those rows) and `recommendations_by_year` (year → recommendations,
withdrawn ones left out)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.core.stats import Figure, StatsProvider, register

from .models import RecState
from .selectors import awarded_q, visible_recommendations


def _recs(user):
    return visible_recommendations(user).prefetch_related(None).select_related(None)


def figures(user) -> list[Figure]:
    return [
        Figure(
            "provincial_awards_total",
            _("向上推荐获奖"),
            _recs(user).filter(awarded_q()).count(),
            reverse("recommendations:list") + "?result=awarded",
            Action.RECOMMENDATION_VIEW,
            hide_when_zero=True,
        )
    ]


def more(user) -> dict:
    rows = (
        _recs(user)
        .exclude(state=RecState.WITHDRAWN)
        .order_by()
        .values_list("contest__year")
        .annotate(n=Count("id"))
    )
    return {"recommendations_by_year": {str(year): n for year, n in sorted(rows)}}


register(StatsProvider(name="recommendations", compute=figures, more=more))
