from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin
from innovation.org.models import Worker

from .models import Achievement, AwardGrade, Field, Kind, Patent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=120)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    opens_at = forms.DateTimeField(label=_("申报开始"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("申报截止"), widget=DATETIME)
    kinds = forms.MultipleChoiceField(
        label=_("征集类别"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    fields_ = forms.MultipleChoiceField(
        label=_("征集领域"), choices=Field.choices, widget=forms.CheckboxSelectMultiple
    )
    experts_per_item = forms.IntegerField(label=_("每项评审专家数"), min_value=1, max_value=15, initial=3)
    notice_days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=60, initial=7)
    description = forms.CharField(
        label=_("活动说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_"].widget.attrs = {}
        self.fields["kinds"].widget.attrs = {}
        self._style()
        for name in ("kinds", "fields_"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class GradeForm(BootstrapMixin, forms.Form):
    code = forms.ChoiceField(label=_("奖项"), choices=AwardGrade.Code.choices)
    prize_yuan = forms.DecimalField(label=_("每项奖金(元)"), min_value=0, max_digits=10, decimal_places=2)
    quota = forms.IntegerField(label=_("名额"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CriterionForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("评分项"), max_length=50)
    weight = forms.DecimalField(label=_("权重"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2)
    max_score = forms.IntegerField(label=_("满分"), min_value=1, max_value=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


GradeFormSet = formset_factory(GradeForm, extra=0, min_num=1, validate_min=True, max_num=4)
CriterionFormSet = formset_factory(CriterionForm, extra=1, min_num=1, validate_min=True, max_num=10)


class AchievementForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Achievement
        fields = [
            "campaign",
            "enterprise",
            "title",
            "kind",
            "field",
            "post",
            "problem",
            "solution",
            "effect",
            "started_on",
            "completed_on",
            "benefit_type",
            "benefit_claimed",
            "benefit_basis",
            "studio",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "benefit_basis": forms.Textarea(attrs={"rows": 2}),
            "started_on": DATE,
            "completed_on": DATE,
        }

    def __init__(self, *args, campaigns, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["enterprise"].queryset = enterprises
        # The field's own model (studios builds on achievements: no import of studios here).
        studio = self.fields["studio"].queryset.model
        self.fields["studio"].queryset = studio.objects.filter(
            enterprise__in=enterprises, status=studio.Status.ACTIVE
        ).order_by("name")
        self.fields["studio"].required = False
        self.fields["studio"].help_text = _("在本单位的劳模（职工）创新工作室孵化的成果，选择该工作室。")
        if not self.instance.pk and not self.is_bound and campaigns.count() == 1:
            self.initial.setdefault("campaign", campaigns.first().pk)
        if self.instance.pk:
            self.fields["campaign"].disabled = True
            self.fields["enterprise"].disabled = True
        for name in ("post", "problem", "solution", "effect"):
            self.fields[name].required = False
            self.fields[name].help_text = _("提交前须填写")
        self.fields["benefit_claimed"].widget.attrs.update({"min": "0", "step": "0.01"})
        self._style()

    def _post_clean(self):
        # Rules are the service's; the form only converts input.
        pass


class AuthorForm(BootstrapMixin, forms.Form):
    worker = forms.ModelChoiceField(label=_("本单位职工"), queryset=Worker.objects.none(), required=False)
    outside_name = forms.CharField(label=_("或外单位完成人姓名"), max_length=50, required=False)
    outside_unit = forms.CharField(label=_("外单位名称"), max_length=100, required=False)
    share = forms.DecimalField(
        label=_("份额(%)"), min_value=Decimal("0.01"), max_value=100, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers
        self._style()


class PatentForm(BootstrapMixin, forms.Form):
    type = forms.ChoiceField(label=_("专利类型"), choices=Patent.Type.choices)
    number = forms.CharField(label=_("专利号"), max_length=40)
    status = forms.ChoiceField(label=_("状态"), choices=Patent.Status.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def has_changed(self):
        # The two selects always post a value, so the blank extra row would otherwise count as filled
        # in and demand a number; only a patent number makes a row a patent.
        return "number" in self.changed_data


AuthorFormSet = formset_factory(AuthorForm, extra=1, max_num=10, can_delete=True)
PatentFormSet = formset_factory(PatentForm, extra=1, max_num=10, can_delete=True)


class StepForm(forms.Form):
    step = forms.CharField()
    reason = forms.CharField(required=False, widget=forms.Textarea)
    pledge = forms.BooleanField(required=False)


class BenefitVerifyForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("核定经济效益(元/年)"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("核定说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("文件"))
    purpose = forms.ChoiceField(
        label=_("用途"), choices=[("material", _("成果材料")), ("attestation", _("财务部门效益证明"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def local_now_input() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
