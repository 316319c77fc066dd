"""Pages of the funds ledger. Reads start from restrict(); every write calls innovation.funds.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, can_act_at, get_scoped_or_404, restrict
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.org.filters import AREA_KINDS
from innovation.org.models import TradeUnion

from . import amendments, services, sources
from .exports import AmendmentExporter, BudgetLineExporter, CommitmentExporter, PaymentExporter
from .filters import AmendmentFilterSet, BudgetLineFilterSet, CommitmentFilterSet, PaymentFilterSet
from .forms import AmendmentForm, BudgetLineForm, CancelForm, PaymentForm, to_fen
from .models import BudgetAmendment, BudgetLine, Commitment, Payment, yuan, yuan_text
from .tables import STATE_STYLE, AmendmentTable, BudgetLineTable, CommitmentTable, PaymentTable

DETAIL_ROWS = 50  # a detail page shows the latest rows; the filtered list has them all


def _totals(qs, **sums) -> dict:
    """Sums over the filtered rows, as display strings in yuan."""
    data = qs.order_by().aggregate(**{k: Sum(v) for k, v in sums.items()})
    return {k: yuan_text(v or 0) for k, v in data.items()}


def _errors_to_form(exc: ValidationError, form) -> None:
    for name in ("amount_fen", "base_fen"):
        if hasattr(exc, "error_dict") and name in exc.error_dict:
            exc.error_dict["amount"] = exc.error_dict.pop(name)
    form_errors_from(exc, form)


# ---------------------------------------------------------------- lists


class BudgetLineListView(ScopedListView):
    model = BudgetLine
    action = Action.FUNDS_VIEW
    filterset_class = BudgetLineFilterSet
    table_class = BudgetLineTable
    exporter_class = BudgetLineExporter
    partial_template_name = "funds/_line_table.html"
    create_url_name = "funds:line_create"
    create_action = Action.FUNDS_MANAGE
    title = _("经费预算科目")

    def base_queryset(self):
        return BudgetLine.objects.select_related("union").annotate(
            left_fen=F("amount_fen") - F("committed_fen")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["totals"] = _totals(
            self.object_list, amount="amount_fen", committed="committed_fen", paid="paid_fen", left="left_fen"
        )
        return ctx


class CommitmentListView(ScopedListView):
    model = Commitment
    action = Action.FUNDS_VIEW
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable
    exporter_class = CommitmentExporter
    partial_template_name = "funds/_commitment_table.html"
    select_related = ("line", "approved_by")
    title = _("经费承诺")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        live = self.object_list.exclude(state=Commitment.State.CANCELLED)
        ctx["totals"] = _totals(live, amount="amount_fen", paid="paid_fen")
        return ctx


class PaymentListView(ScopedListView):
    model = Payment
    action = Action.FUNDS_VIEW
    filterset_class = PaymentFilterSet
    table_class = PaymentTable
    exporter_class = PaymentExporter
    partial_template_name = "funds/_payment_table.html"
    select_related = ("commitment__line", "commitment__approved_by", "recorded_by")
    title = _("经费支付")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["totals"] = _totals(self.object_list, amount="amount_fen")
        return ctx


class AmendmentListView(ScopedListView):
    model = BudgetAmendment
    action = Action.FUNDS_VIEW
    filterset_class = AmendmentFilterSet
    table_class = AmendmentTable
    exporter_class = AmendmentExporter
    partial_template_name = "funds/_amendment_table.html"
    select_related = ("line__union", "approved_by", "recorded_by")
    title = _("预算调整")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = self.object_list
        ctx["totals"] = {
            "increase": _totals(qs.filter(direction=BudgetAmendment.Direction.INCREASE), t="amount_fen")["t"],
            "decrease": _totals(qs.filter(direction=BudgetAmendment.Direction.DECREASE), t="amount_fen")["t"],
        }
        return ctx


# ---------------------------------------------------------------- budget lines


@login_required
@require_GET
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_scoped_or_404(
        BudgetLine.objects.select_related("union"), request.user, Action.FUNDS_VIEW, pk=pk
    )
    commitments = restrict(line.commitments.select_related("approved_by"), request.user, Action.FUNDS_VIEW)
    payments = restrict(
        Payment.objects.filter(commitment__line=line).select_related("commitment", "recorded_by"),
        request.user,
        Action.FUNDS_VIEW,
    )
    changes = restrict(
        line.amendments.select_related("approved_by", "recorded_by"), request.user, Action.FUNDS_VIEW
    ).order_by("decided_on", "id")
    return render(
        request,
        "funds/line_detail.html",
        {
            "line": line,
            "money": {
                "base": yuan_text(line.base_fen),
                "amended": yuan_text(line.amended_fen),
                "amount": yuan_text(line.amount_fen),
                "committed": yuan_text(line.committed_fen),
                "paid": yuan_text(line.paid_fen),
                "available": yuan_text(line.available_fen),
                "unpaid": yuan_text(line.committed_fen - line.paid_fen),
            },
            "commitments": CommitmentTable(commitments[:DETAIL_ROWS], orderable=False, exclude=("line",)),
            "commitment_count": commitments.count(),
            "payments": PaymentTable(payments[:DETAIL_ROWS], orderable=False, exclude=("line",)),
            "payment_count": payments.count(),
            "amendments": AmendmentTable(changes, orderable=False, exclude=("line",)),
            "amendment_count": len(changes),
            "can_manage": can_act_at(request.user, Action.FUNDS_MANAGE, line.union),
        },
    )


def _manageable_unions(user):
    return restrict(
        TradeUnion.objects.filter(kind__in=AREA_KINDS).order_by("path"), user, Action.FUNDS_MANAGE
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can(request.user, Action.FUNDS_MANAGE):
        raise PermissionDenied
    line = (
        get_scoped_or_404(
            BudgetLine.objects.select_related("union"), request.user, Action.FUNDS_MANAGE, pk=pk
        )
        if pk
        else None
    )
    unions = _manageable_unions(request.user)
    if line is not None:
        initial = {
            "union": line.union_id,
            "year": line.year,
            "kind": line.kind,
            "name": line.name,
            "amount": yuan(line.base_fen),
            "note": line.note,
        }
    else:
        initial = {"year": timezone.localdate().year, "union": unions.first()}
    data = request.POST if request.method == "POST" else None
    form = BudgetLineForm(data, initial=initial, unions=unions, line=line)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if line is None:
                line = services.line_create(
                    actor=request.user,
                    union=d["union"],
                    year=d["year"],
                    kind=d["kind"],
                    name=d["name"],
                    amount_fen=to_fen(d["amount"]),
                    note=d["note"],
                )
            else:
                services.line_update(
                    actor=request.user,
                    line=line,
                    base_fen=to_fen(d["amount"]),
                    name=d["name"],
                    note=d["note"],
                )
        except ValidationError as exc:
            _errors_to_form(exc, form)
        else:
            messages.success(request, _("预算科目已保存。"))
            return redirect("funds:line_detail", pk=line.pk)
    return render(request, "core/object_form.html", {"form": form, "object": line, "title": _("预算科目")})


@login_required
@require_http_methods(["GET", "POST"])
def line_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a 调增 or 调减 of the line (innovation.funds.amendments.amend)."""
    if not can(request.user, Action.FUNDS_MANAGE):
        raise PermissionDenied
    line = get_scoped_or_404(
        BudgetLine.objects.select_related("union"), request.user, Action.FUNDS_MANAGE, pk=pk
    )
    data = request.POST if request.method == "POST" else None
    form = AmendmentForm(
        data,
        approvers=amendments.approvers_for(line.union),
        initial={"decided_on": timezone.localdate() if timezone.localdate().year == line.year else None},
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            amendments.amend(
                actor=request.user,
                line=line,
                direction=d["direction"],
                amount_fen=to_fen(d["amount"]),
                document_no=d["document_no"],
                decided_on=d["decided_on"],
                reason=d["reason"],
                approved_by=d["approved_by"],
            )
        except ValidationError as exc:
            _errors_to_form(exc, form)
        else:
            messages.success(
                request,
                _("已登记%(k)s %(a)s 元，「%(l)s」预算金额现为 %(t)s 元。")
                % {
                    "k": BudgetAmendment.Direction(d["direction"]).label,
                    "a": yuan_text(to_fen(d["amount"])),
                    "l": line,
                    "t": yuan_text(line.amount_fen),
                },
            )
            return redirect("funds:line_detail", pk=line.pk)
    return render(
        request,
        "funds/amendment_form.html",
        {
            "form": form,
            "line": line,
            "money": {
                "base": yuan_text(line.base_fen),
                "amended": yuan_text(line.amended_fen),
                "amount": yuan_text(line.amount_fen),
                "committed": yuan_text(line.committed_fen),
                "available": yuan_text(line.available_fen),
            },
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- commitments


def _commitment(request, pk):
    return get_scoped_or_404(
        Commitment.objects.select_related("line__union", "approved_by", "payee_worker"),
        request.user,
        Action.FUNDS_VIEW,
        pk=pk,
    )


def _render_commitment(request, commitment, *, pay_form=None, cancel_form=None, status=200):
    can_manage = can_act_at(request.user, Action.FUNDS_MANAGE, commitment.line.union)
    payable = can_manage and commitment.state in (Commitment.State.OPEN, Commitment.State.PART_PAID)
    cancellable = can_manage and commitment.state == Commitment.State.OPEN and commitment.paid_fen == 0
    unpaid = (
        0 if commitment.state == Commitment.State.CANCELLED else commitment.amount_fen - commitment.paid_fen
    )
    payments = commitment.payments.select_related("recorded_by")
    source_label, source_url = sources.describe(commitment.source_kind, commitment.source_id)
    return render(
        request,
        "funds/commitment_detail.html",
        {
            "c": commitment,
            "state_style": STATE_STYLE.get(commitment.state, "light"),
            "source_label": source_label,
            "source_url": source_url,
            "money": {
                "amount": yuan_text(commitment.amount_fen),
                "paid": yuan_text(commitment.paid_fen),
                "unpaid": yuan_text(unpaid),
            },
            "payments": [(p, yuan_text(p.amount_fen)) for p in payments],
            "pay_form": (pay_form or PaymentForm(initial={"amount": yuan(unpaid)})) if payable else None,
            "cancel_form": (cancel_form or CancelForm()) if cancellable else None,
        },
        status=status,
    )


@login_required
@require_GET
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_commitment(request, _commitment(request, pk))


@login_required
@require_POST
def commitment_pay(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.pay(
                commitment=commitment,
                amount_fen=to_fen(d["amount"]),
                paid_on=d["paid_on"],
                voucher_no=d["voucher_no"],
                actor=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(exc, form)
        else:
            messages.success(
                request,
                _("已登记支付 %(a)s 元，凭证号 %(v)s。")
                % {"a": yuan_text(to_fen(d["amount"])), "v": d["voucher_no"]},
            )
            return redirect("funds:commitment_detail", pk=pk)
    return _render_commitment(request, commitment, pay_form=form, status=400)


@login_required
@require_POST
def commitment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel(commitment=commitment, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("经费承诺已撤销，金额已退回预算科目。"))
            return redirect("funds:commitment_detail", pk=pk)
    return _render_commitment(request, commitment, cancel_form=form, status=400)
