"""Studio figures for home pages and /api/v1/stats, within the caller's scope."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Achievement
from innovation.core.stats import Figure, StatsProvider, register

from .models import Studio
from .selectors import by_type_level_keys, studios_visible_to
from .subsidies.models import SOURCE_KIND as SUBSIDY_SOURCE_KIND


def active_studios(user):
    return studios_visible_to(user).filter(status=Studio.Status.ACTIVE)


def incubated_in_scope(user):
    """Filed achievements incubated in a studio, among the achievements the user may see."""
    return restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW).filter(
        studio__isnull=False, submitted_at__isnull=False
    )


def subsidies_paid_yuan(user) -> int:
    from innovation.funds.models import Commitment

    paid = restrict(
        Commitment.objects.filter(source_kind=SUBSIDY_SOURCE_KIND), user, Action.FUNDS_VIEW
    ).aggregate(fen=Sum("paid_fen"))["fen"]
    # Whole yuan, as awarded_benefit_verified_yuan gives them.
    return int(paid or 0) // 100


def studio_figures(user) -> list[Figure]:
    url = reverse("studios:list")
    return [
        Figure(
            "studios_total",
            _("创新工作室"),
            active_studios(user).count(),
            url + "?status=active",
            Action.STUDIO_VIEW,
            hide_when_zero=True,
        ),
        Figure(
            "studio_incubated_achievements",
            _("工作室孵化成果"),
            incubated_in_scope(user).count(),
            reverse("studios:incubated"),
            Action.ACHIEVEMENT_VIEW,
            hide_when_zero=True,
        ),
        Figure(
            "studio_subsidies_paid_yuan",
            _("工作室补助已支付（元）"),
            subsidies_paid_yuan(user),
            reverse("funds:commitments") + f"?source_kind={SUBSIDY_SOURCE_KIND}",
            Action.FUNDS_VIEW,
            hide_when_zero=True,
        ),
    ]


def studio_more(user) -> dict:
    return {"studios_by_type_level": by_type_level_keys(active_studios(user))}


register(StatsProvider(name="studios", compute=studio_figures, more=studio_more))
