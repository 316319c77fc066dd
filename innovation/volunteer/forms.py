"""The forms of the calendar page and of the teams: the services check every value again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.org.forms import BootstrapMixin
from innovation.org.models import Enterprise, Region, Worker
from innovation.studios.models import Studio

from .models import MAX_CAPACITY, CalendarDay, Category
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
