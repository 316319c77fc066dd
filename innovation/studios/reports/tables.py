"""Tables of the yearly reports and assessments."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import Assessment, YearReport
from ..tables import NUMBER, StudioColumn, YuanColumn, badge

REPORT_STYLE = {
    YearReport.State.DRAFT: "secondary",
    YearReport.State.SUBMITTED: "warning",
    YearReport.State.VERIFIED: "success",
}


RESULT_STYLE = {
    Assessment.Result.EXCELLENT: "success",
    Assessment.Result.QUALIFIED: "primary",
    Assessment.Result.UNQUALIFIED: "danger",
}


class YearReportTable(tables.Table):
    studio = StudioColumn(
        linkify=("studios:report_detail", {"pk": tables.A("pk")}),
        verbose_name=_("工作室"),
        order_by=("studio__name",),
    )
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(
        accessor="studio__type", verbose_name=_("类型"), order_by=("studio__type",), empty_values=()
    )
    unit = tables.Column(accessor="studio__enterprise__name", verbose_name=_("所在单位"))
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    fig_incubated = tables.Column(verbose_name=_("孵化成果"), attrs=NUMBER)
    fig_patents = tables.Column(verbose_name=_("专利"), attrs=NUMBER)
    fig_verified_benefit = YuanColumn(verbose_name=_("成果核定效益(元)"))
    problems_solved = tables.Column(verbose_name=_("技术攻关"), attrs=NUMBER)
    people_trained = tables.Column(verbose_name=_("培训人次"), attrs=NUMBER)
    reported_benefit = YuanColumn(verbose_name=_("其他创效(元)"))
    verified_by = tables.Column(verbose_name=_("核实人"), order_by=("verified_by__username",))
    verified_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("核实日期"))

    class Meta:
        model = YearReport
        fields = (
            "studio",
            "year",
            "kind",
            "unit",
            "state",
            "fig_incubated",
            "fig_patents",
            "fig_verified_benefit",
            "problems_solved",
            "people_trained",
            "reported_benefit",
            "verified_by",
            "verified_at",
        )
        attrs = {"class": "table table-hover align-middle", "id": "report-table"}

    def render_kind(self, record):
        return f"{record.studio.get_level_display()}{record.studio.get_type_display()}"

    def render_state(self, record):
        return badge(REPORT_STYLE.get(record.state, "light"), record.get_state_display())


class AssessmentTable(tables.Table):
    studio = StudioColumn(
        linkify=("studios:assessment_detail", {"pk": tables.A("pk")}),
        verbose_name=_("工作室"),
        order_by=("studio__name",),
    )
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(
        accessor="studio__type", verbose_name=_("类型"), order_by=("studio__type",), empty_values=()
    )
    unit = tables.Column(accessor="studio__enterprise__name", verbose_name=_("所在单位"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUMBER)
    result = tables.Column(verbose_name=_("考核结果"))
    rubric = tables.Column(
        accessor="rubric__effective_year", verbose_name=_("考核办法"), order_by=("rubric__effective_year",)
    )
    assessed_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("考核日期"))

    class Meta:
        model = Assessment
        fields = ("studio", "year", "kind", "unit", "score", "result", "rubric", "assessed_at")
        attrs = {"class": "table table-hover align-middle", "id": "assessment-table"}

    def render_kind(self, record):
        return f"{record.studio.get_level_display()}{record.studio.get_type_display()}"

    def render_result(self, record):
        return badge(RESULT_STYLE.get(record.result, "light"), record.get_result_display())

    def render_rubric(self, value):
        return _("%(y)s年起") % {"y": value}
