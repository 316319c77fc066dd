"""A project from proposal to conclusion, the union's verification, the funds through the ledger,
and the filing as a five-smalls achievement — with exact figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.achievements.models import Achievement, State
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.funds.models import BudgetLine, Commitment
from innovation.projects import services
from innovation.projects.models import Project, ProjectState
from tests.achievements.conftest import make_campaign

from .conftest import propose, run_to_concluded

pytestmark = pytest.mark.django_db


def test_a_proposal_waits_for_approval_with_its_members_and_milestones(pw):
    project = propose(pw)
    assert project.state == ProjectState.PROPOSED
    assert [(m.worker.name, m.role) for m in project.memberships.order_by("order")] == [
        ("义县职工二", "lead"),
        ("义县职工一", "member"),
    ]
    assert project.milestones.count() == 1
    assert project.scope_path == pw.world.units["yx_a"].scope_path
    assert list(StepLog.objects.of(project).values_list("step", "to_state")) == [("propose", "proposed")]


def test_the_whole_way_to_an_achievement(pw):
    world = pw.world
    make_campaign(world)
    project = run_to_concluded(pw, propose(pw))
    assert project.state == ProjectState.CONCLUDED
    assert project.concluded_on == timezone.localdate()
    assert project.benefit_claimed_fen == 272_000_000
    services.benefit_verify(actor=world.users["city"], project=project, amount_fen=250_000_000, note="核减")
    project.refresh_from_db()
    assert project.benefit_verified_fen == 250_000_000
    assert project.benefit_verified_by == world.users["city"]

    achievement = services.project_file(actor=world.users["unit"], project=project)
    project.refresh_from_db()
    assert project.achievement == achievement
    assert achievement.project == project
    assert achievement.state == State.DRAFT
    assert achievement.title == "汽轮机轴封漏汽治理"
    assert achievement.problem == "轴封漏汽导致油中带水。"
    assert achievement.solution == "漏汽量降低80%。\n\n改造轴封结构，调整间隙。"
    assert achievement.effect == "漏汽消除，油质合格。"
    assert achievement.benefit_claimed == Decimal("2500000.00")
    assert achievement.studio == pw.studio
    assert [(a.worker.name, a.share) for a in achievement.authors.order_by("order")] == [
        ("义县职工二", Decimal("50.00")),
        ("义县职工一", Decimal("50.00")),
    ]
    steps = list(StepLog.objects.of(project).values_list("step", flat=True))
    assert steps == ["propose", "approve", "start", "conclude"]


def test_filing_twice_is_refused_and_changes_nothing(pw):
    world = pw.world
    make_campaign(world)
    project = run_to_concluded(pw, propose(pw))
    services.project_file(actor=world.users["unit"], project=project)
    count = Achievement.objects.count()
    with pytest.raises(ValidationError, match="不能重复申报"):
        services.project_file(actor=world.users["unit"], project=project)
    assert Achievement.objects.count() == count


def test_filing_a_project_not_concluded_is_refused(pw):
    world = pw.world
    make_campaign(world)
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    with pytest.raises(ValidationError, match="结题后才能申报为五小成果"):
        services.project_file(actor=world.users["unit"], project=project)
    project.refresh_from_db()
    assert project.achievement_id is None
    assert Achievement.objects.count() == 0


def test_filing_without_an_open_campaign_is_refused(pw):
    project = run_to_concluded(pw, propose(pw))
    with pytest.raises(ValidationError, match="没有正在征集"):
        services.project_file(actor=pw.world.users["unit"], project=project)
    assert Achievement.objects.count() == 0


def test_a_project_without_members_is_refused(pw):
    with pytest.raises(ValidationError, match="至少须有一名成员") as exc:
        propose(pw, members=[])
    assert "members" in exc.value.message_dict
    assert Project.objects.count() == 0


def test_a_milestone_after_the_end_is_refused(pw):
    today = timezone.localdate()
    late = today + datetime.timedelta(days=200)
    with pytest.raises(ValidationError, match="不能晚于项目计划完成日期"):
        propose(pw, milestones=[{"title": "验收", "due_on": late}])
    assert Project.objects.count() == 0
    project = propose(pw)
    with pytest.raises(ValidationError, match="不能晚于项目计划完成日期"):
        services.milestone_add(actor=pw.world.users["unit"], project=project, title="验收", due_on=late)
    assert project.milestones.count() == 1


def test_a_member_of_another_unit_is_refused(pw):
    with pytest.raises(ValidationError, match="在职职工"):
        propose(pw, members=[pw.world.workers["hs_a_1"]])
    assert Project.objects.count() == 0


def test_verified_above_claimed_and_before_conclusion_are_refused(pw):
    world = pw.world
    project = propose(pw)
    with pytest.raises(ValidationError, match="结题后才能核实"):
        services.benefit_verify(actor=world.users["city"], project=project, amount_fen=1)
    run_to_concluded(pw, project, claimed=100_00)
    with pytest.raises(ValidationError, match="不能超过申报效益"):
        services.benefit_verify(actor=world.users["city"], project=project, amount_fen=100_01)
    with pytest.raises(PermissionDenied):
        services.benefit_verify(actor=world.users["unit"], project=project, amount_fen=100_00)
    project.refresh_from_db()
    assert project.benefit_verified_fen is None


def test_conclusion_needs_a_result_and_a_benefit(pw):
    world = pw.world
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    kernel.run(obj=project, step="start", actor=world.users["unit"])
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=project, step="conclude", actor=world.users["unit"], result="", benefit_claimed_fen=-1)
    assert set(exc.value.message_dict) == {"result", "benefit_claimed_fen"}
    project.refresh_from_db()
    assert project.state == ProjectState.IN_PROGRESS


def test_stopping_needs_a_reason_and_keeps_it(pw):
    world = pw.world
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    with pytest.raises(ValidationError, match="终止原因"):
        kernel.run(obj=project, step="stop", actor=world.users["unit"])
    kernel.run(obj=project, step="stop", actor=world.users["unit"], reason="设备已淘汰")
    project.refresh_from_db()
    assert project.state == ProjectState.STOPPED
    assert project.stop_reason == "设备已淘汰"


def test_the_unit_does_not_approve_its_own_project(pw):
    project = propose(pw)
    with pytest.raises(PermissionDenied):
        kernel.run(obj=project, step="approve", actor=pw.world.users["unit"])
    project.refresh_from_db()
    assert project.state == ProjectState.PROPOSED


def test_the_studio_lead_runs_his_studios_projects_only(pw):
    world = pw.world
    project = propose(pw, actor=pw.lead)
    assert project.created_by == pw.lead
    kernel.run(obj=project, step="approve", actor=world.users["city"])
    kernel.run(obj=project, step="start", actor=pw.lead)
    other = propose(pw, owner_kind="unit", studio=None)
    kernel.run(obj=other, step="approve", actor=world.users["city"])
    with pytest.raises(PermissionDenied):
        kernel.run(obj=other, step="start", actor=pw.lead)
    with pytest.raises(PermissionDenied):
        propose(pw, actor=pw.lead, owner_kind="unit", studio=None)


def test_funds_are_committed_and_paid_through_the_ledger(pw):
    world = pw.world
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    support = services.funds_commit(
        actor=world.users["city"], project=project, amount_fen=30_000_00, content="试验材料"
    )
    line = BudgetLine.objects.get(pk=pw.line.pk)
    assert line.committed_fen == 30_000_00
    assert support.commitment.source_kind == "project_support"
    services.funds_pay(
        actor=world.users["city"], support=support, paid_on=timezone.localdate(), voucher_no="XM-001"
    )
    line.refresh_from_db()
    assert line.paid_fen == 30_000_00
    assert Commitment.objects.get(pk=support.commitment_id).state == "paid"
    with pytest.raises(ValidationError, match="余额"):
        services.funds_commit(
            actor=world.users["city"], project=project, amount_fen=70_000_01, content="超支"
        )
    line.refresh_from_db()
    assert line.committed_fen == 30_000_00
    assert project.supports.count() == 1
    with pytest.raises(PermissionDenied):
        services.funds_commit(actor=world.users["unit"], project=project, amount_fen=1_00, content="自批")


def test_expert_help_is_recorded(pw):
    world = pw.world
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    row = services.expert_help_add(
        actor=world.users["unit"],
        project=project,
        on=timezone.localdate(),
        content="轴封间隙测算",
        helper_name="李工",
    )
    assert (row.kind, row.helper_name) == ("expert", "李工")
    with pytest.raises(ValidationError, match="指导人"):
        services.expert_help_add(
            actor=world.users["unit"], project=project, on=timezone.localdate(), content="无名"
        )
    assert project.supports.count() == 1


def test_a_milestone_is_marked_done(pw):
    project = propose(pw)
    milestone = project.milestones.get()
    services.milestone_done(actor=pw.world.users["unit"], milestone=milestone, done_on=timezone.localdate())
    milestone.refresh_from_db()
    assert milestone.done
