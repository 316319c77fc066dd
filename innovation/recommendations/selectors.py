"""Scoped reads of the recommendation part: the list's queryset, what an achievement's page
shows of its recommendations, and the figures of how recommendations turned into awards."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.related import Related

from .models import AWARDED_PRIZES, Contest, Recommendation, RecState


def recommendation_queryset():
    return Recommendation.objects.select_related(
        "contest", "category", "achievement__enterprise", "award__grade", "award__campaign"
    ).prefetch_related("achievement__authors__worker")


def visible_recommendations(user):
    return restrict(recommendation_queryset(), user, Action.RECOMMENDATION_VIEW)


def visible_contests(user):
    """Contests a reader may open: the city's (its admins), and those recommending any item
    in the reader's area."""
    own = restrict(Contest.objects.all(), user, Action.RECOMMENDATION_VIEW)
    theirs = restrict(Recommendation.objects.all(), user, Action.RECOMMENDATION_VIEW).values("contest_id")
    return Contest.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=theirs)).select_related("union")


def awarded_q() -> Q:
    return Q(state=RecState.RESULT, result_prize__in=AWARDED_PRIZES)


def achievement_related(achievement, user) -> list[Related]:
    """The achievement page's lines: each recommendation of the item (withdrawn ones too)."""
    recs = list(
        Recommendation.objects.filter(achievement=achievement)
        .select_related("contest", "category")
        .order_by("contest__year", "id")
    )
    if not recs:
        return []
    openable = set(
        restrict(
            Recommendation.objects.filter(pk__in=[r.pk for r in recs]), user, Action.RECOMMENDATION_VIEW
        ).values_list("pk", flat=True)
    )
    lines = []
    for rec in recs:
        note = rec.result_label if rec.state == RecState.RESULT else rec.get_state_display()
        if rec.state == RecState.RESULT and rec.is_awarded and rec.certificate_no:
            note += _("（证书编号 %(n)s）") % {"n": rec.certificate_no}
        lines.append(
            Related(
                label=_("向上推荐"),
                title=f"{rec.contest} · {rec.category.name}",
                note=note,
                url=reverse("recommendations:detail", args=[rec.pk]) if rec.pk in openable else "",
            )
        )
    return lines


def conversion(recs) -> dict:
    """How many recommendations turned into awards: {"recommended", "with_result", "awarded",
    "rate"} over the active recommendations of `recs` (withdrawn ones do not count)."""
    row = recs.exclude(state=RecState.WITHDRAWN).aggregate(
        recommended=Count("id"),
        with_result=Count("id", filter=Q(state=RecState.RESULT)),
        awarded=Count("id", filter=awarded_q()),
    )
    row["rate"] = round(row["awarded"] * 100 / row["recommended"], 1) if row["recommended"] else 0.0
    return row


def conversion_by_year(recs) -> list[dict]:
    rows = (
        recs.exclude(state=RecState.WITHDRAWN)
        .values("contest__year")
        .annotate(
            recommended=Count("id"),
            awarded=Count("id", filter=awarded_q()),
            first=Count("id", filter=awarded_q() & Q(result_prize="first")),
        )
        .order_by("contest__year")
    )
    return [
        {"year": r["contest__year"], **{k: r[k] for k in ("recommended", "awarded", "first")}} for r in rows
    ]


def conversion_by_contest(recs) -> list[dict]:
    rows = (
        recs.exclude(state=RecState.WITHDRAWN)
        .values("contest_id", "contest__name", "contest__year")
        .annotate(recommended=Count("id"), awarded=Count("id", filter=awarded_q()))
        .order_by("-contest__year", "contest__name")
    )
    return [
        {
            "contest_id": r["contest_id"],
            "contest": f"{r['contest__year']}年{r['contest__name']}",
            "recommended": r["recommended"],
            "awarded": r["awarded"],
        }
        for r in rows
    ]
