"""Pages of the studio alliances. Every rule is in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404, restrict
from innovation.core.generic import ScopedListView, form_errors_from

from ..checks import is_city
from ..models import Studio
from . import services
from .exports import AllianceExporter
from .filters import AllianceFilterSet
from .forms import AllianceForm, ProjectForm
from .models import Alliance, AllianceProject
from .tables import AllianceTable


def _counted(qs):
    return qs.annotate(
        member_count=Count("members", distinct=True), project_count=Count("projects", distinct=True)
    )


class AllianceListView(ScopedListView):
    model = Alliance
    action = Action.STUDIO_VIEW
    filterset_class = AllianceFilterSet
    table_class = AllianceTable
    exporter_class = AllianceExporter
    create_url_name = "studios:alliance_create"
    create_action = Action.STUDIO_MANAGE
    title = _("工作室联盟")

    def base_queryset(self):
        return _counted(Alliance.objects.select_related("lead")).prefetch_related("members", "projects")


def _alliance(request, pk: int, action: str = Action.STUDIO_VIEW) -> Alliance:
    return get_scoped_or_404(
        _counted(Alliance.objects.select_related("lead__enterprise")), request.user, action, pk=pk
    )


@login_required
@require_GET
def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    can_manage = (
        is_city(request.user)
        and restrict(Alliance.objects.filter(pk=pk), request.user, Action.STUDIO_MANAGE).exists()
    )
    return render(
        request,
        "studios/alliance_detail.html",
        {
            "alliance": alliance,
            "members": alliance.members.select_related("enterprise", "leader").order_by("name"),
            "projects": alliance.projects.prefetch_related("studios").order_by("-year", "id"),
            "can_manage": can_manage,
            "project_form": ProjectForm(alliance=alliance) if can_manage else None,
        },
    )


def _studio_choices(user, alliance: Alliance | None = None):
    qs = restrict(Studio.objects.all(), user, Action.STUDIO_MANAGE)
    if alliance is None:
        return qs.filter(status=Studio.Status.ACTIVE).order_by("name")
    # Members that were revoked since stay selectable, so an edit does not drop them silently.
    from django.db.models import Q

    return qs.filter(Q(status=Studio.Status.ACTIVE) | Q(alliances=alliance)).distinct().order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not is_city(request.user):
        raise PermissionDenied
    alliance = _alliance(request, pk, Action.STUDIO_MANAGE) if pk else None
    studios = _studio_choices(request.user, alliance)
    if alliance is not None:
        initial = {
            "name": alliance.name,
            "lead": alliance.lead_id,
            "members": list(alliance.members.values_list("pk", flat=True)),
            "founded_on": alliance.founded_on,
            "description": alliance.description,
        }
    else:
        initial = {"founded_on": timezone.localdate()}
    form = AllianceForm(request.POST or None, initial=initial, studios=studios)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = services.alliance_save(
                    actor=request.user,
                    alliance=alliance,
                    name=d["name"],
                    lead=d["lead"],
                    members=d["members"],
                    founded_on=d["founded_on"],
                    description=d["description"],
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("联盟已保存。"))
                return redirect("studios:alliance_detail", pk=saved.pk)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": alliance, "title": _("工作室联盟")},
        status=status,
    )


def _project(alliance: Alliance, project_pk: int) -> AllianceProject:
    project = alliance.projects.filter(pk=project_pk).first()
    if project is None:
        raise Http404
    return project


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int, project_pk: int | None = None) -> HttpResponse:
    if not is_city(request.user):
        raise PermissionDenied
    alliance = _alliance(request, pk, Action.STUDIO_MANAGE)
    project = _project(alliance, project_pk) if project_pk else None
    initial = (
        {
            "title": project.title,
            "year": project.year,
            "studios": list(project.studios.values_list("pk", flat=True)),
            "result": project.result,
        }
        if project
        else None
    )
    form = ProjectForm(request.POST or None, alliance=alliance, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.project_save(
                    actor=request.user,
                    alliance=alliance,
                    project=project,
                    title=d["title"],
                    year=d["year"],
                    studios=d["studios"],
                    result=d["result"],
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("联合项目已保存。"))
                return redirect("studios:alliance_detail", pk=alliance.pk)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": project, "title": _("联合项目（%(a)s）") % {"a": alliance}},
        status=status,
    )


@login_required
@require_POST
def project_delete(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    if not is_city(request.user):
        raise PermissionDenied
    alliance = _alliance(request, pk, Action.STUDIO_MANAGE)
    project = _project(alliance, project_pk)
    try:
        services.project_delete(actor=request.user, project=project)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("联合项目已删除。"))
    return redirect("studios:alliance_detail", pk=alliance.pk)
