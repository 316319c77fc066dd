"""The forms of the project pages: the services check every value again."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Field, Kind
from innovation.experts.models import ExpertProfile
from innovation.funds.forms import YuanField, to_fen
from innovation.org.forms import BootstrapMixin
from innovation.org.models import Enterprise, Worker
from innovation.studios.models import Studio

from .models import PROJECT_CHANNELS, TEXT_MAX, Channel, OwnerKind


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, required=True, rows=3):
    return forms.CharField(
        label=label, max_length=TEXT_MAX, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class Styled(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class WorkerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.enterprise.name} · {obj.post}）"


def led_enterprises(user):
    return Enterprise.objects.filter(studios__leader__user=user, studios__status=Studio.Status.ACTIVE)


class ProjectForm(Styled):
    """A project's facts, members (the first chosen leads) and, when new, its first milestones."""

    title = forms.CharField(label=_("项目名称"), max_length=100)
    channel = forms.ChoiceField(
        label=_("创效渠道"),
        choices=[(c.value, c.label) for c in PROJECT_CHANNELS],
        initial=Channel.BREAKTHROUGH,
    )
    enterprise = forms.ModelChoiceField(label=_("所在单位"), queryset=Enterprise.objects.none())
    owner_kind = forms.ChoiceField(label=_("承担主体"), choices=OwnerKind.choices)
    studio = forms.ModelChoiceField(label=_("承担工作室"), queryset=Studio.objects.none(), required=False)
    team_name = forms.CharField(
        label=_("承担班组"), max_length=60, required=False, help_text=_("如：电气检修班")
    )
    start_on = forms.DateField(label=_("计划开始日期"), widget=_date())
    end_on = forms.DateField(label=_("计划完成日期"), widget=_date())
    members = WorkerChoices(
        label=_("项目成员"), queryset=Worker.objects.none(), help_text=_("第一位为项目负责人（按列表顺序）")
    )
    problem = _text(_("攻关难题"))
    goal = _text(_("攻关目标"))
    plan = _text(_("实施方案"), required=False)
    milestones = forms.CharField(
        label=_("里程碑"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：日期 名称，如「2026-03-31 完成方案设计」"),
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        led = led_enterprises(user)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(
            Q(pk__in=restrict(Enterprise.objects.all(), user, Action.PROJECT_MANAGE).values("pk"))
            | Q(pk__in=led.values("pk"))
        ).order_by("name")
        self.fields["studio"].queryset = Studio.objects.filter(
            Q(pk__in=restrict(Studio.objects.all(), user, Action.STUDIO_VIEW).values("pk"))
            | Q(leader__user=user),
            status=Studio.Status.ACTIVE,
        ).order_by("name")
        self.fields["members"].queryset = (
            Worker.objects.filter(
                Q(pk__in=restrict(Worker.objects.all(), user, Action.WORKER_VIEW).values("pk"))
                | Q(enterprise__in=led.values("pk")),
                is_active=True,
            )
            .select_related("enterprise")
            .order_by("enterprise__name", "name")
        )
        if editing:
            del self.fields["milestones"]
            del self.fields["enterprise"]

    def clean_milestones(self):
        import datetime

        rows = []
        for number, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _sep, title = line.partition(" ")
            try:
                due_on = datetime.date.fromisoformat(day.strip())
            except ValueError:
                raise forms.ValidationError(
                    _("第%(n)d行：日期格式应为 2026-03-31。") % {"n": number}
                ) from None
            rows.append({"title": title.strip(), "due_on": due_on})
        return rows

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = data.pop("members")
        order = (
            [int(v) for v in self.data.getlist(self.add_prefix("members"))]
            if hasattr(self.data, "getlist")
            else []
        )
        by_pk = {w.pk: w for w in chosen}
        data["members"] = [by_pk[pk] for pk in order if pk in by_pk] or list(chosen)
        return data


class ConcludeForm(Styled):
    result = _text(_("攻关成果"), rows=2)
    benefit_claimed = YuanField(label=_("申报经济效益（元）"), minimum=Decimal(0))
    benefit_basis = _text(_("效益计算依据"), required=False, rows=2)
    concluded_on = forms.DateField(label=_("结题日期"), widget=_date(), required=False)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data["benefit_claimed_fen"] = to_fen(data.pop("benefit_claimed"))
        return data


class VerifyForm(Styled):
    prefix = "verify"

    benefit_verified = YuanField(label=_("核实经济效益（元）"), minimum=Decimal(0))
    note = forms.CharField(label=_("核实说明"), max_length=TEXT_MAX, required=False)


class MilestoneForm(Styled):
    prefix = "milestone"

    title = forms.CharField(label=_("里程碑"), max_length=100)
    due_on = forms.DateField(label=_("计划完成日期"), widget=_date())


class ExpertHelpForm(Styled):
    """An expert of the pool (for those who may read it: the unions) or, for help from outside
    the pool, the helper's name."""

    prefix = "expert"
    needs_user = True

    on = forms.DateField(label=_("日期"), widget=_date())
    expert = forms.ModelChoiceField(
        queryset=ExpertProfile.objects.none(),
        required=False,
        label=_("专家库专家"),
        empty_label=_("（不选）"),
    )
    helper_name = forms.CharField(label=_("或填写指导人姓名"), max_length=50, required=False)
    content = forms.CharField(label=_("指导内容"), max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        pool = ExpertProfile.objects.filter(is_active=True).order_by("name", "pk")
        pool = restrict(pool, user, Action.EXPERT_VIEW) if user is not None else pool.none()
        if pool.exists():
            self.fields["expert"].queryset = pool
        else:
            del self.fields["expert"]
            self.fields["helper_name"].label = _("指导专家")
            self.fields["helper_name"].required = True

    def clean(self):
        data = super().clean()
        if "expert" in self.fields and not data.get("expert") and not data.get("helper_name"):
            self.add_error("helper_name", _("请选择专家库专家或填写指导人姓名。"))
        return data


class FundsForm(Styled):
    prefix = "funds"

    amount = YuanField(label=_("支持金额（元）"), minimum=Decimal("0.01"))
    content = forms.CharField(label=_("经费用途"), max_length=200)
    payee = forms.CharField(label=_("收款单位"), max_length=100, required=False)
    on = forms.DateField(label=_("日期"), widget=_date())


class PayForm(Styled):
    paid_on = forms.DateField(label=_("支付日期"), widget=_date())
    voucher_no = forms.CharField(label=_("凭证号"), max_length=40)


class FileForm(Styled):
    prefix = "file"

    kind = forms.ChoiceField(label=_("成果类别"), choices=Kind.choices, initial=Kind.RENOVATION)
    field = forms.ChoiceField(label=_("所属领域"), choices=Field.choices, initial=Field.TECHNOLOGY)
