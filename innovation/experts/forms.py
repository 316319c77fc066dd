from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Campaign, Field
from innovation.core import pii
from innovation.core.validators import normalize_id_number
from innovation.org.forms import BootstrapMixin
from innovation.org.models import Enterprise, Worker

from .models import ExpertProfile


def enterprise_named(name: str, queryset) -> Enterprise:
    """The one active unit of `queryset` with exactly this name, or a ValidationError saying why not."""
    matches = list(queryset.filter(name=name.strip(), is_active=True)[:2])
    if not matches:
        raise forms.ValidationError(_("未找到单位「%(n)s」，请填写平台登记的单位全称。") % {"n": name})
    if len(matches) > 1:
        raise forms.ValidationError(_("有多个名为「%(n)s」的单位，请联系市总工会处理。") % {"n": name})
    return matches[0]


class ExpertForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    username = forms.CharField(
        label=_("登录用户名"),
        max_length=150,
        required=False,
        help_text=_("新建登录账号，系统生成初始密码，首次登录须修改。专家是本市登记职工且已有账号时可不填。"),
    )
    id_number = forms.CharField(
        label=_("身份证号码（本市登记职工）"),
        max_length=18,
        required=False,
        help_text=_("专家是本市登记的职工时填写：本人作为完成人的成果自动回避。"),
    )
    employer_name = forms.CharField(label=_("工作单位（本市单位全称）"), max_length=100, required=False)
    employer_outside = forms.CharField(label=_("工作单位（外单位）"), max_length=100, required=False)
    title = forms.CharField(label=_("职称/职务"), max_length=50, required=False)
    fields_ = forms.MultipleChoiceField(
        label=_("专业领域"), choices=Field.choices, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("细分专长"), max_length=200, required=False, help_text=_("以顿号或逗号分隔。")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("在库"), required=False, initial=True)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if editing:
            del self.fields["username"]
            del self.fields["id_number"]
            self.fields["phone"].help_text = _("不修改请留空。")
        self._style()
        self.fields["fields_"].widget.attrs.pop("class", None)

    def clean_employer_name(self):
        name = self.cleaned_data["employer_name"].strip()
        if not name:
            return None
        return enterprise_named(name, restrict(Enterprise.objects.all(), self.user, Action.ENTERPRISE_VIEW))

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data.get("id_number") or "")
        if not number:
            return None
        worker = (
            restrict(Worker.objects.all(), self.user, Action.WORKER_VIEW)
            .filter(id_number_hash=pii.keyed_hash(number))
            .select_related("enterprise", "user")
            .first()
        )
        if worker is None:
            raise forms.ValidationError(_("本市登记的职工中没有该身份证号码。"))
        return worker


class ConflictForm(BootstrapMixin, forms.Form):
    unit_name = forms.CharField(label=_("回避单位（全称）"), max_length=100)
    person_name = forms.CharField(
        label=_("回避人员姓名"),
        max_length=50,
        required=False,
        help_text=_("只回避该单位的某个人时填写；不填则回避整个单位（及其所属集团）。"),
    )
    reason = forms.CharField(label=_("回避理由"), max_length=200)

    def __init__(self, *args, expert: ExpertProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.expert = expert
        self._style()

    def clean(self):
        data = super().clean()
        name = (data.get("unit_name") or "").strip()
        if not name:
            return data
        try:
            unit = enterprise_named(
                name, Enterprise.objects.filter(scope_path__startswith=self.expert.union.path)
            )
        except forms.ValidationError as exc:
            self.add_error("unit_name", exc)
            return data
        data["enterprise"], data["worker"] = unit, None
        person = (data.get("person_name") or "").strip()
        if person:
            workers = list(Worker.objects.filter(enterprise=unit, name=person, is_active=True)[:2])
            if len(workers) != 1:
                self.add_error(
                    "person_name",
                    _("该单位没有名为「%(n)s」的登记职工。")
                    if not workers
                    else _("该单位有多名名为「%(n)s」的职工，请改为回避整个单位或联系市总工会。"),
                )
                return data
            data["enterprise"], data["worker"] = None, workers[0]
        return data


class AvailabilityForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("征集活动"), queryset=Campaign.objects.none())
    available = forms.BooleanField(label=_("参加本次评审"), required=False, initial=True)
    max_items = forms.IntegerField(
        label=_("本人最多评审项数"), min_value=1, max_value=10000, required=False, help_text=_("不限请留空。")
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = restrict(
            Campaign.objects.order_by("-year"), user, Action.CAMPAIGN_VIEW
        )
        self._style()


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        load = getattr(obj, "load", None)
        suffix = _("（本次已分配%(n)d项）") % {"n": load} if load is not None else ""
        return f"{obj.name} · {obj.employer_label or '—'}{suffix}"


class OverrideForm(BootstrapMixin, forms.Form):
    expert = ExpertChoiceField(label=_("改派给"), queryset=ExpertProfile.objects.none())
    reason = forms.CharField(label=_("调整理由"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self._style()


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("谢绝理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
