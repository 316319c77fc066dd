"""Working-time arithmetic, checked by hand on the 2024 National Day arrangement: holidays 1–7
October, make-up working days Sunday 29 September and Saturday 12 October; working hours
08:30–12:00 and 13:30–17:30 (7.5 hours a day)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from innovation.volunteer.worktime import WorkCalendar, deadline, working_seconds

TZ = ZoneInfo("Asia/Shanghai")
H = 3600
CAL = WorkCalendar(
    periods=((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(17, 30))),
    holidays=frozenset(datetime.date(2024, 10, d) for d in range(1, 8)),
    workdays=frozenset({datetime.date(2024, 9, 29), datetime.date(2024, 10, 12)}),
    tz=TZ,
)


def at(month, day, hour=0, minute=0):
    return datetime.datetime(2024, month, day, hour, minute, tzinfo=TZ)


def test_the_days():
    assert CAL.day_seconds == 27000
    assert [CAL.is_working_day(datetime.date(2024, 9, d)) for d in (27, 28, 29, 30)] == [
        True,
        False,
        True,
        True,
    ]
    assert [CAL.is_working_day(datetime.date(2024, 10, d)) for d in (1, 4, 7, 8, 12, 13)] == [
        False,
        False,
        False,
        True,
        True,
        False,
    ]


def test_a_deadline_across_the_holiday():
    # Monday 30 September 16:00 + 8 working hours: 1.5 h that day, nothing 1–7 October, then
    # Tuesday 8 October 08:30–12:00 (3.5 h) and 13:30–16:30 (3 h).
    assert deadline(CAL, at(9, 30, 16), 8 * H) == at(10, 8, 16, 30)
    assert working_seconds(CAL, at(9, 30, 16), at(10, 8, 16, 30)) == 8 * H


def test_a_deadline_on_a_make_up_working_day():
    # Friday 27 September 17:00 + 2 working hours: 0.5 h that day, Saturday off, then the make-up
    # Sunday 29 September from 08:30: 1.5 h → 10:00.
    assert deadline(CAL, at(9, 27, 17), 2 * H) == at(9, 29, 10)
    # and the Saturday after the holiday works too: Friday 11 October 17:00 + 1 h → Sat 12th 09:00
    assert deadline(CAL, at(10, 11, 17), 1 * H) == at(10, 12, 9)


def test_whole_spans():
    assert working_seconds(CAL, at(9, 30), at(10, 8)) == 27000  # the one working day before the holiday
    assert working_seconds(CAL, at(9, 28), at(9, 30)) == 27000  # the make-up Sunday
    assert working_seconds(CAL, at(10, 1), at(10, 8)) == 0
    assert working_seconds(CAL, at(10, 8, 17), at(10, 8, 9)) == 0  # end before start
    # Outside working hours the clock stands: from a lunch break and from the evening.
    assert deadline(CAL, at(10, 8, 12, 30), 1 * H) == at(10, 8, 14, 30)
    assert deadline(CAL, at(10, 8, 20), 30 * 60) == at(10, 9, 9)


def test_waiting_for_the_enterprise_pauses_the_clock():
    # Tuesday 8 October 09:00, 4 working hours; waiting for the enterprise from 10:00 to
    # Wednesday 10:00: 1 h before, then 10:00–12:00 and 13:30–14:30 on Wednesday.
    pauses = [(at(10, 8, 10), at(10, 9, 10))]
    assert deadline(CAL, at(10, 8, 9), 4 * H, pauses) == at(10, 9, 14, 30)
    assert working_seconds(CAL, at(10, 8, 9), at(10, 9, 15), pauses) == int(4.5 * H)
    # Still waiting: no deadline can be told, and the clock counts only up to the pause.
    assert deadline(CAL, at(10, 8, 9), 4 * H, [(at(10, 8, 10), None)]) is None
    assert working_seconds(CAL, at(10, 8, 9), at(10, 9, 15), [(at(10, 8, 10), None)]) == 1 * H
    # Two pauses, one inside the holiday (it costs nothing: the clock was standing anyway):
    # Monday 30 September 16:00–16:30 and 17:00–17:30 count (1 h), the second hour is Tuesday
    # 8 October 08:30–09:30.
    pauses = [(at(9, 30, 16, 30), at(9, 30, 17)), (at(10, 3, 9), at(10, 5, 9))]
    assert deadline(CAL, at(9, 30, 16), 2 * H, pauses) == at(10, 8, 9, 30)


def test_bad_calendars_and_naive_times_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(periods=((datetime.time(13), datetime.time(17)), (datetime.time(8), datetime.time(12))))
    with pytest.raises(ValueError):
        WorkCalendar(
            periods=((datetime.time(8), datetime.time(12)),),
            holidays=frozenset({datetime.date(2024, 10, 12)}),
            workdays=frozenset({datetime.date(2024, 10, 12)}),
        )
    with pytest.raises(ValueError):
        deadline(CAL, datetime.datetime(2024, 10, 8, 9), H)
