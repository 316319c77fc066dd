from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict

from .models import Enterprise, Honour, Region, SkillLevel, TradeUnion, Worker


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            # Blank choices read 请选择 rather than Django's dashes.
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = _("请选择")
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
                choices = list(field.choices)
                if choices and choices[0][0] == "" and str(choices[0][1]).startswith("---"):
                    field.choices = [("", _("请选择"))] + choices[1:]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class TradeUnionForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[(k.value, k.label) for k in (TradeUnion.Kind.DISTRICT, TradeUnion.Kind.INDUSTRY)],
    )
    parent = forms.ModelChoiceField(label=_("上级工会"), queryset=TradeUnion.objects.none())
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=Region.objects.all(), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = restrict(
            TradeUnion.objects.filter(
                kind__in=[TradeUnion.Kind.PROVINCE, TradeUnion.Kind.CITY, TradeUnion.Kind.DISTRICT]
            ),
            user,
            Action.UNION_CHANGE,
        )
        if editing:
            del self.fields["kind"]
            del self.fields["parent"]
        self._style()


class EnterpriseForm(BootstrapMixin, forms.ModelForm):
    parent_union = forms.ModelChoiceField(
        label=_("上级工会"),
        queryset=TradeUnion.objects.none(),
        help_text=_("新单位的基层工会将设在此工会之下。"),
    )

    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "size", "industry", "region", "group", "address", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level=Region.Level.COUNTY)
        self.fields["group"].queryset = restrict(
            Enterprise.objects.filter(size=Enterprise.Size.LARGE), user, Action.ENTERPRISE_VIEW
        ).order_by("name")
        if self.instance.pk:
            del self.fields["parent_union"]
        else:
            self.fields["parent_union"].queryset = restrict(
                TradeUnion.objects.exclude(kind=TradeUnion.Kind.PROVINCE), user, Action.ENTERPRISE_CHANGE
            ).order_by("path")
        self._style()

    def validate_unique(self):
        # Uniqueness of the credit code is the service's rule (with its own message).
        pass


class WorkerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, min_length=18)
    gender = forms.ChoiceField(
        label=_("性别"),
        choices=[("", _("按身份证号码"))] + list(Worker._meta.get_field("gender").choices),
        required=False,
    )
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900, max_value=2100)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    enterprise = forms.ModelChoiceField(label=_("所在单位"), queryset=Enterprise.objects.none())
    post = forms.CharField(label=_("岗位"), max_length=100)
    skill_level = forms.ChoiceField(label=_("技能等级"), choices=SkillLevel.choices, required=False)
    is_active = forms.BooleanField(label=_("在职"), required=False, initial=True)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = restrict(
            Enterprise.objects.filter(is_active=True), user, Action.WORKER_CHANGE
        ).order_by("name")
        if editing:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("不修改请留空。")
            self.fields["phone"].help_text = _("不修改请留空。")
        self._style()


class HonourForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["kind", "level", "year", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def validate_unique(self):
        pass
