"""The SLA clock of an order, worked out by hand on the office calendar (08:30–12:00 and
13:30–17:30, 7.5 working hours a day; 2021-10-01..07 National Day holidays, Saturday 10-09 a
make-up working day): the deadlines, a pause moving them by exactly the paused working time,
the clocks, the overdue queue and the reminders (once a day), the reminder command."""

import datetime

from django.core.management import call_command

from innovation.core import workflow as kernel
from innovation.notifications.models import Notification
from innovation.volunteer import services, sla
from innovation.volunteer.models import ServiceOrder
from innovation.volunteer.selectors import overdue_q

from .conftest import at

D = datetime.date
THURSDAY = at(2021, 9, 30, 16, 0)


def post(service, title="液压站停机", now=THURSDAY):
    w = service.world
    return services.order_post(
        actor=w.users["yixian"],
        enterprise=w.units["yx_b"],
        category="equipment",
        title=title,
        description="液压站油温过高。",
        contact_name="王经理",
        contact_phone="13812345678",
        now=now,
    )


def claim(service, order, now):
    kernel.run(obj=order, step="triage", actor=service.world.users["yixian"], now=now)
    kernel.run(obj=order, step="claim", actor=service.lead, team=service.team, now=now)
    return order


def test_the_deadlines_across_national_day(service):
    order = post(service)
    # Response, 8 h: Thu 09-30 16:00–17:30 (1.5 h); 10-01..07 holidays; Fri 10-08 08:30–12:00
    # (3.5 h, 5.0) and 13:30–16:30 (3.0 h, 8.0).
    assert order.response_due == at(2021, 10, 8, 16, 30)
    # Resolution, 120 h: 09-30 1.5; Fri 10-08 7.5 (9.0); Sat 10-09, a make-up day, 7.5 (16.5);
    # 10-11..15 37.5 (54.0); 10-18..22 37.5 (91.5); 10-25..27 22.5 (114.0); Thu 10-28
    # 08:30–12:00 (117.5) and 13:30–16:00 (120.0).
    assert order.resolution_due == at(2021, 10, 28, 16, 0)
    order.refresh_from_db()
    assert (order.response_due, order.resolution_due) == (at(2021, 10, 8, 16, 30), at(2021, 10, 28, 16, 0))


def test_a_pause_moves_the_deadlines_by_the_paused_working_time(service):
    order = claim(service, post(service), at(2021, 9, 30, 17, 0))
    services.pause_start(actor=service.lead, order=order, reason="等配件到货", now=at(2021, 10, 8, 10, 0))
    order.refresh_from_db()
    assert (order.response_due, order.resolution_due) == (None, None)
    response, resolution = sla.clocks(order, at(2021, 10, 8, 11, 0))
    # Response: done at 09-30 17:00, one working hour after posting.
    assert (response.status, response.used_seconds, response.used_hours, response.left_hours) == (
        "met",
        3600,
        1.0,
        7.0,
    )
    # Resolution: 09-30 16:00–17:30 and 10-08 08:30–10:00, then the clock stands still.
    assert (resolution.status, resolution.used_seconds, resolution.used_hours, resolution.left_hours) == (
        "paused",
        3 * 3600,
        3.0,
        117.0,
    )
    assert resolution.status_label == "暂停计时（等待企业）"
    assert ServiceOrder.objects.filter(overdue_q(at(2022, 1, 1))).count() == 0
    # Paused 10-08 10:00 to 10-09 10:00: 10:00–12:00, 13:30–17:30, 08:30–10:00 = 7.5 working hours.
    services.pause_end(actor=service.lead, order=order, now=at(2021, 10, 9, 10, 0))
    order.refresh_from_db()
    # 10-28 16:00 + 7.5 h: 16:00–17:30 (1.5), Fri 10-29 08:30–12:00 (5.0), 13:30–16:00 (7.5).
    assert order.resolution_due == at(2021, 10, 29, 16, 0)
    # 10-08 16:30 + 7.5 h: 16:30–17:30 (1.0), Sat 10-09 08:30–12:00 (4.5), 13:30–16:30 (7.5).
    assert order.response_due == at(2021, 10, 9, 16, 30)
    response, resolution = sla.clocks(order, at(2021, 10, 11, 9, 30))
    # 1.5 + 1.5 + 10-09 10:00–12:00 and 13:30–17:30 (6.0) + 10-11 08:30–09:30 (1.0) = 10 h.
    assert (resolution.status, resolution.used_seconds, resolution.left_hours) == (
        "running",
        10 * 3600,
        110.0,
    )
    assert (response.status, response.used_seconds) == ("met", 3600)
    # A second pause of a whole working day (Mon 10-11 08:30 to Tue 10-12 08:30) moves it by 7.5 h more.
    services.pause_start(actor=service.lead, order=order, reason="等停线", now=at(2021, 10, 11, 8, 30))
    services.pause_end(actor=service.lead, order=order, now=at(2021, 10, 12, 8, 30))
    order.refresh_from_db()
    # 10-29 16:00 + 7.5 h: 16:00–17:30 (1.5), Mon 11-01 08:30–12:00 (5.0), 13:30–16:00 (7.5).
    assert order.resolution_due == at(2021, 11, 1, 16, 0)


def test_an_open_order_past_its_response_deadline_is_overdue(service):
    order = post(service)
    (response, _resolution) = sla.clocks(order, at(2021, 10, 8, 17, 0))
    # 1.5 h on 09-30, 08:30–12:00 and 13:30–17:00 on 10-08: 8.5 h of 8.
    assert (response.status, response.used_seconds, response.left_hours) == ("overdue", 30600, -0.5)
    assert list(ServiceOrder.objects.filter(overdue_q(at(2021, 10, 8, 16, 30)))) == []
    assert list(ServiceOrder.objects.filter(overdue_q(at(2021, 10, 8, 16, 31)))) == [order]


def orders(service):
    """At Fri 10-29 09:00: `late` was never taken (response due 10-08 16:30), `slow` was taken
    but not done (resolution due 10-28 16:00), `paused` waits for its enterprise since 10-08,
    `done` was resolved in time, `early` was posted 10-28 (response due 10-29 09:30: 09:00–12:00, 13:30–17:30, 08:30–09:30)."""
    w = service.world
    late = post(service, "无人认领")
    slow = claim(service, post(service, "未完成"), at(2021, 9, 30, 17, 0))
    paused = claim(service, post(service, "等待企业"), at(2021, 9, 30, 17, 0))
    services.pause_start(actor=service.lead, order=paused, reason="等配件", now=at(2021, 10, 8, 10, 0))
    service.team.capacity = 5
    service.team.save(update_fields=["capacity"])
    done = claim(service, post(service, "已完成"), at(2021, 9, 30, 17, 0))
    kernel.run(obj=done, step="start", actor=service.lead, now=at(2021, 10, 8, 9, 0))
    services.visit_add(
        actor=service.lead,
        order=done,
        on=D(2021, 10, 8),
        hours="3",
        members=[w.workers["yx_a_1"]],
        now=at(2021, 10, 8, 17, 0),
    )
    kernel.run(
        obj=done,
        step="resolve",
        actor=service.lead,
        outcome="solved",
        diagnosis="结垢",
        solution="更换冷却器",
        now=at(2021, 10, 9, 9, 0),
    )
    early = post(service, "新需求", now=at(2021, 10, 28, 9, 0))
    return late, slow, paused, done, early


def reminders_of(user) -> int:
    return Notification.objects.filter(user=user, title__startswith="服务订单超时提醒").count()


def test_the_overdue_queue_and_the_reminders(service):
    w = service.world
    late, slow, _paused, _done, _early = orders(service)
    now = at(2021, 10, 29, 9, 0)
    assert sorted(ServiceOrder.objects.filter(overdue_q(now)).values_list("pk", flat=True)) == sorted(
        [late.pk, slow.pk]
    )
    assert services.send_reminders(now) == 2
    # The county union of both; the team's leader of the one his team has.
    assert (reminders_of(w.users["yixian"]), reminders_of(service.lead), reminders_of(w.users["city"])) == (
        2,
        1,
        0,
    )
    assert Notification.objects.filter(title__startswith="服务订单超时提醒").count() == 3
    late.refresh_from_db()
    assert late.reminded_at == now
    # Not again within a day (`early` is due at 09:30).
    assert services.send_reminders(now + datetime.timedelta(minutes=20)) == 0
    assert Notification.objects.filter(title__startswith="服务订单超时提醒").count() == 3
    # A day later, again, and `early` too now (it has no team: the county only).
    assert services.send_reminders(now + datetime.timedelta(hours=24, minutes=1)) == 3
    assert (reminders_of(w.users["yixian"]), reminders_of(service.lead)) == (5, 2)


def test_the_reminder_command(service, capsys):
    w = service.world
    orders(service)
    call_command("service_reminders")
    # Today every open order past a deadline is reminded: all but the paused and the done one.
    assert capsys.readouterr().out == "reminded 3\n"
    assert (reminders_of(w.users["yixian"]), reminders_of(service.lead)) == (3, 1)
    call_command("service_reminders")
    assert capsys.readouterr().out == "reminded 0\n"
    assert Notification.objects.filter(title__startswith="服务订单超时提醒").count() == 4
