"""The forms of the plan pages: a quarterly snapshot, and a revision — its document and its
changes written one per line (the services check every line and name the wrong ones)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.org.models import TradeUnion

from .models import Plan

DELETE_WORDS = ("删除", "-", "delete")


class SnapshotForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("季度"), coerce=int, choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        _styled(self)


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        kind = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control"
        field.widget.attrs.setdefault("class", kind)


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.replace("，", ",").split(",")]


class RevisionForm(forms.Form):
    effective_on = forms.DateField(label=gettext_lazy("生效日期"))
    title = forms.CharField(label=gettext_lazy("修订文件名称"), max_length=150)
    document_no = forms.CharField(label=gettext_lazy("文号"), max_length=60, required=False)
    note = forms.CharField(
        label=gettext_lazy("修订说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = forms.FileField(label=gettext_lazy("修订文件（PDF或Word）"), required=False)
    new_indicators = forms.CharField(
        label=gettext_lazy("新增指标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("每行一项：指标代码, 指标名称, 计量单位, 计算公式代码, 是否分县(是/否)"),
    )
    changes = forms.CharField(
        label=gettext_lazy("目标变更"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "每行一项：指标代码, 年度, 县(市、区)名称（全市留空）, 目标值（写“删除”取消该目标）"
        ),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        _styled(self)

    def _districts(self) -> dict[str, TradeUnion]:
        rows = TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT, path__startswith=self.plan.union.path)
        return {u.name: u for u in rows}

    def clean_new_indicators(self) -> list[dict]:
        rows, errors = [], []
        for n, line in enumerate(self.cleaned_data["new_indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _split(line)
            if len(parts) != 5:
                errors.append(_("新增指标第%(n)d行：须有5列（用逗号分隔）。") % {"n": n})
                continue
            code, name, unit, formula, split = parts
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "unit": unit,
                    "formula": formula or code,
                    "per_district": split == "是",
                }
            )
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def clean_changes(self) -> list[dict]:
        districts = self._districts()
        rows, errors = [], []
        for n, line in enumerate(self.cleaned_data["changes"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _split(line)
            if len(parts) != 4:
                errors.append(_("目标变更第%(n)d行：须有4列（用逗号分隔）。") % {"n": n})
                continue
            code, year, district, value = parts
            if not year.isdigit():
                errors.append(_("目标变更第%(n)d行：年度「%(y)s」不是整数。") % {"n": n, "y": year[:10]})
                continue
            if district and district not in districts:
                errors.append(
                    _("目标变更第%(n)d行：没有名为「%(d)s」的县(市、区)。") % {"n": n, "d": district[:20]}
                )
                continue
            if value in DELETE_WORDS:
                number = None
            else:
                try:
                    number = int(value)
                except ValueError:
                    errors.append(
                        _("目标变更第%(n)d行：目标值「%(v)s」不是整数。") % {"n": n, "v": value[:20]}
                    )
                    continue
            rows.append(
                {"indicator": code, "year": int(year), "district": districts.get(district), "value": number}
            )
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "effective_on": data["effective_on"],
            "title": data["title"],
            "document_no": data["document_no"],
            "note": data["note"],
            "file": data["file"],
            "changes": data["changes"],
            "new_indicators": data["new_indicators"],
        }
