"""Forms of 金牌师徒 (input only: every rule is in the services)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin
from innovation.org.models import SkillLevel, TradeUnion, Worker

from .models import Graduation, Level, PairPatent, TargetKind, TeachingRecord, Training
from .models.agreements import REASON_MAX, TEXT_MAX


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.post or '—'}，{obj.get_skill_level_display()}）"


class Styled(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class StartForm(Styled):
    """Choose the unit (and, for a pair across units, its industry union) before the parties."""

    enterprise = forms.ModelChoiceField(label=_("所在单位"), queryset=None)
    industry_union = forms.ModelChoiceField(
        label=_("跨单位结对的产业工会（可选）"), queryset=TradeUnion.objects.none(), required=False
    )

    def __init__(self, *args, enterprises, industry_unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["industry_union"].queryset = industry_unions


class AgreementForm(Styled):
    masters = WorkerChoices(
        label=_("师傅"), queryset=Worker.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    apprentices = WorkerChoices(
        label=_("徒弟"), queryset=Worker.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    start_on = forms.DateField(label=_("开始日期"), widget=_date())
    end_on = forms.DateField(label=_("结束日期"), widget=_date())
    notes = forms.CharField(
        label=_("备注"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["masters"].queryset = workers
        self.fields["apprentices"].queryset = workers


class SignForm(Styled):
    party = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = forms.DateField(label=_("签署日期"), widget=_date())


class TargetForm(Styled):
    kind = forms.ChoiceField(label=_("目标类型"), choices=TargetKind.choices)
    apprentice = forms.ModelChoiceField(
        label=_("徒弟（可选）"), queryset=Worker.objects.none(), required=False
    )
    skill_level = forms.ChoiceField(
        label=_("目标技能等级"), choices=[c for c in SkillLevel.choices if c[0]], required=False
    )
    quantity = forms.IntegerField(label=_("数量/名次/学时"), min_value=0, max_value=100000, required=False)
    due_on = forms.DateField(label=_("完成期限"), widget=_date())
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, apprentices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentice"].queryset = apprentices


class ReasonForm(Styled):
    reason = forms.CharField(
        label=_("变更原因"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(Styled):
    result = forms.ChoiceField(label=_("出师考核结果"), choices=Graduation.Result.choices)
    on = forms.DateField(label=_("考核日期"), widget=_date())
    notes = forms.CharField(
        label=_("考核意见"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class TeachingForm(Styled):
    on = forms.DateField(label=_("日期"), widget=_date())
    kind = forms.ChoiceField(label=_("形式"), choices=TeachingRecord.Kind.choices)
    hours = forms.DecimalField(label=_("学时"), min_value=0, max_digits=6, decimal_places=1)
    content = forms.CharField(label=_("内容"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class TrainingForm(Styled):
    kind = forms.ChoiceField(label=_("培训类型"), choices=Training.Kind.choices)
    apprentice = forms.ModelChoiceField(
        label=_("徒弟（可选）"), queryset=Worker.objects.none(), required=False
    )
    hours = forms.DecimalField(label=_("学时"), min_value=0, max_digits=6, decimal_places=1)
    on = forms.DateField(label=_("日期"), widget=_date())
    content = forms.CharField(label=_("内容"), max_length=200, required=False)

    def __init__(self, *args, apprentices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentice"].queryset = apprentices


class SkillChangeForm(Styled):
    worker = forms.ModelChoiceField(label=_("徒弟"), queryset=Worker.objects.none())
    to_level = forms.ChoiceField(label=_("新技能等级"), choices=[c for c in SkillLevel.choices if c[0]])
    certificate_no = forms.CharField(label=_("证书编号"), max_length=40)
    on = forms.DateField(label=_("取证日期"), widget=_date())

    def __init__(self, *args, apprentices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = apprentices


class PatentForm(Styled):
    type = forms.ChoiceField(label=_("专利类型"), choices=PairPatent.Type.choices)
    number = forms.CharField(label=_("专利号"), max_length=40)
    title = forms.CharField(label=_("专利名称"), max_length=200)
    holder = forms.ChoiceField(label=_("权利人"), choices=PairPatent.Holder.choices)
    patent = forms.IntegerField(label=_("成果库中的专利编号（可选）"), min_value=1, required=False)


class JointForm(Styled):
    achievement = forms.IntegerField(label=_("成果编号"), min_value=1)


class CapPolicyForm(Styled):
    effective_from = forms.DateField(label=_("施行日期"), widget=_date())
    max_apprentices = forms.IntegerField(label=_("每位师傅最多带徒人数"), min_value=1, max_value=50)
    note = forms.CharField(label=_("依据"), max_length=200, required=False)


class RubricField(forms.JSONField):
    """The rubric as indented JSON, one criterion's key per line, easy to edit in the textarea."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=1, cls=self.encoder)


class SelectionForm(Styled):
    """A selection's call. The rubric is a JSON list of criteria (key, label, weight, max)."""

    level = forms.ChoiceField(label=_("评选级别"), choices=Level.choices)
    union = forms.ModelChoiceField(label=_("组织单位"), queryset=TradeUnion.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=200)
    opens_on = forms.DateField(label=_("征集开始"), widget=_date())
    closes_on = forms.DateField(label=_("征集截止"), widget=_date())
    quota = forms.IntegerField(label=_("名额"), min_value=1, max_value=500)
    criteria = RubricField(label=_("评分细则"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions if unions is not None else TradeUnion.objects.none()


class AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.enterprise}）"


class NominateForm(Styled):
    agreement = AgreementChoice(label=_("师徒"), queryset=None)
    summary = forms.CharField(
        label=_("推荐理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements


class BenefitForm(Styled):
    """名师带徒创效: a benefit the pair created, claimed by the unit (yuan)."""

    title = forms.CharField(label=_("创效成果"), max_length=100)
    on = forms.DateField(label=_("取得日期"), widget=_date())
    claimed = forms.DecimalField(label=_("申报经济效益（元）"), min_value=0, max_digits=15, decimal_places=2)
    basis = forms.CharField(label=_("效益计算依据"), max_length=TEXT_MAX, required=False)


class BenefitVerifyForm(Styled):
    verified = forms.DecimalField(label=_("核实经济效益（元）"), min_value=0, max_digits=15, decimal_places=2)
