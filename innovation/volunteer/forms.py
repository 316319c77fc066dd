"""The forms of the calendar page: the service checks every value again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin

from .models import CalendarDay, Category


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
