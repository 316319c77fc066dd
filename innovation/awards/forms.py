"""Forms for the committee's pages, the notice and the objections. They only read input;
every rule is in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import AwardGrade
from innovation.core.money import yuan_text
from innovation.funds.models import BudgetLine
from innovation.org.forms import BootstrapMixin

from .models import DecisionLine


class ProposeForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("征集活动"), queryset=None)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self._style()


class AdjustForm(BootstrapMixin, forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ModelChoiceField(label=_("审定奖项"), queryset=AwardGrade.objects.none(), required=False)
    reason = forms.CharField(label=_("调整理由"), max_length=300)

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = grades
        self._style()
        self.fields["grade"].empty_label = _("不授奖")
        self.fields["grade"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("调整理由（必填）")}
        )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class BudgetLineForm(BootstrapMixin, forms.Form):
    budget_line = forms.ModelChoiceField(label=_("奖金列支科目"), queryset=BudgetLine.objects.none())

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines
        self.fields["budget_line"].label_from_instance = lambda line: (
            _("%(l)s（预算%(a)s元，可用%(r)s元）")
            % {
                "l": line,
                "a": yuan_text(line.amount_fen),
                "r": yuan_text(line.available_fen),
            }
        )
        self._style()


class ObjectionForm(BootstrapMixin, forms.Form):
    line = forms.ModelChoiceField(label=_("异议对象"), queryset=DecisionLine.objects.none())
    reason = forms.CharField(label=_("异议理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("证明材料（可选）"),
        required=False,
        help_text=_("接受 PDF、JPG、PNG、DOCX、XLSX；系统按文件实际内容识别类型。"),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.achievement.title}（{line.achievement.enterprise.name}，{line.grade}）"
        )
        self._style()


class AnswerForm(BootstrapMixin, forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("答复结论"),
        choices=[("false", _("异议不成立")), ("true", _("异议成立（审定退回重新拟定）"))],
        coerce=lambda value: value == "true",
    )
    answer = forms.CharField(label=_("答复内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PublicObjectionForm(BootstrapMixin, forms.Form):
    """An objection from the public notice, without an account: real name and phone (实名)."""

    line = forms.ModelChoiceField(label=_("异议对象"), queryset=DecisionLine.objects.none())
    name = forms.CharField(label=_("真实姓名"), max_length=30)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        help_text=_("手机号码或带区号的固定电话，仅用于市总工会联系您答复异议。"),
    )
    reason = forms.CharField(label=_("异议理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.achievement.title}（{line.achievement.enterprise.name}，{line.grade}）"
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self._style()
