"""Naming pages: recording a provincial or national naming, members, lineage (a studio's, and
the city's yearly figures), the plaque PDF and its public check. The naming applications are in
application_views.py."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action, Scope
from innovation.accounts.scope import can, get_scoped_or_404, restrict, scope_q, widest_scope
from innovation.achievements.models import DemonstrationPost
from innovation.audit.models import AuditAction
from innovation.audit.services import record, record_export
from innovation.core.exports import Column, Exporter
from innovation.core.generic import form_errors_from
from innovation.core.ratelimit import over_limit
from innovation.org.models import Enterprise

from .. import selectors as studio_selectors
from ..models import Studio
from ..views import list_url, scoped_studio, tabs
from . import plaque, rules, selectors, services
from .forms import LeaveForm, LineageForm, MemberForm, RecordNamingForm
from .models import Member, Naming

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
        studio = scoped_studio(request, int(source["studio"]), Action.STUDIO_MANAGE)
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
    studio = scoped_studio(request, pk)
    if not rules.may_keep(request.user, studio):
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
    studio = scoped_studio(request, pk)
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
    studio = scoped_studio(request, pk)
    user = request.user
    if not rules.may_keep(user, studio):
        raise PermissionDenied
    studios = (
        studio_selectors.studios_visible_to(user)
        .exclude(pk=studio.pk)
        .select_related("enterprise")
        .order_by("name")
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


@login_required
@require_GET
def lineage_stats(request: HttpRequest) -> HttpResponse:
    """For the city (and each area for its own): per year, how many demonstration posts became
    studios and how many studios were upgraded."""
    if widest_scope(request.user, Action.STUDIO_VIEW) not in (Scope.SUBTREE, Scope.ALL):
        raise PermissionDenied
    base = studio_selectors.studios_visible_to(request.user)
    years = selectors.lineage_years(base)
    for y in years:
        y.new_url = list_url({"first_year": y.year})
        y.posts_url = list_url({"first_year": y.year, "has_posts": "true"})
        y.grown_url = list_url({"first_year": y.year, "has_grew_from": "true"})
        y.upgrades_url = list_url({"upgraded_in": y.year})
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


# ---------------------------------------------------------------- the plaque and its public check


@login_required
@require_GET
def plaque_view(request: HttpRequest, naming_pk: int) -> HttpResponse:
    naming = Naming.objects.select_related("studio__enterprise").filter(pk=naming_pk).first()
    if naming is None:
        raise Http404
    scoped_studio(request, naming.studio_id)  # 404 (and audited) outside the user's scope
    if not plaque.has_plaque(naming):
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
        if naming is not None and plaque.has_plaque(naming):
            context["facts"] = plaque.public_facts(naming)
    return render(request, "studios/verify.html", context)
