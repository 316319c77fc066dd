from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import Enterprise, TradeUnion, Worker


def org_figures(user) -> list[Figure]:
    unions = restrict(TradeUnion.objects.all(), user, Action.UNION_VIEW)
    return [
        Figure(
            "districts",
            _("县(市、区)总工会"),
            unions.filter(kind=TradeUnion.Kind.DISTRICT).count(),
            reverse("org:union_list") + "?kind=district",
            Action.UNION_VIEW,
            hide_when_zero=True,
        ),
        Figure("unions", _("工会组织"), unions.count(), reverse("org:union_list"), Action.UNION_VIEW),
        Figure(
            "units",
            _("单位"),
            restrict(Enterprise.objects.all(), user, Action.ENTERPRISE_VIEW).count(),
            reverse("org:enterprise_list"),
            Action.ENTERPRISE_VIEW,
        ),
        Figure(
            "workers",
            _("职工"),
            restrict(Worker.objects.all(), user, Action.WORKER_VIEW).count(),
            reverse("org:worker_list"),
            Action.WORKER_VIEW,
        ),
    ]


register(StatsProvider(name="org", compute=org_figures))
