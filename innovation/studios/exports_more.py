"""Excel exports of the yearly reports, assessments, subsidies and alliances. Amounts are numbers
in yuan (two decimals), so they add up in Excel."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.funds.models import yuan

from .tables_more import policy_amount_text, policy_levels


def _user(u) -> str:
    if u is None:
        return ""
    return getattr(u, "display_name", "") or u.username


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _studio_columns(get=lambda x: x.studio) -> list[Column]:
    return [
        Column(_("工作室"), lambda x: get(x).name, 30),
        Column(_("级别"), lambda x: get(x).get_level_display(), 8),
        Column(_("类型"), lambda x: get(x).get_type_display(), 16),
        Column(_("所在单位"), lambda x: get(x).enterprise.name, 26),
        Column(_("工作室状态"), lambda x: get(x).get_status_display(), 10),
    ]


class YearReportExporter(Exporter):
    title = _("工作室年度报告")
    columns = [
        Column(_("编号"), lambda r: r.pk, 8),
        Column(_("年度"), lambda r: r.year, 8),
        *_studio_columns(),
        Column(_("状态"), lambda r: r.get_state_display(), 10),
        Column(_("孵化成果(项)"), lambda r: r.fig_incubated, 12),
        Column(_("专利(件)"), lambda r: r.fig_patents, 10),
        Column(_("成果核定效益(元)"), lambda r: r.fig_verified_benefit, 18),
        Column(_("技术攻关(项)"), lambda r: r.problems_solved, 12),
        Column(_("培训(人次)"), lambda r: r.people_trained, 12),
        Column(_("其他创效(元)"), lambda r: r.reported_benefit, 16),
        Column(_("创效合计(元)"), lambda r: r.fig_verified_benefit + r.reported_benefit, 18),
        Column(_("年度工作总结"), lambda r: r.summary, 40),
        Column(_("提交人"), lambda r: _user(r.submitted_by), 12),
        Column(_("核实人"), lambda r: _user(r.verified_by), 12),
        Column(_("核实时间"), lambda r: _when(r.verified_at), 18),
        Column(_("核实意见"), lambda r: r.verify_note, 30),
    ]


class AssessmentExporter(Exporter):
    title = _("工作室年度考核")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("年度"), lambda a: a.year, 8),
        *_studio_columns(),
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
        Column(_("考核人"), lambda a: _user(a.assessed_by), 12),
        Column(_("考核时间"), lambda a: _when(a.assessed_at), 18),
    ]


class SubsidyPolicyExporter(Exporter):
    title = _("工作室补助政策")
    columns = [
        Column(_("编号"), lambda p: p.pk, 8),
        Column(_("补助类型"), lambda p: p.get_kind_display(), 16),
        Column(_("工作室类型"), lambda p: str(p.get_studio_type_display() or _("全部类型")), 16),
        Column(_("适用级别"), lambda p: "、".join(policy_levels(p)), 16),
        Column(_("生效日期"), lambda p: p.effective_from.isoformat(), 12),
        Column(_("补助标准"), policy_amount_text, 36),
        Column(_("每年最高(元)"), lambda p: yuan(p.cap_fen) if p.cap_fen is not None else "", 14),
        Column(_("资金使用范围"), lambda p: p.use_scope, 40),
        Column(_("政策依据"), lambda p: p.document, 36),
    ]


class SubsidyRoundExporter(Exporter):
    title = _("工作室补助批次")
    columns = [
        Column(_("编号"), lambda r: r.pk, 8),
        Column(_("年度"), lambda r: r.year, 8),
        Column(_("补助单位"), lambda r: r.union.name, 20),
        Column(_("状态"), lambda r: r.get_state_display(), 14),
        Column(_("补助条数"), lambda r: r.line_count, 10),
        Column(_("补助合计(元)"), lambda r: yuan(r.total_fen), 16),
        Column(_("预算科目"), lambda r: str(r.budget_line), 24),
        Column(_("拟定人"), lambda r: _user(r.proposed_by), 12),
        Column(_("第一审批人"), lambda r: _user(r.first_approver), 12),
        Column(_("第一审批时间"), lambda r: _when(r.first_approved_at), 18),
        Column(_("第二审批人"), lambda r: _user(r.second_approver), 12),
        Column(_("第二审批时间"), lambda r: _when(r.second_approved_at), 18),
    ]


class SubsidyLineExporter(Exporter):
    title = _("工作室补助明细")
    columns = [
        Column(_("编号"), lambda x: x.pk, 8),
        Column(_("年度"), lambda x: x.round.year, 8),
        *_studio_columns(),
        Column(_("补助类型"), lambda x: x.get_kind_display(), 16),
        Column(_("系统测算(元)"), lambda x: yuan(x.proposed_fen), 14),
        Column(_("审定金额(元)"), lambda x: yuan(x.amount_fen), 14),
        Column(_("已支付(元)"), lambda x: yuan(x.commitment.paid_fen if x.commitment_id else 0), 14),
        Column(_("调整理由"), lambda x: x.reason, 24),
        Column(_("测算依据"), lambda x: x.basis, 50),
        Column(_("资金使用范围"), lambda x: x.use_scope, 40),
        Column(_("经费承诺编号"), lambda x: x.commitment_id or "", 12),
        Column(_("政策编号"), lambda x: x.policy_id, 10),
    ]


class AllianceExporter(Exporter):
    title = _("工作室联盟")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("联盟名称"), lambda a: a.name, 30),
        Column(_("牵头工作室"), lambda a: a.lead.name, 30),
        Column(_("成员工作室"), lambda a: "、".join(s.name for s in a.members.all()), 60),
        Column(_("成员数"), lambda a: a.member_count, 8),
        Column(_("联合项目"), lambda a: "；".join(f"{p.year} {p.title}" for p in a.projects.all()), 60),
        Column(_("成立日期"), lambda a: a.founded_on.isoformat(), 12),
        Column(_("简介"), lambda a: a.description, 40),
    ]
