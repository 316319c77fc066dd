"""Working time on a Chinese office calendar, for the service orders' SLA clocks.

A day is a working day when it is Monday to Friday and not a public holiday, or when it is a
make-up working day (调休上班, usually a Saturday or Sunday next to a long holiday). On a working
day the clock runs inside the working periods (e.g. 08:30–12:00 and 13:30–17:30); outside them,
and on every other day, it stands still. A pause (waiting for the enterprise) stops it too.

Pure functions over a `WorkCalendar` value: no database, no settings. `volunteer.calendar` builds
the calendar from the rows the union edits (public holidays and make-up days, the working hours)
and the services use it; the tests check the arithmetic by hand across a holiday and a make-up day.

All datetimes are timezone-aware; the calendar's `tz` says whose wall clock the periods are on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

Interval = tuple[datetime.datetime, datetime.datetime]

# How far the clock looks ahead for a deadline: a target never needs more than this many days.
MAX_DAYS = 3660


@dataclass(frozen=True)
class WorkCalendar:
    periods: tuple[tuple[datetime.time, datetime.time], ...]
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    workdays: frozenset[datetime.date] = field(default_factory=frozenset)  # make-up working days
    tz: datetime.tzinfo = ZoneInfo("Asia/Shanghai")

    def __post_init__(self) -> None:
        last = datetime.time.min
        for start, end in self.periods:
            if not (last <= start < end):
                raise ValueError("working periods must be ordered and must not overlap")
            last = end
        if self.holidays & self.workdays:
            raise ValueError("a day cannot be both a holiday and a make-up working day")

    @property
    def day_seconds(self) -> int:
        """Working seconds in one working day."""
        return sum(_seconds(start, end) for start, end in self.periods)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def intervals(self, start: datetime.datetime) -> Iterator[Interval]:
        """The working intervals from `start` on, in order (the first one clipped to it)."""
        _aware(start)
        local = start.astimezone(self.tz)
        day = local.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                for a, b in self.periods:
                    begin = datetime.datetime.combine(day, a, self.tz)
                    end = datetime.datetime.combine(day, b, self.tz)
                    if end <= local:
                        continue
                    yield max(begin, local), end
            day += datetime.timedelta(days=1)


def _seconds(a: datetime.time, b: datetime.time) -> int:
    return (b.hour * 3600 + b.minute * 60 + b.second) - (a.hour * 3600 + a.minute * 60 + a.second)


def _aware(moment: datetime.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working time needs timezone-aware datetimes")


def _minus(intervals: Iterable[Interval], pauses: list[Interval]) -> Iterator[Interval]:
    """The parts of each interval outside every pause (pauses sorted, may overlap)."""
    for a, b in intervals:
        cursor = a
        for p, q in pauses:
            if q <= cursor or p >= b:
                continue
            if p > cursor:
                yield cursor, p
            cursor = max(cursor, q)
            if cursor >= b:
                break
        if cursor < b:
            yield cursor, b


def _clean_pauses(pauses: Iterable[tuple[datetime.datetime, datetime.datetime | None]], open_until) -> list:
    """Pauses as closed intervals, sorted; a pause still running lasts until `open_until`."""
    result = []
    for start, end in pauses:
        _aware(start)
        end = end if end is not None else open_until
        if end is not None and end > start:
            result.append((start, end))
    return sorted(result)


def working_seconds(
    calendar: WorkCalendar,
    start: datetime.datetime,
    end: datetime.datetime,
    pauses: Iterable[tuple[datetime.datetime, datetime.datetime | None]] = (),
) -> int:
    """Working seconds between two moments, less the time paused; 0 when `end` is not after it."""
    _aware(end)
    if end <= start:
        return 0
    total = 0.0
    for a, b in _minus(calendar.intervals(start), _clean_pauses(pauses, end)):
        if a >= end:
            break
        total += (min(b, end) - a).total_seconds()
    return int(total)


def deadline(
    calendar: WorkCalendar,
    start: datetime.datetime,
    seconds: int,
    pauses: Iterable[tuple[datetime.datetime, datetime.datetime | None]] = (),
) -> datetime.datetime | None:
    """The moment `seconds` of working time after `start`, the pauses not counted. None while a
    pause is still running (the clock stands still: no deadline can be told), or when it lies
    beyond the calendar's horizon."""
    pauses = list(pauses)
    if any(end is None for _s, end in pauses):
        return None
    if seconds <= 0:
        return start
    left = float(seconds)
    for a, b in _minus(calendar.intervals(start), _clean_pauses(pauses, None)):
        length = (b - a).total_seconds()
        if length >= left:
            return a + datetime.timedelta(seconds=left)
        left -= length
    return None
