"""The order pages: the scoped list and its Excel export, the posting form, the order's page for
each who sees it, its step buttons, the service record's forms, attachments uploaded and
downloaded again, and the overdue queue."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from innovation.core import workflow as kernel
from innovation.core.navigation import menu_for
from innovation.volunteer import services
from innovation.volunteer.models import OrderAttachment, ServiceOrder, ServiceTraining, ServiceVisit

from .conftest import at

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(service, unit="yx_b", user="yixian", **over):
    w = service.world
    data = {
        "enterprise": w.units[unit],
        "category": "equipment",
        "title": "灌装线液压站频繁停机",
        "description": "液压站油温过高，需要诊断并改造冷却系统。",
        "contact_name": "王经理",
        "contact_phone": "13812345678",
        "now": at(2021, 9, 27, 9, 0),
    }
    data.update(over)
    return services.order_post(actor=w.users[user], **data)


def claimed(service, **over):
    """An order triaged by the county and claimed by the team (accepted)."""
    w = service.world
    order = post(service, **over)
    kernel.run(obj=order, step="triage", actor=w.users["yixian"], now=at(2021, 9, 27, 10, 0))
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team, now=at(2021, 9, 27, 11, 0))
    return order


def links(html: str, orders) -> list[int]:
    return [o.pk for o in orders if f'href="/volunteer/orders/{o.pk}/"' in html]


def test_list_and_export_are_the_same_scoped_rows(service, client):
    w = service.world
    a = post(service, title="数控机床主轴异响")
    b = post(service, unit="yx_a", title="焊接变形控制")
    c = post(service, unit="hs_a", user="heishan", title="反应釜温控")
    client.force_login(w.users["yixian"])
    page = client.get("/volunteer/orders/")
    html = page.content.decode()
    assert page.status_code == 200
    assert links(html, [a, b, c]) == [a.pk, b.pk]
    assert 'href="/volunteer/orders/new/"' in html and 'href="/volunteer/orders/overdue/"' in html
    assert "13812345678" not in html
    found = client.get("/volunteer/orders/", {"q": "焊接"}).content.decode()
    assert links(found, [a, b, c]) == [b.pk]
    export = client.get("/volunteer/orders/", {"q": "焊接", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [b.code]
    assert rows[1][10] == "138****5678" and "13812345678" not in [str(v) for v in rows[1]]
    everything = client.get("/volunteer/orders/", {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(everything.content)).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted([a.code, b.code])
    # 黑山县 sees its own order and none of 义县's.
    client.force_login(w.users["heishan"])
    assert links(client.get("/volunteer/orders/").content.decode(), [a, b, c]) == [c.pk]
    rows = list(
        load_workbook(io.BytesIO(client.get("/volunteer/orders/?export=xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    assert [r[0] for r in rows[1:]] == [c.code]
    assert client.get(f"/volunteer/orders/{a.pk}/").status_code == 404


def _form(service, **over):
    data = {
        "enterprise": service.world.units["yx_b"].pk,
        "category": "equipment",
        "title": "包装机频繁卡料",
        "description": "包装机每小时卡料三次。",
        "contact_name": "李主任",
        "contact_phone": "13900001111",
    }
    data.update(over)
    return data


def test_the_form_posts_an_order_with_its_file(service, client):
    client.force_login(service.world.users["yixian"])
    assert client.get("/volunteer/orders/new/").status_code == 200
    upload = SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")
    response = client.post("/volunteer/orders/new/", {**_form(service), "files": [upload]})
    order = ServiceOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/volunteer/orders/{order.pk}/"
    assert (order.title, order.contact_phone_masked, order.state) == (
        "包装机频繁卡料",
        "139****1111",
        "posted",
    )
    assert list(order.attachments.values_list("original_name", flat=True)) == ["现场照片.png"]


def test_bad_input_is_refused_in_chinese_and_creates_nothing(service, client):
    client.force_login(service.world.users["yixian"])
    bad_phone = client.post("/volunteer/orders/new/", _form(service, contact_phone="12345"))
    assert bad_phone.status_code == 400
    assert "手机" in bad_phone.content.decode() or "电话" in bad_phone.content.decode()
    no_title = client.post("/volunteer/orders/new/", _form(service, title=""))
    assert no_title.status_code == 400 and "该字段是必填项" in no_title.content.decode()
    # An enterprise out of the county's scope is no choice at all.
    other = client.post("/volunteer/orders/new/", _form(service, enterprise=service.world.units["hs_a"].pk))
    assert other.status_code == 400 and "选择一个有效的选项" in other.content.decode()
    # A file of the wrong real type: the order is not posted either.
    fake = SimpleUploadedFile("图纸.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    wrong = client.post("/volunteer/orders/new/", {**_form(service), "files": [fake]})
    assert wrong.status_code == 400 and "实际类型不被接受" in wrong.content.decode()
    assert (ServiceOrder.objects.count(), OrderAttachment.objects.count()) == (0, 0)


def test_the_page_shows_for_the_team_lead_the_unit_and_the_county(service, client):
    w = service.world
    order = claimed(service, unit="yx_a")
    for user in (service.lead, w.users["unit"], w.users["yixian"], w.users["city"]):
        client.force_login(user)
        page = client.get(f"/volunteer/orders/{order.pk}/")
        html = page.content.decode()
        assert page.status_code == 200, user
        assert "138****5678" in html and "13812345678" not in html
        assert html.count('id="clock-') == 2
    client.force_login(w.users["heishan"])
    assert client.get(f"/volunteer/orders/{order.pk}/").status_code == 404


def test_step_buttons_triage_then_claim(service, client):
    w = service.world
    order = post(service)
    client.force_login(w.users["yixian"])
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert 'id="step-triage"' in html and 'id="step-claim"' not in html
    response = client.post(f"/volunteer/orders/{order.pk}/step/triage/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "triaged"
    # The county sees the matching panel with one 派单 button per eligible team.
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert html.count('id="dispatch-') == 1 and f'id="dispatch-{service.team.pk}"' in html
    # The team leader claims it for his team; a claim without a team is refused, nothing changes.
    client.force_login(service.lead)
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert 'id="step-claim"' in html and 'id="matches"' not in html
    refused = client.post(f"/volunteer/orders/{order.pk}/step/claim/", {"claim-team": ""})
    assert refused.status_code == 400
    order.refresh_from_db()
    assert order.state == "triaged"
    done = client.post(f"/volunteer/orders/{order.pk}/step/claim/", {"claim-team": service.team.pk})
    assert done.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.team_id) == ("accepted", service.team.pk)
    # A step the user may not take is refused in Chinese, 400.
    client.force_login(w.users["yixian"])
    wrong = client.post(f"/volunteer/orders/{order.pk}/step/accept/")
    assert wrong.status_code == 400
    order.refresh_from_db()
    assert order.state == "accepted"


def test_visit_and_training_forms_of_the_team_leader(service, client):
    w = service.world
    order = claimed(service)
    client.force_login(service.lead)
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert 'id="visit-add"' in html and 'id="training-add"' in html
    visit = {
        "visit-on": "2021-09-28",
        "visit-hours": "3.5",
        "visit-members": [w.workers["yx_a_1"].pk, w.workers["yx_a_2"].pk],
        "visit-notes": "更换冷却器",
    }
    assert client.post(f"/volunteer/orders/{order.pk}/visits/", visit).status_code == 302
    too_long = client.post(f"/volunteer/orders/{order.pk}/visits/", {**visit, "visit-hours": "30"})
    assert too_long.status_code == 400
    assert ServiceVisit.objects.filter(order=order).count() == 1
    training = {
        "training-on": "2021-09-28",
        "training-topic": "液压站点检",
        "training-headcount": "12",
        "training-trainees": [w.workers["yx_b_1"].pk],
    }
    assert client.post(f"/volunteer/orders/{order.pk}/trainings/", training).status_code == 302
    early = client.post(f"/volunteer/orders/{order.pk}/trainings/", {**training, "training-on": "2021-09-01"})
    assert early.status_code == 400 and "不能早于订单提交日期" in early.content.decode()
    # Only the enterprise's own workers can be named among the trainees.
    stranger = client.post(
        f"/volunteer/orders/{order.pk}/trainings/",
        {**training, "training-trainees": [w.workers["hs_a_1"].pk]},
    )
    assert stranger.status_code == 400
    assert list(ServiceTraining.objects.values_list("topic", "headcount")) == [("液压站点检", 12)]
    assert list(ServiceTraining.objects.get().trainees.values_list("pk", flat=True)) == [
        w.workers["yx_b_1"].pk
    ]
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert w.workers["yx_b_1"].name in html
    # Someone else (the county) has no such forms, and a post of his is refused.
    client.force_login(w.users["yixian"])
    html = client.get(f"/volunteer/orders/{order.pk}/").content.decode()
    assert 'id="visit-add"' not in html
    assert client.post(f"/volunteer/orders/{order.pk}/visits/", visit).status_code == 400
    assert ServiceVisit.objects.filter(order=order).count() == 1
    # The team page shows the order and each member's credits.
    client.force_login(service.lead)
    team = client.get(f"/volunteer/teams/{service.team.pk}/").content.decode()
    assert f'href="/volunteer/orders/{order.pk}/"' in team
    assert f'id="credit-hours-{w.workers["yx_a_2"].pk}">3.5<' in team


def test_an_attachment_is_downloaded_again_byte_for_byte(service, client):
    order = post(service)
    client.force_login(service.world.users["yixian"])
    upload = SimpleUploadedFile("图纸.png", PNG, content_type="image/png")
    response = client.post(f"/volunteer/orders/{order.pk}/attachments/", {"attachment-file": upload})
    assert response.status_code == 302
    attachment = OrderAttachment.objects.get()
    download = client.get(f"/volunteer/orders/{order.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    fake = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00 an exe", content_type="application/pdf")
    wrong = client.post(f"/volunteer/orders/{order.pk}/attachments/", {"attachment-file": fake})
    assert wrong.status_code == 400 and "实际类型不被接受" in wrong.content.decode()
    assert OrderAttachment.objects.count() == 1
    # Out of scope: the file is not found either.
    client.force_login(service.world.users["heishan"])
    assert client.get(f"/volunteer/orders/{order.pk}/attachments/{attachment.pk}/").status_code == 404


def test_the_overdue_queue_lists_an_overdue_order_and_not_a_paused_one(service, client):
    late = post(service, title="逾期未受理")
    paused = claimed(service, title="等待企业备件")
    services.pause_start(actor=service.lead, order=paused, reason="等待进口备件", now=at(2021, 9, 27, 14, 0))
    client.force_login(service.world.users["yixian"])
    html = client.get("/volunteer/orders/overdue/").content.decode()
    assert links(html, [late, paused]) == [late.pk]
    page = client.get(f"/volunteer/orders/{paused.pk}/").content.decode()
    assert 'id="paused-badge"' in page and "暂停计时（等待企业）" in page
    # 黑山县 has no overdue order of 义县's.
    client.force_login(service.world.users["heishan"])
    assert links(client.get("/volunteer/orders/overdue/").content.decode(), [late, paused]) == []


def _menu_urls(user) -> list[str]:
    return [item["url"] for group in menu_for(user) for item in group["items"]]


def test_the_menu_leads_a_team_leader_and_the_unions_to_the_orders(service):
    w = service.world
    for user in (service.lead, w.users["yixian"], w.users["city"]):
        assert _menu_urls(user).count("/volunteer/orders/") == 1, user
    # A worker who leads no team finds his service on his own page, not in the menu.
    assert "/volunteer/orders/" not in _menu_urls(w.users["worker"])


def test_the_rest_of_the_path_through_the_page(service, client):
    w = service.world
    order = claimed(service, unit="yx_a")
    url = f"/volunteer/orders/{order.pk}/"
    client.force_login(service.lead)
    assert client.post(url + "step/start/").status_code == 302
    assert client.post(url + "pause/", {"pause-reason": "等待备件"}).status_code == 302
    assert 'id="resume"' in client.get(url).content.decode()
    assert client.post(url + "resume/").status_code == 302
    assert order.pauses.filter(ended_at=None).count() == 0
    # Resolving without a visit is refused on the form, in Chinese.
    resolve = {
        "resolve-outcome": "solved",
        "resolve-diagnosis": "冷却器结垢",
        "resolve-solution": "更换冷却器",
    }
    refused = client.post(url + "step/resolve/", resolve)
    assert refused.status_code == 400 and "尚未登记上门服务记录" in refused.content.decode()
    services.visit_add(
        actor=service.lead, order=order, on=D(2021, 9, 28), hours="4", members=[w.workers["yx_a_1"]]
    )
    assert client.post(url + "step/resolve/", resolve).status_code == 302
    expense = {
        "expense-kind": "transport",
        "expense-amount": "120.50",
        "expense-note": "往返车费",
        "expense-payee": "义县甲",
    }
    assert client.post(url + "expenses/", expense).status_code == 302
    spent = order.expenses.get()
    assert spent.amount_fen == 12050
    client.force_login(w.users["unit"])
    confirm = {"confirm-rating": "5", "confirm-comment": "及时", "confirm-benefit_claimed": "80000"}
    assert client.post(url + "step/confirm/", {**confirm, "confirm-rating": "9"}).status_code == 400
    assert client.post(url + "step/confirm/", confirm).status_code == 302
    client.force_login(w.users["city"])
    html = client.get(url).content.decode()
    assert f'id="expense-{spent.pk}-approve"' in html
    assert client.post(url + f"expenses/{spent.pk}/step/approve/").status_code == 302
    html = client.get(url).content.decode()
    assert f'id="expense-{spent.pk}-pay"' in html
    pay = {f"pay-{spent.pk}-paid_on": "2021-10-10", f"pay-{spent.pk}-voucher_no": "记-0001"}
    assert client.post(url + f"expenses/{spent.pk}/pay/", pay).status_code == 302
    spent.refresh_from_db()
    assert (spent.state, spent.commitment.paid_fen) == ("approved", 12050)
    too_much = client.post(url + "step/close/", {"close-benefit_verified": "90000"})
    assert too_much.status_code == 400 and "不能超过企业申报的效益" in too_much.content.decode()
    assert client.post(url + "step/close/", {"close-benefit_verified": "60000"}).status_code == 302
    order.refresh_from_db()
    assert (order.state, order.rating, order.benefit_claimed_fen, order.benefit_verified_fen) == (
        "closed",
        5,
        8_000_000,
        6_000_000,
    )
