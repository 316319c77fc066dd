"""One FilterSet per list, shared by the page, its Excel export and the API."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.org.models import TradeUnion

from .models import BudgetAmendment, BudgetLine, Commitment, LineKind, Payment

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _visible_lines(request):
    user = getattr(request, "user", None)
    if user is None:
        return BudgetLine.objects.none()
    return restrict(BudgetLine.objects.select_related("union"), user, Action.FUNDS_VIEW).order_by(
        "-year", "kind", "id"
    )


def _line_unions(request):
    """Unions that own a budget line the user can see: the 'union' filter's choices."""
    user = getattr(request, "user", None)
    if user is None:
        return TradeUnion.objects.none()
    owners = restrict(BudgetLine.objects.all(), user, Action.FUNDS_VIEW).values("union_id")
    return TradeUnion.objects.filter(pk__in=owners).order_by("path")


class BudgetLineFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("科目名称或说明"))
    year = filters.NumberFilter(label=_("年度"))
    kind = filters.ChoiceFilter(choices=LineKind.choices, label=_("经费类别"))
    union = filters.ModelChoiceFilter(queryset=_line_unions, label=_("预算单位"))

    class Meta:
        model = BudgetLine
        fields = ["q", "year", "kind", "union"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(note__icontains=value)) if value else qs


class CommitmentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("收款人、用途、政策或决定依据"))
    line = filters.ModelChoiceFilter(queryset=_visible_lines, label=_("预算科目"))
    year = filters.NumberFilter(field_name="line__year", label=_("年度"))
    kind = filters.ChoiceFilter(field_name="line__kind", choices=LineKind.choices, label=_("经费类别"))
    state = filters.ChoiceFilter(choices=Commitment.State.choices, label=_("状态"))
    source_kind = filters.CharFilter(label=_("来源类型"))

    class Meta:
        model = Commitment
        fields = ["q", "line", "year", "kind", "state", "source_kind"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(payee__icontains=value)
            | Q(purpose__icontains=value)
            | Q(policy_ref__icontains=value)
            | Q(decision_ref__icontains=value)
        )


class PaymentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("凭证号、收款人或用途"))
    line = filters.ModelChoiceFilter(
        field_name="commitment__line", queryset=_visible_lines, label=_("预算科目")
    )
    year = filters.NumberFilter(field_name="paid_on__year", label=_("支付年度"))
    paid_from = filters.DateFilter(
        field_name="paid_on", lookup_expr="gte", label=_("支付日期起"), widget=_DATE
    )
    paid_to = filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("支付日期止"), widget=_DATE)
    commitment = filters.NumberFilter(field_name="commitment_id", label=_("承诺编号"))

    class Meta:
        model = Payment
        fields = ["q", "line", "year", "paid_from", "paid_to", "commitment"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(voucher_no__icontains=value)
            | Q(commitment__payee__icontains=value)
            | Q(commitment__purpose__icontains=value)
        )


class AmendmentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("文号或调整理由"))
    line = filters.ModelChoiceFilter(queryset=_visible_lines, label=_("预算科目"))
    year = filters.NumberFilter(field_name="line__year", label=_("年度"))
    line_kind = filters.ChoiceFilter(field_name="line__kind", choices=LineKind.choices, label=_("经费类别"))
    direction = filters.ChoiceFilter(choices=BudgetAmendment.Direction.choices, label=_("调整方向"))

    class Meta:
        model = BudgetAmendment
        fields = ["q", "line", "year", "line_kind", "direction"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(document_no__icontains=value) | Q(reason__icontains=value)) if value else qs
