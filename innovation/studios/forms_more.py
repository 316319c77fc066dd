"""Forms and FilterSets of the yearly reports, assessments, subsidies and alliances.

One FilterSet per list, shared by the page, its Excel export and the API."""

import json
from decimal import Decimal

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.funds.forms import YuanField, to_fen
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.filters import AREA_KINDS, AreaFilter, yes_no_filter
from innovation.org.forms import BootstrapMixin
from innovation.org.models import TradeUnion

from .models import (
    Alliance,
    Assessment,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
    YearReport,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_YEAR = 2100


def _this_year() -> int:
    return timezone.localdate().year


class StudioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}{obj.get_type_display()}）"


class StudioMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}{obj.get_type_display()}）"


# ---------------------------------------------------------------- reports


class ReportStartForm(BootstrapMixin, forms.Form):
    studio = StudioChoiceField(label=_("工作室"), queryset=Studio.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=MAX_YEAR)

    def __init__(self, *args, studios, **kwargs):
        kwargs.setdefault("initial", {"year": _this_year() - 1})
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


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# ---------------------------------------------------------------- assessment


class RunAssessmentForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=MAX_YEAR)
    note = forms.CharField(label=_("考核意见（可选）"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": _this_year() - 1})
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


# ---------------------------------------------------------------- subsidies


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
        kwargs.setdefault("initial", {"year": _this_year()})
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


# ---------------------------------------------------------------- alliances


class AllianceForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("联盟名称"), max_length=100)
    lead = StudioChoiceField(label=_("牵头工作室"), queryset=Studio.objects.none())
    members = StudioMultipleChoiceField(
        label=_("成员工作室"),
        queryset=Studio.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("按住 Ctrl 可多选；牵头工作室自动成为成员。"),
    )
    founded_on = forms.DateField(label=_("成立日期"), widget=DATE)
    description = forms.CharField(
        label=_("简介"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, studios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = studios
        self.fields["members"].queryset = studios
        self._style()


class ProjectForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("联合项目"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=MAX_YEAR)
    studios = StudioMultipleChoiceField(
        label=_("参与工作室"), queryset=Studio.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    result = forms.CharField(
        label=_("成效"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, alliance: Alliance, **kwargs):
        kwargs.setdefault("initial", {"year": _this_year()})
        super().__init__(*args, **kwargs)
        self.fields["studios"].queryset = alliance.members.order_by("name")
        self._style()


# ---------------------------------------------------------------- filter sets


def _type_filter():
    return filters.ChoiceFilter(field_name="studio__type", choices=StudioType.choices, label=_("类型"))


def _level_filter():
    return filters.ChoiceFilter(field_name="studio__level", choices=StudioLevel.choices, label=_("级别"))


def _status_filter():
    return filters.ChoiceFilter(
        field_name="studio__status", choices=Studio.Status.choices, label=_("工作室状态")
    )


class YearReportFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室或单位名称"))
    year = filters.NumberFilter(label=_("年度"))
    state = filters.ChoiceFilter(choices=YearReport.State.choices, label=_("状态"))
    district = AreaFilter()
    type = _type_filter()
    level = _level_filter()
    studio_status = _status_filter()
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = YearReport
        fields = ["q", "year", "state", "district", "type", "level", "studio_status", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(studio__name__icontains=value) | Q(studio__enterprise__name__icontains=value))


class AssessmentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室或单位名称"))
    year = filters.NumberFilter(label=_("年度"))
    result = filters.ChoiceFilter(choices=Assessment.Result.choices, label=_("考核结果"))
    district = AreaFilter()
    type = _type_filter()
    level = _level_filter()
    studio_status = _status_filter()
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = Assessment
        fields = ["q", "year", "result", "district", "type", "level", "studio_status", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(studio__name__icontains=value) | Q(studio__enterprise__name__icontains=value))


class SubsidyPolicyFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SubsidyPolicy.Kind.choices, label=_("补助类型"))
    studio_type = filters.ChoiceFilter(choices=StudioType.choices, label=_("工作室类型"))
    in_force_on = filters.DateFilter(
        field_name="effective_from", lookup_expr="lte", label=_("在此日期前生效"), widget=DATE
    )

    class Meta:
        model = SubsidyPolicy
        fields = ["kind", "studio_type", "in_force_on"]


class SubsidyRoundFilterSet(filters.FilterSet):
    year = filters.NumberFilter(label=_("年度"))
    state = filters.ChoiceFilter(choices=SubsidyRound.State.choices, label=_("状态"))

    class Meta:
        model = SubsidyRound
        fields = ["year", "state"]


class SubsidyLineFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室、测算依据或调整理由"))
    year = filters.NumberFilter(field_name="round__year", label=_("年度"))
    round = filters.NumberFilter(field_name="round_id", label=_("批次编号"))
    kind = filters.ChoiceFilter(choices=SubsidyPolicy.Kind.choices, label=_("补助类型"))
    district = AreaFilter(path_field="studio__scope_path")
    committed = yes_no_filter(_("已承诺"), method="flag")
    adjusted = yes_no_filter(_("已调整"), method="flag")
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = SubsidyLine
        fields = ["q", "year", "round", "kind", "district", "committed", "adjusted", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(studio__name__icontains=value) | Q(basis__icontains=value) | Q(reason__icontains=value)
        )

    def flag(self, qs, name, value):
        condition = {"committed": Q(commitment__isnull=False), "adjusted": ~Q(reason="")}[name]
        return qs.filter(condition) if value else qs.exclude(condition)


class AllianceFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("联盟或成员工作室名称"))
    district = AreaFilter()
    founded_year = filters.NumberFilter(field_name="founded_on__year", label=_("成立年度"))
    studio = filters.NumberFilter(field_name="members", label=_("成员工作室编号"))

    class Meta:
        model = Alliance
        fields = ["q", "district", "founded_year", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(members__name__icontains=value)).distinct()
