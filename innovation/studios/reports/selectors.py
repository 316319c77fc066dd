"""Reads for yearly reports: the figures from the records, who may report, the visible reports,
and the missing ones (a studio lead's to-do)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import FILED_STATES, Achievement, Patent

from ..models import Studio
from .models import YearReport

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


def missing_reports(user) -> list:
    """The to-do of a studio lead or a unit: last year's report not yet submitted."""
    year = timezone.localdate().year - 1
    done = YearReport.objects.filter(year=year).exclude(state=YearReport.State.DRAFT).values("studio_id")
    count = reportable_studios(user).exclude(pk__in=done).count()
    return [(_("%(y)d年度报告待提交") % {"y": year}, count, reverse("studios:report_start"))]
