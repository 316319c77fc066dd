"""The figures of the skills competitions for the home page and /api/v1/stats, scoped:
`competitions_total` (events past their draft: registration opened or later),
`contestants_total` (confirmed registrations) and `promotions_recommended` (skill-level
promotion recommendations made when events were finalised, confirmed ones included)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import Competition, CompetitionState, PromotionRecommendation, Registration, RegistrationState


def competition_figures(user) -> list[Figure]:
    action = Action.COMPETITION_VIEW
    events = restrict(Competition.objects.exclude(state=CompetitionState.DRAFT), user, action)
    contestants = restrict(Registration.objects.filter(state=RegistrationState.CONFIRMED), user, action)
    promotions = restrict(PromotionRecommendation.objects.all(), user, action)
    # Each figure links to the list of exactly its rows (the lists use the same scope).
    return [
        Figure(
            "competitions_total",
            _("技能大赛"),
            events.count(),
            reverse("competitions:list") + "?held=true",
            action,
            hide_when_zero=True,
        ),
        Figure(
            "contestants_total",
            _("技能大赛参赛选手"),
            contestants.count(),
            reverse("competitions:registrations") + f"?state={RegistrationState.CONFIRMED}",
            action,
            hide_when_zero=True,
        ),
        Figure(
            "promotions_recommended",
            _("技能大赛晋级推荐"),
            promotions.count(),
            reverse("competitions:promotions"),
            action,
            hide_when_zero=True,
        ),
    ]


register(StatsProvider(name="competitions", compute=competition_figures))
