import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Recommendation, RecState

STATE_STYLE = {
    RecState.SELECTED: "info",
    RecState.SUBMITTED: "primary",
    RecState.RESULT: "success",
    RecState.WITHDRAWN: "light",
}


def first_author(rec) -> str:
    authors = list(rec.achievement.authors.all())
    return authors[0].name if authors else ""


class RecommendationTable(tables.Table):
    title = tables.Column(
        accessor="achievement__title",
        linkify=("recommendations:detail", {"pk": tables.A("pk")}),
        verbose_name=_("成果名称"),
    )
    unit = tables.Column(accessor="achievement__enterprise__name", verbose_name=_("单位"))
    author = tables.Column(accessor="pk", verbose_name=_("第一完成人"), orderable=False)
    contest = tables.Column(accessor="contest__name", verbose_name=_("上级大赛"))
    year = tables.Column(accessor="contest__year", verbose_name=_("年度"))
    category = tables.Column(accessor="category__name", verbose_name=_("组别"))
    city_grade = tables.Column(accessor="award__grade__code", verbose_name=_("市级奖项"))
    state = tables.Column(verbose_name=_("状态"))
    result = tables.Column(accessor="result_prize", verbose_name=_("推荐结果"), default="—")

    class Meta:
        model = Recommendation
        fields = ("title", "unit", "author", "contest", "year", "category", "city_grade", "state", "result")
        attrs = {"class": "table table-hover align-middle", "id": "recommendation-table"}

    def render_author(self, record):
        return first_author(record)

    def render_city_grade(self, record):
        return f"{record.award.campaign.year}年{record.award.grade.get_code_display()}"

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "secondary"),
            record.get_state_display(),
        )

    def render_result(self, record):
        return record.result_label or "—"
