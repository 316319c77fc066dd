"""Studio pages: the list, the detail (its namings, members, lineage and incubated results, and
its lower part: reports, assessments, subsidies and alliances), the counts by type × level ×
district and the incubated achievements.

The sub-domains' pages: naming/ (recording a naming, members, lineage, plaques, applications),
reports/ (yearly reports, assessment, revocation), subsidies, alliances/."""

from decimal import Decimal
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action, Scope
from innovation.accounts.scope import can, can_act_at, get_scoped_or_404, restrict, widest_scope
from innovation.achievements.exports import AchievementExporter
from innovation.achievements.models import Achievement, Author, Patent
from innovation.achievements.tables import AchievementTable
from innovation.audit.services import record_export
from innovation.core.exports import Column, Exporter
from innovation.core.generic import ScopedListView, style_filter_form

from . import selectors
from .checks import is_city
from .exports import StudioExporter
from .filters import IncubatedFilterSet, StudioFilterSet
from .models import (
    Alliance,
    Assessment,
    Studio,
    StudioLevel,
    SubsidyLine,
    SubsidyRound,
    YearReport,
)
from .naming import rules
from .naming import selectors as naming_selectors
from .naming.forms import LeaveForm
from .naming.plaque import has_plaque
from .reports import selectors as report_selectors
from .tables import STATUS_STYLE, StudioTable


def tabs(user, tab: str) -> dict:
    """The studio pages' tabs (studios/_tabs.html): which to show to this user."""
    return {
        "tab": tab,
        "show_lineage": widest_scope(user, Action.STUDIO_VIEW) in (Scope.SUBTREE, Scope.ALL),
        "show_incubated": can(user, Action.ACHIEVEMENT_VIEW),
    }


# ---------------------------------------------------------------- list


class StudioListView(ScopedListView):
    model = Studio
    action = Action.STUDIO_VIEW
    filterset_class = StudioFilterSet
    table_class = StudioTable
    exporter_class = StudioExporter
    template_name = "studios/list.html"
    create_url_name = "studios:record_naming"
    create_action = Action.STUDIO_MANAGE
    title = _("创新工作室")

    def base_queryset(self):
        return selectors.annotated_studios()

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.GET.get("export") == "xlsx":
            qs = qs.select_related("grew_from").prefetch_related("namings", "members__worker")
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(tabs(self.request.user, "list"))
        return ctx


# ---------------------------------------------------------------- detail


def scoped_studio(request, pk, action=Action.STUDIO_VIEW) -> Studio:
    return get_scoped_or_404(
        Studio.objects.select_related("enterprise__union__parent", "leader", "grew_from"),
        request.user,
        action,
        pk=pk,
    )


def _optional_template(name: str) -> str:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


@login_required
@require_GET
def studio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    studio = scoped_studio(request, pk)
    user = request.user
    namings = list(studio.namings.select_related("application", "recorded_by").order_by("named_on", "id"))
    for n in namings:
        n.has_plaque = has_plaque(n)
    members = list(studio.members.select_related("worker").order_by("left_on", "role", "joined_on", "id"))
    current = [m for m in members if m.left_on is None]
    past = [m for m in members if m.left_on is not None]
    totals = selectors.incubated_totals([studio.pk])[studio.pk]
    incubated = restrict(
        Achievement.objects.filter(studio=studio, submitted_at__isnull=False).select_related("campaign"),
        user,
        Action.ACHIEVEMENT_VIEW,
    ).order_by("-campaign__year", "-id")
    active = studio.status == Studio.Status.ACTIVE
    can_keep = active and rules.may_keep(user, studio)
    return render(
        request,
        "studios/detail.html",
        {
            "studio": studio,
            "s": studio,
            "status_style": STATUS_STYLE.get(studio.status, "light"),
            "namings": namings,
            "current_members": current,
            "past_members": past,
            "lineage": naming_selectors.lineage_of(studio, user),
            "totals": totals,
            "incubated": incubated[:50],
            "incubated_visible": incubated.count(),
            "can_keep": can_keep,
            "can_manage": active and rules.may_manage(user, studio),
            "can_apply": active and can_act_at(user, Action.STUDIO_APPLY, studio.enterprise.union),
            "leave_form": LeaveForm() if can_keep else None,
            "more_template": _optional_template("studios/_detail_lower.html"),
        },
    )


# ---------------------------------------------------------------- counts by type × level × district


def list_url(params: dict) -> str:
    return reverse("studios:list") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _matrix_filter(request):
    """The stats pages' filters: the list's FilterSet without its matrix axes; active by default."""
    params = request.GET.copy()
    for key in ("type", "level", "district", "export", "page"):
        params.pop(key, None)
    if "status" not in params:
        params["status"] = Studio.Status.ACTIVE
    base = selectors.studios_visible_to(request.user)
    filterset = StudioFilterSet(params, queryset=base, request=request)
    style_filter_form(filterset.form)
    for key in ("type", "level", "district", "direct", "enterprise"):
        filterset.form.fields.pop(key, None)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return filterset, qs, {k: v for k, v in params.items() if v}


@login_required
@require_GET
def studio_stats(request: HttpRequest) -> HttpResponse:
    """工作室统计: studios by type × level, and by district; every number links to its rows."""
    if not can(request.user, Action.STUDIO_VIEW):
        raise PermissionDenied
    filterset, qs, params = _matrix_filter(request)
    counts = selectors.type_level_counts(qs)
    levels = list(StudioLevel)
    from .models import StudioType

    summary = []
    for t in (StudioType.MODEL_WORKER, StudioType.WORKER, StudioType.CRAFTSMAN):
        cells = [
            {"count": counts.get((t, lv), 0), "url": list_url({**params, "type": t, "level": lv})}
            for lv in levels
        ]
        summary.append(
            {
                "label": t.label,
                "cells": cells,
                "total": {"count": sum(c["count"] for c in cells), "url": list_url({**params, "type": t})},
            }
        )
    level_totals = [
        {"count": sum(counts.get((t, lv), 0) for t in StudioType), "url": list_url({**params, "level": lv})}
        for lv in levels
    ]
    grand = {"count": sum(counts.values()), "url": list_url(params)}
    rows, total = selectors.district_matrix(qs, request.user)
    columns = selectors.column_labels()
    for row in [*rows, total]:
        for cell in [*row.cells, row.total]:
            cell.url = list_url({**params, **cell.params})
    if request.GET.get("export") == "xlsx":
        return _matrix_export(request, rows, total, columns, params)
    return render(
        request,
        "studios/stats.html",
        {
            "filter": filterset,
            "levels": levels,
            "summary": summary,
            "level_totals": level_totals,
            "grand": grand,
            "rows": rows,
            "total": total,
            "columns": columns,
            "export_query": urlencode({**params, "export": "xlsx"}),
            **tabs(request.user, "stats"),
        },
    )


def _matrix_export(request, rows, total, columns, params) -> HttpResponse:
    class MatrixExporter(Exporter):
        title = _("工作室统计")

        def __init__(self):
            self.columns = (
                [Column(_("县(市、区)/产业工会"), lambda r: r.label, 24)]
                + [Column(c["label"], (lambda r, i=i: r.cells[i].count), 12) for i, c in enumerate(columns)]
                + [Column(_("合计"), lambda r: r.total.count, 10)]
            )

        def rows(self, queryset):
            for r in queryset:
                yield [c.value(r) for c in self.columns]

    data, count = MatrixExporter().workbook_bytes([*rows, total])
    record_export(
        user=request.user, model=Studio, rows=count, description=f"studio counts; {urlencode(params)}"
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(_("工作室统计") + ".xlsx")
    return response


# ---------------------------------------------------------------- incubated achievements


class IncubatedListView(ScopedListView):
    """Achievements incubated in studios (the five-smalls link), filed ones."""

    model = Achievement
    action = Action.ACHIEVEMENT_VIEW
    filterset_class = IncubatedFilterSet
    table_class = AchievementTable
    template_name = "studios/incubated.html"
    title = _("工作室孵化成果")

    exporter_class = AchievementExporter

    def base_queryset(self):
        first = Author.objects.filter(achievement=OuterRef("pk"), order=1)
        return (
            Achievement.objects.filter(studio__isnull=False, submitted_at__isnull=False)
            .select_related("campaign", "enterprise", "studio")
            .annotate(first_author_name=Subquery(first.values("worker__name")[:1]))
            .defer("problem", "solution", "effect", "benefit_basis", "search_text")
        )

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.GET.get("export") == "xlsx":
            qs = qs.prefetch_related("authors__worker", "patents")
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = ctx.get("filter")
        # An unbound filter set (no filter chosen) is "not valid" but lists everything: so do the totals.
        usable = filterset is not None and (not filterset.is_bound or filterset.is_valid())
        qs = filterset.qs if usable else self.get_queryset().none()
        sums = qs.order_by().aggregate(n=Count("id"), verified=Sum("benefit_verified"))
        ctx["totals"] = {
            "count": sums["n"],
            "patents": Patent.objects.filter(achievement__in=qs.order_by().values("pk")).count(),
            "verified": sums["verified"] or Decimal(0),
        }
        ctx.update(tabs(self.request.user, "incubated"))
        return ctx


# ---------------------------------------------------------------- the studio page's lower part


@login_required
@require_GET
def detail_more(request: HttpRequest, pk: int) -> HttpResponse:
    """Reports, assessments, subsidies and alliances of one studio (loaded into its page)."""
    studio = get_scoped_or_404(
        Studio.objects.select_related("enterprise__union", "leader"), request.user, Action.STUDIO_VIEW, pk=pk
    )
    return render(request, "studios/_detail_lower.html", detail_more_context(request, studio))


def detail_more_context(request, studio: Studio) -> dict:
    user = request.user
    year = timezone.localdate().year
    report_rows = report_selectors.with_figures(
        restrict(YearReport.objects.filter(studio=studio), user, Action.STUDIO_VIEW).select_related("studio")
    ).order_by("-year")
    report_list = [(r, report_selectors.figures(r)) for r in report_rows[:10]]
    reported_years = {r.year for r, _f in report_list}
    may_report = report_selectors.may_report(user, studio) and studio.status == Studio.Status.ACTIVE
    return {
        "more_loaded": True,
        "studio": studio,
        "reports": report_list,
        "assessments": restrict(Assessment.objects.filter(studio=studio), user, Action.STUDIO_VIEW).order_by(
            "-year"
        )[:10],
        "subsidies": SubsidyLine.objects.filter(studio=studio, round__state=SubsidyRound.State.APPROVED)
        .select_related("round", "commitment")
        .order_by("-round__year", "kind"),
        "alliances": Alliance.objects.filter(Q(members=studio) | Q(lead=studio))
        .distinct()
        .select_related("lead")
        .order_by("name"),
        # Linked only where the reader may open the alliance (a unit sees its studio's alliance
        # by name; the alliance itself is the city's).
        "alliances_open": set(
            restrict(
                Alliance.objects.filter(Q(members=studio) | Q(lead=studio)), user, Action.STUDIO_VIEW
            ).values_list("pk", flat=True)
        ),
        "report_years": [y for y in (year, year - 1) if y >= studio.named_year and y not in reported_years]
        if may_report
        else [],
        "can_revoke": studio.status == Studio.Status.ACTIVE
        and is_city(user)
        and restrict(Studio.objects.filter(pk=studio.pk), user, Action.STUDIO_MANAGE).exists(),
    }
