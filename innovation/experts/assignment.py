"""Assigning experts to achievements: a pure solver, no database.

Every item needs N distinct experts; an expert takes an item only when their fields contain the
item's field and nothing conflicts (their own unit or a unit of the same enterprise group, a
declared unit or person, or being an author); each expert takes at most their cap.

Solved as a min-cost maximum flow (networkx), so it never leaves an item short when a feasible
assignment exists — a greedy loop can paint itself into a corner (see the tests):

    source ──need_i──▶ item i ──1──▶ expert e ──1──▶ slot (e, k) ──1──▶ sink
                                                      cost k, for k = load_e + 1 … cap_e

An item's edges go only to its eligible experts (capacity 1: an expert reviews an item once).
Each expert's free places are unit edges whose cost grows with the load they would be, so the
cheapest maximum flow is the one with the most even loads (the convex cost Σ load²/2), and
loads the expert already carries (incremental runs) make their next places dearer. Items the
maximum flow cannot fill are reported with the reason: nobody in the pool has the field, too
few of those who have it are free of conflicts, or the eligible experts' places are used up.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Reason(StrEnum):
    NO_FIELD = "no_field"
    CONFLICTS = "conflicts"
    CAPACITY = "capacity"


REASON_LABELS = {
    Reason.NO_FIELD: gettext_lazy("专家库中没有该领域的专家"),
    Reason.CONFLICTS: gettext_lazy("该领域可回避后的专家人数不足"),
    Reason.CAPACITY: gettext_lazy("符合条件的专家评审名额已满"),
}


class Clash(StrEnum):
    """Why one expert may not review one item."""

    OWN_UNIT = "own_unit"
    SAME_GROUP = "same_group"
    DECLARED_UNIT = "declared_unit"
    DECLARED_PERSON = "declared_person"
    AUTHOR = "author"


CLASH_LABELS = {
    Clash.OWN_UNIT: gettext_lazy("专家本单位的成果"),
    Clash.SAME_GROUP: gettext_lazy("与专家单位同属一个企业集团"),
    Clash.DECLARED_UNIT: gettext_lazy("专家申报回避的单位"),
    Clash.DECLARED_PERSON: gettext_lazy("专家申报回避的人员是完成人"),
    Clash.AUTHOR: gettext_lazy("专家本人是完成人"),
}


@dataclass(frozen=True)
class Item:
    id: int
    field: str
    unit_id: int | None = None
    group_id: int | None = None  # the unit's enterprise group (Enterprise.group, or the unit itself)
    author_worker_ids: frozenset[int] = frozenset()
    need: int | None = None  # experts still needed; None means the N of the run
    # Experts who already hold (or held, then declined) this item: never again.
    taken_expert_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Expert:
    id: int
    fields: frozenset[str]
    unit_id: int | None = None
    group_id: int | None = None
    conflict_unit_ids: frozenset[int] = frozenset()
    conflict_group_ids: frozenset[int] = frozenset()
    conflict_worker_ids: frozenset[int] = frozenset()
    worker_id: int | None = None  # the expert's own worker record, if they are a registered worker
    cap: int | None = None  # personal cap; None means the default cap of the run
    load: int = 0  # active assignments already held; they count against the cap


def clashes(item: Item, expert: Expert) -> list[Clash]:
    """Every conflict of interest between this expert and this item (empty: none)."""
    found = []
    if item.unit_id is not None and item.unit_id == expert.unit_id:
        found.append(Clash.OWN_UNIT)
    elif item.group_id is not None and item.group_id == expert.group_id:
        found.append(Clash.SAME_GROUP)
    if item.unit_id in expert.conflict_unit_ids or (
        item.group_id is not None and item.group_id in expert.conflict_group_ids
    ):
        found.append(Clash.DECLARED_UNIT)
    if expert.conflict_worker_ids & item.author_worker_ids:
        found.append(Clash.DECLARED_PERSON)
    if expert.worker_id is not None and expert.worker_id in item.author_worker_ids:
        found.append(Clash.AUTHOR)
    return found


def eligible(item: Item, expert: Expert) -> bool:
    return (
        item.field in expert.fields and expert.id not in item.taken_expert_ids and not clashes(item, expert)
    )


@dataclass(frozen=True)
class Shortfall:
    """An item the run could not give all the experts it needs."""

    item_id: int
    need: int
    assigned: int
    reason: Reason
    field_experts: int  # experts of the pool with the item's field
    eligible_experts: int  # of them, free of conflicts and not used on the item before

    @property
    def missing(self) -> int:
        return self.need - self.assigned

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.reason])

    @property
    def message(self) -> str:
        values = {
            "need": self.need,
            "got": self.assigned,
            "f": self.field_experts,
            "e": self.eligible_experts,
        }
        if self.reason is Reason.NO_FIELD:
            text = _("需要%(need)d位专家，已分配%(got)d位：专家库中没有该领域的专家。")
        elif self.reason is Reason.CONFLICTS:
            text = _(
                "需要%(need)d位专家，已分配%(got)d位：该领域专家%(f)d位，除去须回避的和已分配或谢绝过该项的，"
                "只有%(e)d位可以评审。"
            )
        else:
            text = _(
                "需要%(need)d位专家，已分配%(got)d位：可以评审的%(e)d位专家的评审名额已被其他成果占满，"
                "请提高每位专家最多评审项数或增加该领域专家。"
            )
        return text % values


@dataclass
class Solution:
    pairs: list[tuple[int, int]]  # (item id, expert id), new assignments only
    shortfalls: list[Shortfall]
    loads: dict[int, int]  # expert id -> load after the run (existing + new)
    caps: dict[int, int]  # expert id -> the cap applied
    demand: int  # experts still needed over all items

    @property
    def assigned(self) -> int:
        return len(self.pairs)

    def experts_of(self, item_id: int) -> list[int]:
        return [e for i, e in self.pairs if i == item_id]


def solve(
    items: Iterable[Item],
    experts: Iterable[Expert],
    *,
    n: int,
    default_cap: int,
) -> Solution:
    """Assign as many (item, expert) pairs as any assignment could, with the most even loads."""
    items = list(items)
    experts = list(experts)
    _check(items, experts, n, default_cap)

    caps = {e.id: max(0, default_cap if e.cap is None else e.cap) for e in experts}
    need, eligible_of, field_count, takers = _eligibility(items, experts, n)
    graph = nx.DiGraph()
    source, sink = ("s",), ("t",)
    graph.add_node(source)
    graph.add_node(sink)
    for item in items:
        if need[item.id] and eligible_of[item.id]:
            graph.add_edge(source, ("i", item.id), capacity=need[item.id], weight=0)
            for e in eligible_of[item.id]:
                graph.add_edge(("i", item.id), ("e", e), capacity=1, weight=0)
    for expert in experts:
        free = caps[expert.id] - expert.load
        # No more places than items the expert could take: keeps the graph small for large caps.
        places = min(free, takers.get(expert.id, 0))
        for k in range(1, places + 1):
            slot = ("k", expert.id, k)
            graph.add_edge(("e", expert.id), slot, capacity=1, weight=expert.load + k)
            graph.add_edge(slot, sink, capacity=1, weight=0)

    pairs: list[tuple[int, int]] = []
    if graph.number_of_edges():
        flow = nx.max_flow_min_cost(graph, source, sink)
        for item in items:
            out = flow.get(("i", item.id), {})
            pairs.extend((item.id, node[1]) for node, units in out.items() if units and node[0] == "e")

    got: dict[int, int] = {}
    loads = {e.id: e.load for e in experts}
    for item_id, expert_id in pairs:
        got[item_id] = got.get(item_id, 0) + 1
        loads[expert_id] += 1

    shortfalls = []
    for item in items:
        wanted, assigned = need[item.id], got.get(item.id, 0)
        if assigned >= wanted:
            continue
        n_eligible = len(eligible_of[item.id])
        if field_count[item.id] == 0:
            reason = Reason.NO_FIELD
        elif n_eligible < wanted:
            reason = Reason.CONFLICTS
        else:
            reason = Reason.CAPACITY
        shortfalls.append(
            Shortfall(
                item_id=item.id,
                need=wanted,
                assigned=assigned,
                reason=reason,
                field_experts=field_count[item.id],
                eligible_experts=n_eligible,
            )
        )
    return Solution(
        pairs=sorted(pairs), shortfalls=shortfalls, loads=loads, caps=caps, demand=sum(need.values())
    )


def _check(items: list[Item], experts: list[Expert], n: int, default_cap: int) -> None:
    if n < 1:
        raise ValueError("n must be at least 1")
    if default_cap < 0:
        raise ValueError("default_cap must not be negative")
    if len({i.id for i in items}) != len(items) or len({e.id for e in experts}) != len(experts):
        raise ValueError("item and expert ids must be unique")


def _eligibility(items: list[Item], experts: list[Expert], n: int):
    """Per item: what it needs, its eligible experts and how many experts have its field;
    per expert: how many items they could take."""
    need = {i.id: max(0, n if i.need is None else i.need) for i in items}
    by_field: dict[str, list[Expert]] = {}
    for expert in experts:
        for f in expert.fields:
            by_field.setdefault(f, []).append(expert)
    eligible_of: dict[int, list[int]] = {}
    field_count: dict[int, int] = {}
    takers: dict[int, int] = {}
    for item in items:
        candidates = by_field.get(item.field, [])
        field_count[item.id] = len(candidates)
        chosen = [e.id for e in candidates if eligible(item, e)] if need[item.id] else []
        eligible_of[item.id] = chosen
        for e in chosen:
            takers[e] = takers.get(e, 0) + 1
    return need, eligible_of, field_count, takers


def coverage(items: list[Item], experts: list[Expert], *, n: int, default_cap: int) -> int:
    """How many (item, expert) pairs the best assignment under these caps has (a plain max flow)."""
    need, eligible_of, _count, _takers = _eligibility(items, experts, n)
    graph = nx.DiGraph()
    graph.add_nodes_from(["s", "t"])
    for item in items:
        if need[item.id] and eligible_of[item.id]:
            graph.add_edge("s", ("i", item.id), capacity=need[item.id])
            for e in eligible_of[item.id]:
                graph.add_edge(("i", item.id), ("e", e), capacity=1)
    for expert in experts:
        free = (default_cap if expert.cap is None else expert.cap) - expert.load
        if free > 0:
            graph.add_edge(("e", expert.id), "t", capacity=free)
    return int(nx.maximum_flow_value(graph, "s", "t"))


def smallest_sufficient_cap(items: list[Item], experts: list[Expert], *, n: int, target: int) -> int:
    """The campaign's automatic cap: `target` (the work spread evenly, rounded up), raised only as
    far as field and conflict restrictions force, so that the cap never costs coverage."""
    items, experts = list(items), list(experts)
    ceiling = max([target, *(e.load + len(items) for e in experts)])
    best = coverage(items, experts, n=n, default_cap=ceiling)
    if coverage(items, experts, n=n, default_cap=target) == best:
        return target
    low, high = target, ceiling  # coverage(low) < best == coverage(high)
    while high - low > 1:
        middle = (low + high) // 2
        if coverage(items, experts, n=n, default_cap=middle) == best:
            high = middle
        else:
            low = middle
    return high
