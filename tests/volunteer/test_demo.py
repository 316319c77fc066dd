"""The demo's office calendar, exactly: the holiday arrangements of 2020 and 2021."""

import datetime

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_the_calendar_of_2020_and_2021(demo):
    from innovation.volunteer.calendar import work_calendar
    from innovation.volunteer.models import CalendarDay, SlaTarget

    kinds = list(CalendarDay.objects.values_list("kind", flat=True))
    assert (kinds.count("holiday"), kinds.count("workday")) == (61, 13)
    calendar = work_calendar(datetime.date(2021, 1, 1))
    working = {
        year: sum(
            calendar.is_working_day(datetime.date(year, 1, 1) + datetime.timedelta(days=n))
            for n in range(366 if year == 2020 else 365)
        )
        for year in (2020, 2021)
    }
    # 2021: 261 weekdays − 18 holiday weekdays + 7 make-up days = 250, the official count (365 −
    # 104 weekend days − 11 public holidays). 2020: 262 − 19 + 6 = 249, the official 251 less Friday
    # 31 January (the Spring Festival extended) and the make-up Saturday 1 February (cancelled).
    assert working == {2020: 249, 2021: 250}
    assert SlaTarget.objects.count() == 6


def test_ten_teams_formed_from_named_studios(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for
    from innovation.volunteer.models import MemberRole, ServiceTeam

    teams = list(ServiceTeam.objects.order_by("id").prefetch_related("studios"))
    assert len(teams) == 10
    sun = teams[0]
    assert (sun.name, sun.enterprise.name, sun.leader.name) == (
        "天晟重工孙健劳模志愿服务队",
        "锦州天晟重工有限公司",
        "孙健",
    )
    assert sorted(s.name for s in sun.studios.all()) == sorted(
        s.name for s in sun.enterprise.studios.filter(status="active")
    )
    assert all(
        t.studios.count() >= 1 and t.members.filter(role=MemberRole.LEADER).count() == 1 for t in teams
    )
    # 孙健 sees his own team (team lead and worker: the teams he serves in).
    assert stats_for(User.objects.get(username="demo_sunjian"))["service_teams_total"] == 1
    assert stats_for(User.objects.get(username="demo_city"))["service_teams_total"] == 10
