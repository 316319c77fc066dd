from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.money import yuan_text
from innovation.org.forms import BootstrapMixin

from .amendments import DOCUMENT_MAX, REASON_MAX
from .models import MAX_FEN, MAX_YEAR, MIN_YEAR, BudgetAmendment, LineKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_YUAN = Decimal(MAX_FEN) / 100


def to_fen(amount: Decimal) -> int:
    """Yuan with at most two decimals (the form field checks) → whole fen, exactly."""
    return int((amount * 100).to_integral_value())


class YuanField(forms.DecimalField):
    def __init__(self, *, minimum: Decimal, **kwargs):
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(min_value=minimum, max_value=MAX_YUAN, **kwargs)
        self.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})


class BudgetLineForm(BootstrapMixin, forms.Form):
    union = forms.ModelChoiceField(label=_("预算单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    kind = forms.ChoiceField(label=_("经费类别"), choices=[("", "---------"), *LineKind.choices])
    name = forms.CharField(label=_("预算科目名称"), max_length=100)
    # The line's base: the budget as set. Amendments during the year are recorded separately
    # (登记预算调整), and the line's amount is the base plus them.
    amount = YuanField(label=_("预算基数(元)"), minimum=Decimal(0))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unions, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["amount"].help_text = _(
            "年度中的调增、调减请在科目页面登记预算调整；预算金额 = 预算基数 + 预算调整。"
        )
        if line is not None:
            # Which union, year and kind a line is for never changes; only its base and text.
            for name in ("union", "year", "kind"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["amount"].help_text = _(
                "已承诺 %(c)s 元，预算调整合计 %(a)s 元：预算基数加预算调整不能低于已承诺金额。"
                "年度中的调增、调减请登记预算调整，不要修改基数。"
            ) % {
                "c": yuan_text(line.committed_fen),
                "a": yuan_text(line.amended_fen),
            }
        self._style()


class AmendmentForm(BootstrapMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("调整方向"), choices=[("", "---------"), *BudgetAmendment.Direction.choices]
    )
    amount = YuanField(label=_("调整金额(元)"), minimum=Decimal("0.01"))
    document_no = forms.CharField(label=_("文号"), max_length=DOCUMENT_MAX)
    decided_on = forms.DateField(label=_("批准日期"), widget=DATE)
    reason = forms.CharField(
        label=_("调整理由"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    approved_by = forms.ModelChoiceField(label=_("批准人"), queryset=None)

    def __init__(self, *args, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = approvers
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self._style()


class PaymentForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("支付日期"), widget=DATE)
    voucher_no = forms.CharField(label=_("凭证号"), max_length=40)
    amount = YuanField(label=_("支付金额(元)"), minimum=Decimal("0.01"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self._style()


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
