"""Excel exports of the yearly reports and assessments."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from ..exports import studio_columns, user_name, when_text


class YearReportExporter(Exporter):
    title = _("工作室年度报告")
    columns = [
        Column(_("编号"), lambda r: r.pk, 8),
        Column(_("年度"), lambda r: r.year, 8),
        *studio_columns(),
        Column(_("状态"), lambda r: r.get_state_display(), 10),
        Column(_("孵化成果(项)"), lambda r: r.fig_incubated, 12),
        Column(_("专利(件)"), lambda r: r.fig_patents, 10),
        Column(_("成果核定效益(元)"), lambda r: r.fig_verified_benefit, 18),
        Column(_("技术攻关(项)"), lambda r: r.problems_solved, 12),
        Column(_("培训(人次)"), lambda r: r.people_trained, 12),
        Column(_("其他创效(元)"), lambda r: r.reported_benefit, 16),
        Column(_("创效合计(元)"), lambda r: r.fig_verified_benefit + r.reported_benefit, 18),
        Column(_("年度工作总结"), lambda r: r.summary, 40),
        Column(_("提交人"), lambda r: user_name(r.submitted_by), 12),
        Column(_("核实人"), lambda r: user_name(r.verified_by), 12),
        Column(_("核实时间"), lambda r: when_text(r.verified_at), 18),
        Column(_("核实意见"), lambda r: r.verify_note, 30),
    ]


class AssessmentExporter(Exporter):
    title = _("工作室年度考核")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("年度"), lambda a: a.year, 8),
        *studio_columns(),
        Column(_("得分"), lambda a: a.score, 10),
        Column(_("考核结果"), lambda a: a.get_result_display(), 10),
        Column(_("考核办法"), lambda a: _("%(y)d年起") % {"y": a.rubric.effective_year}, 12),
        Column(
            _("评分明细"),
            lambda a: "；".join(
                f"{i['label']} {i['value']}→{i['points']}分" for i in a.detail.get("items", [])
            ),
            50,
        ),
        Column(_("考核意见"), lambda a: a.note, 30),
        Column(_("考核人"), lambda a: user_name(a.assessed_by), 12),
        Column(_("考核时间"), lambda a: when_text(a.assessed_at), 18),
    ]
