"""An order's whole path on the kernel: posted by the enterprise, triaged by the county, matched,
claimed by a team, served (a visit, a training), solved, confirmed and rated, closed with the
benefit verified; an expense approved on the line and paid; the figures count it."""

import datetime
from decimal import Decimal

from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.core.stats import stats_for
from innovation.volunteer import selectors, services
from innovation.volunteer.models import OrderState

from .conftest import at

D = datetime.date


def post(service, **over):
    w = service.world
    data = {
        "enterprise": w.units["yx_b"],
        "category": "equipment",
        "title": "灌装线液压站频繁停机",
        "description": "液压站油温过高，灌装线每班停机两次，需要诊断并改造冷却系统。",
        "contact_name": "王经理",
        "contact_phone": "13812345678",
        "now": at(2021, 9, 27, 9, 0),
    }
    data.update(over)
    return services.order_post(actor=w.users["yixian"], **data)


def test_the_whole_path(service):
    w = service.world
    order = post(service)
    assert (order.state, order.district.name, order.contact_phone_masked) == ("posted", "义县", "138****5678")
    assert (order.sla_response_hours, order.sla_resolution_hours) == (8, 120)
    # 8 working hours from Mon 2021-09-27 09:00: 09:00–12:00 (3 h), 13:30–17:30 (4 h), 08:30–09:30 next day.
    assert order.response_due == at(2021, 9, 28, 9, 30)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    matches = selectors.match_teams(order)
    assert [(m.team.name, m.eligible, m.score) for m in matches] == [
        ("义县甲劳模志愿服务队", True, 40 + 10 + 10 + 20)
    ]
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team, now=at(2021, 9, 27, 11, 0))
    assert (order.state, order.team_id, order.responded_at) == (
        "accepted",
        service.team.pk,
        at(2021, 9, 27, 11, 0),
    )
    kernel.run(obj=order, step="start", actor=service.lead, now=at(2021, 9, 28, 9, 0))
    services.visit_add(
        actor=service.lead,
        order=order,
        on=D(2021, 9, 28),
        hours="4",
        members=[w.workers["yx_a_1"], w.workers["yx_a_2"]],
        notes="更换冷却器",
        now=at(2021, 9, 28, 17, 0),
    )
    services.training_add(
        actor=service.lead,
        order=order,
        on=D(2021, 9, 28),
        topic="液压站日常点检",
        headcount=12,
        now=at(2021, 9, 28, 17, 0),
    )
    kernel.run(
        obj=order,
        step="resolve",
        actor=service.lead,
        outcome="solved",
        diagnosis="冷却器结垢",
        solution="更换板式冷却器并增设温控",
        now=at(2021, 9, 29, 10, 0),
    )
    kernel.run(
        obj=order,
        step="confirm",
        actor=w.users["unit_b"] if "unit_b" in w.users else _unit_b(w),
        rating=5,
        comment="解决及时",
        benefit_claimed_fen=8_000_000,
        now=at(2021, 9, 30, 10, 0),
    )
    kernel.run(
        obj=order,
        step="close",
        actor=w.users["yixian"],
        benefit_verified_fen=6_000_000,
        now=at(2021, 9, 30, 11, 0),
    )
    assert order.state == OrderState.CLOSED
    assert list(StepLog.objects.filter(workflow="service_order").values_list("step", flat=True)) == [
        "post",
        "triage",
        "claim",
        "start",
        "resolve",
        "confirm",
        "close",
    ]
    figures = stats_for(w.users["city"])
    assert (
        figures["service_firms_served"],
        figures["service_problems_solved"],
        figures["service_people_trained"],
    ) == (1, 1, 12)


def _unit_b(w):
    from innovation.accounts.roles import Role

    from ..factories import make_user

    w.users["unit_b"] = make_user("t_unit_b", (Role.UNIT_ADMIN, w.units["yx_b"].union))
    return w.users["unit_b"]


def test_a_member_finds_his_credits_on_his_own_page(service, client):
    w = service.world
    order = post(service)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team, now=at(2021, 9, 27, 11, 0))
    for day, hours in ((28, "4"), (29, "2.5")):
        services.visit_add(
            actor=service.lead,
            order=order,
            on=D(2021, 9, day),
            hours=hours,
            members=[w.workers["yx_a_1"]] if day == 29 else [w.workers["yx_a_1"], w.workers["yx_a_2"]],
            now=at(2021, 9, 30, 17, 0),
        )
    assert selectors.worker_credit(w.workers["yx_a_1"]) == selectors.Credit(2, Decimal("6.5"), 1)
    client.force_login(service.lead)
    home = client.get("/")
    assert "我的志愿服务" in home.content.decode()
    page = client.get("/volunteer/mine/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'id="credit-visits">2<' in html
        and 'id="credit-hours">6.5<' in html
        and 'id="credit-orders">1<' in html
    )
    assert html.count(f'href="/volunteer/orders/{order.pk}/"') == 2
    credits = selectors.team_credits(service.team)
    assert {k: (c.visits, c.hours) for k, c in credits.items()} == {
        w.workers["yx_a_1"].pk: (2, Decimal("6.5")),
        w.workers["yx_a_2"].pk: (1, Decimal("4")),
    }
    # Someone who is no worker has no such page.
    client.force_login(w.users["city"])
    assert client.get("/volunteer/mine/").status_code == 404
