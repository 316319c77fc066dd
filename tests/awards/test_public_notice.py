"""The public notice (公示) needs no login (issue 8, defect 15): titles, units, authors' names and
grades, nothing else about anyone; the public objects with real name and phone (the phone
encrypted and masked like all personal data), rate-limited per address; the city answers
those objections as it answers the signed-in ones."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client

from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import services
from innovation.awards.models import Decision, Objection
from innovation.core import pii
from innovation.notifications.models import Notification

from . import decision_world as support
from .decision_world import line_of, to_locked, to_notice

city2 = support.city2
ranked = support.ranked

PHONE = "13945678901"


def form(target, **changes):
    data = {
        "objection-line": target.pk,
        "objection-name": "张三",
        "objection-phone": PHONE,
        "objection-reason": "该成果的经济效益计算依据不足。",
    }
    data.update({f"objection-{key}": value for key, value in changes.items()})
    return data


def test_anyone_reads_the_notice_without_signing_in(world, ranked):
    decision = to_notice(ranked)
    anonymous = Client()

    listing = anonymous.get("/notices/")
    page = anonymous.get(f"/notices/{decision.pk}/")

    assert listing.status_code == 200 and f'href="/notices/{decision.pk}/"' in listing.content.decode()
    assert "10 项成果" in listing.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    rows = html.count('<tr id="notice-line-')
    assert rows == 10  # the ten awarded items, not the two without a grade
    first = ranked.items[0]
    assert first.title in html and first.enterprise.name in html and "一等奖" in html
    assert world.workers["yx_a_1"].name in html  # the author's name
    assert ranked.items[10].title not in html  # not awarded: not on the notice
    # Nothing else about anyone: no ID or phone number, masked or not, no post.
    for worker in world.workers.values():
        for secret in (worker.id_number_masked, worker.phone_masked, worker.id_number, worker.phone):
            assert secret not in html
    assert "钳工" not in html


def test_a_decision_not_published_is_not_found(world, ranked):
    decision = to_locked(ranked)

    assert Client().get(f"/notices/{decision.pk}/").status_code == 404
    assert f"/notices/{decision.pk}/" not in Client().get("/notices/").content.decode()


def test_the_public_objects_with_name_and_phone_and_the_phone_is_kept_encrypted(world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[0])

    response = Client().post(f"/notices/{decision.pk}/objection/", form(line), follow=True)

    assert response.redirect_chain == [(f"/notices/{decision.pk}/", 302)]
    objection = Objection.objects.get()
    assert "您对「" in response.content.decode() and f"（编号 {objection.pk}）" in response.content.decode()
    assert (objection.raised_by, objection.public_name, objection.phone) == (None, "张三", PHONE)
    assert (objection.phone_masked, objection.phone_hash) == ("139****8901", pii.keyed_hash(PHONE))
    assert objection.objector == "张三（公众，139****8901）"
    assert objection.line == line and objection.state == Objection.State.OPEN
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM awards_objection WHERE id = %s", [objection.pk])
        (stored,) = cursor.fetchone()
    assert PHONE not in stored and pii.decrypt(stored) == PHONE
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="awards.objection")
    assert created.actor is None and created.changes["phone_masked"] == [None, "139****8901"]
    assert PHONE not in json.dumps(
        list(AuditEntry.objects.values_list("changes", "detail")), ensure_ascii=False
    )
    admins = set(
        Notification.objects.filter(title__startswith="公示异议").values_list("user__username", flat=True)
    )
    assert admins == {"t_city", "t_city2"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "该字段是必填项。"),
        ({"name": "张"}, "name", "请填写您的真实姓名。"),
        ({"phone": "12345"}, "phone", "请输入11位手机号码或带区号的固定电话。"),
        ({"reason": "   "}, "reason", "该字段是必填项。"),
        ({"line": "999999"}, "line", "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, ranked, changes, field, message):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[0])

    response = Client().post(f"/notices/{decision.pk}/objection/", form(line, **changes))

    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert not Objection.objects.exists()


def test_an_item_without_a_grade_cannot_be_objected_to_from_the_public_page(world, ranked):
    decision = to_notice(ranked)
    not_awarded = line_of(decision, ranked.items[11])

    response = Client().post(f"/notices/{decision.pk}/objection/", form(not_awarded))

    assert response.status_code == 400 and not Objection.objects.exists()


def test_after_the_notice_the_public_form_is_gone_and_a_late_objection_is_refused(world, ranked, monkeypatch):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[0])
    Decision.objects.filter(pk=decision.pk).update(
        notice_starts=decision.notice_starts - datetime.timedelta(days=30),
        notice_ends=decision.notice_starts - datetime.timedelta(days=1),
    )
    client = Client()

    page = client.get(f"/notices/{decision.pk}/").content.decode()
    late = client.post(f"/notices/{decision.pk}/objection/", form(line))

    assert 'id="public-objection"' not in page and "公示期已结束，不再受理异议。" in page
    assert late.status_code == 400 and "公示期已结束，不再受理异议。" in late.content.decode()
    assert not Objection.objects.exists()
    refused = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert refused.detail.startswith("awards.public_objection refused: 公示期为")


def test_five_objections_an_hour_from_one_address(world, ranked, settings):
    assert settings.OBJECTION_RATE_LIMIT == 5
    decision = to_notice(ranked)
    client = Client()
    lines = [line_of(decision, item) for item in ranked.items[:6]]

    statuses = [client.post(f"/notices/{decision.pk}/objection/", form(line)).status_code for line in lines]

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert Objection.objects.count() == 5
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post(f"/notices/{decision.pk}/objection/", form(lines[5])).status_code == 302


def test_the_city_sees_and_answers_a_public_objection(client, world, ranked):
    decision = to_notice(ranked)
    Client().post(f"/notices/{decision.pk}/objection/", form(line_of(decision, ranked.items[0])))
    objection = Objection.objects.get()
    client.force_login(world.users["city"])

    listing = client.get("/awards/objections/").content.decode()
    exported = client.get("/awards/objections/?export=xlsx")
    client.post(
        f"/awards/objections/{objection.pk}/answer/", {"upheld": "false", "answer": "经核实，效益计算有据。"}
    )

    assert "张三（公众，139****8901）" in listing and PHONE not in listing
    assert exported.status_code == 200
    objection.refresh_from_db()
    assert (objection.state, objection.answered_by) == (Objection.State.DISMISSED, world.users["city"])


def test_signed_in_objections_work_as_before(client, world, ranked):
    decision = to_notice(ranked)
    client.force_login(world.users["worker"])

    client.post(
        f"/awards/notices/{decision.pk}/objection/",
        {"line": line_of(decision, ranked.items[0]).pk, "reason": "成果非原创"},
    )

    objection = Objection.objects.get()
    assert (objection.raised_by, objection.public_name, objection.phone) == (world.users["worker"], "", "")
    assert objection.objector == str(world.users["worker"])


def test_the_login_page_links_the_public_pages(client):
    html = client.get("/accounts/login/").content.decode()

    for href in ('href="/notices/"', 'href="/verify/"', 'href="/studios/verify/"'):
        assert href in html


def test_a_locked_decision_offers_no_budget_line_and_the_service_refuses_one(client, world, ranked):
    from django.core.exceptions import ValidationError

    draft = services.propose(campaign=ranked.campaign, actor=ranked.city)
    client.force_login(world.users["city"])
    assert 'id="budget-submit"' in client.get(f"/awards/decisions/{draft.pk}/").content.decode()

    decision = to_locked(ranked)

    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert decision.state == Decision.State.LOCKED
    assert 'id="budget-submit"' not in html and 'name="budget_line"' not in html
    with pytest.raises(ValidationError, match="不能更换奖金列支科目"):
        services.set_budget_line(decision=decision, line=ranked.line, actor=ranked.city)
