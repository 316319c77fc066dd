"""The figures of the skills competitions for the home page and /api/v1/stats, scoped:
`competitions_total` (events past their draft: registration opened or later),
`contestants_total` (confirmed registrations) and `promotions_recommended` (skill-level
promotion recommendations made when events were finalised, confirmed ones included)."""

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
    # The pages come with the lead's part: until then the figures link nowhere.
    return [
        Figure("competitions_total", _("技能大赛"), events.count(), "", action, hide_when_zero=True),
        Figure(
            "contestants_total", _("技能大赛参赛选手"), contestants.count(), "", action, hide_when_zero=True
        ),
        Figure(
            "promotions_recommended",
            _("技能大赛晋级推荐"),
            promotions.count(),
            "",
            action,
            hide_when_zero=True,
        ),
    ]


register(StatsProvider(name="competitions", compute=competition_figures))
