"""Forms of the subsidy policies, rounds and lines."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.funds.forms import YuanField, to_fen
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.filters import AREA_KINDS
from innovation.org.forms import BootstrapMixin
from innovation.org.models import TradeUnion

from ..forms import DATE, MAX_YEAR, this_year
from ..models import (
    StudioLevel,
    StudioType,
    SubsidyPolicy,
)


class PolicyForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("补助类型"), choices=[("", "---------"), *SubsidyPolicy.Kind.choices])
    studio_type = forms.ChoiceField(
        label=_("工作室类型"),
        required=False,
        choices=[("", _("全部类型")), *StudioType.choices],
        help_text=_("新命名补助须指明类型；年度补助可适用于全部类型。"),
    )
    levels = forms.MultipleChoiceField(
        label=_("适用级别"), choices=StudioLevel.choices, widget=forms.CheckboxSelectMultiple
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE)
    amount = YuanField(label=_("一次性补助(元)"), minimum=Decimal(0), required=False)
    excellent = YuanField(label=_("考核优秀的年度补助(元)"), minimum=Decimal(0), required=False)
    qualified = YuanField(label=_("考核合格的年度补助(元)"), minimum=Decimal(0), required=False)
    unqualified = YuanField(label=_("考核不合格的年度补助(元)"), minimum=Decimal(0), required=False)
    cap = YuanField(label=_("每年最高(元)"), minimum=Decimal(0), required=False)
    use_scope = forms.CharField(
        label=_("资金使用范围"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.CharField(label=_("政策依据"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["levels"].widget.attrs["class"] = ""

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        results = {}
        for key in ("excellent", "qualified", "unqualified"):
            if d.get(key) is not None:
                results[key] = to_fen(d[key])
        return {
            "kind": d["kind"],
            "studio_type": d["studio_type"],
            "levels": d["levels"],
            "effective_from": d["effective_from"],
            "amount_fen": to_fen(d["amount"]) if d.get("amount") is not None else 0,
            "by_result_fen": results,
            "cap_fen": to_fen(d["cap"]) if d.get("cap") is not None else None,
            "use_scope": d["use_scope"],
            "document": d["document"],
        }


def studio_lines(user, year: int | None = None):
    qs = restrict(
        BudgetLine.objects.filter(kind=LineKind.STUDIO).select_related("union"), user, Action.FUNDS_VIEW
    )
    return qs.filter(year=year) if year else qs.order_by("-year")


class ProposeRoundForm(BootstrapMixin, forms.Form):
    union = forms.ModelChoiceField(label=_("补助单位"), queryset=TradeUnion.objects.none())
    year = forms.IntegerField(label=_("补助年度"), min_value=2000, max_value=MAX_YEAR)
    budget_line = forms.ModelChoiceField(label=_("预算科目"), queryset=BudgetLine.objects.none())

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"year": this_year()})
        # The page's filter form has its own "year": ids must not collide (labels, tests).
        kwargs.setdefault("auto_id", "propose_%s")
        super().__init__(*args, **kwargs)
        unions = restrict(
            TradeUnion.objects.filter(kind__in=AREA_KINDS).order_by("path"), user, Action.SUBSIDY_MANAGE
        )
        self.fields["union"].queryset = unions
        self.fields["budget_line"].queryset = studio_lines(user)
        if "union" not in self.initial:
            self.initial["union"] = unions.first()
        self._style()


class AdjustLineForm(BootstrapMixin, forms.Form):
    amount = YuanField(label=_("审定金额(元)"), minimum=Decimal(0))
    reason = forms.CharField(label=_("调整理由"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
