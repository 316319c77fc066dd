"""The scope matrix: every role x every scoped action, generated from the policy table.

The `world` fixture holds rows in two districts and an industry union, so each role has
rows it must not see. Expected sets are written out by hand here (not derived from the
code under test). `test_matrix_has_teeth` shows the matrix fails when the filter is removed.
"""

import pytest
from django.db.models import Q

from innovation.accounts import scope
from innovation.accounts.policy import POLICY, Action, Scope
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.org.models import Enterprise, Honour, Region, TradeUnion, Worker

ROLE_USERS = {
    Role.CITY_ADMIN: "city",
    Role.DISTRICT_ADMIN: "yixian",
    Role.UNIT_ADMIN: "unit",
    Role.WORKER: "worker",
    Role.EXPERT: "expert",
    Role.SYS_ADMIN: "sysadmin",
    Role.SECURITY_ADMIN: "security",
    Role.AUDIT_ADMIN: "audit",
}

ALL_UNITS = ["yx_a", "yx_b", "hs_a", "hs_b", "edu"]

# What each test user must see, by fixture key.
EXPECTED_UNITS = {
    "city": ALL_UNITS,
    "yixian": ["yx_a", "yx_b"],
    "heishan": ["hs_a", "hs_b"],
    "unit": ["yx_a"],
    "worker": ["yx_a"],
    "expert": [],
    "sysadmin": [],
    "security": [],
    "audit": [],
    "nobody": [],
}
EXPECTED_WORKERS = {
    "city": [f"{u}_{i}" for u in ALL_UNITS for i in (1, 2)],
    "yixian": ["yx_a_1", "yx_a_2", "yx_b_1", "yx_b_2"],
    "heishan": ["hs_a_1", "hs_a_2", "hs_b_1", "hs_b_2"],
    "unit": ["yx_a_1", "yx_a_2"],
    "worker": ["yx_a_1"],
    "expert": [],
    "sysadmin": [],
    "security": [],
    "audit": [],
    "nobody": [],
}


def expected_unions(world, who: str) -> set[int]:
    units = {world.units[k].union_id for k in EXPECTED_UNITS[who]}
    extra = {
        "city": {world.city.pk, world.yixian.pk, world.heishan.pk, world.industry.pk},
        "yixian": {world.yixian.pk},
        "heishan": {world.heishan.pk},
    }.get(who, set())
    return units | extra


def visible(world, who: str, model, action) -> set[int]:
    return set(restrict(model.objects.all(), world.users[who], action).values_list("pk", flat=True))


def mismatches(world) -> list[str]:
    """Every (user, model, action) whose visible rows differ from the expectation."""
    for w in world.workers.values():
        Honour.objects.create(worker=w, kind=Honour.Kind.CRAFTSMAN, level=Honour.Level.CITY, year=2020)
    problems = []
    for who in EXPECTED_UNITS:
        want_units = {world.units[k].pk for k in EXPECTED_UNITS[who]}
        want_workers = {world.workers[k].pk for k in EXPECTED_WORKERS[who]}
        checks = [
            (Enterprise, Action.ENTERPRISE_VIEW, want_units),
            (Worker, Action.WORKER_VIEW, want_workers),
            (Worker, Action.WORKER_REVEAL, want_workers),
            (
                Honour,
                Action.WORKER_VIEW,
                set(Honour.objects.filter(worker_id__in=want_workers).values_list("pk", flat=True)),
            ),
            (TradeUnion, Action.UNION_VIEW, expected_unions(world, who)),
        ]
        # Change rights: admins over their subtree, nobody else (a worker cannot edit even themself).
        admin = who in ("city", "yixian", "heishan", "unit")
        checks += [
            (Enterprise, Action.ENTERPRISE_CHANGE, want_units if admin else set()),
            (Worker, Action.WORKER_CHANGE, want_workers if admin else set()),
            (
                TradeUnion,
                Action.UNION_CHANGE,
                expected_unions(world, who) if who in ("city", "yixian", "heishan") else set(),
            ),
        ]
        for model, action, want in checks:
            got = visible(world, who, model, action)
            if got != want:
                problems.append(
                    f"{who} {model.__name__} {action}: extra={sorted(got - want)} missing={sorted(want - got)}"
                )
    return problems


def test_every_role_sees_exactly_its_scope(world):
    assert mismatches(world) == []


def test_matrix_has_teeth(world, monkeypatch):
    """With the scope filter removed (every row allowed), the matrix must fail for every
    scoped user: this is what proves the matrix tests the filter."""
    monkeypatch.setattr(scope, "scope_q", lambda user, model, action: Q())
    problems = mismatches(world)
    failing_users = {p.split()[0] for p in problems}
    assert failing_users == {
        "yixian",
        "heishan",
        "unit",
        "worker",
        "expert",
        "sysadmin",
        "security",
        "audit",
        "nobody",
    }


@pytest.mark.parametrize(
    ("role", "action"),
    [(role, action) for role in ROLE_USERS for action in Action],
    ids=lambda v: str(v),
)
def test_policy_table_drives_can(world, role, action):
    """`can()` answers straight from the policy table for every role and action."""
    user = world.users[ROLE_USERS[role]]
    expected = POLICY.get(role, {}).get(action, Scope.NONE) is not Scope.NONE
    assert scope.can(user, action) is expected


def test_regions_are_reference_data_for_every_role_that_may_view_them(world):
    total = Region.objects.count()
    for who in ("city", "yixian", "unit", "worker", "expert", "sysadmin", "security"):
        assert visible(world, who, Region, Action.REGION_VIEW) == set(
            Region.objects.values_list("pk", flat=True)
        ), who
    assert total == 4
    assert visible(world, "audit", Region, Action.REGION_VIEW) == set()
    assert visible(world, "nobody", Region, Action.REGION_VIEW) == set()


def test_inactive_user_sees_nothing(world):
    user = world.users["city"]
    user.is_active = False
    assert visible(world, "city", Worker, Action.WORKER_VIEW) == set()


def test_a_user_with_two_grants_sees_the_union_of_both(world):
    from innovation.accounts import services

    user = world.users["heishan"]
    services.grant_role(actor=None, user=user, role=Role.UNIT_ADMIN, node=world.units["yx_b"].union)
    got = visible(world, "heishan", Worker, Action.WORKER_VIEW)
    want = {world.workers[k].pk for k in ("hs_a_1", "hs_a_2", "hs_b_1", "hs_b_2", "yx_b_1", "yx_b_2")}
    assert got == want


def test_every_scoped_model_is_registered():
    for model in (Region, TradeUnion, Enterprise, Worker, Honour):
        assert scope.spec_for(model) is not None
