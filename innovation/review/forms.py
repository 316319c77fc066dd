"""The score sheet form: one number per rubric criterion, and the comment.

The bounds are shown to the browser (min / max / step) but checked by the service, so an
out-of-range value is refused with its message and the attempt is audited in one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Field, percent


def field_name(criterion_id: int) -> str:
    return f"c{criterion_id}"


class ScoreSheetForm(forms.Form):
    comment = forms.CharField(
        label=_("评审意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control", "maxlength": 5000}),
        help_text=_("请写明评分理由、成果的优点和不足。"),
    )

    def __init__(self, *args, criteria, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        score_fields = {}
        for c in self.criteria:
            score_fields[field_name(c.pk)] = forms.DecimalField(
                label=c.name,
                required=False,
                # No min/max validators here: the service checks them, with its message and audit.
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control text-end score-input",
                        "min": 0,
                        "max": c.max_score,
                        "step": "0.01",
                        "inputmode": "decimal",
                        "data-max": c.max_score,
                        "data-weight": str(c.weight),
                    }
                ),
                help_text=_("满分 %(m)d 分，权重 %(w)s") % {"m": c.max_score, "w": percent(c.weight)},
            )
        # Criteria first, then the comment.
        self.fields = {**score_fields, "comment": self.fields["comment"]}
        if disabled:
            for f in self.fields.values():
                f.disabled = True

    def score_rows(self):
        """(bound field, criterion) pairs, in the rubric's order."""
        return [(self[field_name(c.pk)], c) for c in self.criteria]

    def values(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data.get(field_name(c.pk)) for c in self.criteria}


class ProgressFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=None, label=_("征集活动"), required=False, empty_label=None)
    q = forms.CharField(label=_("专家姓名"), required=False)
    unfinished = forms.BooleanField(label=_("只看未完成"), required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["unfinished"].widget.attrs["class"] = "form-check-input"


class MyTasksFilterForm(forms.Form):
    STATUS = [
        ("", _("全部")),
        ("pending", _("未开始")),
        ("draft", _("草稿")),
        ("submitted", _("已提交")),
    ]
    campaign = forms.ModelChoiceField(
        queryset=None, label=_("征集活动"), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("评分状态"), choices=STATUS, required=False)
    field = forms.ChoiceField(label=_("所属领域"), choices=[("", _("全部")), *Field.choices], required=False)
    q = forms.CharField(label=_("成果名称"), required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        for name, f in self.fields.items():
            f.widget.attrs["class"] = (
                "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            )
