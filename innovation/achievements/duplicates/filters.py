import django_filters as filters
from django.utils.translation import gettext_lazy as _

from ..filters import search_terms
from ..models import DuplicatePair, Verdict

UNDECIDED = "undecided"


class DuplicatePairFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="search", label=_("检索"), help_text=_("后报成果的名称、内容、单位、完成人")
    )
    verdict = filters.ChoiceFilter(
        choices=[(UNDECIDED, _("待认定")), *Verdict.choices], method="by_verdict", label=_("认定")
    )
    year = filters.NumberFilter(field_name="newer__campaign__year", label=_("年度"))
    jaccard_min = filters.NumberFilter(field_name="jaccard", lookup_expr="gte", label=_("相似度不低于(0–1)"))

    class Meta:
        model = DuplicatePair
        fields = ["q", "verdict", "year", "jaccard_min"]

    def search(self, qs, name, value):
        return search_terms(qs, value, "newer__search_text")

    def by_verdict(self, qs, name, value):
        return qs.filter(verdict="" if value == UNDECIDED else value)
