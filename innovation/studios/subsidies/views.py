"""Pages of the subsidy policies and the yearly subsidy rounds. Every rule is in services.py and workflow.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.funds.forms import PaymentForm, to_fen
from innovation.funds.models import yuan

from ..checks import is_city
from ..forms import ReasonForm
from . import selectors, services
from .exports import SubsidyLineExporter, SubsidyPolicyExporter, SubsidyRoundExporter
from .filters import SubsidyLineFilterSet, SubsidyPolicyFilterSet, SubsidyRoundFilterSet
from .forms import AdjustLineForm, PolicyForm, ProposeRoundForm
from .models import SubsidyLine, SubsidyPolicy, SubsidyRound
from .tables import SubsidyLineTable, SubsidyPolicyTable, SubsidyRoundTable


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# ---------------------------------------------------------------- policies


class SubsidyPolicyListView(ScopedListView):
    """Policies are city-wide reference rows: every subsidy manager sees all of them."""

    model = SubsidyPolicy
    action = Action.SUBSIDY_MANAGE
    filterset_class = SubsidyPolicyFilterSet
    table_class = SubsidyPolicyTable
    exporter_class = SubsidyPolicyExporter
    template_name = "studios/subsidy_policy_list.html"
    create_url_name = "studios:subsidy_policy_create"
    create_action = Action.SUBSIDY_MANAGE
    title = _("工作室补助政策")

    def scoped_queryset(self):
        return SubsidyPolicy.objects.order_by("kind", "studio_type", "-effective_from", "-pk")


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    if not is_city(request.user, Action.SUBSIDY_MANAGE):
        raise PermissionDenied
    form = PolicyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.policy_create(actor=request.user, **form.service_kwargs())
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for old, new in (("amount_fen", "amount"), ("cap_fen", "cap")):
                        if old in exc.error_dict:
                            exc.error_dict[new] = exc.error_dict.pop(old)
                form_errors_from(exc, form)
            else:
                messages.success(
                    request, _("补助政策已保存，自生效日期起适用；已拟定和已发放的补助不受影响。")
                )
                return redirect("studios:subsidy_policies")
    return render(
        request,
        "studios/subsidy_policy_form.html",
        {"form": form, "title": _("补助政策（新版本）")},
        status=status,
    )


# ---------------------------------------------------------------- rounds


def _rounds_qs():
    return SubsidyRound.objects.select_related(
        "union", "budget_line", "proposed_by", "first_approver", "second_approver"
    ).annotate(line_count=Count("lines"), total_fen=Sum("lines__amount_fen"))


class SubsidyRoundListView(ScopedListView):
    model = SubsidyRound
    action = Action.SUBSIDY_MANAGE
    filterset_class = SubsidyRoundFilterSet
    table_class = SubsidyRoundTable
    exporter_class = SubsidyRoundExporter
    template_name = "studios/subsidy_round_list.html"
    title = _("工作室补助批次")

    def base_queryset(self):
        return _rounds_qs()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["propose_form"] = (
            ProposeRoundForm(user=self.request.user)
            if is_city(self.request.user, Action.SUBSIDY_MANAGE)
            else None
        )
        return ctx


@login_required
@require_POST
def round_propose(request: HttpRequest) -> HttpResponse:
    if not is_city(request.user, Action.SUBSIDY_MANAGE):
        raise PermissionDenied
    form = ProposeRoundForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择补助单位、年度和预算科目。"))
        return redirect("studios:subsidy_rounds")
    d = form.cleaned_data
    try:
        round_ = services.propose_round(
            union=d["union"], year=d["year"], budget_line=d["budget_line"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("studios:subsidy_rounds")
    messages.success(request, _("已按补助政策拟定%(y)d年工作室补助。") % {"y": round_.year})
    for note in round_.notes:
        messages.info(request, note)
    return redirect("studios:subsidy_round", pk=round_.pk)


def _round(request, pk: int) -> SubsidyRound:
    return get_scoped_or_404(_rounds_qs(), request.user, Action.SUBSIDY_MANAGE, pk=pk)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    user = request.user
    State = SubsidyRound.State
    lines = list(
        round_.lines.select_related("studio__enterprise", "policy", "commitment")
        .prefetch_related("commitment__payments")
        .order_by("kind", "studio__name", "pk")
    )
    city = is_city(user, Action.SUBSIDY_MANAGE)
    draft = round_.state == State.DRAFT
    approved = round_.state == State.APPROVED
    rows = []
    for line in lines:
        commitment = line.commitment
        unpaid = commitment.amount_fen - commitment.paid_fen if commitment else 0
        rows.append(
            {
                "line": line,
                "cap_fen": selectors.cap_of(line.policy),
                "adjust_form": AdjustLineForm(initial={"amount": yuan(line.amount_fen)})
                if draft and city
                else None,
                "pay_form": PaymentForm(initial={"amount": yuan(unpaid)}, prefix=f"pay{line.pk}")
                if approved and city and commitment and unpaid > 0 and commitment.state != "cancelled"
                else None,
                "payments": list(commitment.payments.all()) if commitment else [],
            }
        )
    budget = round_.budget_line
    total = round_.total_fen or 0
    return render(
        request,
        "studios/subsidy_round_detail.html",
        {
            "r": round_,
            "rows": rows,
            "total_fen": total,
            "budget": budget,
            "shortfall_fen": selectors.shortfall_fen(round_),
            "can_first_approve": city and draft,
            "can_second_approve": city
            and round_.state == State.APPROVING
            and round_.first_approver_id != user.pk,
            "waiting_other": round_.state == State.APPROVING and round_.first_approver_id == user.pk,
            "can_return": city and round_.state == State.APPROVING,
            "can_repropose": city and draft,
            "return_form": ReasonForm(),
        },
    )


def _round_act(request, pk: int, call, done: str) -> HttpResponse:
    round_ = _round(request, pk)
    try:
        call(round_)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("studios:subsidy_round", pk=pk)


@login_required
@require_POST
def round_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_act(
        request, pk, lambda r: services.approve_round(round=r, actor=request.user), _("已审批。")
    )


@login_required
@require_POST
def round_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_act(
        request,
        pk,
        lambda r: services.return_round(round=r, actor=request.user, reason=request.POST.get("reason", "")),
        _("已退回拟定。"),
    )


@login_required
@require_POST
def round_repropose(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    try:
        fresh = services.propose_round(
            union=round_.union, year=round_.year, budget_line=round_.budget_line, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("已按现行政策和考核结果重新拟定，调整已清空。"))
        for note in fresh.notes:
            messages.info(request, note)
    return redirect("studios:subsidy_round", pk=pk)


def _line(request, pk: int) -> SubsidyLine:
    line = SubsidyLine.objects.select_related("round", "studio", "policy", "commitment").filter(pk=pk).first()
    if line is None:
        from django.http import Http404

        raise Http404
    _round(request, line.round_id)  # the round's scope is the line's
    return line


@login_required
@require_POST
def line_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    form = AdjustLineForm(request.POST)
    anchor = reverse("studios:subsidy_round", args=[line.round_id]) + f"#line-{line.pk}"
    if not form.is_valid():
        messages.error(request, _("「%(s)s」未调整：%(e)s") % {"s": line.studio, "e": _form_errors(form)})
        return redirect(anchor)
    try:
        services.adjust_line(
            line=line,
            amount_fen=to_fen(form.cleaned_data["amount"]),
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, _("「%(s)s」未调整：%(e)s") % {"s": line.studio, "e": _errors(exc)})
    else:
        messages.success(
            request,
            _("「%(s)s」补助已调整为 %(a)s 元。") % {"s": line.studio, "a": f"{yuan(line.amount_fen):,.2f}"},
        )
    return redirect(anchor)


def _form_errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def line_pay(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    form = PaymentForm(request.POST, prefix=f"pay{line.pk}")
    anchor = reverse("studios:subsidy_round", args=[line.round_id]) + f"#line-{line.pk}"
    if not form.is_valid():
        messages.error(request, _("「%(s)s」未支付：%(e)s") % {"s": line.studio, "e": _form_errors(form)})
        return redirect(anchor)
    d = form.cleaned_data
    try:
        services.pay_line(
            line=line,
            amount_fen=to_fen(d["amount"]),
            paid_on=d["paid_on"],
            voucher_no=d["voucher_no"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, _("「%(s)s」未支付：%(e)s") % {"s": line.studio, "e": _errors(exc)})
    else:
        messages.success(
            request,
            _("已向「%(s)s」支付 %(a)s 元（凭证号 %(v)s）。资金使用范围：%(u)s")
            % {
                "s": line.studio,
                "a": f"{d['amount']:,.2f}",
                "v": d["voucher_no"],
                "u": line.use_scope or "—",
            },
        )
    return redirect(anchor)


class SubsidyLineListView(ScopedListView):
    """Every subsidy line of the rounds in scope (filter, export)."""

    model = SubsidyLine
    action = Action.SUBSIDY_MANAGE
    filterset_class = SubsidyLineFilterSet
    table_class = SubsidyLineTable
    exporter_class = SubsidyLineExporter
    template_name = "studios/subsidy_line_list.html"
    title = _("工作室补助明细")

    def scoped_queryset(self):
        return (
            selectors.lines_visible_to(self.request.user)
            .select_related("round", "studio__enterprise", "commitment", "policy")
            .order_by("-round__year", "kind", "studio__name", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        totals = self.object_list.aggregate(
            proposed=Sum("proposed_fen"), amount=Sum("amount_fen"), paid=Sum("commitment__paid_fen")
        )
        ctx["totals"] = {k: v or 0 for k, v in totals.items()}
        return ctx
