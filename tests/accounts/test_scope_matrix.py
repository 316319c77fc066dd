"""The scope matrix: every role x every scoped action, generated from the policy table.

The `world` fixture holds rows in two districts and an industry union, so each role has
rows it must not see. Expected sets are written out by hand here (not derived from the
code under test). `test_matrix_has_teeth` shows the matrix fails when the filter is removed.

The second half covers every model of the scope registry (innovation.accounts.scope), not a
hand-made list: tests/accounts/scope_rows.py places rows of each registered model in the tree,
labelled with where they belong and whose own they are, including rows of another city that
even the city admin must not see. For every registered model and every role, the rows `restrict()`
returns are exactly the labelled ones, and rows it must not return exist. Every model of the
project is registered or named, with its reason, in NOT_SCOPED; a model that some `restrict()`
caller uses but nobody registered fails `test_every_scoped_model_is_registered`.
"""

import ast
import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Q

from innovation.accounts import scope
from innovation.accounts.policy import POLICY, Action, Scope
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.org.models import Enterprise, Honour, Region, SkillLevelRecord, TradeUnion, Worker

from .scope_rows import SUBTREE_OF, build

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
        SkillLevelRecord.objects.create(
            worker=w, to_level="3", certificate_no="X", on=datetime.date(2020, 1, 1)
        )
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
            (
                SkillLevelRecord,
                Action.WORKER_VIEW,
                set(SkillLevelRecord.objects.filter(worker_id__in=want_workers).values_list("pk", flat=True)),
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


# ---------------------------------------------------------------- every registered model

# Models that are not registered with the scope mechanism, each with why. Every other model of
# the project's apps must be registered; none of these may be handed to restrict().
NOT_SCOPED = {
    "recommendations.ContestCategory": "part of its contest (a quota of a group), read through the contest",
    "competitions.Section": "part of its occupation's marking scheme, read through the occupation",
    "competitions.Aspect": "part of its occupation's marking scheme, read through the occupation",
    "competitions.Mark": "a judge's mark of a registration, read through the registration or the occupation",
    "competitions.ResultRun": "a computation run of its occupation's results, read through the occupation",
    "competitions.TheoryScore": "a contestant's theory score, read through the registration",
    "accounts.User": "accounts are the system administrator's (ACCOUNT_MANAGE, global), not rows of the tree",
    "accounts.RoleGrant": "read with their user by the security administrator (GRANT_MANAGE, global)",
    "notifications.Notification": "a person's own messages, always read as user=request.user",
    "achievements.AwardGrade": "part of its campaign (prize and quota), read through the campaign",
    "achievements.RubricCriterion": "part of its campaign (the scoring rubric), read through the campaign",
    "achievements.Author": "part of its achievement, read through the achievement",
    "achievements.Patent": "part of its achievement, read through the achievement",
    "core.StepLog": "the step history of a workflow's object, read through that object (kernel.history)",
    "review.Score": "one value of a score sheet, read through the sheet",
    "awards.MayDayCandidate": "part of its May-Day quota, read through the quota",
    "studios.Naming": "part of its studio (its namings), read through the studio",
    "studios.Member": "part of its studio (the roster), read through the studio",
    "studios.AssessmentRubric": "the city's versioned rubric: reference data of the studio pages",
    "studios.SubsidyPolicy": "dated policy rows (amounts of the plan): reference data of the subsidy pages",
    "studios.SubsidyLine": "part of its subsidy round, read through the round",
    "studios.AllianceProject": "part of its alliance, read through the alliance",
    "pairs.Party": "a master or an apprentice of an agreement, read through the agreement",
    "pairs.Target": "part of its agreement, read through the agreement",
    "pairs.TeachingRecord": "progress of its agreement, read through the agreement",
    "pairs.Training": "progress of its agreement, read through the agreement",
    "pairs.SkillLevelChange": "a pair's link to a step of the worker's skill-level history (org.SkillLevelRecord, scoped), read through the agreement",
    "pairs.PairPatent": "progress of its agreement, read through the agreement",
    "pairs.Graduation": "the 出师 assessment of its agreement, read through the agreement",
    "pairs.ApprenticeCapPolicy": "dated policy rows (the cap of apprentices per master): reference data",
    "volunteer.CalendarDay": "the city's office calendar (holidays, make-up days): reference data of every SLA clock",
    "volunteer.WorkingHours": "dated working hours: reference data of every SLA clock",
    "volunteer.TeamMember": "a member on a team's roster, read through the team",
    "volunteer.OrderAttachment": "a file of a service order, read through the order",
    "volunteer.OrderPause": "a pause of a service order's clock, read through the order",
    "volunteer.ServiceVisit": "a visit of a service order, read through the order (or the worker's own credits)",
    "volunteer.ServiceTraining": "a training session of a service order, read through the order",
    "volunteer.SlaTarget": "dated SLA targets per problem category: reference data of the service orders",
    "pairs.PairPrizePolicy": "dated policy rows (the prize per master and per apprentice): reference data",
    "projects.ProjectMember": "a member of a project, read through the project",
    "plans.PlanVersion": "a dated version of a plan, read through the plan",
    "plans.Indicator": "an indicator of a plan, read through the plan",
    "plans.SnapshotRun": "the city's queued snapshot of a plan version, read through the plan by PLAN_MANAGE",
    "projects.Milestone": "a milestone of a project's plan, read through the project",
    "similarity.SimilarityBand": "the near-duplicate engine's index (no domain, no place): read only by "
    "innovation.similarity.engine, whose answers the achievements app scopes (DuplicatePair)",
    "similarity.SimilaritySignature": "the near-duplicate engine's shingle sets, read only by the engine",
}
SCOPE_CALLS = {"restrict": 0, "get_scoped_or_404": 0, "scope_q": 1, "spec_for": 0}

MATRIX_USERS = {
    "city": Role.CITY_ADMIN,
    "yixian": Role.DISTRICT_ADMIN,
    "heishan": Role.DISTRICT_ADMIN,
    "unit": Role.UNIT_ADMIN,
    "worker": Role.WORKER,
    "lead": Role.STUDIO_LEAD,
    "team": Role.TEAM_LEAD,
    "expert": Role.EXPERT,
    "sysadmin": Role.SYS_ADMIN,
    "security": Role.SECURITY_ADMIN,
    "audit": Role.AUDIT_ADMIN,
    "nobody": None,
}


def project_models() -> list:
    return [m for m in apps.get_models() if m.__module__.startswith("innovation.")]


def registered_models() -> list:
    return sorted(scope._REGISTRY, key=lambda m: m._meta.label)


def _model_name(node: ast.expr, *, queryset: bool) -> str | None:
    """The model a scope call names: `Model` itself, or the root of `Model.objects….`."""
    if not queryset:
        return node.id if isinstance(node, ast.Name) else None
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name):
            return node.value.id
        node = node.func if isinstance(node, ast.Call) else node.value
    return None


def scope_calls(sources: dict[str, str]) -> list[tuple[str, str]]:
    """(model class name, where) for every restrict / get_scoped_or_404 / scope_q / spec_for
    call in `sources` whose model can be read off the code."""
    found = []
    for name, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if func not in SCOPE_CALLS or len(node.args) <= SCOPE_CALLS[func]:
                continue
            arg = node.args[SCOPE_CALLS[func]]
            model = _model_name(arg, queryset=func in ("restrict", "get_scoped_or_404"))
            if model is not None:
                found.append((model, f"{name}:{node.lineno} {func}()"))
    return found


def project_sources() -> dict[str, str]:
    root = Path(apps.get_app_config("accounts").path).parent
    return {
        str(path.relative_to(root.parent)): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
    }


def registration_problems(sources: dict[str, str] | None = None) -> list[str]:
    problems = []
    by_name: dict[str, list] = {}
    for model in project_models():
        by_name.setdefault(model.__name__, []).append(model)
        label = model._meta.label
        registered = model in scope._REGISTRY
        if registered and label in NOT_SCOPED:
            problems.append(f"{label}: registered, but also listed as not scoped")
        elif not registered and label not in NOT_SCOPED:
            problems.append(f"{label}: neither registered with the scope mechanism nor listed as not scoped")
    labels = {m._meta.label for m in project_models()}
    problems += [
        f"{label}: listed as not scoped but no such model" for label in NOT_SCOPED if label not in labels
    ]
    for name, where in scope_calls(project_sources() if sources is None else sources):
        for model in by_name.get(name, []):
            if model not in scope._REGISTRY:
                problems.append(f"{model._meta.label}: used by {where} but not registered")
    return problems


def test_every_scoped_model_is_registered():
    """Every model of the project is registered or named in NOT_SCOPED with its reason, and no
    scope call in the code names a model that is not registered."""
    calls = scope_calls(project_sources())
    assert len(calls) >= 100  # the scan reads the code (196 scope calls; those naming a model)
    assert registration_problems() == []


def test_the_registration_check_fails_for_a_model_nobody_registered(monkeypatch):
    """The case of defect 1: attachment download called get_scoped_or_404() on a model that was
    not registered. Take a model the views hand to get_scoped_or_404 (a commitment) out of the
    registry and the check says so."""
    from innovation.funds.models import Commitment

    monkeypatch.delitem(scope._REGISTRY, Commitment)
    problems = registration_problems()
    assert (
        "funds.Commitment: neither registered with the scope mechanism nor listed as not scoped" in problems
    )
    assert any(
        p.startswith("funds.Commitment: used by innovation/funds/views.py:")
        and p.endswith("get_scoped_or_404() but not registered")
        for p in problems
    ), problems
    # Listing it as "not scoped" does not hide a caller that hands it to restrict().
    monkeypatch.setitem(NOT_SCOPED, "funds.Commitment", "pretend")
    assert [p for p in registration_problems() if "Commitment" in p and "used by" in p]


def test_the_scan_reads_every_form_of_a_scope_call():
    sources = {
        "x.py": "restrict(Author.objects.filter(a=1).select_related('b'), user, action)\n"
        "get_scoped_or_404(Patent.objects.all(), user, action, pk=1)\n"
        "scope.scope_q(user, Score, action)\n"
        "spec_for(Naming)\n"
        "restrict(qs, user, action)\n"
    }
    assert [m for m, _ in scope_calls(sources)] == ["Author", "Patent", "Score", "Naming"]
    problems = registration_problems(sources)
    assert [p for p in problems if "used by" in p] == [
        "achievements.Author: used by x.py:1 restrict() but not registered",
        "achievements.Patent: used by x.py:2 get_scoped_or_404() but not registered",
        "review.Score: used by x.py:3 scope_q() but not registered",
        "studios.Naming: used by x.py:4 spec_for() but not registered",
    ]


def test_the_matrix_users_hold_every_role():
    assert {role for role in MATRIX_USERS.values() if role} == set(Role)


def kinds_of(role) -> dict:
    """One action per scope kind the role has (the first in the policy's order): the filter
    depends on the kind only, so each kind of each role is tested on every model."""
    kinds: dict = {}
    for action in Action:
        kinds.setdefault(POLICY.get(role, {}).get(action, Scope.NONE) if role else Scope.NONE, action)
    return kinds


def expected(rows, who: str, kind) -> set[int]:
    if kind is Scope.ALL:
        return {r.pk for r in rows}
    if kind is Scope.SUBTREE:
        return {r.pk for r in rows if r.place in SUBTREE_OF.get(who, ())}
    if kind is Scope.SELF:
        return {r.pk for r in rows if who in r.owners}
    return set()


@pytest.fixture
def placed(world):
    return build(world)


def matrix_problems(placed) -> list[str]:
    problems = []
    for model in registered_models():
        label = model._meta.label
        rows = placed.rows.get(model, [])
        pks = {r.pk for r in rows}
        if not rows or set(model.objects.values_list("pk", flat=True)) != pks:
            problems.append(f"{label}: the matrix's rows are not the table's rows")
            continue
        for who, role in MATRIX_USERS.items():
            for kind, action in kinds_of(role).items():
                want = expected(rows, who, kind)
                got = set(
                    restrict(model.objects.all(), placed.users[who], action).values_list("pk", flat=True)
                )
                if got != want:
                    problems.append(
                        f"{who} {label} {kind} ({action}): extra={sorted(got - want)} missing={sorted(want - got)}"
                    )
                if kind is not Scope.ALL and not pks - want:
                    problems.append(f"{who} {label} {kind}: no row it must not see")
    return problems


def test_every_role_sees_exactly_its_rows_of_every_registered_model(placed):
    assert matrix_problems(placed) == []


def test_every_registered_model_has_rows_inside_and_outside_each_area(placed):
    """The matrix data has teeth for each area: for each model hanging in the tree, the city,
    义县 and 黑山县 each have rows to see and rows not to see; a model with a "their own" rule
    has rows that are someone's own."""
    gaps = []
    for model in registered_models():
        rows = placed.rows[model]
        spec = scope.spec_for(model)
        for who in ("city", "yixian", "heishan"):
            inside = expected(rows, who, Scope.SUBTREE)
            if spec.path is not None and not (inside and inside != {r.pk for r in rows}):
                gaps.append(f"{model._meta.label}: {who}")
        if spec.self_q is not None and not any(r.owners for r in rows):
            gaps.append(f"{model._meta.label}: nobody's own")
    assert gaps == []


def test_the_registered_models_matrix_has_teeth(placed, monkeypatch):
    """With the filter removed, every user fails on every registered model for every scope
    kind short of ALL: there is a row it must not see in each case."""
    monkeypatch.setattr(scope, "scope_q", lambda user, model, action: Q())
    failing = {tuple(p.split()[:3]) for p in matrix_problems(placed) if "extra=" in p}
    wanted = {
        (who, model._meta.label, str(kind))
        for model in registered_models()
        for who, role in MATRIX_USERS.items()
        for kind in kinds_of(role)
        if kind is not Scope.ALL
    }
    assert failing == wanted
