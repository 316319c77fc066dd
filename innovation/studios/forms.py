"""What the studio forms share: the date widget, the year bound, the studio choice fields and the
reason form (the sub-domains' forms: naming/, reports/, subsidies/, alliances/)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.org.forms import BootstrapMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_YEAR = 2100


def this_year() -> int:
    return timezone.localdate().year


class StudioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}{obj.get_type_display()}）"


class StudioMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}{obj.get_type_display()}）"


# ---------------------------------------------------------------- reports


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# ---------------------------------------------------------------- assessment


# ---------------------------------------------------------------- subsidies


# ---------------------------------------------------------------- alliances


# ---------------------------------------------------------------- filter sets
