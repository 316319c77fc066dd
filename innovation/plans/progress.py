"""Progress against target: the rows of the progress page, its Excel export, its API twin, the
snapshots and `plan_indicators` all come from `progress_rows`.

The pro-rata target (应完成) of a year, as of a day `today`:

- a past year (before today's year): the full target;
- the current year: target × elapsed fraction, the fraction being the days from 1 January up to
  and including `today` over the days of the year (on 1 July 2021: 182/365);
- a future year: nothing is due yet (status 未开始 / not_started).

The status (rules stored with the version): green (达标) when actual ≥ green_pct % of the pro-rata
target, amber (预警) when ≥ amber_pct %, else red (滞后); unavailable (暂无数据) when no module
provides the indicator's formula (the actual is None, never 0). A target of 0 is met by any actual.
Comparisons are exact (integers, no rounding); the pro-rata figure shown is rounded half up."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.utils import timezone

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict

from . import formulas
from .models import PlanTarget, PlanVersion, Status

# The badge colour of a status (the status is always written out too: not colour alone).
STATUS_STYLE = {
    Status.GREEN: "success",
    Status.AMBER: "warning",
    Status.RED: "danger",
    Status.NOT_STARTED: "secondary",
    Status.UNAVAILABLE: "light",
}


def elapsed(year: int, today: datetime.date) -> Fraction:
    if year < today.year:
        return Fraction(1)
    if year > today.year:
        return Fraction(0)
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    return Fraction((today - start).days + 1, days)


def status_for(*, target: int, actual: int | None, fraction: Fraction, green_pct: int, amber_pct: int) -> str:
    if actual is None:
        return Status.UNAVAILABLE
    if fraction == 0:
        return Status.NOT_STARTED
    expected = target * fraction
    if actual * 100 >= green_pct * expected:
        return Status.GREEN
    if actual * 100 >= amber_pct * expected:
        return Status.AMBER
    return Status.RED


def rounded(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@dataclass
class Row:
    indicator: object
    year: int
    district: object  # a county-level union, or None (the whole city)
    target: int
    expected: int
    actual: int | None
    status: str
    link: str

    @property
    def percent(self) -> int | None:
        """Actual over the full year's target, in whole percent (half up)."""
        if self.actual is None or not self.target:
            return None
        return rounded(Fraction(self.actual * 100, self.target))

    @property
    def district_name(self) -> str:
        return self.district.name if self.district is not None else "全市"

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def style(self) -> str:
        return STATUS_STYLE[self.status]

    @property
    def actual_text(self) -> str:
        return formulas.UNAVAILABLE_TEXT if self.actual is None else str(self.actual)


def today_local() -> datetime.date:
    return timezone.localdate()


def visible_targets(user, version: PlanVersion):
    return restrict(
        PlanTarget.objects.filter(version=version).select_related("indicator", "district"),
        user,
        Action.PLAN_VIEW,
    ).order_by("indicator__order", "indicator_id", "year", "district__path")


def progress_rows(
    user, version: PlanVersion, *, year: int | None = None, district=None, today: datetime.date | None = None
) -> list[Row]:
    """The caller's rows of a version's targets (a county: its own district's), each with the
    live actual in the caller's scope; one computation per (formula, year, district)."""
    today = today or today_local()
    targets = visible_targets(user, version)
    if year is not None:
        targets = targets.filter(year=year)
    if district is not None:
        targets = targets.filter(district=district)
    actuals: dict[tuple, int | None] = {}
    rows = []
    for t in targets:
        key = (t.indicator.formula, t.year, t.district_id)
        if key not in actuals:
            actuals[key] = formulas.actual(t.indicator.formula, user, t.year, t.district)
        actual = actuals[key]
        fraction = elapsed(t.year, today)
        rows.append(
            Row(
                indicator=t.indicator,
                year=t.year,
                district=t.district,
                target=t.value,
                expected=rounded(t.value * fraction),
                actual=actual,
                status=status_for(
                    target=t.value,
                    actual=actual,
                    fraction=fraction,
                    green_pct=version.green_pct,
                    amber_pct=version.amber_pct,
                ),
                link=formulas.link(t.indicator.formula, t.year, t.district) if actual is not None else "",
            )
        )
    return rows


def indicator_totals(user, version: PlanVersion, year: int, *, today: datetime.date | None = None) -> dict:
    """Per indicator code, the caller's total for a year: the whole-city row where the caller sees
    one, else the sum of the district rows they see (a county: its own); the status by the
    version's rule. The figures of `plan_indicators`."""
    today = today or today_local()
    fraction = elapsed(year, today)
    grouped: dict[str, list[Row]] = {}
    for row in progress_rows(user, version, year=year, today=today):
        grouped.setdefault(row.indicator.code, []).append(row)
    result = {}
    for code, rows in grouped.items():
        city = [r for r in rows if r.district is None]
        rows = city or rows
        target = sum(r.target for r in rows)
        actual = None if any(r.actual is None for r in rows) else sum(r.actual for r in rows)
        status = status_for(
            target=target,
            actual=actual,
            fraction=fraction,
            green_pct=version.green_pct,
            amber_pct=version.amber_pct,
        )
        result[code] = {"target": target, "actual": actual, "status": str(status)}
    return result
