"""The order page's service record, each write through the services: visits and training sessions
(the team leader), the clock's pause and resumption (the team leader), the expenses proposed (the
team leader), approved or rejected (the city union, kernel steps) and paid (those who manage the
funds). A refusal is the order's page again with the form's errors, 400 (`orders.refused`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core import workflow as kernel
from innovation.funds.forms import to_fen

from .. import services
from ..forms import ExpenseForm, PauseForm, PayForm, TrainingForm, VisitForm
from ..models import ServiceExpense
from .orders import enterprise_workers, refused, scoped_order, team_members

DONE = "volunteer:order"


def _write(request: HttpRequest, order, name: str, form, call, done: str) -> HttpResponse:
    if form is not None and not form.is_valid():
        return refused(request, order, None, name=name, form=form)
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, order, exc, name=name, form=form)
    messages.success(request, done)
    return redirect(DONE, pk=order.pk)


@login_required
@require_POST
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    form = VisitForm(request.POST, members=team_members(order))
    return _write(
        request,
        order,
        "visit",
        form,
        lambda: services.visit_add(
            actor=request.user,
            order=order,
            on=form.cleaned_data["on"],
            hours=form.cleaned_data["hours"],
            members=list(form.cleaned_data["members"]),
            notes=form.cleaned_data["notes"],
        ),
        _("上门服务已登记。"),
    )


@login_required
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    form = TrainingForm(request.POST, trainees=enterprise_workers(order))
    return _write(
        request,
        order,
        "training",
        form,
        lambda: services.training_add(actor=request.user, order=order, **form.cleaned_data),
        _("技术培训已登记。"),
    )


@login_required
@require_POST
def pause_start(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    form = PauseForm(request.POST)
    return _write(
        request,
        order,
        "pause",
        form,
        lambda: services.pause_start(actor=request.user, order=order, reason=form.cleaned_data["reason"]),
        _("已暂停计时（等待企业）。"),
    )


@login_required
@require_POST
def pause_end(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    return _write(
        request,
        order,
        "",
        None,
        lambda: services.pause_end(actor=request.user, order=order),
        _("已恢复计时。"),
    )


@login_required
@require_POST
def expense_propose(request: HttpRequest, pk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    form = ExpenseForm(request.POST)
    return _write(
        request,
        order,
        "expense",
        form,
        lambda: services.expense_propose(
            actor=request.user,
            order=order,
            kind=form.cleaned_data["kind"],
            amount_fen=to_fen(form.cleaned_data["amount"]),
            note=form.cleaned_data["note"],
            payee=form.cleaned_data["payee"],
        ),
        _("经费申请已提交，等待市总工会审批。"),
    )


def _expense(request: HttpRequest, order, epk: int) -> ServiceExpense:
    return get_object_or_404(order.expenses.select_related("order", "commitment"), pk=epk)


@login_required
@require_POST
def expense_step(request: HttpRequest, pk: int, epk: int, step: str) -> HttpResponse:
    order = scoped_order(request, pk)
    expense = _expense(request, order, epk)
    return _write(
        request,
        order,
        "",
        None,
        lambda: kernel.run(obj=expense, step=step, actor=request.user, reason=request.POST.get("reason", "")),
        _("经费申请已办理。"),
    )


@login_required
@require_POST
def expense_pay(request: HttpRequest, pk: int, epk: int) -> HttpResponse:
    order = scoped_order(request, pk)
    expense = _expense(request, order, epk)
    form = PayForm(request.POST, prefix=f"pay-{expense.pk}")

    def pay():
        if not restrict(
            ServiceExpense.objects.filter(pk=expense.pk), request.user, Action.FUNDS_MANAGE
        ).exists():
            raise PermissionDenied(_("您无权支付服务经费。"))
        services.expense_pay(actor=request.user, expense=expense, **form.cleaned_data)

    return _write(request, order, f"pay-{expense.pk}", form, pay, _("经费已支付。"))
