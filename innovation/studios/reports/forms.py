"""Forms of the yearly reports, assessment and revocation."""

import json
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin

from ..forms import DATE, MAX_YEAR, StudioChoiceField, this_year
from ..models import (
    Studio,
)


class ReportStartForm(BootstrapMixin, forms.Form):
    studio = StudioChoiceField(label=_("工作室"), queryset=Studio.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=MAX_YEAR)

    def __init__(self, *args, studios, **kwargs):
        kwargs.setdefault("initial", {"year": this_year() - 1})
        super().__init__(*args, **kwargs)
        self.fields["studio"].queryset = studios
        self._style()


class ReportForm(BootstrapMixin, forms.Form):
    problems_solved = forms.IntegerField(label=_("技术攻关项数"), min_value=0, max_value=1_000_000)
    people_trained = forms.IntegerField(label=_("培训人次"), min_value=0, max_value=1_000_000)
    reported_benefit = forms.DecimalField(
        label=_("其他创效（元）"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text=_("成果之外的创效（如技术攻关、服务企业），不含已计入孵化成果核定效益的部分。"),
    )
    summary = forms.CharField(
        label=_("年度工作总结"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("核实意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RunAssessmentForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=MAX_YEAR)
    note = forms.CharField(label=_("考核意见（可选）"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": this_year() - 1})
        # The page's filter form has its own "year": ids must not collide (labels, tests).
        kwargs.setdefault("auto_id", "run_%s")
        super().__init__(*args, **kwargs)
        self._style()


class RevokeForm(BootstrapMixin, forms.Form):
    document_no = forms.CharField(label=_("摘牌文号"), max_length=60)
    on = forms.DateField(label=_("摘牌日期"), widget=DATE)
    reason = forms.CharField(label=_("摘牌理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self._style()


class RubricForm(BootstrapMixin, forms.Form):
    effective_year = forms.IntegerField(label=_("适用起始年度"), min_value=2000, max_value=MAX_YEAR)
    criteria = forms.CharField(
        label=_("评分项（JSON）"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            '每项：{"key": 指标, "label": 名称, "per_unit": 每单位分值, "max": 最高分}。指标可用：'
            "incubated 孵化成果、patents 专利、verified_benefit 成果核定效益(元)、problems_solved 技术攻关、"
            "people_trained 培训人次、reported_benefit 其他创效(元)、benefit 创效合计(元)、benefit_wan 创效合计(万元)。"
        ),
    )
    excellent_from = forms.DecimalField(label=_("优秀分数线"), min_value=0, max_digits=6, decimal_places=2)
    qualified_from = forms.DecimalField(label=_("合格分数线"), min_value=0, max_digits=6, decimal_places=2)
    revoke_after_unqualified = forms.IntegerField(label=_("连续不合格几年摘牌"), min_value=1, max_value=10)
    one_roster_only = forms.BooleanField(label=_("职工只能在一个工作室在册"), required=False)
    note = forms.CharField(label=_("依据"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_criteria(self):
        try:
            value = json.loads(self.cleaned_data["criteria"])
        except (TypeError, ValueError):
            raise forms.ValidationError(_("评分项须为JSON数组。")) from None
        return value
