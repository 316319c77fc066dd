"""The teams: the scoped list (filters, search, Excel), a team's page (its studios, area, fields,
capacity, roster with each member's credits, and its orders), and the forms of those who manage it; every write through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.org.models import Enterprise, Worker
from innovation.studios.models import Studio

from .. import selectors, services
from ..exports import TeamExporter
from ..filters import TeamFilterSet
from ..forms import MemberForm, TeamForm
from ..models import Category, ServiceTeam, TeamMember
from ..tables import TeamTable


class TeamListView(ScopedListView):
    model = ServiceTeam
    action = Action.SERVICE_VIEW
    filterset_class = TeamFilterSet
    table_class = TeamTable
    exporter_class = TeamExporter
    title = gettext_lazy("志愿服务队")
    create_url_name = "volunteer:team_new"
    create_action = Action.SERVICE_MANAGE

    def base_queryset(self) -> QuerySet:
        return selectors.team_queryset()


def _team(request: HttpRequest, pk: int, action: str = Action.SERVICE_VIEW) -> ServiceTeam:
    return get_scoped_or_404(
        ServiceTeam.objects.select_related("enterprise__union", "leader"), request.user, action, pk=pk
    )


def _manages(user, team: ServiceTeam) -> bool:
    return restrict(ServiceTeam.objects.filter(pk=team.pk), user, Action.SERVICE_MANAGE).exists()


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    user = request.user
    manages = _manages(user, team)
    studios = list(team.studios.select_related("enterprise").order_by("name"))
    roster = selectors.roster(team)
    credits = selectors.team_credits(team)
    for member in roster:
        member.credit = credits.get(member.worker_id)
    # The team's orders this reader may open (each linked to its page).
    orders = restrict(selectors.order_queryset().filter(team=team), user, Action.SERVICE_VIEW)[:50]
    # Links only to the rows this reader may open (a member sees the team, not every studio).
    open_studios = set(
        restrict(Studio.objects.filter(pk__in=[s.pk for s in studios]), user, Action.STUDIO_VIEW).values_list(
            "pk", flat=True
        )
    )
    open_workers = set(
        restrict(
            Worker.objects.filter(pk__in=[m.worker_id for m in roster]), user, Action.WORKER_VIEW
        ).values_list("pk", flat=True)
    )
    open_unit = restrict(
        Enterprise.objects.filter(pk=team.enterprise_id), user, Action.ENTERPRISE_VIEW
    ).exists()
    return render(
        request,
        "volunteer/team_detail.html",
        {
            "team": team,
            "categories": [Category(c).label for c in team.categories],
            "studios": studios,
            "open_studios": open_studios,
            "districts": team.districts.order_by("code"),
            "roster": roster,
            "orders": orders,
            "open_workers": open_workers,
            "open_unit": open_unit,
            "manages": manages,
            "member_form": MemberForm(user=user, initial={"joined_on": timezone.localdate()})
            if manages
            else None,
        },
    )


def _team_form(request: HttpRequest, team: ServiceTeam | None) -> HttpResponse:
    initial = {}
    if team is not None:
        initial = {
            "name": team.name,
            "enterprise": team.enterprise_id,
            "leader": team.leader_id,
            "studios": list(team.studios.values_list("pk", flat=True)),
            "districts": list(team.districts.values_list("pk", flat=True)),
            "categories": team.categories,
            "capacity": team.capacity,
            "formed_on": team.formed_on,
            "description": team.description,
        }
    form = TeamForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["studios"], data["districts"] = list(data["studios"]), list(data["districts"])
            try:
                if team is None:
                    team = services.team_create(actor=request.user, **data)
                else:
                    team = services.team_update(actor=request.user, team=team, **data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("服务队已保存。"))
                return redirect("volunteer:team", pk=team.pk)
    title = _("组建志愿服务队") if team is None else _("修改服务队：%(n)s") % {"n": team.name}
    return render(
        request, "volunteer/team_form.html", {"form": form, "title": title, "team": team}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.SERVICE_MANAGE):
        raise PermissionDenied
    return _team_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_form(request, _team(request, pk, Action.SERVICE_MANAGE))


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk, Action.SERVICE_MANAGE)
    form = MemberForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, team=team, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
        else:
            messages.success(request, _("已加入服务队。"))
            return redirect("volunteer:team", pk=team.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("volunteer:team", pk=team.pk)


@login_required
@require_POST
def member_leave(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    team = _team(request, pk, Action.SERVICE_MANAGE)
    member = (
        TeamMember.objects.filter(team=team, pk=member_pk)
        .select_related("worker", "team__enterprise")
        .first()
    )
    if member is None:
        messages.error(request, _("该队员不在本队。"))
        return redirect("volunteer:team", pk=team.pk)
    try:
        services.member_leave(actor=request.user, member=member, left_on=timezone.localdate())
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("%(n)s已退出服务队。") % {"n": member.worker.name})
    return redirect("volunteer:team", pk=team.pk)
