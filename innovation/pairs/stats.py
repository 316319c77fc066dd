"""The figures of 金牌师徒 for the home page and /api/v1/stats: `pairs_total` (agreements active
or completed), `pair_prizes_paid_yuan` (the city's prizes paid from the ledger) and
`pairs_awarded_by_year` (year → pairs awarded in the city's selection)."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import Agreement, Level, Nomination, NominationState, PairAward
from .models.agreements import COUNTED_STATES


def _paid_yuan(user) -> int:
    awards = restrict(PairAward.objects.filter(commitment__isnull=False), user, Action.PAIR_VIEW)
    fen = awards.aggregate(n=Sum("commitment__paid_fen"))["n"] or 0
    return (fen + 50) // 100  # whole yuan, as the other *_yuan figures


def pair_figures(user) -> list[Figure]:
    counted = restrict(Agreement.objects.filter(state__in=COUNTED_STATES), user, Action.PAIR_VIEW)
    return [
        Figure(
            "pairs_total",
            _("师徒结对（履行中及已出师）"),
            counted.count(),
            reverse("pairs:list") + "?counted=true",
            Action.PAIR_VIEW,
            hide_when_zero=True,  # the home page; /api/v1/stats always has the key
        ),
        Figure(
            "pair_prizes_paid_yuan",
            _("金牌师徒奖金已支付（元）"),
            _paid_yuan(user),
            reverse("pairs:awards") + "?level=city",
            Action.PAIR_VIEW,
            hide_when_zero=True,
        ),
    ]


def pair_more(user) -> dict:
    rows = (
        restrict(
            Nomination.objects.filter(state=NominationState.AWARDED, selection__level=Level.CITY),
            user,
            Action.PAIR_VIEW,
        )
        .values("selection__year")
        .annotate(n=Count("id"))
        .order_by("selection__year")
    )
    return {"pairs_awarded_by_year": {str(r["selection__year"]): r["n"] for r in rows}}


register(StatsProvider(name="pairs", compute=pair_figures, more=pair_more))
