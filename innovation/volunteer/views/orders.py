"""The service orders' pages: the scoped list (filters, search, Excel) and the overdue queue, the
form an enterprise's problem is posted with, the order's page (facts, SLA clocks, attachments,
the matching panel, the step buttons, the service record, the expenses, the history) and its
steps. A refused write is shown in Chinese, changes nothing and answers 400 (the page again, the
refused form with its errors); the service record's forms are in `order_record`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from

from .. import rules, selectors, services, sla
from ..exports import OrderExporter
from ..filters import OrderFilterSet
from ..forms import (
    AttachmentForm,
    CloseForm,
    ConfirmForm,
    ExpenseForm,
    OrderForm,
    PauseForm,
    PayForm,
    ResolveForm,
    TeamChoiceForm,
    TrainingForm,
    VisitForm,
)
from ..models import ExpenseState, OrderState, ServiceExpense, ServiceOrder, ServiceTeam
from ..services.orders import EXPENSE_STATES, SERVING
from ..tables import STATE_STYLE, OrderTable


class OrderListView(ScopedListView):
    model = ServiceOrder
    action = Action.SERVICE_VIEW
    filterset_class = OrderFilterSet
    table_class = OrderTable
    exporter_class = OrderExporter
    template_name = "volunteer/order_list.html"
    title = gettext_lazy("服务订单")
    create_url_name = "volunteer:order_new"
    create_action = Action.SERVICE_POST

    def base_queryset(self) -> QuerySet:
        return selectors.order_queryset()


class OverdueListView(OrderListView):
    """The orders past a deadline now (a running pause has none: never here)."""

    title = gettext_lazy("超时订单")
    create_url_name = ""
    overdue = True

    def base_queryset(self) -> QuerySet:
        return selectors.order_queryset().filter(selectors.overdue_q(timezone.now()))


# ---------------------------------------------------------------- posting


@login_required
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.SERVICE_POST):
        raise PermissionDenied
    form = OrderForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("files")
            try:
                # The order and its files stand or fall together.
                with transaction.atomic():
                    order = services.order_post(actor=request.user, **data)
                    for upload in files:
                        services.attachment_add(actor=request.user, order=order, upload=upload)
            except (ValidationError, PermissionDenied) as exc:
                error = exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
                if not hasattr(error, "error_dict") and files:
                    error = ValidationError({"files": error.messages})
                form_errors_from(error, form)
            else:
                messages.success(request, _("服务需求已提交，等待工会受理。"))
                return redirect("volunteer:order", pk=order.pk)
    return render(
        request, "volunteer/order_form.html", {"form": form, "title": _("提交服务需求")}, status=status
    )


# ---------------------------------------------------------------- the order's page


def scoped_order(request: HttpRequest, pk: int, action: str = Action.SERVICE_VIEW) -> ServiceOrder:
    return get_scoped_or_404(
        ServiceOrder.objects.select_related("enterprise__union", "district", "team__leader", "posted_by"),
        request.user,
        action,
        pk=pk,
    )


def _in_scope(user, order: ServiceOrder, action: str) -> bool:
    return restrict(ServiceOrder.objects.filter(pk=order.pk), user, action).exists()


def leads_order(user, order: ServiceOrder) -> bool:
    """The leader of the team serving the order (who records the service)."""
    return (
        bool(order.team_id) and rules.leads(user, order.team) and _in_scope(user, order, Action.SERVICE_TEAM)
    )


def _dispatch_teams(order: ServiceOrder) -> QuerySet:
    return ServiceTeam.objects.filter(is_active=True, districts=order.district_id).order_by("formed_on", "pk")


def _claim_teams(user, order: ServiceOrder) -> QuerySet:
    return _dispatch_teams(order).filter(leader__user=user)


def step_form(name: str, order: ServiceOrder, user, data=None):
    """The fields a step asks besides its reason (None: a button, perhaps with a reason)."""
    prefix = name
    if name == "dispatch":
        return TeamChoiceForm(data, teams=_dispatch_teams(order), prefix=prefix)
    if name == "claim":
        return TeamChoiceForm(data, teams=_claim_teams(user, order), prefix=prefix)
    forms = {"resolve": ResolveForm, "confirm": ConfirmForm, "close": CloseForm}
    return forms[name](data, prefix=prefix) if name in forms else None


def team_members(order: ServiceOrder):
    from innovation.org.models import Worker

    return Worker.objects.filter(
        service_memberships__team=order.team_id, service_memberships__left_on=None
    ).order_by("name", "pk")


def enterprise_workers(order: ServiceOrder):
    """Who may be named among a training's trainees: the enterprise's workers on the platform."""
    from innovation.org.models import Worker

    return Worker.objects.filter(enterprise=order.enterprise_id, is_active=True).order_by("name", "pk")


def render_order(request: HttpRequest, order: ServiceOrder, *, status: int = 200, bound=None) -> HttpResponse:
    """The order's page; `bound` holds a refused form (by its name) to show with its errors."""
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    leader = leads_order(user, order)
    serving = order.state in SERVING
    open_pause = order.pauses.filter(ended_at=None).first()
    steps = [
        (s, bound.get(f"step-{s.name}") or step_form(s.name, order, user))
        for s in kernel.steps_for(order, user)
    ]
    may_triage = order.state == OrderState.TRIAGED and _in_scope(user, order, Action.SERVICE_TRIAGE)
    may_upload = order.state not in (OrderState.CLOSED, OrderState.CANCELLED) and (
        _in_scope(user, order, Action.SERVICE_POST) or leader
    )
    expenses = list(order.expenses.select_related("commitment", "proposed_by").order_by("created_at", "pk"))
    may_pay = restrict(ServiceExpense.objects.filter(order=order), user, Action.FUNDS_MANAGE).exists()
    for expense in expenses:
        expense.steps = kernel.steps_for(expense, user)
        expense.unpaid = (
            expense.state == ExpenseState.APPROVED
            and expense.commitment is not None
            and expense.commitment.paid_fen < expense.commitment.amount_fen
        )
        expense.pay_form = (
            bound.get(f"pay-{expense.pk}") or PayForm(initial={"paid_on": today}, prefix=f"pay-{expense.pk}")
            if may_pay and expense.unpaid
            else None
        )

    def form(name, make, allowed):
        return (bound.get(name) or make()) if allowed else None

    return render(
        request,
        "volunteer/order_detail.html",
        {
            "order": order,
            "state_style": STATE_STYLE.get(order.state, "secondary"),
            "clocks": sla.clocks(order),
            "paused": open_pause,
            "attachments": order.attachments.all(),
            "attachment_form": form("attachment", AttachmentForm, may_upload),
            "steps": steps,
            "matches": selectors.match_teams(order) if may_triage else None,
            "leader": leader,
            "visits": order.visits.prefetch_related("members").order_by("on", "pk"),
            "trainings": order.trainings.prefetch_related("trainees").order_by("on", "pk"),
            "visit_form": form(
                "visit",
                lambda: VisitForm(members=team_members(order), initial={"on": today}),
                leader and serving,
            ),
            "training_form": form(
                "training",
                lambda: TrainingForm(trainees=enterprise_workers(order), initial={"on": today}),
                leader and serving,
            ),
            "pause_form": form("pause", PauseForm, leader and serving and open_pause is None),
            "expenses": expenses,
            "expense_form": form("expense", ExpenseForm, leader and order.state in EXPENSE_STATES),
            "history": kernel.history(order),
        },
        status=status,
    )


@login_required
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_order(request, scoped_order(request, pk))


def refused(request: HttpRequest, order: ServiceOrder, exc, *, name: str = "", form=None) -> HttpResponse:
    """A refusal: its Chinese message, on the form when there is one; the page again, 400."""
    if isinstance(exc, PermissionDenied):
        exc = ValidationError(str(exc) or _("您无权执行该操作。"))
    if form is not None and exc is not None:
        form_errors_from(exc, form)
    texts = exc.messages if exc is not None else [e for errors in form.errors.values() for e in errors]
    messages.error(request, "；".join(str(t) for t in texts))
    order.refresh_from_db()
    return render_order(request, order, status=400, bound={name: form} if form is not None else None)


@login_required
@require_POST
def order_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    order = scoped_order(request, pk)
    form = step_form(step, order, request.user, request.POST)
    if form is not None and not form.is_valid():
        return refused(request, order, None, name=f"step-{step}", form=form)
    try:
        kernel.run(
            obj=order,
            step=step,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            **(form.payload() if form is not None else {}),
        )
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, order, exc, name=f"step-{step}", form=form)
    messages.success(request, _("已办理：%(s)s。") % {"s": order.get_state_display()})
    return redirect("volunteer:order", pk=order.pk)


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    # Refuse an oversized body before Django spools it to disk.
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.ATTACHMENT_MAX_BYTES + 1024 * 1024:
        return refused(
            request,
            order,
            ValidationError(
                _("文件超过上限 %(l)d MB，未上传。") % {"l": settings.ATTACHMENT_MAX_BYTES // 1048576}
            ),
        )
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return refused(request, order, None, name="attachment", form=form)
    try:
        services.attachment_add(actor=request.user, order=order, upload=form.cleaned_data["file"])
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, order, exc, name="attachment", form=form)
    messages.success(request, _("附件已上传。"))
    return redirect("volunteer:order", pk=order.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, apk: int) -> FileResponse:
    # The order is the scoped row (out of scope: 404, audited); its files are reached only
    # through it.
    order = scoped_order(request, pk)
    attachment = get_object_or_404(order.attachments, pk=apk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
