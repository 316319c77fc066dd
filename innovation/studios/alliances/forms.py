"""Forms of the alliances and their projects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin

from ..forms import DATE, MAX_YEAR, StudioChoiceField, StudioMultipleChoiceField, this_year
from ..models import (
    Alliance,
    Studio,
)


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
        kwargs.setdefault("initial", {"year": this_year()})
        super().__init__(*args, **kwargs)
        self.fields["studios"].queryset = alliance.members.order_by("name")
        self._style()
