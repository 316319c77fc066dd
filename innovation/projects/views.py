"""The project pages: the scoped list (filters, search, Excel), the form a project is proposed or
edited with, the project's page (facts, members, milestones, support, the step buttons with their
forms, the benefit's verification, the filing as a five-smalls achievement, the history) and its
writes. A refused write is shown in Chinese, changes nothing and answers 400 (the page again,
with the refused form and its errors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.funds.forms import to_fen

from . import selectors, services, stats
from .exports import ProjectExporter
from .filters import ProjectFilterSet
from .forms import (
    ConcludeForm,
    ExpertHelpForm,
    FileForm,
    FundsForm,
    MilestoneForm,
    PayForm,
    ProjectForm,
    VerifyForm,
)
from .models import BENEFIT_SINCE_YEAR, SUPPORTED_STATES, Project, ProjectState, SupportKind
from .tables import STATE_STYLE, ProjectTable


class ProjectListView(ScopedListView):
    model = Project
    action = Action.PROJECT_VIEW
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    exporter_class = ProjectExporter
    title = gettext_lazy("技术攻关项目")
    create_url_name = "projects:new"
    create_action = Action.PROJECT_MANAGE

    def base_queryset(self) -> QuerySet:
        return selectors.project_queryset()


@login_required
@require_GET
def benefit_overview(request: HttpRequest) -> HttpResponse:
    """创新创效经济效益: the verified benefit since 2019 by channel, within the caller's scope, each
    channel linking to the rows that make it (see projects.stats for the set)."""
    if not can(request.user, Action.PROJECT_VIEW):
        raise PermissionDenied
    rows = stats.benefit_by_channel_rows(request.user)
    return render(
        request,
        "projects/benefit.html",
        {
            "rows": rows,
            "total_fen": sum(r.fen for r in rows),
            "total_rows": sum(r.rows for r in rows),
            "since_year": BENEFIT_SINCE_YEAR,
        },
    )


def scoped_project(request: HttpRequest, pk: int) -> Project:
    return get_scoped_or_404(
        selectors.project_queryset().select_related("studio__leader", "created_by"),
        request.user,
        Action.PROJECT_VIEW,
        pk=pk,
    )


def _form_page(request, form, title, status, project=None) -> HttpResponse:
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "title": title, "project": project},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.PROJECT_MANAGE):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                project = services.project_create(actor=request.user, **form.payload())
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("攻关项目已申报，等待工会审批立项。"))
                return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, _("申报技术攻关项目"), status)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project.objects.all(), request.user, Action.PROJECT_MANAGE, pk=pk)
    initial = {
        "title": project.title,
        "channel": project.channel,
        "owner_kind": project.owner_kind,
        "studio": project.studio_id,
        "team_name": project.team_name,
        "start_on": project.start_on,
        "end_on": project.end_on,
        "members": [m.worker_id for m in project.memberships.order_by("order")],
        "problem": project.problem,
        "goal": project.goal,
        "plan": project.plan,
    }
    form = ProjectForm(request.POST or None, user=request.user, editing=True, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.project_update(actor=request.user, project=project, **form.payload())
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("项目已保存。"))
                return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, _("修改攻关项目"), status, project)


# ---------------------------------------------------------------- the project's page


def step_form(name: str, data=None):
    return ConcludeForm(data, prefix=name) if name == "conclude" else None


def render_project(request: HttpRequest, project: Project, *, status: int = 200, bound=None) -> HttpResponse:
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    manage = services.in_scope(user, project, Action.PROJECT_MANAGE)
    approve = services.in_scope(user, project, Action.PROJECT_APPROVE)
    steps = [(s, bound.get(f"step-{s.name}") or step_form(s.name)) for s in kernel.steps_for(project, user)]
    supports = list(project.supports.select_related("commitment", "expert").order_by("on", "pk"))
    may_pay = approve and can(user, Action.FUNDS_MANAGE)
    for row in supports:
        row.unpaid = row.commitment is not None and row.commitment.paid_fen < row.commitment.amount_fen
        row.pay_form = (
            bound.get(f"pay-{row.pk}") or PayForm(initial={"paid_on": today}, prefix=f"pay-{row.pk}")
            if may_pay and row.unpaid
            else None
        )
    editable = manage and project.is_editable
    supported = project.state in SUPPORTED_STATES

    def form(name, make, allowed):
        return (bound.get(name) or make()) if allowed else None

    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "state_style": STATE_STYLE.get(project.state, "secondary"),
            "members": project.memberships.select_related("worker").order_by("order", "pk"),
            "milestones": project.milestones.order_by("due_on", "pk"),
            "supports": supports,
            "steps": steps,
            "manage": manage,
            "editable": editable,
            "milestone_form": form("milestone", MilestoneForm, editable),
            "expert_form": form(
                "expert",
                lambda: ExpertHelpForm(initial={"on": today}, user=user),
                (manage or approve) and supported,
            ),
            "funds_form": form(
                "funds",
                lambda: FundsForm(initial={"on": today}),
                approve and supported and can(user, Action.FUNDS_MANAGE),
            ),
            "verify_form": form(
                "verify",
                lambda: VerifyForm(
                    initial={
                        "benefit_verified": _yuan(
                            project.benefit_claimed_fen
                            if project.benefit_verified_fen is None
                            else project.benefit_verified_fen
                        )
                    }
                ),
                approve and project.state == ProjectState.CONCLUDED,
            ),
            "file_form": form(
                "file",
                FileForm,
                manage and project.state == ProjectState.CONCLUDED and project.achievement_id is None,
            ),
            "history": kernel.history(project),
        },
        status=status,
    )


def _yuan(fen):
    from innovation.core.money import yuan

    return yuan(fen) if fen is not None else None


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_project(request, scoped_project(request, pk))


def refused(request: HttpRequest, project: Project, exc, *, name: str = "", form=None) -> HttpResponse:
    if isinstance(exc, PermissionDenied):
        exc = ValidationError(str(exc) or _("您无权执行该操作。"))
    if form is not None and exc is not None:
        form_errors_from(exc, form)
    texts = exc.messages if exc is not None else [e for errors in form.errors.values() for e in errors]
    messages.error(request, "；".join(str(t) for t in texts))
    project.refresh_from_db()
    return render_project(request, project, status=400, bound={name: form} if form is not None else None)


def _done(request, project, text):
    messages.success(request, text)
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def project_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    project = scoped_project(request, pk)
    form = step_form(step, request.POST)
    if form is not None and not form.is_valid():
        return refused(request, project, None, name=f"step-{step}", form=form)
    try:
        kernel.run(
            obj=project,
            step=step,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            **(form.payload() if form is not None else {}),
        )
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, project, exc, name=f"step-{step}", form=form)
    return _done(request, project, _("已办理：%(s)s。") % {"s": project.get_state_display()})


def _write(request, pk, form_class, name, call, text):
    """One write of the page: its form, the service, the page again when refused."""
    project = scoped_project(request, pk)
    form = form_class(
        request.POST, **({"user": request.user} if getattr(form_class, "needs_user", False) else {})
    )
    if not form.is_valid():
        return refused(request, project, None, name=name, form=form)
    try:
        call(project, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, project, exc, name=name, form=form)
    return _done(request, project, text)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        MilestoneForm,
        "milestone",
        lambda p, d: services.milestone_add(actor=request.user, project=p, **d),
        _("里程碑已增加。"),
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    project = scoped_project(request, pk)
    milestone = get_object_or_404(project.milestones, pk=mpk)
    done_on = None if milestone.done_on else timezone.localdate()
    try:
        services.milestone_done(actor=request.user, milestone=milestone, done_on=done_on)
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, project, exc)
    return _done(request, project, _("里程碑已更新。"))


@login_required
@require_POST
def expert_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        ExpertHelpForm,
        "expert",
        lambda p, d: services.expert_help_add(actor=request.user, project=p, **d),
        _("专家指导已登记。"),
    )


@login_required
@require_POST
def funds_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(project, data):
        data = dict(data)
        amount = data.pop("amount")
        services.funds_commit(actor=request.user, project=project, amount_fen=to_fen(amount), **data)

    return _write(request, pk, FundsForm, "funds", call, _("经费已列支（承诺）。"))


@login_required
@require_POST
def funds_pay(request: HttpRequest, pk: int, spk: int) -> HttpResponse:
    project = scoped_project(request, pk)
    support = get_object_or_404(project.supports.select_related("commitment"), pk=spk, kind=SupportKind.FUNDS)
    form = PayForm(request.POST, prefix=f"pay-{spk}")
    if not form.is_valid():
        return refused(request, project, None, name=f"pay-{spk}", form=form)
    try:
        services.funds_pay(actor=request.user, support=support, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, project, exc, name=f"pay-{spk}", form=form)
    return _done(request, project, _("已支付。"))


@login_required
@require_POST
def benefit_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(
        request,
        pk,
        VerifyForm,
        "verify",
        lambda p, d: services.benefit_verify(
            actor=request.user, project=p, amount_fen=to_fen(d["benefit_verified"]), note=d["note"]
        ),
        _("经济效益已核实。"),
    )


@login_required
@require_POST
def project_file(request: HttpRequest, pk: int) -> HttpResponse:
    project = scoped_project(request, pk)
    form = FileForm(request.POST)
    if not form.is_valid():
        return refused(request, project, None, name="file", form=form)
    try:
        achievement = services.project_file(actor=request.user, project=project, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, project, exc, name="file", form=form)
    messages.success(request, _("已申报为五小成果（草稿），请补充完善后提交。"))
    return redirect("achievements:detail", pk=achievement.pk)
