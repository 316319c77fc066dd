"""The city's calendar, working hours and SLA targets: written by the city admin only, bad input
refused with a clear message and nothing changed, the page shows the year and takes each form."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditEntry
from innovation.volunteer import services
from innovation.volunteer.calendar import sla_target, work_calendar
from innovation.volunteer.models import CalendarDay, SlaTarget, WorkingHours

D = datetime.date
T = datetime.time


@pytest.fixture
def hours(world):
    return services.working_hours_add(
        actor=world.users["city"],
        effective_from=D(2019, 1, 1),
        morning_start=T(8, 30),
        morning_end=T(12),
        afternoon_start=T(13, 30),
        afternoon_end=T(17, 30),
    )


def test_the_calendar_is_built_from_the_rows(world, hours):
    city = world.users["city"]
    for day in range(1, 8):
        services.calendar_day_set(actor=city, date=D(2021, 10, day), kind="holiday", name="国庆节")
    services.calendar_day_set(actor=city, date=D(2021, 10, 9), kind="workday", name="国庆节")
    calendar = work_calendar(D(2021, 10, 1))
    assert calendar.day_seconds == 27000
    assert [calendar.is_working_day(D(2021, 10, d)) for d in (1, 8, 9, 10)] == [False, True, True, False]
    # Entering a day again changes it (one row per date), and every write is audited.
    services.calendar_day_set(actor=city, date=D(2021, 10, 9), kind="holiday", name="国庆节")
    assert CalendarDay.objects.get(date=D(2021, 10, 9)).kind == "holiday"
    assert CalendarDay.objects.count() == 8
    assert AuditEntry.objects.filter(object_type="volunteer.calendarday").count() == 9
    with pytest.raises(ValidationError) as none:
        work_calendar(D(2018, 12, 31))
    assert none.value.messages == ["尚未设定2018-12-31适用的工作时间，请市总工会先设定。"]


def test_the_target_in_force_is_the_latest_before_the_day(world):
    city = world.users["city"]
    services.sla_target_add(
        actor=city, category="safety", effective_from=D(2019, 8, 1), response_hours=8, resolution_hours=80
    )
    services.sla_target_add(
        actor=city, category="safety", effective_from=D(2021, 3, 1), response_hours=4, resolution_hours=40
    )
    assert sla_target("safety", D(2021, 2, 28)).response_hours == 8
    assert sla_target("safety", D(2021, 3, 1)).response_hours == 4
    assert sla_target("energy", D(2021, 3, 1)) is None


@pytest.mark.parametrize(
    ("write", "kwargs", "errors"),
    [
        (
            "calendar_day_set",
            {"date": D(2021, 10, 8), "kind": "workday", "name": "国庆节"},
            {"kind": ["2021-10-08是工作日，本来就上班，无需登记为调休上班。"]},
        ),
        (
            "calendar_day_set",
            {"date": D(2021, 10, 9), "kind": "rest", "name": "国庆节"},
            {"kind": ["请选择法定节假日或调休上班。"]},
        ),
        (
            "calendar_day_set",
            {"date": D(2021, 10, 9), "kind": "holiday", "name": " "},
            {"name": ["请填写节日名称，如“国庆节”。"]},
        ),
        (
            "calendar_day_set",
            {"date": "2021-10-09", "kind": "holiday", "name": "国庆节"},
            {"date": ["请填写日期。"]},
        ),
        (
            "sla_target_add",
            {"category": "x", "effective_from": D(2021, 1, 1), "response_hours": 8, "resolution_hours": 80},
            {"category": ["请选择问题类别。"]},
        ),
        (
            "sla_target_add",
            {
                "category": "safety",
                "effective_from": D(2021, 1, 1),
                "response_hours": 0,
                "resolution_hours": 80,
            },
            {"response_hours": ["时限须为1至2000个工作小时。"]},
        ),
        (
            "sla_target_add",
            {
                "category": "safety",
                "effective_from": D(2021, 1, 1),
                "response_hours": 90,
                "resolution_hours": 80,
            },
            {"resolution_hours": ["解决时限不能短于响应时限。"]},
        ),
        (
            "working_hours_add",
            {
                "effective_from": D(2021, 1, 1),
                "morning_start": T(9),
                "morning_end": T(12),
                "afternoon_start": T(11),
                "afternoon_end": T(17),
            },
            {"afternoon_start": ["上下班时间须依次为：上午上班、上午下班、下午上班、下午下班。"]},
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, write, kwargs, errors):
    before = (CalendarDay.objects.count(), SlaTarget.objects.count(), WorkingHours.objects.count())
    with pytest.raises(ValidationError) as refused:
        getattr(services, write)(actor=world.users["city"], **kwargs)
    assert refused.value.message_dict == errors
    assert (CalendarDay.objects.count(), SlaTarget.objects.count(), WorkingHours.objects.count()) == before
    assert AuditEntry.objects.filter(action="refused", detail__startswith="volunteer.").count() == 1


def test_a_second_row_for_the_same_start_is_refused(world, hours):
    with pytest.raises(ValidationError) as twice:
        services.working_hours_add(
            actor=world.users["city"],
            effective_from=D(2019, 1, 1),
            morning_start=T(9),
            morning_end=T(12),
            afternoon_start=T(13),
            afternoon_end=T(17),
        )
    assert twice.value.messages == ["2019-01-01起施行的工作时间已有规定，请另选日期。"]
    assert WorkingHours.objects.count() == 1


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "expert", "sysadmin"])
def test_only_the_city_sets_the_calendar(client, world, who):
    with pytest.raises(PermissionDenied):
        services.calendar_day_set(actor=world.users[who], date=D(2021, 10, 1), kind="holiday", name="国庆节")
    client.force_login(world.users[who])
    assert client.get("/volunteer/calendar/").status_code == 403
    assert CalendarDay.objects.count() == 0


def test_the_page_shows_the_year_and_takes_each_form(client, world, hours):
    client.force_login(world.users["city"])
    url = "/volunteer/calendar/?year=2021"
    response = client.post(
        url, {"form": "day", "day-date": "2021-10-01", "day-kind": "holiday", "day-name": "国庆节"}
    )
    assert (response.status_code, response["Location"]) == (302, "/volunteer/calendar/?year=2021")
    response = client.post(
        url, {"form": "day", "day-date": "2021-10-11", "day-kind": "workday", "day-name": "国庆节"}
    )
    assert response.status_code == 400
    assert "2021-10-11是工作日，本来就上班，无需登记为调休上班。" in response.content.decode()
    response = client.post(
        url,
        {
            "form": "sla",
            "sla-category": "skills",
            "sla-effective_from": "2021-01-01",
            "sla-response_hours": "8",
            "sla-resolution_hours": "120",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # 2021: 365 days, 104 weekend days; one holiday entered on a weekday (Friday 1 October).
    assert "全年工作日260天，每个工作日7.5小时。" in page
    assert "2021-10-01" in page and "职工技能" in page
    day = CalendarDay.objects.get()
    response = client.post(f"/volunteer/calendar/days/{day.pk}/delete/")
    assert (response.status_code, CalendarDay.objects.count()) == (302, 0)
