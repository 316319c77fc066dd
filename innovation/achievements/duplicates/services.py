"""The rules of near-duplicate pairs: finding them (check), judging them (record_verdict) and
what a verdict means (blocking_pair)."""

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.similarity import engine

from ..models import Achievement, DuplicatePair, Verdict
from ..models.duplicates import BLOCKING_VERDICTS

CORPUS = "achievement"
TEXT_FIELDS = ("title", "problem", "solution", "effect")

log = logging.getLogger(__name__)


def texts_of(achievement: Achievement) -> list[str]:
    return [getattr(achievement, name) or "" for name in TEXT_FIELDS]


def _earlier_q(achievement: Achievement) -> Q:
    """What counts as earlier than `achievement`: filed (submitted at some time) and either
    submitted before it or, when both have no order by time, created before it."""
    q = Q(submitted_at__isnull=False)
    if achievement.submitted_at:
        return q & (
            Q(submitted_at__lt=achievement.submitted_at)
            | Q(submitted_at=achievement.submitted_at, pk__lt=achievement.pk)
        )
    return q & Q(pk__lt=achievement.pk)


def check(achievement: Achievement, *, now=None) -> list[DuplicatePair]:
    """Index the item and record its pairs with the earlier items it resembles. Pairs found before
    keep their verdict (their similarity is refreshed); an undecided pair that no longer matches
    goes. Returns the item's pairs, most similar first."""
    now = now or timezone.now()
    texts = texts_of(achievement)
    prepared = engine.prepare(texts)
    with transaction.atomic():
        engine.index(CORPUS, achievement.pk, texts, prepared=prepared)
        found = {
            m.object_id: m.jaccard for m in engine.matches(CORPUS, texts, [achievement.pk], prepared=prepared)
        }
        earlier = set(
            Achievement.objects.filter(_earlier_q(achievement), pk__in=list(found)).values_list(
                "pk", flat=True
            )
        )
        existing = {p.earlier_id: p for p in DuplicatePair.objects.filter(newer=achievement)}
        for earlier_id, pair in existing.items():
            if earlier_id in earlier:
                if pair.jaccard != found[earlier_id]:
                    pair.jaccard = found[earlier_id]
                    pair.save(update_fields=["jaccard", "updated_at"])
            elif not pair.verdict:
                pair.delete()
        new = [
            DuplicatePair(
                newer=achievement,
                earlier_id=earlier_id,
                jaccard=found[earlier_id],
                found_at=now,
                scope_path=achievement.scope_path,
            )
            for earlier_id in sorted(earlier - set(existing))
        ]
        DuplicatePair.objects.bulk_create(new)
    return list(DuplicatePair.objects.filter(newer=achievement).select_related("earlier"))


def check_many(ids: Iterable[int]) -> int:
    """Check items one after another in the order given (earliest first). Returns the pairs found."""
    total = 0
    by_id = Achievement.objects.in_bulk(list(ids))
    for pk in sorted(by_id):
        total += len(check(by_id[pk]))
    return total


def check_safely(ids: Iterable[int]) -> None:
    """The hook's call (after a submission or an import commits): a failure of the check is
    logged and never undoes or blocks what the unit did."""
    try:
        check_many(ids)
    except Exception:  # noqa: BLE001 - the check must never block a submission
        log.exception("near-duplicate check failed for achievements %s", list(ids))


def check_quietly(achievement: Achievement) -> None:
    """The submit step's call, inside the submission's transaction: the check runs in a savepoint,
    and a failure is logged and rolled back to it, never undoing or blocking the submission."""
    try:
        with transaction.atomic():
            check(achievement)
    except Exception:  # noqa: BLE001 - the check must never block a submission
        log.exception("near-duplicate check failed for achievement %s", achievement.pk)


def may_recheck(actor, achievement: Achievement) -> bool:
    one = Achievement.objects.filter(pk=achievement.pk)
    return (
        restrict(one, actor, Action.DUPLICATE_VIEW).exists()
        or restrict(one, actor, Action.ACHIEVEMENT_EDIT).exists()
    )


def recheck(*, actor, achievement: Achievement) -> list[DuplicatePair]:
    """重新查重 on demand: the unit that edits the item, or a union that sees its pairs."""
    if not may_recheck(actor, achievement):
        raise PermissionDenied(_("您无权对该成果重新查重。"))
    pairs = check(achievement)
    record(
        action=AuditAction.UPDATE,
        obj=achievement,
        actor=actor,
        detail=_("重新查重：发现相似成果 %(n)d 项。") % {"n": len(pairs)},
    )
    return pairs


def record_verdict(*, actor, pair: DuplicatePair, verdict: str, note: str = "") -> DuplicatePair:
    """The city's verdict on a pair; both items must be within the actor's DUPLICATE_VERDICT scope."""
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": [_("请选择认定结论。")]})
    both = Achievement.objects.filter(pk__in=[pair.newer_id, pair.earlier_id])
    if restrict(both, actor, Action.DUPLICATE_VERDICT).count() != 2:
        raise PermissionDenied(_("该相似成果对不在您的认定权限范围内。"))
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": [_("认定说明不能超过2000字。")]})
    with transaction.atomic():
        locked = DuplicatePair.objects.select_for_update(of=("self",)).get(pk=pair.pk)
        before = {"verdict": locked.verdict, "note": locked.note}
        locked.verdict = verdict
        locked.note = note
        locked.verdict_by = actor
        locked.verdict_at = timezone.now()
        locked.save(update_fields=["verdict", "note", "verdict_by", "verdict_at", "updated_at"])
        record(
            action=AuditAction.UPDATE,
            obj=locked,
            actor=actor,
            changes={
                "verdict": [before["verdict"], verdict],
                "note": [before["note"], note],
            },
            detail=_("查重认定：%(v)s") % {"v": Verdict(verdict).label},
        )
    for name in ("verdict", "note", "verdict_by", "verdict_at", "updated_at"):
        setattr(pair, name, getattr(locked, name))
    return pair


def blocking_pair(achievement: Achievement) -> DuplicatePair | None:
    """A pair in which this item is the newer and the verdict says it should not go further
    (duplicate, or the same person's earlier work filed again)."""
    return (
        DuplicatePair.objects.filter(newer=achievement, verdict__in=BLOCKING_VERDICTS)
        .select_related("earlier")
        .order_by("-jaccard", "pk")
        .first()
    )


def reindex_all(*, clear: bool = False) -> tuple[int, int]:
    """Every filed item checked again, in the order they were submitted. Returns (items, pairs)."""
    if clear:
        engine.clear(CORPUS)
    ids = list(
        Achievement.objects.filter(submitted_at__isnull=False)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    pairs = 0
    for start in range(0, len(ids), 500):
        by_id = Achievement.objects.in_bulk(ids[start : start + 500])
        for pk in ids[start : start + 500]:
            pairs += len(check(by_id[pk]))
    return len(ids), pairs
