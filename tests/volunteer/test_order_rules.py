"""The rules of an order, each bad input refused with a Chinese message, nothing changed and the
refusal in the audit trail; the dispatch path (declined, dispatched again, accepted), the
enterprise reopening a resolution, withdrawal and cancellation with reasons, and an expense
approved on the line (the commitment) and paid through the ledger."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.accounts.roles import Role
from innovation.audit.models import AuditAction, AuditEntry
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.funds.models import BudgetLine, Commitment
from innovation.org.models import Enterprise, Region
from innovation.volunteer import services
from innovation.volunteer.models import (
    MemberRole,
    OrderPause,
    ServiceExpense,
    ServiceOrder,
    ServiceTeam,
    ServiceTraining,
    ServiceVisit,
    TeamMember,
)

from ..factories import make_user
from .conftest import at

D = datetime.date
TEAM = "义县甲劳模志愿服务队"


def post(service, unit="yx_b", actor="yixian", **over):
    w = service.world
    data = {
        "enterprise": w.units[unit],
        "category": "equipment",
        "title": "灌装线液压站频繁停机",
        "description": "液压站油温过高，灌装线每班停机两次。",
        "contact_name": "王经理",
        "contact_phone": "13812345678",
        "now": at(2021, 9, 27, 9, 0),
    }
    data.update(over)
    return services.order_post(actor=w.users[actor], **data)


def unit_b(service):
    w = service.world
    if "unit_b" not in w.users:
        w.users["unit_b"] = make_user("t_unit_b", (Role.UNIT_ADMIN, w.units["yx_b"].union))
    return w.users["unit_b"]


def claimed(service, **over):
    order = post(service, **over)
    kernel.run(obj=order, step="triage", actor=service.world.users["yixian"], now=at(2021, 9, 27, 10, 0))
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team, now=at(2021, 9, 27, 11, 0))
    return order


def in_service(service, **over):
    order = claimed(service, **over)
    kernel.run(obj=order, step="start", actor=service.lead, now=at(2021, 9, 28, 9, 0))
    return order


def visited(service, order):
    w = service.world
    return services.visit_add(
        actor=service.lead,
        order=order,
        on=D(2021, 9, 28),
        hours="4",
        members=[w.workers["yx_a_1"], w.workers["yx_a_2"]],
        now=at(2021, 9, 28, 17, 0),
    )


def resolved(service, **over):
    order = in_service(service, **over)
    visited(service, order)
    kernel.run(
        obj=order,
        step="resolve",
        actor=service.lead,
        outcome="solved",
        diagnosis="冷却器结垢",
        solution="更换板式冷却器",
        now=at(2021, 9, 29, 10, 0),
    )
    return order


def confirmed(service, **over):
    order = resolved(service, **over)
    kernel.run(
        obj=order,
        step="confirm",
        actor=unit_b(service),
        rating=5,
        benefit_claimed_fen=8_000_000,
        now=at(2021, 9, 30, 10, 0),
    )
    return order


def snapshot(order=None) -> tuple:
    """Everything a refusal must leave alone: the order's row, the rows around it."""
    row = ServiceOrder.objects.filter(pk=order.pk).values().get() if order is not None else None
    return (
        row,
        ServiceOrder.objects.count(),
        StepLog.objects.count(),
        ServiceVisit.objects.count(),
        ServiceTraining.objects.count(),
        OrderPause.objects.count(),
        ServiceExpense.objects.count(),
        Commitment.objects.count(),
        list(BudgetLine.objects.values_list("committed_fen", "paid_fen")),
    )


def refusals(action=AuditAction.REFUSED) -> list[str]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq").values_list("detail", flat=True))


# ---------------------------------------------------------------- posting


def test_a_county_may_not_post_for_an_enterprise_of_another_county(service):
    w = service.world
    before = snapshot()
    with pytest.raises(PermissionDenied) as refused:
        post(service, unit="yx_b", actor="heishan")
    assert str(refused.value) == "义县乙食品有限公司不在您的管理范围内，不能替其提交服务需求。"
    assert snapshot() == before
    assert refusals(AuditAction.ACCESS_DENIED) == [
        "volunteer.order_post refused: 义县乙食品有限公司不在您的管理范围内，不能替其提交服务需求。"
    ]
    assert AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED).actor == w.users["heishan"]


def test_a_large_enterprise_may_not_post(service):
    w = service.world
    Enterprise.objects.filter(pk=w.units["yx_b"].pk).update(size=Enterprise.Size.LARGE)
    w.units["yx_b"].refresh_from_db()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        post(service)
    assert refused.value.message_dict == {
        "enterprise": ["订单式服务面向中小微企业，义县乙食品有限公司为大型企业。"]
    }
    assert snapshot() == before
    assert refusals() == [
        "volunteer.order_post refused: 订单式服务面向中小微企业，义县乙食品有限公司为大型企业。"
    ]


# ---------------------------------------------------------------- teams taking orders


def test_a_full_team_may_not_claim(service):
    claimed(service, title="第一单")
    claimed(service, title="第二单")
    third = post(service, title="第三单")
    kernel.run(obj=third, step="triage", actor=service.world.users["yixian"], now=at(2021, 9, 27, 10, 0))
    before = snapshot(third)
    message = f"{TEAM}在办订单已有2单，达到同时承接上限（2单），不能再承接。"
    with pytest.raises(ValidationError) as refused:
        kernel.run(obj=third, step="claim", actor=service.lead, team=service.team, now=at(2021, 9, 27, 12, 0))
    assert refused.value.message_dict == {"team": [message]}
    assert snapshot(third) == before
    assert (before[0]["state"], before[0]["team_id"]) == ("triaged", None)
    assert refusals() == [f"service_order.claim refused: {message}"]


def test_an_order_outside_the_team_s_area(service):
    """An order at 黑山: the 义县 team's leader cannot even reach it; the city dispatching it to
    that team is refused for the area."""
    w = service.world
    order = post(service, unit="hs_a", actor="heishan")
    kernel.run(obj=order, step="triage", actor=w.users["heishan"], now=at(2021, 9, 27, 10, 0))
    before = snapshot(order)
    with pytest.raises(PermissionDenied) as denied:
        kernel.run(obj=order, step="claim", actor=service.lead, team=service.team)
    assert str(denied.value) == "您无权对该服务订单执行「认领」。"
    message = f"黑山县不在{TEAM}的服务区域内，不能承接该订单。"
    with pytest.raises(ValidationError) as refused:
        kernel.run(obj=order, step="dispatch", actor=w.users["city"], team=service.team)
    assert refused.value.message_dict == {"team": [message]}
    assert snapshot(order) == before
    assert refusals(AuditAction.ACCESS_DENIED) == [
        "service_order.claim refused: 您无权对该服务订单执行「认领」。"
    ]
    assert refusals() == [f"service_order.dispatch refused: {message}"]


def other_team(service):
    """A second team serving 义县, at 义县乙, led by 义县乙's first worker (who has an account)."""
    w = service.world
    team = ServiceTeam.objects.create(
        name="义县乙志愿服务队",
        enterprise=w.units["yx_b"],
        leader=w.workers["yx_b_1"],
        categories=["equipment"],
        formed_on=D(2020, 1, 1),
    )
    team.districts.set([Region.objects.get(name="义县")])
    TeamMember.objects.create(
        team=team, worker=w.workers["yx_b_1"], role=MemberRole.LEADER, joined_on=D(2020, 1, 1)
    )
    lead = make_user("t_lead_b", (Role.TEAM_LEAD, w.units["yx_b"].union), worker=w.workers["yx_b_1"])
    return team, lead


def test_the_leader_of_another_team_may_not_act(service):
    w = service.world
    _team, stranger = other_team(service)
    triaged = post(service, title="待认领")
    kernel.run(obj=triaged, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    order = claimed(service)
    before = (snapshot(order), ServiceOrder.objects.filter(pk=triaged.pk).values().get())
    with pytest.raises(ValidationError) as refused:
        kernel.run(obj=triaged, step="claim", actor=stranger, team=service.team)
    assert refused.value.message_dict == {"team": [f"只有{TEAM}的队长可以为本队认领订单。"]}
    with pytest.raises(PermissionDenied) as denied:
        kernel.run(obj=order, step="start", actor=stranger)
    assert str(denied.value) == "您无权对该服务订单执行「开始服务」。"
    with pytest.raises(PermissionDenied) as denied_visit:
        services.visit_add(
            actor=stranger,
            order=order,
            on=D(2021, 9, 28),
            hours="2",
            members=[w.workers["yx_b_1"]],
            now=at(2021, 9, 28, 17, 0),
        )
    assert str(denied_visit.value) == "只有承接该订单的服务队队长可以登记服务记录。"
    with pytest.raises(PermissionDenied):
        services.pause_start(actor=stranger, order=order, reason="等配件", now=at(2021, 9, 28, 10, 0))
    assert (snapshot(order), ServiceOrder.objects.filter(pk=triaged.pk).values().get()) == before
    assert refusals() == [f"service_order.claim refused: 只有{TEAM}的队长可以为本队认领订单。"]
    assert refusals(AuditAction.ACCESS_DENIED) == [
        "service_order.start refused: 您无权对该服务订单执行「开始服务」。",
        "volunteer.order_visit refused: 只有承接该订单的服务队队长可以登记服务记录。",
        "volunteer.order_pause refused: 只有承接该订单的服务队队长可以登记服务记录。",
    ]


# ---------------------------------------------------------------- the service record


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"on": D(2021, 9, 26)}, {"on": ["服务日期（2021-09-26）不能早于订单提交日期（2021-09-27）。"]}),
        ({"members": "stranger"}, {"members": [f"黑山职工一在2021-09-28不是{TEAM}的队员。"]}),
        ({"members": []}, {"members": ["请选择参加服务的队员。"]}),
        ({"hours": "0.4"}, {"hours": ["服务时长须在0.5至24小时之间。"]}),
    ],
)
def test_a_bad_visit_is_refused(service, change, errors):
    w = service.world
    order = in_service(service)
    data = {"on": D(2021, 9, 28), "hours": "4", "members": [w.workers["yx_a_1"]]}
    data.update(change)
    if data["members"] == "stranger":
        data["members"] = [w.workers["yx_a_1"], w.workers["hs_a_1"]]
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        services.visit_add(actor=service.lead, order=order, now=at(2021, 9, 28, 17, 0), **data)
    assert refused.value.message_dict == errors
    assert snapshot(order) == before
    assert refusals() == [f"volunteer.order_visit refused: {next(iter(errors.values()))[0]}"]


@pytest.mark.parametrize(
    ("headcount", "trainees", "errors"),
    [
        (-3, 0, {"headcount": ["培训人数须为正整数。"]}),
        (0, 0, {"headcount": ["培训人数须为正整数。"]}),
        (1, 2, {"trainees": ["列出的受训职工（2人）多于培训人数。"]}),
    ],
)
def test_a_bad_training_is_refused(service, headcount, trainees, errors):
    w = service.world
    order = in_service(service)
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        services.training_add(
            actor=service.lead,
            order=order,
            on=D(2021, 9, 28),
            topic="液压站点检",
            headcount=headcount,
            trainees=[w.workers["yx_b_1"], w.workers["yx_b_2"]][:trainees],
            now=at(2021, 9, 28, 17, 0),
        )
    assert refused.value.message_dict == errors
    assert snapshot(order) == before
    assert refusals() == [f"volunteer.order_training refused: {next(iter(errors.values()))[0]}"]


def test_resolving_needs_an_outcome_and_a_visit(service):
    order = in_service(service)
    before = snapshot(order)
    with pytest.raises(ValidationError) as no_visit:
        kernel.run(
            obj=order, step="resolve", actor=service.lead, outcome="solved", diagnosis="结垢", solution="更换"
        )
    assert no_visit.value.message_dict == {"outcome": ["尚未登记上门服务记录，不能完成服务。"]}
    assert snapshot(order) == before
    visited(service, order)
    before = snapshot(order)
    with pytest.raises(ValidationError) as no_outcome:
        kernel.run(obj=order, step="resolve", actor=service.lead, diagnosis="结垢", solution="更换")
    assert no_outcome.value.message_dict == {
        "outcome": ["请选择解决情况（已解决、部分解决或无法解决）后再完成服务。"]
    }
    assert snapshot(order) == before
    assert before[0]["state"] == "in_service"
    assert refusals() == [
        "service_order.resolve refused: 尚未登记上门服务记录，不能完成服务。",
        "service_order.resolve refused: 请选择解决情况（已解决、部分解决或无法解决）后再完成服务。",
    ]


def test_a_second_pause_while_paused_is_refused(service):
    order = claimed(service)
    services.pause_start(actor=service.lead, order=order, reason="等配件到货", now=at(2021, 9, 28, 10, 0))
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        services.pause_start(actor=service.lead, order=order, reason="再等", now=at(2021, 9, 28, 11, 0))
    assert refused.value.message_dict == {"reason": ["计时已在暂停中。"]}
    assert snapshot(order) == before
    assert before[5] == 1
    assert refusals() == ["volunteer.order_pause refused: 计时已在暂停中。"]


# ---------------------------------------------------------------- the enterprise's rating


@pytest.mark.parametrize("who", ["yixian", "lead", "unit"])
def test_only_the_enterprise_rates(service, who):
    w = service.world
    order = resolved(service)
    actor = service.lead if who == "lead" else w.users[who]
    before = snapshot(order)
    with pytest.raises(PermissionDenied) as denied:
        kernel.run(obj=order, step="confirm", actor=actor, rating=5)
    assert str(denied.value) == "您无权对该服务订单执行「确认并评价」。"
    assert snapshot(order) == before
    assert before[0]["state"] == "resolved"
    assert refusals(AuditAction.ACCESS_DENIED) == [
        "service_order.confirm refused: 您无权对该服务订单执行「确认并评价」。"
    ]
    assert AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED).actor == actor


@pytest.mark.parametrize("rating", [0, 6, None, True, "5"])
def test_a_rating_is_1_to_5(service, rating):
    order = resolved(service)
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        kernel.run(obj=order, step="confirm", actor=unit_b(service), rating=rating)
    assert refused.value.message_dict == {"rating": ["请给出1至5分的评价。"]}
    assert snapshot(order) == before
    assert refusals() == ["service_order.confirm refused: 请给出1至5分的评价。"]


def test_the_verified_benefit_is_not_above_the_claimed_one(service):
    order = confirmed(service)
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        kernel.run(
            obj=order, step="close", actor=service.world.users["yixian"], benefit_verified_fen=8_000_001
        )
    message = "核实效益（80,000.01元）不能超过企业申报的效益（80,000.00元）。"
    assert refused.value.message_dict == {"benefit_verified_fen": [message]}
    assert snapshot(order) == before
    assert (before[0]["state"], before[0]["benefit_verified_fen"]) == ("confirmed", None)
    assert refusals() == [f"service_order.close refused: {message}"]
    kernel.run(obj=order, step="close", actor=service.world.users["yixian"], benefit_verified_fen=8_000_000)
    order.refresh_from_db()
    assert (order.state, order.benefit_verified_fen) == ("closed", 8_000_000)


# ---------------------------------------------------------------- money


def propose(service, order, amount_fen):
    return services.expense_propose(
        actor=service.lead,
        order=order,
        kind="materials",
        amount_fen=amount_fen,
        note="板式冷却器",
        payee="锦州液压件厂",
    )


def test_an_expense_over_what_is_left_on_the_line_is_refused(service):
    order = claimed(service)
    before = snapshot(order)
    with pytest.raises(ValidationError) as refused:
        propose(service, order, 5_000_001)
    message = "2021 志愿服务经费余额为50,000.00元，不足以列支50,000.01元。"
    assert refused.value.message_dict == {"amount_fen": [message]}
    assert snapshot(order) == before
    assert refusals() == [f"volunteer.expense_propose refused: {message}"]


def test_approving_when_the_line_is_short_is_refused(service):
    w = service.world
    order = claimed(service)
    first, second = propose(service, order, 3_000_000), propose(service, order, 2_500_000)
    kernel.run(obj=first, step="approve", actor=w.users["city"])
    before = (snapshot(order), ServiceExpense.objects.filter(pk=second.pk).values().get())
    with pytest.raises(ValidationError) as refused:
        kernel.run(obj=second, step="approve", actor=w.users["city"])
    message = "2021 志愿服务经费余额为20,000.00元，不足以列支25,000.00元。"
    assert refused.value.message_dict == {"amount_fen": [message]}
    assert (snapshot(order), ServiceExpense.objects.filter(pk=second.pk).values().get()) == before
    assert (before[1]["state"], before[1]["commitment_id"]) == ("proposed", None)
    assert BudgetLine.objects.get(pk=service.line.pk).committed_fen == 3_000_000
    assert refusals() == [f"service_expense.approve refused: {message}"]


def test_the_expense_path(service):
    w = service.world
    order = claimed(service)
    expense = propose(service, order, 120_050)
    assert (expense.state, expense.commitment_id, expense.proposed_by) == ("proposed", None, service.lead)
    with pytest.raises(ValidationError) as early:
        services.expense_pay(
            actor=w.users["city"], expense=expense, paid_on=D(2021, 10, 8), voucher_no="记-1"
        )
    assert early.value.messages == ["该笔经费尚未批准列支，不能支付。"]
    kernel.run(obj=expense, step="approve", actor=w.users["city"])
    expense.refresh_from_db()
    commitment = expense.commitment
    assert (expense.state, commitment.amount_fen, commitment.paid_fen, commitment.payee) == (
        "approved",
        120_050,
        0,
        "锦州液压件厂",
    )
    line = BudgetLine.objects.get(pk=service.line.pk)
    assert (line.committed_fen, line.paid_fen) == (120_050, 0)
    services.expense_pay(actor=w.users["city"], expense=expense, paid_on=D(2021, 10, 8), voucher_no="记-1")
    commitment.refresh_from_db()
    line.refresh_from_db()
    assert (commitment.paid_fen, line.committed_fen, line.paid_fen) == (120_050, 120_050, 120_050)
    # A rejected expense commits nothing.
    other = propose(service, order, 10_000)
    kernel.run(obj=other, step="reject", actor=w.users["city"], reason="已由企业承担")
    other.refresh_from_db()
    line.refresh_from_db()
    assert (other.state, other.commitment_id, line.committed_fen) == ("rejected", None, 120_050)


# ---------------------------------------------------------------- the other paths


def test_dispatched_declined_dispatched_again_and_accepted(service):
    w = service.world
    order = post(service)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    kernel.run(
        obj=order, step="dispatch", actor=w.users["yixian"], team=service.team, now=at(2021, 9, 27, 10, 30)
    )
    assert (order.state, order.team_id, order.responded_at) == ("offered", service.team.pk, None)
    with pytest.raises(ValidationError) as no_reason:
        kernel.run(obj=order, step="decline", actor=service.lead, reason=" ")
    assert no_reason.value.message_dict == {"reason": ["请填写婉拒原因。"]}
    kernel.run(
        obj=order, step="decline", actor=service.lead, reason="队员外出参赛", now=at(2021, 9, 27, 11, 0)
    )
    order.refresh_from_db()
    assert (order.state, order.team_id, order.responded_at) == ("triaged", None, None)
    kernel.run(
        obj=order, step="dispatch", actor=w.users["yixian"], team=service.team, now=at(2021, 9, 27, 14, 0)
    )
    kernel.run(obj=order, step="accept", actor=service.lead, now=at(2021, 9, 27, 15, 0))
    order.refresh_from_db()
    assert (order.state, order.team_id, order.responded_at) == (
        "accepted",
        service.team.pk,
        at(2021, 9, 27, 15, 0),
    )
    logs = StepLog.objects.filter(workflow="service_order", object_id=order.pk).order_by("id")
    assert list(logs.values_list("step", "to_state", "reason")) == [
        ("post", "posted", ""),
        ("triage", "triaged", ""),
        ("dispatch", "offered", ""),
        ("decline", "triaged", "队员外出参赛"),
        ("dispatch", "offered", ""),
        ("accept", "accepted", ""),
    ]


def test_the_enterprise_reopens_a_resolution(service):
    order = resolved(service)
    with pytest.raises(ValidationError) as no_reason:
        kernel.run(obj=order, step="reopen", actor=unit_b(service))
    assert no_reason.value.message_dict == {"reason": ["请填写未解决的问题。"]}
    kernel.run(
        obj=order, step="reopen", actor=unit_b(service), reason="油温仍偏高", now=at(2021, 9, 30, 9, 0)
    )
    order.refresh_from_db()
    assert (order.state, order.resolved_at, order.outcome, order.diagnosis) == (
        "in_service",
        None,
        "",
        "冷却器结垢",
    )


def test_withdrawn_by_the_enterprise_and_cancelled_by_the_county(service):
    w = service.world
    unit_b(service)
    withdrawn = post(service, actor="unit_b", title="撤回的需求")
    kernel.run(obj=withdrawn, step="withdraw", actor=unit_b(service), reason="已自行解决")
    order = claimed(service)
    services.pause_start(actor=service.lead, order=order, reason="等配件", now=at(2021, 9, 28, 10, 0))
    with pytest.raises(ValidationError) as no_reason:
        kernel.run(obj=order, step="cancel", actor=w.users["yixian"], reason="")
    assert no_reason.value.message_dict == {"reason": ["请填写取消原因。"]}
    kernel.run(
        obj=order, step="cancel", actor=w.users["yixian"], reason="企业停产", now=at(2021, 9, 29, 9, 0)
    )
    order.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (withdrawn.state, order.state) == ("cancelled", "cancelled")
    # The running pause ends with the order.
    assert list(OrderPause.objects.filter(order=order).values_list("ended_at", "ended_by")) == [
        (at(2021, 9, 29, 9, 0), w.users["yixian"].pk)
    ]
    assert list(
        StepLog.objects.filter(step__in=("withdraw", "cancel")).order_by("id").values_list("step", "reason")
    ) == [("withdraw", "已自行解决"), ("cancel", "企业停产")]
    # The enterprise cannot withdraw what a team has taken.
    taken = claimed(service, title="已接单")
    with pytest.raises(ValidationError):
        kernel.run(obj=taken, step="withdraw", actor=unit_b(service), reason="不需要了")
    taken.refresh_from_db()
    assert taken.state == "accepted"
