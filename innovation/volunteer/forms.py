"""The forms of the calendar page, the teams and the orders: the services check every value again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.funds.forms import YuanField, to_fen
from innovation.org.forms import BootstrapMixin
from innovation.org.models import Enterprise, Region, Worker
from innovation.studios.models import Studio

from .models import (
    MAX_CAPACITY,
    MAX_HEADCOUNT,
    TEXT_MAX,
    CalendarDay,
    Category,
    ExpenseKind,
    Outcome,
    ServiceTeam,
)
from .selectors import studio_people


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class Styled(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CalendarDayForm(Styled):
    date = forms.DateField(label=_("日期"), widget=_date())
    kind = forms.ChoiceField(label=_("类型"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("节日"), max_length=20, help_text=_("如：国庆节、春节"))


class WorkingHoursForm(Styled):
    effective_from = forms.DateField(label=_("施行日期"), widget=_date())
    morning_start = forms.TimeField(label=_("上午上班"), widget=_time())
    morning_end = forms.TimeField(label=_("上午下班"), widget=_time())
    afternoon_start = forms.TimeField(label=_("下午上班"), widget=_time())
    afternoon_end = forms.TimeField(label=_("下午下班"), widget=_time())


class SlaTargetForm(Styled):
    category = forms.ChoiceField(label=_("问题类别"), choices=Category.choices)
    effective_from = forms.DateField(label=_("施行日期"), widget=_date())
    response_hours = forms.IntegerField(label=_("响应时限（工作小时）"), min_value=1, max_value=2000)
    resolution_hours = forms.IntegerField(label=_("解决时限（工作小时）"), min_value=1, max_value=5000)


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.enterprise.name}）"


class TeamForm(Styled):
    """A team's facts; the choices are what the user may pick (their units, workers, studios)."""

    name = forms.CharField(label=_("服务队名称"), max_length=100)
    enterprise = forms.ModelChoiceField(
        label=_("所在单位"), queryset=Enterprise.objects.none(), help_text=_("队长所在单位")
    )
    leader = WorkerChoice(label=_("队长"), queryset=Worker.objects.none(), help_text=_("工作室带头人或成员"))
    studios = forms.ModelMultipleChoiceField(label=_("依托工作室"), queryset=Studio.objects.none())
    districts = forms.ModelMultipleChoiceField(
        label=_("服务区域（县、市、区）"), queryset=Region.objects.none()
    )
    categories = forms.MultipleChoiceField(label=_("服务领域"), choices=Category.choices)
    capacity = forms.IntegerField(label=_("同时承接订单上限"), min_value=1, max_value=MAX_CAPACITY, initial=3)
    formed_on = forms.DateField(label=_("组建日期"), widget=_date())
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = restrict(
            Enterprise.objects.filter(is_active=True), user, Action.ENTERPRISE_VIEW
        ).order_by("name")
        # Teams are formed from studios: the leader is a studio's leader or on a studio's roster.
        self.fields["leader"].queryset = restrict(
            studio_people().select_related("enterprise"), user, Action.WORKER_VIEW
        ).order_by("name")
        self.fields["studios"].queryset = restrict(
            Studio.objects.filter(status=Studio.Status.ACTIVE), user, Action.STUDIO_VIEW
        ).order_by("name")
        self.fields["districts"].queryset = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")


class MemberForm(Styled):
    worker = WorkerChoice(label=_("队员"), queryset=Worker.objects.none(), help_text=_("工作室带头人或成员"))
    skills = forms.CharField(
        label=_("专长"), max_length=200, required=False, help_text=_("如：数控加工、液压维修")
    )
    joined_on = forms.DateField(label=_("加入日期"), widget=_date())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = restrict(
            studio_people().select_related("enterprise"), user, Action.WORKER_VIEW
        ).order_by("name")


# ---------------------------------------------------------------- orders


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (each checked by the service: size and real type)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class OrderForm(Styled):
    """A problem posted for an enterprise the user may post for (its union, the county, the city)."""

    enterprise = forms.ModelChoiceField(label=_("需求企业"), queryset=Enterprise.objects.none())
    category = forms.ChoiceField(label=_("问题类别"), choices=[("", "---------"), *Category.choices])
    title = forms.CharField(label=_("问题标题"), max_length=100)
    description = forms.CharField(
        label=_("问题描述"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    desired_from = forms.DateField(label=_("期望服务开始日期"), required=False, widget=_date())
    desired_to = forms.DateField(label=_("期望服务结束日期"), required=False, widget=_date())
    contact_name = forms.CharField(label=_("联系人"), max_length=20)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    files = MultipleFileField(
        label=_("附件（图纸、照片等）"), required=False, help_text=_("可多选；PDF、JPG、PNG、DOCX、XLSX")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = (
            restrict(Enterprise.objects.filter(is_active=True), user, Action.SERVICE_POST)
            .exclude(size=Enterprise.Size.LARGE)
            .order_by("name")
        )


class AttachmentForm(Styled):
    prefix = "attachment"

    file = forms.FileField(label=_("附件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX"))


class TeamChoiceForm(Styled):
    """派单 (the teams serving the order's county) or 认领 (the teams the user leads)."""

    team = forms.ModelChoiceField(label=_("服务队"), queryset=ServiceTeam.objects.none())

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        # One team to choose (a leader of one team claiming): it is chosen already.
        only = list(teams[:2])
        if len(only) == 1:
            self.fields["team"].initial = only[0].pk
            self.fields["team"].empty_label = None

    def payload(self) -> dict:
        return {"team": self.cleaned_data["team"]}


class ResolveForm(Styled):
    outcome = forms.ChoiceField(label=_("解决情况"), choices=[("", "---------"), *Outcome.choices])
    diagnosis = forms.CharField(
        label=_("问题诊断"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    solution = forms.CharField(
        label=_("解决方案或处理意见"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def payload(self) -> dict:
        return dict(self.cleaned_data)


class ConfirmForm(Styled):
    rating = forms.TypedChoiceField(
        label=_("评价（1至5分）"), coerce=int, choices=[("", "---------")] + [(i, i) for i in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label=_("评价意见"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    benefit_claimed = YuanField(label=_("企业申报效益（元）"), minimum=Decimal(0), required=False)

    def payload(self) -> dict:
        d = self.cleaned_data
        claimed = d["benefit_claimed"]
        return {
            "rating": d["rating"],
            "comment": d["comment"],
            "benefit_claimed_fen": None if claimed is None else to_fen(claimed),
        }


class CloseForm(Styled):
    benefit_verified = YuanField(label=_("核实效益（元）"), minimum=Decimal(0), required=False)

    def payload(self) -> dict:
        verified = self.cleaned_data["benefit_verified"]
        return {"benefit_verified_fen": None if verified is None else to_fen(verified)}


class VisitForm(Styled):
    prefix = "visit"

    on = forms.DateField(label=_("服务日期"), widget=_date())
    hours = forms.DecimalField(
        label=_("服务时长（小时）"), min_value=Decimal("0.5"), max_value=24, max_digits=4, decimal_places=1
    )
    members = forms.ModelMultipleChoiceField(label=_("参加队员"), queryset=Worker.objects.none())
    notes = forms.CharField(
        label=_("服务内容"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class TrainingForm(Styled):
    prefix = "training"

    on = forms.DateField(label=_("培训日期"), widget=_date())
    topic = forms.CharField(label=_("培训主题"), max_length=100)
    headcount = forms.IntegerField(label=_("培训人数"), min_value=1, max_value=MAX_HEADCOUNT)
    trainees = forms.ModelMultipleChoiceField(
        label=_("受训职工（选填，本企业在平台登记的职工）"), queryset=Worker.objects.none(), required=False
    )

    def __init__(self, *args, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainees"].queryset = trainees


class PauseForm(Styled):
    prefix = "pause"

    reason = forms.CharField(label=_("等待企业的事由"), max_length=200)


class ExpenseForm(Styled):
    prefix = "expense"

    kind = forms.ChoiceField(label=_("费用类别"), choices=[("", "---------"), *ExpenseKind.choices])
    amount = YuanField(label=_("金额（元）"), minimum=Decimal("0.01"))
    note = forms.CharField(label=_("说明"), max_length=200)
    payee = forms.CharField(label=_("收款人"), max_length=100)


class PayForm(Styled):
    paid_on = forms.DateField(label=_("支付日期"), widget=_date())
    voucher_no = forms.CharField(label=_("凭证号"), max_length=40)
