"""The committee decision: proposal by rank within quotas, adjustment with reasons, four-eyes
approval, lock and publication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.achievements.models import AwardGrade
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import selectors, services
from innovation.awards.models import Decision, DecisionLine

from . import decision_world as support
from .decision_world import EXPECTED_GRADES, line_of, to_locked

# Shared fixtures (tests/awards has no conftest of its own).
city2 = support.city2
ranked = support.ranked


def grades_by_rank(decision: Decision) -> list:
    return [
        line.grade.code if line.grade else None
        for line in decision.lines.select_related("grade").order_by("rank")
    ]


def refusals(step: str) -> int:
    return AuditEntry.objects.filter(
        action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED), detail__startswith=f"awards.{step}"
    ).count()


def test_allocate_fills_each_quota_in_grade_order(world, ranked):
    grades = list(ranked.campaign.grades.order_by("order"))
    assert [g.code if g else None for g in services.allocate(12, grades)] == EXPECTED_GRADES
    assert [g.code if g else None for g in services.allocate(4, grades)] == [
        "first",
        "second",
        "second",
        "third",
    ]
    assert services.allocate(0, grades) == []


def test_allocate_skips_a_grade_with_no_places(world, ranked):
    grades = list(ranked.campaign.grades.order_by("order"))
    grades[1].quota = 0
    assert [g.code if g else None for g in services.allocate(5, grades)] == [
        "first",
        "third",
        "third",
        "third",
        "excellence",
    ]


def test_propose_gives_grades_by_rank_within_the_quotas(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    assert decision.state == Decision.State.DRAFT
    assert decision.version == 1
    assert decision.proposed_by == ranked.city
    assert decision.scope_path == ranked.campaign.union.path
    assert grades_by_rank(decision) == EXPECTED_GRADES
    assert [line.achievement_id for line in decision.lines.order_by("rank")] == [i.pk for i in ranked.items]
    assert all(line.proposed_grade_id == line.grade_id for line in decision.lines.all())
    tally = {t["grade"].code: (t["count"], t["quota"]) for t in selectors.grade_tally(decision)}
    assert tally == {"first": (1, 1), "second": (2, 2), "third": (3, 3), "excellence": (4, 4)}
    assert selectors.prize_total_fen(decision) == 2_100_000


def test_reproposing_a_draft_rebuilds_its_lines(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    first = line_of(decision, ranked.items[0])
    services.adjust(line=first, grade=None, reason="材料存疑", actor=ranked.city)
    again = services.propose(campaign=ranked.campaign, actor=ranked.city2)
    assert again.pk == decision.pk
    assert again.proposed_by == ranked.city2
    assert DecisionLine.objects.filter(decision=decision).count() == 12
    assert grades_by_rank(again) == EXPECTED_GRADES
    assert line_of(again, ranked.items[0]).reason == ""


def test_propose_is_refused_once_the_decision_is_approved(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city)
    with pytest.raises(ValidationError, match="不能重新拟定"):
        services.propose(campaign=ranked.campaign, actor=ranked.city)
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.APPROVING


def test_propose_without_results_is_refused(world):
    from tests.achievements.conftest import make_campaign

    campaign = make_campaign(world)
    with pytest.raises(ValidationError, match="还没有专家评审结果"):
        services.propose(campaign=campaign, actor=world.users["city"])
    assert not Decision.objects.exists()


def test_district_admin_cannot_propose(world, ranked):
    with pytest.raises(PermissionDenied):
        services.propose(campaign=ranked.campaign, actor=world.users["yixian"])
    assert not Decision.objects.exists()
    assert refusals("propose") == 1


def test_adjust_needs_a_reason(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    line = line_of(decision, ranked.items[11])
    with pytest.raises(ValidationError) as caught:
        services.adjust(line=line, grade=None, reason="  ", actor=ranked.city)
    assert "reason" in caught.value.message_dict


def test_adjust_over_the_quota_is_refused_with_the_grade_quota_and_count(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    first = AwardGrade.objects.get(campaign=ranked.campaign, code="first")
    line = line_of(decision, ranked.items[1])  # rank 2: 二等奖
    with pytest.raises(ValidationError) as caught:
        services.adjust(line=line, grade=first, reason="创新性突出", actor=ranked.city)
    assert caught.value.message_dict["grade"] == ["「一等奖」名额为1项，已审定1项，不能再增加。"]
    assert line_of(decision, ranked.items[1]).grade.code == "second"
    assert refusals("adjust") == 1


def test_adjust_within_the_quota_is_saved_and_audited(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    first = AwardGrade.objects.get(campaign=ranked.campaign, code="first")
    services.adjust(
        line=line_of(decision, ranked.items[0]), grade=None, reason="存在知识产权争议", actor=ranked.city
    )
    services.adjust(
        line=line_of(decision, ranked.items[1]), grade=first, reason="递补一等奖", actor=ranked.city
    )
    assert grades_by_rank(decision)[:2] == [None, "first"]
    line = line_of(decision, ranked.items[1])
    assert line.reason == "递补一等奖"
    assert line.proposed_grade.code == "second"
    entry = AuditEntry.objects.filter(object_type="awards.decisionline", object_id=str(line.pk)).latest("id")
    assert entry.action == AuditAction.UPDATE
    assert "递补一等奖" in entry.detail
    assert entry.actor == ranked.city


def test_four_eyes_the_same_admin_cannot_approve_twice(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city)
    assert decision.state == Decision.State.APPROVING
    with pytest.raises(ValidationError, match="四眼原则"):
        services.approve(decision=decision, actor=ranked.city)
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.state == Decision.State.APPROVING
    assert fresh.second_approver is None
    assert refusals("approve") == 1
    entry = AuditEntry.objects.filter(action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED)).latest(
        "id"
    )
    assert entry.actor == ranked.city
    assert entry.object_id == str(decision.pk)


def test_two_different_city_admins_lock_the_decision(world, ranked):
    decision = to_locked(ranked)
    assert decision.state == Decision.State.LOCKED
    assert (decision.first_approver, decision.second_approver) == (ranked.city, ranked.city2)
    assert decision.first_approved_at and decision.second_approved_at


def test_a_locked_decision_cannot_be_adjusted(world, ranked):
    decision = to_locked(ranked)
    line = line_of(decision, ranked.items[11])
    excellence = AwardGrade.objects.get(campaign=ranked.campaign, code="excellence")
    with pytest.raises(ValidationError, match="只有拟定中的审定可以调整"):
        services.adjust(line=line, grade=excellence, reason="补授", actor=ranked.city)
    assert line_of(decision, ranked.items[11]).grade is None
    assert refusals("adjust") == 1


def test_approving_state_cannot_be_adjusted_until_returned(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city)
    line = line_of(decision, ranked.items[0])
    with pytest.raises(ValidationError):
        services.adjust(line=line, grade=None, reason="x", actor=ranked.city)
    with pytest.raises(ValidationError):
        services.return_to_draft(decision=decision, actor=ranked.city2, reason="")
    services.return_to_draft(decision=decision, actor=ranked.city2, reason="一等奖人选需复核")
    assert decision.state == Decision.State.DRAFT
    assert decision.first_approver is None
    services.adjust(line=line, grade=None, reason="复核后取消", actor=ranked.city)


def test_district_admin_cannot_approve(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    with pytest.raises(PermissionDenied):
        services.approve(decision=decision, actor=world.users["yixian"])
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.DRAFT


def test_publish_opens_the_notice_for_the_campaigns_days(world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    now = timezone.now()
    with pytest.raises(ValidationError, match="须先经两位管理员审批锁定"):
        services.publish(decision=decision, actor=ranked.city, now=now)
    services.approve(decision=decision, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city2)
    services.publish(decision=decision, actor=ranked.city, now=now)
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.state == Decision.State.NOTICE
    assert fresh.notice_starts == now
    assert fresh.notice_ends == now + datetime.timedelta(days=ranked.campaign.notice_days)
    assert selectors.notice_is_open(fresh, now)
    assert not selectors.notice_is_open(fresh, fresh.notice_ends)


def test_budget_line_of_another_year_is_refused(world, ranked):
    from innovation.funds import services as funds

    old = funds.line_create(
        actor=None,
        union=world.city,
        year=ranked.campaign.year - 3,
        kind="five_smalls",
        name="旧",
        amount_fen=1,
    )
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    with pytest.raises(ValidationError) as caught:
        services.set_budget_line(decision=decision, line=old, actor=ranked.city)
    assert "budget_line" in caught.value.message_dict
    assert Decision.objects.get(pk=decision.pk).budget_line is None
