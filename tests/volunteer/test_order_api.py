"""The orders' API twin: the whole path through /api/v1/volunteer/orders (posted by the county for
an enterprise, triaged, claimed, served, solved, confirmed by the enterprise, closed), the scope
(another county sees nothing: 404 and an empty list), bad input answered 400 in Chinese with
nothing changed, a refused step a 403 (never a 500), the expenses approved and paid, and the
contact's clear phone in no answer at all."""

import datetime

import pytest
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.core.stats import stats_for
from innovation.funds import services as funds
from innovation.funds.models import LineKind
from innovation.org.models import Region
from innovation.volunteer import services
from innovation.volunteer.models import ServiceOrder

from ..factories import make_user

PHONE = "13812345678"
BASE = "/api/v1/volunteer/orders"


@pytest.fixture
def api(client):
    bodies: list[str] = []

    def call(user, method, url, data=None):
        client.force_login(user)
        response = getattr(client, method)(url, data=data, content_type="application/json")
        bodies.append(response.content.decode())
        return response

    call.bodies = bodies
    yield call
    # Whatever a test asked, the contact's clear phone was in no answer.
    assert all(PHONE not in body for body in bodies)


@pytest.fixture
def unit_b(service):
    """The unit admin of 义县乙 (the enterprise with the problem)."""
    return make_user("t_unit_b", (Role.UNIT_ADMIN, service.world.units["yx_b"].union))


ORDER = {
    "category": "equipment",
    "title": "灌装线液压站频繁停机",
    "description": "液压站油温过高，灌装线每班停机两次，需要诊断并改造冷却系统。",
    "contact_name": "王经理",
    "contact_phone": PHONE,
}


def _post(api, service):
    w = service.world
    created = api(w.users["yixian"], "post", BASE, {**ORDER, "enterprise": w.units["yx_b"].pk})
    assert created.status_code == 201, created.json()
    return created.json()


def _in_service(service) -> ServiceOrder:
    """An order taken to 服务中 through the services (the API is what the test is about)."""
    w = service.world
    order = services.order_post(actor=w.users["yixian"], enterprise=w.units["yx_b"], **ORDER)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"])
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team)
    kernel.run(obj=order, step="start", actor=service.lead)
    return order


def test_the_whole_path_through_the_api(api, service, unit_b):
    w = service.world
    yixian, lead = w.users["yixian"], service.lead
    today = timezone.localdate().isoformat()
    order = _post(api, service)
    url = f"{BASE}/{order['id']}"
    assert (order["state"], order["district_name"], order["contact_phone"]) == (
        "posted",
        "义县",
        "138****5678",
    )
    assert (order["sla_response_hours"], order["sla_resolution_hours"]) == (8, 120)
    assert [c["target_hours"] for c in order["clocks"]] == [8, 120]
    assert {s["step"] for s in order["steps"]} == {"triage", "return", "withdraw"}
    assert [h["action"] for h in order["history"]] == ["post"]

    assert api(yixian, "post", f"{url}/step", {"step": "triage"}).json()["state"] == "triaged"
    matches = api(yixian, "get", f"{url}/matches").json()
    assert [(m["team_name"], m["eligible"], m["score"], m["load"], m["refusals"]) for m in matches] == [
        ("义县甲劳模志愿服务队", True, 40 + 10 + 10 + 20, 0, [])
    ]
    assert "队员专长与问题相符：液压" in matches[0]["reasons"]
    assert api(lead, "get", f"{url}/matches").status_code == 404  # only for whoever triages

    # The leader finds the triaged order in his team's area and claims it.
    assert [o["id"] for o in api(lead, "get", BASE).json()["results"]] == [order["id"]]
    claimed = api(lead, "post", f"{url}/step", {"step": "claim", "team": service.team.pk}).json()
    assert (claimed["state"], claimed["team_name"]) == ("accepted", "义县甲劳模志愿服务队")
    assert claimed["responded_at"] is not None
    assert api(lead, "post", f"{url}/step", {"step": "start"}).json()["state"] == "in_service"

    visit = api(
        lead,
        "post",
        f"{url}/visits",
        {
            "on": today,
            "hours": "4",
            "members": [w.workers["yx_a_1"].pk, w.workers["yx_a_2"].pk],
            "notes": "更换冷却器",
        },
    )
    assert visit.status_code == 201, visit.json()
    assert [(v["hours"], sorted(m["id"] for m in v["members"])) for v in visit.json()["visits"]] == [
        ("4.0", sorted([w.workers["yx_a_1"].pk, w.workers["yx_a_2"].pk]))
    ]
    training = api(
        lead, "post", f"{url}/trainings", {"on": today, "topic": "液压站日常点检", "headcount": 12}
    )
    assert training.status_code == 201, training.json()
    assert [(t["topic"], t["headcount"]) for t in training.json()["trainings"]] == [("液压站日常点检", 12)]

    paused = api(lead, "post", f"{url}/pause", {"reason": "等待企业采购冷却器"}).json()
    assert [c["status"] for c in paused["clocks"]] == ["met", "paused"]
    assert [(p["reason"], p["ended_at"]) for p in paused["pauses"]] == [("等待企业采购冷却器", None)]
    resumed = api(lead, "post", f"{url}/resume").json()
    assert resumed["clocks"][1]["status"] == "running" and resumed["pauses"][0]["ended_at"] is not None

    resolved = api(
        lead,
        "post",
        f"{url}/step",
        {"step": "resolve", "outcome": "solved", "diagnosis": "冷却器结垢", "solution": "更换板式冷却器"},
    ).json()
    assert (resolved["state"], resolved["outcome"], resolved["diagnosis"]) == (
        "resolved",
        "solved",
        "冷却器结垢",
    )
    # The county does not rate the service: only the enterprise does.
    refused = api(yixian, "post", f"{url}/step", {"step": "confirm", "rating": 5})
    assert refused.status_code == 403 and "确认并评价" in refused.json()["detail"]
    confirmed = api(
        unit_b,
        "post",
        f"{url}/step",
        {"step": "confirm", "rating": 5, "comment": "解决及时", "benefit_claimed_fen": 8_000_000},
    ).json()
    assert (confirmed["state"], confirmed["rating"], confirmed["rating_comment"]) == (
        "confirmed",
        5,
        "解决及时",
    )
    assert confirmed["benefit_claimed_fen"] == 8_000_000
    closed = api(yixian, "post", f"{url}/step", {"step": "close", "benefit_verified_fen": 6_000_000}).json()
    assert (closed["state"], closed["benefit_verified_fen"], closed["steps"]) == ("closed", 6_000_000, [])
    assert [h["action"] for h in closed["history"]] == [
        "post",
        "triage",
        "claim",
        "start",
        "resolve",
        "confirm",
        "close",
    ]
    assert [c["status"] for c in closed["clocks"]] == ["met", "met"]
    figures = stats_for(w.users["city"])
    assert (
        figures["service_firms_served"],
        figures["service_problems_solved"],
        figures["service_people_trained"],
    ) == (1, 1, 12)
    listed = api(w.users["city"], "get", f"{BASE}?solved=true&trained=true&state=closed").json()
    assert [(o["id"], o["rating"], o["code"][:2]) for o in listed["results"]] == [(order["id"], 5, "FW")]
    # The clear phone is in no answer, and is still stored.
    assert ServiceOrder.objects.get().contact_phone == PHONE
    assert all(PHONE not in body for body in api.bodies) and len(api.bodies) > 15


def test_another_county_sees_nothing(api, service):
    w = service.world
    heishan = w.users["heishan"]
    order = _post(api, service)
    url = f"{BASE}/{order['id']}"
    assert api(heishan, "get", BASE).json() == {"count": 0, "next": None, "previous": None, "results": []}
    for method, path, data in (
        ("get", url, None),
        ("get", f"{url}/matches", None),
        ("post", f"{url}/step", {"step": "triage"}),
        ("post", f"{url}/step", {"step": "confirm", "rating": 5}),
        ("post", f"{url}/pause", {"reason": "等待"}),
    ):
        assert api(heishan, method, path, data).status_code == 404, path
    assert api(w.users["yixian"], "get", BASE).json()["count"] == 1
    assert api(w.users["city"], "get", f"{BASE}?district={w.heishan.pk}").json()["count"] == 0
    assert api(w.users["city"], "get", f"{BASE}?district={w.yixian.pk}").json()["count"] == 1
    # A county posts for its own enterprises only.
    foreign = api(heishan, "post", BASE, {**ORDER, "enterprise": w.units["yx_b"].pk})
    assert foreign.status_code == 400 and "enterprise" in foreign.json()
    assert ServiceOrder.objects.count() == 1
    assert StepLog.objects.filter(workflow="service_order", step="triage").count() == 0


def test_bad_input_is_a_400_in_chinese_and_changes_nothing(api, service, unit_b):
    w = service.world
    lead = service.lead
    order = _in_service(service)
    url = f"{BASE}/{order.pk}"
    posted = timezone.localdate(order.posted_at)
    logs = StepLog.objects.count()

    def refused(user, path, data, field):
        response = api(user, "post", f"{url}{path}", data)
        assert response.status_code == 400, response.content
        return response.json()[field][0]

    assert refused(lead, "/step", {"step": "fly"}, "step") == "未知的操作「fly」。"
    assert refused(lead, "/step", {"step": "resolve", "outcome": "solved", "diagnosis": "x"}, "solution") == (
        "请填写解决方案或处理意见。"
    )
    assert refused(
        lead, "/trainings", {"on": posted.isoformat(), "topic": "点检", "headcount": -3}, "headcount"
    ) == ("培训人数须为正整数。")
    day_before = posted - datetime.timedelta(days=1)
    assert refused(
        lead,
        "/visits",
        {"on": day_before.isoformat(), "hours": "4", "members": [w.workers["yx_a_1"].pk]},
        "on",
    ) == (f"服务日期（{day_before}）不能早于订单提交日期（{posted}）。")
    stranger = w.workers["hs_a_1"]
    assert refused(
        lead, "/visits", {"on": posted.isoformat(), "hours": "4", "members": [stranger.pk]}, "members"
    ) == (f"编号为{stranger.pk}的职工不是本订单服务队的队员。")
    assert (
        "hours"
        in api(
            lead, "post", f"{url}/visits", {"on": posted.isoformat(), "hours": "1e9", "members": [1]}
        ).json()
    )
    trainees = {
        "on": posted.isoformat(),
        "topic": "点检",
        "headcount": 3,
        "trainees": [w.workers["yx_a_2"].pk],
    }
    assert refused(lead, "/trainings", trainees, "trainees") == (
        f"编号为{w.workers['yx_a_2'].pk}的职工不是该企业的职工。"
    )
    # Someone in scope who does not lead the team is refused before the people he names are read.
    county = api(
        w.users["yixian"],
        "post",
        f"{url}/visits",
        {"on": posted.isoformat(), "hours": "4", "members": [stranger.pk]},
    )
    assert county.status_code == 403
    assert county.json()["detail"] == "只有承接该订单的服务队队长可以登记服务记录。"
    for body in ({"step": "claim", "team": "abc"}, {"step": None}, {"step": "start", "reason": "x" * 6000}):
        assert api(lead, "post", f"{url}/step", body).status_code == 400
    assert (order.visits.count(), order.trainings.count()) == (0, 0)

    services.visit_add(actor=lead, order=order, on=posted, hours="2", members=[w.workers["yx_a_1"]], notes="")
    kernel.run(obj=order, step="resolve", actor=lead, outcome="solved", diagnosis="诊断", solution="方案")
    logs = StepLog.objects.count()
    assert refused(unit_b, "/step", {"step": "confirm", "rating": 7}, "rating") == "请给出1至5分的评价。"
    assert refused(unit_b, "/step", {"step": "confirm"}, "rating") == "请给出1至5分的评价。"
    assert api(unit_b, "post", f"{url}/step", {"step": "confirm", "rating": "five"}).status_code == 400
    county = api(w.users["yixian"], "post", f"{url}/step", {"step": "confirm", "rating": 5})
    assert county.status_code == 403
    assert county.json()["detail"] == "您无权对该服务订单执行「确认并评价」。"
    order.refresh_from_db()
    assert (order.state, order.rating, StepLog.objects.count()) == ("resolved", None, logs)


def test_a_team_outside_the_area_is_refused(api, service):
    w = service.world
    order = services.order_post(actor=w.users["yixian"], enterprise=w.units["yx_b"], **ORDER)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"])
    service.team.districts.set([Region.objects.get(name="黑山县")])
    url = f"{BASE}/{order.pk}"
    matches = api(w.users["yixian"], "get", f"{url}/matches").json()
    assert [(m["eligible"], m["refusals"]) for m in matches] == [(False, ["服务区域不含义县"])]
    refused = api(w.users["yixian"], "post", f"{url}/step", {"step": "dispatch", "team": service.team.pk})
    assert refused.status_code == 400
    assert refused.json() == {"team": ["义县不在义县甲劳模志愿服务队的服务区域内，不能承接该订单。"]}
    missing = api(w.users["yixian"], "post", f"{url}/step", {"step": "dispatch", "team": 99999})
    assert missing.json() == {"team": ["编号为99999的服务队不存在或不在您的权限范围内。"]}
    assert api(w.users["yixian"], "post", f"{url}/step", {"step": "dispatch"}).json() == {
        "team": ["请选择服务队。"]
    }
    order.refresh_from_db()
    assert (order.state, order.team_id) == ("triaged", None)


def test_an_expense_is_proposed_approved_and_paid(api, service):
    w = service.world
    city, lead = w.users["city"], service.lead
    year = timezone.localdate().year
    if year != 2021:
        funds.line_create(
            actor=city,
            union=w.city,
            year=year,
            kind=LineKind.SERVICE,
            name="志愿服务经费",
            amount_fen=5_000_000,
        )
    order = _in_service(service)
    proposed = api(
        lead,
        "post",
        f"{BASE}/{order.pk}/expenses",
        {"kind": "transport", "amount_fen": 12_000, "note": "往返交通", "payee": "义县甲劳模志愿服务队"},
    )
    assert proposed.status_code == 201, proposed.json()
    expense = proposed.json()
    assert (expense["state"], expense["amount_fen"], expense["steps"]) == ("proposed", 12_000, [])
    url = f"/api/v1/volunteer/expenses/{expense['id']}"
    assert api(lead, "post", f"{url}/step", {"step": "approve"}).status_code in (403, 404)
    assert api(city, "post", f"{url}/step", {"step": "pay"}).json()["step"] == ["未知的操作「pay」。"]
    assert api(
        city, "post", f"{url}/pay", {"paid_on": timezone.localdate().isoformat(), "voucher_no": "记-1"}
    ).json() == {"detail": ["该笔经费尚未批准列支，不能支付。"]}
    approved = api(city, "post", f"{url}/step", {"step": "approve"}).json()
    assert (approved["state"], approved["paid_fen"]) == ("approved", 0)
    assert [h["action"] for h in approved["history"]] == ["approve"]
    paid = api(
        city, "post", f"{url}/pay", {"paid_on": timezone.localdate().isoformat(), "voucher_no": "记-1"}
    )
    assert paid.status_code == 201, paid.json()
    assert paid.json()["amount_fen"] == 12_000
    detail = api(city, "get", f"{BASE}/{order.pk}").json()
    assert [(e["kind_label"], e["state"], e["paid_fen"]) for e in detail["expenses"]] == [
        ("交通费", "approved", 12_000)
    ]
    assert api(w.users["heishan"], "get", url).status_code == 404
    assert api(w.users["heishan"], "get", "/api/v1/volunteer/expenses").json()["count"] == 0
    assert api(city, "get", "/api/v1/volunteer/expenses?state=approved").json()["count"] == 1
    assert api(city, "get", "/api/v1/volunteer/expenses?colour=red").status_code == 400
