"""Ordering with declared tie-break keys, shared ranks, places and titles. Used by the contest
results and by the league's season table.

* Rows are ordered by the primary figure (higher first), then by each key in the declared order
  (higher first, or lower first for a key like time); a missing value loses to any value.
* Rows equal on the primary figure and on every key share a rank, competition style: 1, 2, 2, 4.
  Within a shared rank rows are listed by id (a listing order, not a ranking).
* Places come from cumulative counts: with 一等奖 1, 二等奖 2, 三等奖 3 the positions are 1 | 2–3 |
  4–6, and a rank takes the place of its own position. A shared rank that straddles a boundary
  gives every member the better place, so that place's count is exceeded (PlaceTally.exceeded and
  a SHARED_AT_BOUNDARY flag on each member); the ranks after it keep their own positions.
* Titles follow the rank number: rule from_rank ≤ rank ≤ to_rank, so a shared rank at the end of
  a range is inside it for all of its members.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .inputs import Place, PlaceTally, TitleRule
from .numbers import ZERO

NAMES_SHOWN = 5
# The explanation texts, translated once per ranking (not once per row).
TEXTS = {
    "and_more": gettext_noop("%(names)s等%(n)d人"),
    "none": gettext_noop("无"),
    "same": gettext_noop("%(p)s与%(names)s相同（%(v)s）"),
    "no_keys": gettext_noop("未设决胜规则"),
    "behind": gettext_noop("%(k)s：%(o)s为%(ov)s、该选手为%(mv)s，排在其后"),
    "ahead": gettext_noop("%(k)s：该选手为%(mv)s、%(o)s为%(ov)s，排在其前"),
    "tied": gettext_noop("各项决胜指标与%(names)s均相同，并列第%(r)d名"),
    "whole": gettext_noop("%(head)s；决胜顺序：%(order)s；%(parts)s。"),
}


@dataclass(frozen=True)
class Key:
    code: str
    label: str
    lower_is_better: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Ranked:
    row: Any
    rank: int
    shared_with: tuple[int, ...]
    explanation: str


def _names(text: dict, names: Sequence[str], count: int) -> str:
    """At most NAMES_SHOWN names (the caller passes no more), then how many there are in all."""
    if count <= NAMES_SHOWN:
        return "、".join(names)
    return text["and_more"] % {"names": "、".join(names[:NAMES_SHOWN]), "n": count}


def _first_names(ordered, indexes: Iterable[int], name) -> list[str]:
    return [name(ordered[j][2]) for j in islice(indexes, NAMES_SHOWN)]


def _show(text: dict, key: Key, value: Decimal | None) -> str:
    return text["none"] if value is None else f"{value}{key.unit}"


def rank_rows(
    rows: Iterable[Any],
    *,
    ident: Callable[[Any], int],
    name: Callable[[Any], str],
    primary: Callable[[Any], Decimal],
    primary_label: str,
    keys: Sequence[Key],
    value: Callable[[Any, Key], Decimal | None],
) -> list[Ranked]:
    """The rows best first, with rank, the ids sharing it, and how the keys decided."""

    def sort_parts(row) -> tuple:
        parts: list = [-primary(row)]
        for k in keys:
            v = value(row, k)
            parts.append((1, ZERO) if v is None else (0, v if k.lower_is_better else -v))
        return tuple(parts)

    ordered = sorted(((sort_parts(r), ident(r), r) for r in rows), key=lambda t: (t[0], t[1]))
    n = len(ordered)
    # Full-tie groups (equal on every part) and primary groups (equal total), as index ranges.
    ranks, tie_start, primary_start = [0] * n, [0] * n, [0] * n
    for i, (parts, _id, _row) in enumerate(ordered):
        if i and parts == ordered[i - 1][0]:
            ranks[i], tie_start[i] = ranks[i - 1], tie_start[i - 1]
        else:
            ranks[i], tie_start[i] = i + 1, i
        primary_start[i] = primary_start[i - 1] if i and parts[0] == ordered[i - 1][0][0] else i
    tie_end, primary_end = [0] * n, [0] * n
    for i in range(n - 1, -1, -1):
        tie_end[i] = tie_end[i + 1] if i + 1 < n and tie_start[i + 1] == tie_start[i] else i
        primary_end[i] = primary_end[i + 1] if i + 1 < n and primary_start[i + 1] == primary_start[i] else i

    text = {key: _(message) for key, message in TEXTS.items()}
    ids = tuple(row_id for _parts, row_id, _row in ordered)
    result = []
    for i, (_parts, _row_id, row) in enumerate(ordered):
        start, end = tie_start[i], tie_end[i] + 1
        shared = ids[start:i] + ids[i + 1 : end] if end - start > 1 else ()
        explanation = ""
        if primary_end[i] > primary_start[i]:
            tied = [j for j in range(start, min(end, start + NAMES_SHOWN + 1)) if j != i]
            context = (primary_start[i], primary_end[i], ranks[i], tied, len(shared))
            explanation = _explain(text, ordered, i, context, name, primary, primary_label, keys, value)
        result.append(Ranked(row=row, rank=ranks[i], shared_with=shared, explanation=explanation))
    return result


def _explain(text, ordered, i, context, name, primary, primary_label, keys, value) -> str:
    start, end, rank, tied, n_tied = context
    row = ordered[i][2]
    others = (j for j in range(start, end + 1) if j != i)
    head = text["same"] % {
        "p": primary_label,
        "names": _names(text, _first_names(ordered, others, name), end - start),
        "v": primary(row),
    }
    order = " → ".join(k.label for k in keys) if keys else text["no_keys"]
    parts = []
    for j, above in ((i - 1, True), (i + 1, False)):
        if not start <= j <= end:
            continue
        other = ordered[j][2]
        key = next((k for k in keys if value(row, k) != value(other, k)), None)
        if key is None:
            continue  # a full tie: said once below
        mine, theirs = _show(text, key, value(row, key)), _show(text, key, value(other, key))
        if above:
            parts.append(text["behind"] % {"k": key.label, "o": name(other), "ov": theirs, "mv": mine})
        else:
            parts.append(text["ahead"] % {"k": key.label, "o": name(other), "ov": theirs, "mv": mine})
    if tied:
        names = _names(text, _first_names(ordered, tied, name), n_tied)
        parts.append(text["tied"] % {"names": names, "r": rank})
    return text["whole"] % {
        "head": head,
        "order": order,
        "parts": "；".join(parts),
    }


def place_bounds(places: Sequence[Place]) -> list[tuple[str, int, int]]:
    """(label, first position, last position) of each place, from the cumulative counts."""
    bounds, end = [], 0
    for p in places:
        bounds.append((p.label, end + 1, end + p.count))
        end += p.count
    return bounds


def assign_places(ranked: Sequence[Ranked], places: Sequence[Place], ident: Callable[[Any], int]):
    """id -> place label or None; the tallies; the ids whose shared rank straddles a boundary."""
    bounds = place_bounds(places)
    label_of: dict[int, str | None] = {}
    straddling: set[int] = set()
    awarded = dict.fromkeys((p.label for p in places), 0)
    for r in ranked:
        row_id = ident(r.row)
        hit = next(((label, last) for label, first, last in bounds if first <= r.rank <= last), None)
        label_of[row_id] = hit[0] if hit else None
        if hit:
            awarded[hit[0]] += 1
            if r.rank + len(r.shared_with) > hit[1]:  # the shared rank's last position is past it
                straddling.add(row_id)
    tallies = tuple(PlaceTally(label=p.label, count=p.count, awarded=awarded[p.label]) for p in places)
    return label_of, tallies, straddling


def title_for(rank: int, titles: Sequence[TitleRule]) -> TitleRule | None:
    return next((t for t in titles if t.from_rank <= rank <= t.to_rank), None)
