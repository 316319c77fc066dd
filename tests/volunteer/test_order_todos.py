"""The to-do lists of an order's people (innovation.core.workflow.todos_for) and the figures of
the service, scoped (innovation.core.stats.stats_for)."""

import datetime

from innovation.core import workflow as kernel
from innovation.core.stats import stats_for
from innovation.volunteer import services
from innovation.volunteer.models import ServiceOrder

from .conftest import at
from .test_order_rules import claimed, confirmed, in_service, post, resolved, unit_b, visited

D = datetime.date
QUEUE = "/volunteer/orders/?awaiting=me"


def service_todos(user) -> list:
    return [
        (t.label, t.count, t.url, [title for title, _url in t.items])
        for t in kernel.todos_for(user)
        if t.label.startswith("服务")
    ]


def test_the_to_dos_of_the_county_the_team_and_the_enterprise(service):
    w = service.world
    post(service, title="待受理的需求")
    triaged = post(service, title="待认领的需求")
    kernel.run(obj=triaged, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    resolved(service, title="待确认的需求")
    assert service_todos(w.users["yixian"]) == [
        ("服务订单：待受理", 1, QUEUE, ["待受理的需求"]),
        ("服务订单：待派单/认领", 1, QUEUE, ["待认领的需求"]),
    ]
    assert service_todos(service.lead) == [("服务订单：待派单/认领", 1, QUEUE, ["待认领的需求"])]
    # The enterprise: only the resolution waits for it (it may withdraw the others, but nothing
    # waits for that).
    assert service_todos(unit_b(service)) == [("服务订单：待企业确认", 1, QUEUE, ["待确认的需求"])]
    assert service_todos(w.users["heishan"]) == []
    assert service_todos(w.users["unit"]) == []
    # The same rows behind the queue link.
    assert list(kernel.awaiting(unit_b(service), ServiceOrder).values_list("title", flat=True)) == [
        "待确认的需求"
    ]


def test_the_team_s_work_and_the_union_s_closing_wait_for_them(service):
    w = service.world
    service.team.capacity = 5
    service.team.save(update_fields=["capacity"])
    claimed(service, title="已接单")
    in_service(service, title="服务中")
    confirmed(service, title="待办结")
    kernel.run(
        obj=post(service, title="退回的需求"), step="return", actor=w.users["yixian"], reason="请补充设备型号"
    )
    assert service_todos(service.lead) == [
        ("服务订单：已接单", 1, QUEUE, ["已接单"]),
        ("服务订单：服务中", 1, QUEUE, ["服务中"]),
    ]
    # Cancelling is open to the county at the team's states, but nothing waits for it there; it
    # posts for enterprises too, so what is returned for more detail waits for it as well.
    assert service_todos(w.users["yixian"]) == [
        ("服务订单：待核实办结", 1, QUEUE, ["待办结"]),
        ("服务订单：退回补充", 1, QUEUE, ["退回的需求"]),
    ]
    assert service_todos(unit_b(service)) == [("服务订单：退回补充", 1, QUEUE, ["退回的需求"])]


def figures(user) -> tuple:
    f = stats_for(user)
    return (
        f["service_teams_total"],
        f["service_firms_served"],
        f["service_problems_solved"],
        f["service_people_trained"],
    )


def test_the_figures_are_scoped_and_a_cancelled_order_s_training_is_not_counted(service):
    w = service.world
    service.team.capacity = 5
    service.team.save(update_fields=["capacity"])
    solved, waiting = in_service(service, title="已确认"), in_service(service, title="待确认")
    for order in (solved, waiting):
        services.training_add(
            actor=service.lead,
            order=order,
            on=D(2021, 9, 28),
            topic="液压站点检",
            headcount=12,
            now=at(2021, 9, 28, 17, 0),
        )
        visited(service, order)
        kernel.run(
            obj=order, step="resolve", actor=service.lead, outcome="solved", diagnosis="结垢", solution="更换"
        )
    kernel.run(obj=solved, step="confirm", actor=unit_b(service), rating=4)
    order = in_service(service, title="将取消")
    services.training_add(
        actor=service.lead,
        order=order,
        on=D(2021, 9, 28),
        topic="安全培训",
        headcount=5,
        now=at(2021, 9, 28, 17, 0),
    )
    assert figures(w.users["city"]) == (1, 1, 1, 29)
    kernel.run(obj=order, step="cancel", actor=w.users["yixian"], reason="企业停产")
    # One team; one enterprise served (two orders of 义县乙); one problem confirmed solved;
    # 12 + 12 trained, not the 5 of the cancelled order.
    assert figures(w.users["city"]) == (1, 1, 1, 24)
    assert figures(w.users["yixian"]) == (1, 1, 1, 24)
    assert figures(unit_b(service)) == (0, 1, 1, 24)
    assert figures(w.users["heishan"]) == (0, 0, 0, 0)
