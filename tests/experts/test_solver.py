"""The assignment solver on its own (no database): exact outcomes, reasons, and properties."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innovation.experts.assignment import (
    Clash,
    Expert,
    Item,
    Reason,
    clashes,
    coverage,
    smallest_sufficient_cap,
    solve,
)


def E(id, fields="x", **kw):
    return Expert(id=id, fields=frozenset(fields.split(",")), **kw)


def It(id, field="x", **kw):
    return Item(id=id, field=field, **kw)


def test_every_item_gets_exactly_n_distinct_experts_with_even_loads():
    items = [It(i, unit_id=100 + i) for i in range(1, 5)]
    experts = [E(e) for e in range(1, 5)]
    result = solve(items, experts, n=2, default_cap=2)
    assert result.shortfalls == []
    assert result.assigned == 8
    for item in items:
        chosen = result.experts_of(item.id)
        assert len(chosen) == len(set(chosen)) == 2
    assert result.loads == {1: 2, 2: 2, 3: 2, 4: 2}


def test_loads_are_balanced_when_the_cap_leaves_room():
    items = [It(i) for i in range(1, 7)]
    result = solve(items, [E(1), E(2), E(3)], n=1, default_cap=6)
    assert result.loads == {1: 2, 2: 2, 3: 2}


def test_expertise_must_match_the_field():
    items = [It(1, "safety"), It(2, "energy")]
    experts = [E(1, "safety"), E(2, "energy,quality")]
    result = solve(items, experts, n=1, default_cap=5)
    assert result.pairs == [(1, 1), (2, 2)]


@pytest.mark.parametrize(
    "item, expert, clash",
    [
        (It(1, unit_id=10, group_id=10), E(1, unit_id=10, group_id=10), Clash.OWN_UNIT),
        (It(1, unit_id=11, group_id=10), E(1, unit_id=12, group_id=10), Clash.SAME_GROUP),
        (It(1, unit_id=10, group_id=10), E(1, unit_id=11, group_id=10), Clash.SAME_GROUP),
        (It(1, unit_id=10, group_id=10), E(1, conflict_unit_ids=frozenset({10})), Clash.DECLARED_UNIT),
        (It(1, unit_id=11, group_id=10), E(1, conflict_group_ids=frozenset({10})), Clash.DECLARED_UNIT),
        (
            It(1, unit_id=10, author_worker_ids=frozenset({7, 8})),
            E(1, conflict_worker_ids=frozenset({8})),
            Clash.DECLARED_PERSON,
        ),
        (It(1, unit_id=10, author_worker_ids=frozenset({7})), E(1, worker_id=7), Clash.AUTHOR),
    ],
)
def test_each_kind_of_conflict_keeps_the_expert_off_the_item(item, expert, clash):
    assert clash in clashes(item, expert)
    result = solve([item], [expert], n=1, default_cap=5)
    assert result.pairs == []
    (short,) = result.shortfalls
    assert short.reason is Reason.CONFLICTS
    assert (short.field_experts, short.eligible_experts) == (1, 0)


def test_no_conflict_between_unrelated_units_and_people():
    item = It(1, unit_id=10, group_id=10, author_worker_ids=frozenset({7}))
    expert = E(1, unit_id=11, group_id=11, conflict_unit_ids=frozenset({12}), worker_id=9)
    assert clashes(item, expert) == []


def test_uncovered_items_are_reported_with_their_reason():
    items = [
        It(1, "energy"),  # nobody has the field
        It(2, "x", unit_id=10, group_id=10),  # two of three field experts conflict
        It(3, "x", unit_id=20, group_id=20),
        It(4, "x", unit_id=21, group_id=21),
    ]
    experts = [E(1, unit_id=10, group_id=10), E(2, unit_id=11, group_id=10), E(3)]
    result = solve(items, experts, n=2, default_cap=1)
    by_item = {s.item_id: s for s in result.shortfalls}
    assert by_item[1].reason is Reason.NO_FIELD and by_item[1].assigned == 0
    assert by_item[2].reason is Reason.CONFLICTS
    assert (by_item[2].field_experts, by_item[2].eligible_experts) == (3, 1)
    # Three places in all (cap 1) for six wanted by items 2 to 4: three are used, whoever gets them.
    assert result.assigned == 3
    assert {by_item[i].reason for i in (3, 4) if i in by_item} == {Reason.CAPACITY}
    assert sum(s.missing for s in result.shortfalls) == 8 - 3
    assert "专家库中没有该领域的专家" in by_item[1].message
    assert "只有1位可以评审" in by_item[2].message


def greedy(items, experts, n, cap):
    """The naive loop: each item in turn takes the least-loaded eligible experts."""
    loads = {e.id: 0 for e in experts}
    pairs = []
    for item in items:
        chosen = sorted(
            (e for e in experts if item.field in e.fields and not clashes(item, e) and loads[e.id] < cap),
            key=lambda e: (loads[e.id], e.id),
        )[:n]
        for e in chosen:
            loads[e.id] += 1
            pairs.append((item.id, e.id))
    return pairs


def test_flow_succeeds_where_a_greedy_loop_fails():
    # Expert 3 must not review item 3 (its own unit). Greedy gives items 1 and 2 to the least loaded
    # experts (1, 2 then 3, 1), leaving item 3 with only expert 2 below the cap.
    items = [It(1, unit_id=50), It(2, unit_id=51), It(3, unit_id=30)]
    experts = [E(1, unit_id=10), E(2, unit_id=20), E(3, unit_id=30)]
    assert len(greedy(items, experts, n=2, cap=2)) == 5
    result = solve(items, experts, n=2, default_cap=2)
    assert result.shortfalls == []
    assert sorted(result.experts_of(3)) == [1, 2]
    assert result.loads == {1: 2, 2: 2, 3: 2}


def test_incremental_run_fills_only_the_remainder_and_counts_existing_loads():
    # Item 1 has one of its two experts (need 1 more) and expert 1 declined it before (never again);
    # expert 2 is full already. Expert 3 goes to item 1, so item 2 gets expert 1 (the less loaded).
    items = [It(1, need=1, taken_expert_ids=frozenset({1, 4})), It(2)]
    experts = [E(1), E(2, load=3), E(3, load=1), E(4, fields="y", load=1)]
    result = solve(items, experts, n=1, default_cap=3)
    assert result.pairs == [(1, 3), (2, 1)]
    assert result.loads == {1: 1, 2: 3, 3: 2, 4: 1}


def test_personal_cap_overrides_the_default():
    result = solve([It(1), It(2), It(3)], [E(1, cap=1), E(2)], n=1, default_cap=5)
    assert result.loads == {1: 1, 2: 2}


def test_items_that_need_nobody_are_left_alone():
    result = solve([It(1, need=0)], [E(1)], n=3, default_cap=3)
    assert result.pairs == [] and result.shortfalls == [] and result.demand == 0


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        solve([It(1)], [E(1)], n=0, default_cap=1)
    with pytest.raises(ValueError):
        solve([It(1), It(1)], [E(1)], n=1, default_cap=1)


def test_the_automatic_cap_rises_only_as_far_as_restrictions_force():
    # Expert 4 reviews only field y and not item 3 (own unit): at the even share of 2 there are 7
    # usable places for 8 wanted; at 3 everything fits.
    items = [It(1, unit_id=1), It(2), It(3, "y", unit_id=3), It(4, "y")]
    experts = [E(1, "x,y", unit_id=1), E(2, "x,y"), E(3, "x,y"), E(4, "y", unit_id=3)]
    assert coverage(items, experts, n=2, default_cap=2) == 7
    assert smallest_sufficient_cap(items, experts, n=2, target=2) == 3
    result = solve(items, experts, n=2, default_cap=3)
    assert result.shortfalls == [] and sorted(result.loads.values()) == [1, 2, 2, 3]
    # Without restrictions the even share is kept.
    plain = [E(i, "x,y") for i in range(1, 5)]
    assert smallest_sufficient_cap(items, plain, n=2, target=2) == 2


# ---------------------------------------------------------------- properties


def independent_ok(item: Item, expert: Expert) -> bool:
    """The conflict rules written again, plainly, to check the solver against."""
    if item.field not in expert.fields or expert.id in item.taken_expert_ids:
        return False
    if item.unit_id is not None and item.unit_id == expert.unit_id:
        return False
    if item.group_id is not None and item.group_id == expert.group_id:
        return False
    if item.unit_id in expert.conflict_unit_ids or item.group_id in expert.conflict_group_ids:
        return False
    if set(item.author_worker_ids) & set(expert.conflict_worker_ids):
        return False
    return not (expert.worker_id is not None and expert.worker_id in item.author_worker_ids)


FIELDS = ["a", "b", "c"]
units = st.integers(0, 4)


@st.composite
def instances(draw):
    group = {u: draw(st.sampled_from([u, u, 0, 1])) for u in range(5)}
    n_items = draw(st.integers(0, 8))
    n_experts = draw(st.integers(0, 6))
    items = []
    for i in range(n_items):
        unit = draw(units)
        items.append(
            Item(
                id=i,
                field=draw(st.sampled_from(FIELDS)),
                unit_id=unit,
                group_id=group[unit],
                author_worker_ids=frozenset(draw(st.sets(st.integers(0, 6), max_size=3))),
                need=draw(st.one_of(st.none(), st.integers(0, 3))),
                taken_expert_ids=frozenset(draw(st.sets(st.integers(0, n_experts), max_size=2))),
            )
        )
    experts = []
    for e in range(n_experts):
        unit = draw(st.one_of(st.none(), units))
        conflict_units = draw(st.sets(units, max_size=2))
        experts.append(
            Expert(
                id=e,
                fields=frozenset(draw(st.sets(st.sampled_from(FIELDS), min_size=1))),
                unit_id=unit,
                group_id=None if unit is None else group[unit],
                conflict_unit_ids=frozenset(conflict_units),
                conflict_group_ids=frozenset(group[u] for u in conflict_units),
                conflict_worker_ids=frozenset(draw(st.sets(st.integers(0, 6), max_size=2))),
                worker_id=draw(st.one_of(st.none(), st.integers(0, 6))),
                cap=draw(st.one_of(st.none(), st.integers(0, 4))),
                load=draw(st.integers(0, 2)),
            )
        )
    n = draw(st.integers(1, 3))
    cap = draw(st.integers(0, 4))
    return items, experts, n, cap


def max_flow_value(items, experts, n, cap) -> int:
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    for item in items:
        need = n if item.need is None else item.need
        g.add_edge("s", ("i", item.id), capacity=need)
        for expert in experts:
            if independent_ok(item, expert):
                g.add_edge(("i", item.id), ("e", expert.id), capacity=1)
    for expert in experts:
        free = (cap if expert.cap is None else expert.cap) - expert.load
        g.add_edge(("e", expert.id), "t", capacity=max(0, free))
    return nx.maximum_flow_value(g, "s", "t")


@settings(max_examples=300, deadline=None, database=None)
@given(instances())
def test_solver_properties(instance):
    items, experts, n, cap = instance
    result = solve(items, experts, n=n, default_cap=cap)
    item_by_id = {i.id: i for i in items}
    expert_by_id = {e.id: e for e in experts}
    # No conflict is ever assigned, and an expert takes an item at most once.
    assert len(set(result.pairs)) == len(result.pairs)
    for item_id, expert_id in result.pairs:
        assert independent_ok(item_by_id[item_id], expert_by_id[expert_id])
    # Every load is within its cap (existing loads included).
    for expert in experts:
        own_cap = cap if expert.cap is None else expert.cap
        new = sum(1 for _i, e in result.pairs if e == expert.id)
        assert result.loads[expert.id] == expert.load + new
        assert new == 0 or result.loads[expert.id] <= own_cap
    # Every item not reported short gets exactly what it needs; reported ones get less.
    short = {s.item_id: s for s in result.shortfalls}
    for item in items:
        need = n if item.need is None else item.need
        got = len(result.experts_of(item.id))
        if item.id in short:
            assert got == short[item.id].assigned < need
        else:
            assert got == need
    # Coverage is the maximum possible: the max-flow value of the plain bipartite graph.
    assert result.assigned == max_flow_value(items, experts, n, cap)


@settings(max_examples=150, deadline=None, database=None)
@given(instances())
def test_the_automatic_cap_is_the_smallest_that_loses_nothing(instance):
    items, experts, n, target = instance
    best = coverage(items, experts, n=n, default_cap=10_000)
    cap = smallest_sufficient_cap(items, experts, n=n, target=target)
    assert cap >= target
    assert coverage(items, experts, n=n, default_cap=cap) == best
    assert cap == target or coverage(items, experts, n=n, default_cap=cap - 1) < best
    assert solve(items, experts, n=n, default_cap=cap).assigned == best
