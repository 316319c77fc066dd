from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import Achievement, DemonstrationPost


def filed(user):
    """Achievements in scope that have been submitted at least once (申报)."""
    return restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW).filter(
        submitted_at__isnull=False
    )


def _yuan(value) -> int:
    return int((value or Decimal(0)).quantize(Decimal("1")))


def achievement_figures(user) -> list[Figure]:
    qs = filed(user)
    sums = qs.aggregate(claimed=Sum("benefit_claimed"), verified=Sum("benefit_verified"))
    url = reverse("achievements:list")
    return [
        Figure("achievements_total", _("申报成果"), qs.count(), url + "?filed=true", Action.ACHIEVEMENT_VIEW),
        Figure(
            "demonstration_posts_total",
            _("职工创新示范岗"),
            restrict(DemonstrationPost.objects.all(), user, Action.DEMO_POST_VIEW).count(),
            reverse("achievements:demo_posts"),
            Action.DEMO_POST_VIEW,
        ),
        Figure(
            "benefit_claimed_yuan",
            _("申报经济效益（元/年）"),
            _yuan(sums["claimed"]),
            url + "?filed=true&has_benefit=true",
            Action.ACHIEVEMENT_VIEW,
        ),
        Figure(
            "benefit_verified_yuan",
            _("核定经济效益（元/年）"),
            _yuan(sums["verified"]),
            url + "?verified=true",
            Action.ACHIEVEMENT_VIEW,
        ),
    ]


def achievement_more(user) -> dict:
    rows = filed(user).values("campaign__year").annotate(n=Count("id")).order_by("campaign__year")
    return {"achievements_by_year": {str(r["campaign__year"]): r["n"] for r in rows}}


register(StatsProvider(name="achievements", compute=achievement_figures, more=achievement_more))
