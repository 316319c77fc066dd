"""The yearly report of a studio (工作室年度报告): the one place for its rules.

Figures come from the records where they exist — the achievements incubated in the studio
(Achievement.studio) in that year's campaign, their patents and their verified benefit — and
from the studio lead where they do not (technical problems solved, people trained, other
benefit, the year's summary). The lead or the unit's union saves and submits it; the city
verifies it (note, who, when) or returns it for revision.

States: draft → submitted → verified; submitted → draft (returned by the city).

A refused attempt changes nothing and is written to the audit trail after its transaction has
rolled back (`audited`), so the record survives the refusal. The other studio modules
(assessment, subsidies, alliances) use the same helpers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.core import workflow as kernel
from innovation.core.validators import clean_text

from ..checks import audited, clean_year, require_user
from ..models import Studio
from .models import MAX_BENEFIT, MAX_COUNT, SUMMARY_MAX, YearReport
from .selectors import CENT, may_report

# ---------------------------------------------------------------- writes


def _clean_numbers(*, problems_solved, people_trained, reported_benefit) -> dict:
    errors: dict[str, list] = {}
    out: dict = {}
    for field, value in (("problems_solved", problems_solved), ("people_trained", people_trained)):
        if isinstance(value, bool) or not isinstance(value, int):
            errors[field] = [_("请填写整数。")]
        elif value < 0:
            errors[field] = [_("不能为负数。")]
        elif value > MAX_COUNT:
            errors[field] = [_("数值过大，请核对。")]
        else:
            out[field] = value
    try:
        benefit = Decimal(str(reported_benefit)) if not isinstance(reported_benefit, bool) else None
        if benefit is None or not benefit.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors["reported_benefit"] = [_("请填写金额（元）。")]
    else:
        if benefit < 0:
            errors["reported_benefit"] = [_("效益不能为负数。")]
        elif benefit > MAX_BENEFIT:
            errors["reported_benefit"] = [_("金额过大，请核对单位是否为元。")]
        elif benefit != benefit.quantize(CENT):
            errors["reported_benefit"] = [_("金额最多两位小数。")]
        else:
            out["reported_benefit"] = benefit.quantize(CENT)
    if errors:
        raise ValidationError(errors)
    return out


def save_report(
    *,
    studio: Studio,
    year: int,
    actor,
    problems_solved: int,
    people_trained: int,
    reported_benefit,
    summary: str = "",
    today: datetime.date | None = None,
) -> YearReport:
    """Create or change the draft report of a studio for a year (the lead or the unit)."""
    today = today or timezone.localdate()
    with audited(actor=actor, obj=studio, step="report_save"):
        require_user(actor, _("填报年度报告"))
        if not may_report(actor, studio):
            raise PermissionDenied(_("您无权填报「%(s)s」的年度报告。") % {"s": studio})
        clean_year(year)
        if studio.status != Studio.Status.ACTIVE:
            raise ValidationError(_("「%(s)s」已摘牌，不能再填报年度报告。") % {"s": studio})
        if year > today.year:
            raise ValidationError({"year": [_("不能填报%(y)d年的报告：年度尚未开始。") % {"y": year}]})
        if year < studio.named_year:
            raise ValidationError(
                {
                    "year": [
                        _("「%(s)s」于%(n)d年命名，不能填报此前年度的报告。")
                        % {"s": studio, "n": studio.named_year}
                    ]
                }
            )
        data = _clean_numbers(
            problems_solved=problems_solved, people_trained=people_trained, reported_benefit=reported_benefit
        )
        data["summary"] = clean_text(summary, field="summary", limit=SUMMARY_MAX)
        try:
            with transaction.atomic():
                report = YearReport.objects.select_for_update().filter(studio=studio, year=year).first()
                if report is None:
                    report = YearReport(studio=studio, year=year, scope_path=studio.scope_path, **data)
                    report.save()
                    return report
                if report.state != YearReport.State.DRAFT:
                    raise ValidationError(
                        _("%(y)d年度报告当前为「%(s)s」，不能修改。")
                        % {"y": year, "s": report.get_state_display()},
                        code="state",
                    )
                for name, value in data.items():
                    setattr(report, name, value)
                kernel.save_noted(report, actor=actor, detail=_("修改年度报告"), fields=list(data))
                return report
        except IntegrityError:
            raise ValidationError(_("该年度报告已由他人同时创建，请刷新后重试。")) from None


def submit_report(*, report: YearReport, actor, now: datetime.datetime | None = None) -> YearReport:
    """draft → submitted (the lead or the unit); the city is told."""
    return kernel.run(obj=report, step="submit", actor=actor, now=now)


def verify_report(
    *, report: YearReport, actor, note: str = "", now: datetime.datetime | None = None
) -> YearReport:
    """submitted → verified, by the city: who, when, and the note."""
    return kernel.run(obj=report, step="verify", actor=actor, reason=note, now=now)


def return_report(*, report: YearReport, actor, reason: str) -> YearReport:
    """submitted → draft, by the city, with a reason (kept as the note)."""
    return kernel.run(obj=report, step="return", actor=actor, reason=reason)
