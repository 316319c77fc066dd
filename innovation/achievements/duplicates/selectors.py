"""Scoped reads of near-duplicate pairs: the list of pairs (DUPLICATE_VIEW) and the matches shown
on one item's page. Another item's text is shown only to whoever may read that item."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict

from ..models import Achievement, DuplicatePair
from ..models.duplicates import BLOCKING_VERDICTS
from .diff import side_by_side


def visible_pairs(user) -> QuerySet:
    """The pairs the user may list: those whose newer item lies in the user's DUPLICATE_VIEW scope,
    each annotated with whether the user may read the earlier item (`earlier_visible`)."""
    readable = restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW)
    return (
        restrict(DuplicatePair.objects.all(), user, Action.DUPLICATE_VIEW)
        .select_related(
            "newer__campaign", "newer__enterprise", "earlier__campaign", "earlier__enterprise", "verdict_by"
        )
        .annotate(earlier_visible=Exists(readable.filter(pk=OuterRef("earlier_id"))))
    )


def may_view_pairs_of(user, achievement: Achievement) -> bool:
    return restrict(Achievement.objects.filter(pk=achievement.pk), user, Action.DUPLICATE_VIEW).exists()


def matches_for(user, achievement: Achievement, *, texts_always: bool = False) -> list[dict]:
    """The item's pairs as its page shows them to `user` (who may read the item): each with the
    earlier item and a side-by-side diff when the user may read the earlier item too (or
    `texts_always`: an expert assigned to the item compares texts, no unit or authors), and
    whether the user may record the verdict."""
    pairs = list(
        DuplicatePair.objects.filter(newer=achievement)
        .select_related("earlier__campaign", "earlier__enterprise", "verdict_by")
        .order_by("-jaccard", "pk")
    )
    if not pairs:
        return []
    earlier_ids = [p.earlier_id for p in pairs]
    readable = set(
        restrict(Achievement.objects.filter(pk__in=earlier_ids), user, Action.ACHIEVEMENT_VIEW).values_list(
            "pk", flat=True
        )
    )
    judgeable = set(
        restrict(
            Achievement.objects.filter(pk__in=[*earlier_ids, achievement.pk]), user, Action.DUPLICATE_VERDICT
        ).values_list("pk", flat=True)
    )
    rows = []
    for pair in pairs:
        visible = pair.earlier_id in readable
        rows.append(
            {
                "pair": pair,
                "visible": visible,
                "diff": side_by_side(achievement, pair.earlier) if visible or texts_always else None,
                "can_verdict": achievement.pk in judgeable and pair.earlier_id in judgeable,
            }
        )
    return rows


def blocking_verdict(achievement_ref: str) -> Subquery:
    """For an annotation: the blocking verdict (duplicate / resubmission) on a pair in which the
    row's achievement (the field `achievement_ref`) is the newer, or None."""
    pairs = DuplicatePair.objects.filter(newer=OuterRef(achievement_ref), verdict__in=BLOCKING_VERDICTS)
    return Subquery(pairs.order_by("-jaccard").values("verdict")[:1])
