"""From experts' weighted totals to item scores, flags and ranks. Pure: no ORM, Decimal only.

The rules, as the ranking page states them:

* An expert's weighted total for an item = Σ(score / max × weight) / Σ weights × 100,
  rounded half-up to 3 decimal places (0–100).
* The item score is the mean of its experts' totals or, with the trimmed method, the mean after
  dropping one highest and one lowest total — only when there are at least 5 totals, otherwise
  the plain mean.
* Optional normalisation for harsh and lenient experts: each expert's totals across all their
  items in the campaign become z-scores (that expert's mean and population standard deviation)
  and are mapped back to the common scale with the mean and population standard deviation of
  all totals of the campaign: overall_mean + z × overall_std. An expert with a single item or
  with identical totals (std 0) keeps their raw totals. The method is then applied to these.
* Disagreement: the spread (max − min) of the item's raw totals is above the threshold.
* Rank 1 is the best score; equal scores are ordered by the higher raw mean, then the lower
  achievement id, so every rank is distinct. Field ranks follow the same order within a field.

Scores, raw means and spreads are rounded half-up to 3 places only at the end, and the order
uses those rounded figures (the ones people see).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

PLACES = Decimal("0.001")
MEAN = "mean"
TRIMMED = "trimmed"
TRIM_MIN_SCORES = 5
_PRECISION = 34


def q3(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: Decimal
    max_score: int


@dataclass(frozen=True)
class ExpertTotal:
    """One submitted sheet: an expert's weighted total for one item."""

    item: int
    expert: int
    total: Decimal


@dataclass(frozen=True)
class ItemScore:
    item: int
    field: str
    score: Decimal
    raw_mean: Decimal
    n_scores: int
    spread: Decimal
    disagreement: bool
    rank: int = 0
    field_rank: int = 0


def weighted_total(values: Mapping[int, Decimal], criteria: Sequence[Criterion]) -> Decimal:
    """The weighted total on the 0–100 scale. Every criterion must have a value."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        weights = sum((c.weight for c in criteria), Decimal(0))
        if not criteria or weights <= 0:
            raise ValueError("a rubric needs criteria with positive weights")
        part = sum((Decimal(values[c.id]) / Decimal(c.max_score) * c.weight for c in criteria), Decimal(0))
        return q3(part / weights * 100)


def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("mean of nothing")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return sum(values, Decimal(0)) / len(values)


def pstdev(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation (divides by n)."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        m = mean(values)
        return (sum(((v - m) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def trimmed_mean(values: Sequence[Decimal]) -> Decimal:
    """Drop one highest and one lowest when there are at least 5 values; else the mean."""
    if len(values) < TRIM_MIN_SCORES:
        return mean(values)
    ordered = sorted(values)
    return mean(ordered[1:-1])


def item_score(values: Sequence[Decimal], method: str) -> Decimal:
    if method == TRIMMED:
        return trimmed_mean(values)
    if method == MEAN:
        return mean(values)
    raise ValueError(f"unknown scoring method {method!r}")


def normalise(totals: Iterable[ExpertTotal]) -> dict[tuple[int, int], Decimal]:
    """(item, expert) -> the total mapped through the expert's z-score to the common scale."""
    totals = list(totals)
    if not totals:
        return {}
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        everything = [t.total for t in totals]
        overall_mean, overall_std = mean(everything), pstdev(everything)
        by_expert: dict[int, list[ExpertTotal]] = defaultdict(list)
        for t in totals:
            by_expert[t.expert].append(t)
        result: dict[tuple[int, int], Decimal] = {}
        for rows in by_expert.values():
            own = [r.total for r in rows]
            own_std = pstdev(own) if len(own) > 1 else Decimal(0)
            if own_std == 0:
                for r in rows:
                    result[(r.item, r.expert)] = Decimal(r.total)
                continue
            own_mean = mean(own)
            for r in rows:
                z = (r.total - own_mean) / own_std
                result[(r.item, r.expert)] = overall_mean + z * overall_std
        return result


def rank_key(score: ItemScore) -> tuple:
    return (-score.score, -score.raw_mean, score.item)


def aggregate(
    totals: Iterable[ExpertTotal],
    *,
    fields: Mapping[int, str],
    method: str = MEAN,
    normalise_scores: bool = False,
    threshold: Decimal = Decimal("20"),
) -> list[ItemScore]:
    """Item scores, disagreement flags and ranks, best first."""
    totals = list(totals)
    adjusted = normalise(totals) if normalise_scores else {(t.item, t.expert): t.total for t in totals}
    raw_by_item: dict[int, list[Decimal]] = defaultdict(list)
    used_by_item: dict[int, list[Decimal]] = defaultdict(list)
    for t in totals:
        raw_by_item[t.item].append(Decimal(t.total))
        used_by_item[t.item].append(adjusted[(t.item, t.expert)])
    scores = []
    for item, raw in raw_by_item.items():
        spread = max(raw) - min(raw)
        scores.append(
            ItemScore(
                item=item,
                field=fields.get(item, ""),
                score=q3(item_score(used_by_item[item], method)),
                raw_mean=q3(mean(raw)),
                n_scores=len(raw),
                spread=q3(spread),
                disagreement=spread > threshold,
            )
        )
    scores.sort(key=rank_key)
    field_counter: dict[str, int] = defaultdict(int)
    ranked = []
    for position, s in enumerate(scores, start=1):
        field_counter[s.field] += 1
        ranked.append(replace(s, rank=position, field_rank=field_counter[s.field]))
    return ranked
