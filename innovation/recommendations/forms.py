"""Forms of the recommendation pages (the rules are the services')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContestLevel, Prize

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
TEXT = {"class": "form-control"}


class ContestForm(forms.Form):
    name = forms.CharField(label=_("大赛名称"), max_length=120, widget=forms.TextInput(attrs=TEXT))
    organiser = forms.CharField(label=_("主办单位"), max_length=120, widget=forms.TextInput(attrs=TEXT))
    level = forms.ChoiceField(
        label=_("级别"), choices=ContestLevel.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    deadline = forms.DateField(label=_("报送截止"), widget=DATE)
    categories = forms.CharField(
        label=_("组别及推荐名额"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("每行一个组别：组别名称,名额。例如：职工组,5"),
    )
    eligible_grades = forms.MultipleChoiceField(
        label=_("可推荐的市级奖项"),
        choices=[
            ("first", _("一等奖")),
            ("second", _("二等奖")),
            ("third", _("三等奖")),
            ("excellence", _("优秀奖")),
        ],
        initial=["first", "second", "third"],
        widget=forms.CheckboxSelectMultiple,
    )
    max_age_years = forms.IntegerField(
        label=_("成果获奖后可推荐年限（年）"),
        min_value=0,
        max_value=10,
        initial=2,
        widget=forms.NumberInput(attrs=TEXT),
    )
    notice_days = forms.IntegerField(
        label=_("公示天数"), min_value=1, max_value=30, initial=5, widget=forms.NumberInput(attrs=TEXT)
    )
    package_note = forms.CharField(
        label=_("报送材料要求"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )

    def clean_categories(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["categories"].splitlines(), start=1):
            line = line.strip().replace("，", ",")
            if not line:
                continue
            name, _sep, quota = line.rpartition(",")
            if not name.strip() or not quota.strip().isdigit():
                raise forms.ValidationError(_("第%(n)d行格式不正确，应为：组别名称,名额。") % {"n": number})
            rows.append((name.strip(), int(quota)))
        return rows


class SelectForm(forms.Form):
    achievement = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.IntegerField(label=_("组别"))
    opinion = forms.CharField(label=_("推荐意见"), required=False, max_length=1000)


class ResultForm(forms.Form):
    prize = forms.ChoiceField(
        label=_("获奖等级"), choices=Prize.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    level = forms.ChoiceField(
        label=_("获奖级别"), choices=ContestLevel.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    certificate_no = forms.CharField(
        label=_("证书编号"), required=False, max_length=60, widget=forms.TextInput(attrs=TEXT)
    )
    result_date = forms.DateField(label=_("获奖日期"), widget=DATE)


class ResultSheetForm(forms.Form):
    file = forms.FileField(label=_("获奖结果表（.xlsx）"), widget=forms.ClearableFileInput(attrs=TEXT))


class PublicObjectionForm(forms.Form):
    recommendation = forms.IntegerField(
        label=_("异议对象"), widget=forms.Select(attrs={"class": "form-select"})
    )
    name = forms.CharField(label=_("真实姓名"), max_length=30, widget=forms.TextInput(attrs=TEXT))
    phone = forms.CharField(label=_("联系电话"), max_length=20, widget=forms.TextInput(attrs=TEXT))
    reason = forms.CharField(
        label=_("异议理由"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )

    def __init__(self, *args, recs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].widget.choices = [(r.pk, r.achievement.title) for r in recs]


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("答复结论"),
        choices=[("false", _("异议不成立")), ("true", _("异议成立（撤回推荐）"))],
        coerce=lambda v: v == "true",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    answer = forms.CharField(
        label=_("答复内容"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
