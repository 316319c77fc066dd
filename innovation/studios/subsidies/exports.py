"""Excel exports of the subsidy policies, rounds and lines."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.funds.models import yuan

from ..exports import studio_columns, user_name, when_text
from .tables import policy_amount_text, policy_levels


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
        Column(_("拟定人"), lambda r: user_name(r.proposed_by), 12),
        Column(_("第一审批人"), lambda r: user_name(r.first_approver), 12),
        Column(_("第一审批时间"), lambda r: when_text(r.first_approved_at), 18),
        Column(_("第二审批人"), lambda r: user_name(r.second_approver), 12),
        Column(_("第二审批时间"), lambda r: when_text(r.second_approved_at), 18),
    ]


class SubsidyLineExporter(Exporter):
    title = _("工作室补助明细")
    columns = [
        Column(_("编号"), lambda x: x.pk, 8),
        Column(_("年度"), lambda x: x.round.year, 8),
        *studio_columns(),
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
