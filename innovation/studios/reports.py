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
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.achievements.models import FILED_STATES, Achievement, Patent
from innovation.audit.services import refusals_recorded
from innovation.core import workflow as kernel
from innovation.core.workflow import Step, Workflow

from .models import Studio, YearReport

MAX_COUNT = 1_000_000
MAX_BENEFIT = Decimal("999999999999.99")
SUMMARY_MAX = 5000
NOTE_MAX = 2000
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")

# What "incubated" counts: every achievement of the studio that has left its unit (filed),
# in the campaign of the year. Drafts and returned items are not yet results.
INCUBATED_STATES = FILED_STATES

# The figures of a year, with their labels; the rubric's criteria name these keys.
FIGURES = {
    "incubated": _("孵化成果（项）"),
    "patents": _("专利（件）"),
    "verified_benefit": _("成果核定效益（元）"),
    "problems_solved": _("技术攻关（项）"),
    "people_trained": _("培训（人次）"),
    "reported_benefit": _("其他创效（元）"),
    "benefit": _("创效合计（元）"),
    "benefit_wan": _("创效合计（万元）"),
}


# ---------------------------------------------------------------- shared helpers


def audited(*, actor, obj=None, model=None, step: str):
    """The audit writer's refusal recorder, for the report, assessment, subsidy and alliance
    steps (a refusal with neither row nor model is filed under the studio)."""
    return refusals_recorded(
        actor=actor, obj=obj, model=model or (None if obj is not None else Studio), step=f"studios.{step}"
    )


def require_user(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("%(w)s须由登录用户办理。") % {"w": what})


def require_scoped(actor, action: str, obj, message: str) -> None:
    """The actor may take `action` on this row (its scope)."""
    if not restrict(type(obj).objects.filter(pk=obj.pk), actor, action).exists():
        raise PermissionDenied(message)


def require_city(actor, action: str, obj, message: str) -> None:
    """City duties (verify, assess, revoke, subsidies): in scope and held as a city admin."""
    require_scoped(actor, action, obj, message)
    if not actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(message)


def clean_text(value, *, field: str, limit: int, required_message: str | None = None) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if required_message and not value:
        raise ValidationError({field: [required_message]})
    if len(value) > limit:
        raise ValidationError({field: [_("不能超过%(n)d个字。") % {"n": limit}]})
    return value


def clean_year(year, *, field: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({field: [_("年度须在2000至2100之间。")]})
    return year


def studio_url(studio_id: int) -> str:
    """The studio's page (its URL is the studio core's); "" while it is not wired."""
    from django.urls import NoReverseMatch

    try:
        return reverse("studios:detail", args=[studio_id])
    except NoReverseMatch:
        return ""


def local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


# ---------------------------------------------------------------- figures from the records


def incubated_achievements(*, studio_ids=None, year: int | None = None):
    """The achievements incubated in studios (filed, with their studio), optionally of a year."""
    qs = Achievement.objects.filter(studio__isnull=False, state__in=INCUBATED_STATES)
    if studio_ids is not None:
        qs = qs.filter(studio_id__in=studio_ids)
    if year is not None:
        qs = qs.filter(campaign__year=year)
    return qs


def record_figures(*, studio: Studio, year: int) -> dict:
    """incubated / patents / verified_benefit of one studio and year, from the records."""
    achievements = incubated_achievements(studio_ids=[studio.pk], year=year)
    totals = achievements.order_by().aggregate(n=Count("pk"), benefit=Sum("benefit_verified"))
    patents = Patent.objects.filter(achievement__in=achievements.values("pk")).count()
    return {
        "incubated": totals["n"] or 0,
        "patents": patents,
        "verified_benefit": (totals["benefit"] or Decimal(0)).quantize(CENT),
    }


def with_figures(qs):
    """Annotate a YearReport queryset with the figures from the records (one query, no per-row
    queries): fig_incubated, fig_patents, fig_verified_benefit."""
    achievements = Achievement.objects.filter(
        studio_id=OuterRef("studio_id"), campaign__year=OuterRef("year"), state__in=INCUBATED_STATES
    ).order_by()
    patents = Patent.objects.filter(
        achievement__studio_id=OuterRef("studio_id"),
        achievement__campaign__year=OuterRef("year"),
        achievement__state__in=INCUBATED_STATES,
    ).order_by()
    money = DecimalField(max_digits=16, decimal_places=2)
    return qs.annotate(
        fig_incubated=Coalesce(
            Subquery(achievements.values("studio_id").annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
        fig_patents=Coalesce(
            Subquery(patents.values("achievement__studio_id").annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
        fig_verified_benefit=Coalesce(
            Subquery(
                achievements.values("studio_id").annotate(s=Sum("benefit_verified")).values("s")[:1],
                output_field=money,
            ),
            Value(Decimal(0)),
            output_field=money,
        ),
    )


def figures(report: YearReport) -> dict:
    """All figures of a report: from the records and as reported. Uses the annotations of
    `with_figures` when present, else counts them."""
    if hasattr(report, "fig_incubated"):
        from_records = {
            "incubated": report.fig_incubated,
            "patents": report.fig_patents,
            "verified_benefit": Decimal(report.fig_verified_benefit or 0).quantize(CENT),
        }
    else:
        from_records = record_figures(studio=report.studio, year=report.year)
    return combine(from_records, report)


def combine(from_records: dict, report: YearReport | None) -> dict:
    reported = Decimal(report.reported_benefit if report else 0).quantize(CENT)
    benefit = from_records["verified_benefit"] + reported
    return {
        **from_records,
        "problems_solved": report.problems_solved if report else 0,
        "people_trained": report.people_trained if report else 0,
        "reported_benefit": reported,
        "benefit": benefit,
        "benefit_wan": (benefit / TEN_THOUSAND).quantize(Decimal("0.01")),
    }


def figure_rows(values: dict) -> list[dict]:
    """For pages: [{key, label, value, source}] in FIGURES order."""
    sources = {
        "incubated": _("系统统计"),
        "patents": _("系统统计"),
        "verified_benefit": _("系统统计"),
        "benefit": _("合计"),
        "benefit_wan": _("合计"),
    }
    return [
        {"key": key, "label": label, "value": values.get(key), "source": sources.get(key, _("带头人填报"))}
        for key, label in FIGURES.items()
    ]


# ---------------------------------------------------------------- rights


def may_report(user, studio: Studio) -> bool:
    """The unit's union (and above it, by the policy) or the studio's own leader."""
    return restrict(Studio.objects.filter(pk=studio.pk), user, Action.STUDIO_REPORT).exists()


def reportable_studios(user):
    """Active studios the user may report for (the form's choices)."""
    return restrict(
        Studio.objects.filter(status=Studio.Status.ACTIVE).select_related("enterprise__union", "leader"),
        user,
        Action.STUDIO_REPORT,
    )


def reports_visible_to(user, action: str = Action.STUDIO_VIEW):
    return restrict(YearReport.objects.all(), user, action)


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
                    report._audit_detail = _("填报年度报告")
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
                report._audit_detail = _("修改年度报告")
                report.save(update_fields=list(data))
                return report
        except IntegrityError:
            raise ValidationError(_("该年度报告已由他人同时创建，请刷新后重试。")) from None


def _check_submit(ctx) -> None:
    studio, report = ctx.obj.studio, ctx.obj
    if studio.status != Studio.Status.ACTIVE:
        raise ValidationError(_("「%(s)s」已摘牌，不能再提交年度报告。") % {"s": studio})
    if not report.summary.strip():
        raise ValidationError({"summary": [_("提交前请填写年度工作总结。")]})
    ctx.set("submitted_by", ctx.actor)


def _verify(ctx) -> None:
    ctx.set("verified_by", ctx.actor)
    ctx.set("verified_at", ctx.now)
    ctx.set("verify_note", ctx.reason)


def _return(ctx) -> None:
    ctx.set("verify_note", ctx.reason)


def _lead(ctx) -> list:
    leader = ctx.obj.studio.leader
    return [leader.user if leader.user_id else None]


def _lead_and_submitter(ctx) -> list:
    return [*_lead(ctx), ctx.obj.submitted_by]


def missing_reports(user) -> list:
    """The to-do of a studio lead or a unit: last year's report not yet submitted."""
    year = timezone.localdate().year - 1
    done = YearReport.objects.filter(year=year).exclude(state=YearReport.State.DRAFT).values("studio_id")
    count = reportable_studios(user).exclude(pk__in=done).count()
    return [(_("%(y)d年度报告待提交") % {"y": year}, count, reverse("studios:report_start"))]


WORKFLOW = Workflow(
    name="year_report",
    label=gettext_lazy("年度报告"),
    model=YearReport,
    steps=[
        Step(
            "submit",
            gettext_lazy("提交年度报告"),
            (YearReport.State.DRAFT,),
            YearReport.State.SUBMITTED,
            Action.STUDIO_REPORT,
            check=_check_submit,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，不能提交。"),
            notice_title=lambda ctx: (
                _("「%(s)s」提交了%(y)d年度报告，请核实") % {"s": ctx.obj.studio, "y": ctx.obj.year}
            ),
        ),
        Step(
            "verify",
            gettext_lazy("核实"),
            (YearReport.State.SUBMITTED,),
            YearReport.State.VERIFIED,
            Action.STUDIO_MANAGE,
            reason_label=gettext_lazy("核实意见"),
            style="success",
            effect=_verify,
            recipients=_lead,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，只有已提交的报告可以核实。"),
            notice_title=lambda ctx: _("%(y)d年度报告已核实") % {"y": ctx.obj.year},
        ),
        Step(
            "return",
            gettext_lazy("退回修改"),
            (YearReport.State.SUBMITTED,),
            YearReport.State.DRAFT,
            Action.STUDIO_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            style="warning",
            effect=_return,
            recipients=_lead_and_submitter,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，只有已提交的报告可以退回。"),
            notice_title=lambda ctx: _("%(y)d年度报告被退回修改") % {"y": ctx.obj.year},
        ),
    ],
    url=lambda r: reverse("studios:report_detail", args=[r.pk]),
    title=lambda r: f"{r.studio} {r.year}",
    queue_url=lambda: reverse("studios:reports") + "?awaiting=me",
    lock_related=("studio__leader", "studio__enterprise__union"),
    reason_max=NOTE_MAX,
    extra_todos=missing_reports,
)


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
