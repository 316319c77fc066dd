"""The figures of 金牌师徒 for the home page and /api/v1/stats."""

from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import Agreement
from .models.agreements import COUNTED_STATES


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
        )
    ]


register(StatsProvider(name="pairs", compute=pair_figures))
