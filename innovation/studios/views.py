"""Studio pages: the list, the detail (namings, members, lineage, incubated results, plaques),
recording a provincial or national naming, members, lineage, the counts by type × level ×
district, the city's lineage figures, the plaque PDF and its public check.

The naming applications are in views_applications.py."""

from decimal import Decimal
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action, Scope
from innovation.accounts.scope import can, can_act_at, get_scoped_or_404, restrict, scope_q, widest_scope
from innovation.achievements.exports import AchievementExporter
from innovation.achievements.models import Achievement, Author, DemonstrationPost, Patent
from innovation.achievements.tables import AchievementTable
from innovation.audit.models import AuditAction
from innovation.audit.services import record, record_export
from innovation.core.exports import Column, Exporter
from innovation.core.generic import ScopedListView, form_errors_from, style_filter_form
from innovation.core.ratelimit import over_limit
from innovation.org.models import Enterprise

from . import plaque, selectors, services
from .exports import StudioExporter
from .filters import IncubatedFilterSet, StudioFilterSet
from .forms import LeaveForm, LineageForm, MemberForm, RecordNamingForm
from .models import Member, Naming, Studio, StudioLevel
from .tables import STATUS_STYLE, StudioTable


def _count(qs):
    return Coalesce(
        Subquery(
            qs.order_by().values("studio").annotate(n=Count("id")).values("n"), output_field=IntegerField()
        ),
        0,
    )


def annotated_studios():
    members = Member.objects.filter(studio=OuterRef("pk"), left_on__isnull=True)
    incubated = Achievement.objects.filter(studio=OuterRef("pk"), submitted_at__isnull=False)
    return Studio.objects.select_related("enterprise", "leader").annotate(
        members_now=_count(members), incubated=_count(incubated)
    )


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
        return annotated_studios()

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


def _scoped_studio(request, pk, action=Action.STUDIO_VIEW) -> Studio:
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


def has_plaque(naming: Naming) -> bool:
    """The platform issues the plaques of the namings the city made (through an application, or
    city namings of the past); provincial and national plaques are issued by those bodies."""
    return naming.application_id is not None or naming.level == StudioLevel.CITY


@login_required
@require_GET
def studio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    studio = _scoped_studio(request, pk)
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
    can_keep = active and services.may_keep(user, studio)
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
            "lineage": selectors.lineage_of(studio, user),
            "totals": totals,
            "incubated": incubated[:50],
            "incubated_visible": incubated.count(),
            "can_keep": can_keep,
            "can_manage": active and services.may_manage(user, studio),
            "can_apply": active and can_act_at(user, Action.STUDIO_APPLY, studio.enterprise.union),
            "leave_form": LeaveForm() if can_keep else None,
            "more_template": _optional_template("studios/_detail_more.html"),
        },
    )


# ---------------------------------------------------------------- recording a naming


def _record_enterprises(user):
    qs = restrict(Enterprise.objects.filter(is_active=True), user, Action.ENTERPRISE_VIEW)
    q = scope_q(user, Enterprise, Action.STUDIO_MANAGE)
    return (qs.filter(q) if q else qs).order_by("name")[:1000] if q is not None else qs.none()


@login_required
@require_http_methods(["GET", "POST"])
def record_naming(request: HttpRequest) -> HttpResponse:
    """A provincial or national naming with its document: for a studio on the platform
    (?studio=<id>), or for a studio new to it (choose its unit first)."""
    user = request.user
    if not can(user, Action.STUDIO_MANAGE):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    studio = None
    enterprise = None
    if (source.get("studio") or "").isdigit():
        studio = _scoped_studio(request, int(source["studio"]), Action.STUDIO_MANAGE)
    elif (source.get("enterprise") or "").isdigit():
        enterprise = get_scoped_or_404(
            Enterprise.objects.select_related("union"),
            user,
            Action.STUDIO_MANAGE,
            pk=int(source["enterprise"]),
        )
    form = None
    if studio is not None or enterprise is not None:
        form = RecordNamingForm(
            request.POST if request.method == "POST" else None, studio=studio, enterprise=enterprise
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                naming = services.studio_record(
                    actor=user,
                    studio=studio,
                    enterprise=enterprise,
                    studio_type=data["type"],
                    level=data["level"],
                    year=data["year"],
                    document_no=data["document_no"],
                    named_by=data["named_by"],
                    named_on=data["named_on"],
                    name=data.get("name", ""),
                    leader=data.get("leader"),
                    field=data.get("field", ""),
                    founded_on=data.get("founded_on"),
                    address=data.get("address", ""),
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request,
                    _("已录入「%(s)s」%(l)s%(t)s命名（%(d)s）。")
                    % {
                        "s": naming.studio.name,
                        "l": naming.get_level_display(),
                        "t": naming.get_type_display(),
                        "d": naming.document_no,
                    },
                )
                return redirect("studios:detail", pk=naming.studio_id)
    return render(
        request,
        "studios/record_naming.html",
        {
            "form": form,
            "studio": studio,
            "enterprise": enterprise,
            "enterprises": _record_enterprises(user) if studio is None and enterprise is None else [],
        },
    )


# ---------------------------------------------------------------- members and lineage


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    studio = _scoped_studio(request, pk)
    if not services.may_keep(request.user, studio):
        raise PermissionDenied
    form = MemberForm(request.POST if request.method == "POST" else None, studio=studio)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(actor=request.user, studio=studio, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("%(w)s已加入工作室。") % {"w": member.worker.name})
            return redirect("studios:detail", pk=studio.pk)
    return render(request, "studios/member_form.html", {"form": form, "studio": studio})


@login_required
@require_POST
def member_leave(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    studio = _scoped_studio(request, pk)
    member = (
        Member.objects.select_related("worker", "studio__enterprise__union")
        .filter(studio=studio, pk=member_pk)
        .first()
    )
    if member is None:
        raise Http404
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的退出日期。"))
        return redirect("studios:detail", pk=studio.pk)
    try:
        services.member_leave(actor=request.user, member=member, left_on=form.cleaned_data["left_on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("%(w)s已退出工作室。") % {"w": member.worker.name})
    return redirect("studios:detail", pk=studio.pk)


@login_required
@require_http_methods(["GET", "POST"])
def lineage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    studio = _scoped_studio(request, pk)
    user = request.user
    if not services.may_keep(user, studio):
        raise PermissionDenied
    studios = (
        selectors.studios_visible_to(user).exclude(pk=studio.pk).select_related("enterprise").order_by("name")
    )
    posts = (
        restrict(
            DemonstrationPost.objects.filter(enterprise=studio.enterprise).select_related("enterprise"),
            user,
            Action.DEMO_POST_VIEW,
        ).order_by("-year", "post")
        | studio.demonstration_posts.all()
    )
    initial = {
        "grew_from": studio.grew_from_id,
        "demonstration_posts": list(studio.demonstration_posts.all()),
    }
    form = LineageForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        studios=studios,
        posts=posts.distinct(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.lineage_set(
                actor=user,
                studio=studio,
                grew_from=form.cleaned_data["grew_from"],
                demonstration_posts=form.cleaned_data["demonstration_posts"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("发展脉络已保存。"))
            return redirect("studios:detail", pk=studio.pk)
    return render(request, "studios/lineage_form.html", {"form": form, "studio": studio})


# ---------------------------------------------------------------- counts by type × level × district


def _list_url(params: dict) -> str:
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
            {"count": counts.get((t, lv), 0), "url": _list_url({**params, "type": t, "level": lv})}
            for lv in levels
        ]
        summary.append(
            {
                "label": t.label,
                "cells": cells,
                "total": {"count": sum(c["count"] for c in cells), "url": _list_url({**params, "type": t})},
            }
        )
    level_totals = [
        {"count": sum(counts.get((t, lv), 0) for t in StudioType), "url": _list_url({**params, "level": lv})}
        for lv in levels
    ]
    grand = {"count": sum(counts.values()), "url": _list_url(params)}
    rows, total = selectors.district_matrix(qs, request.user)
    columns = selectors.column_labels()
    for row in [*rows, total]:
        for cell in [*row.cells, row.total]:
            cell.url = _list_url({**params, **cell.params})
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


@login_required
@require_GET
def lineage_stats(request: HttpRequest) -> HttpResponse:
    """For the city (and each area for its own): per year, how many demonstration posts became
    studios and how many studios were upgraded."""
    if widest_scope(request.user, Action.STUDIO_VIEW) not in (Scope.SUBTREE, Scope.ALL):
        raise PermissionDenied
    base = selectors.studios_visible_to(request.user)
    years = selectors.lineage_years(base)
    for y in years:
        y.new_url = _list_url({"first_year": y.year})
        y.posts_url = _list_url({"first_year": y.year, "has_posts": "true"})
        y.grown_url = _list_url({"first_year": y.year, "has_grew_from": "true"})
        y.upgrades_url = _list_url({"upgraded_in": y.year})
    totals = {
        "new_studios": sum(y.new_studios for y in years),
        "from_posts": sum(y.from_posts for y in years),
        "posts": sum(y.posts for y in years),
        "from_studios": sum(y.from_studios for y in years),
        "upgrades": sum(y.upgrades for y in years),
    }
    if request.GET.get("export") == "xlsx":

        class LineageExporter(Exporter):
            title = _("工作室发展脉络统计")
            columns = [
                Column(_("年度"), lambda y: y.year, 8),
                Column(_("新命名工作室"), lambda y: y.new_studios, 14),
                Column(_("其中由示范岗发展而来"), lambda y: y.from_posts, 18),
                Column(_("来源示范岗数"), lambda y: y.posts, 14),
                Column(_("由前身工作室发展而来"), lambda y: y.from_studios, 18),
                Column(_("升级命名"), lambda y: y.upgrades, 12),
            ]

            def rows(self, queryset):
                for y in queryset:
                    yield [c.value(y) for c in self.columns]

        data, count = LineageExporter().workbook_bytes(years)
        record_export(user=request.user, model=Studio, rows=count, description="studio lineage by year")
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = "attachment; filename=studio-lineage.xlsx"
        return response
    return render(
        request,
        "studios/lineage_stats.html",
        {"years": years, "totals": totals, **tabs(request.user, "lineage")},
    )


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


# ---------------------------------------------------------------- the plaque and its public check


@login_required
@require_GET
def plaque_view(request: HttpRequest, naming_pk: int) -> HttpResponse:
    naming = Naming.objects.select_related("studio__enterprise").filter(pk=naming_pk).first()
    if naming is None:
        raise Http404
    _scoped_studio(request, naming.studio_id)  # 404 (and audited) outside the user's scope
    if not has_plaque(naming):
        raise Http404
    data = plaque.plaque_pdf(naming, request=request)
    record(
        action=AuditAction.EXPORT,
        actor=request.user,
        obj=naming,
        detail=f"studio plaque pdf {naming.certificate_code}",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(plaque.plaque_filename(naming))}"
    return response


@never_cache
@require_GET
def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Anyone may check a plaque by its code: a genuine one shows what the plaque states, and
    whether the studio has since been revoked; nothing else."""
    typed = request.GET.get("code")
    if code is None and typed is not None:
        normal = plaque.normalise_code(typed)
        if normal:
            return redirect("studios:verify", code=normal)
        return render(request, "studios/verify.html", {"code": typed.strip()[:32], "checked": True})
    context: dict = {"code": plaque.normalise_code(code) or (code or ""), "checked": code is not None}
    if code is not None:
        if over_limit(request, "verify"):
            context["limited"] = True
            return render(request, "studios/verify.html", context, status=429)
        naming = plaque.naming_by_code(code)
        if naming is not None and has_plaque(naming):
            context["facts"] = plaque.public_facts(naming)
    return render(request, "studios/verify.html", context)
