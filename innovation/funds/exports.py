"""Excel exports of the ledger. Amounts are numbers in yuan (two decimals), so they add up in Excel."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .models import yuan


def _user(u) -> str:
    if u is None:
        return ""
    return getattr(u, "display_name", "") or u.username


class BudgetLineExporter(Exporter):
    title = _("经费预算科目")
    columns = [
        Column(_("编号"), lambda x: x.pk, 8),
        Column(_("年度"), lambda x: x.year, 8),
        Column(_("经费类别"), lambda x: x.get_kind_display(), 14),
        Column(_("预算科目"), lambda x: x.name, 30),
        Column(_("预算单位"), lambda x: x.union.name, 24),
        Column(_("预算基数(元)"), lambda x: yuan(x.base_fen), 16),
        Column(_("预算调整(元)"), lambda x: yuan(x.amended_fen), 16),
        Column(_("预算金额(元)"), lambda x: yuan(x.amount_fen), 16),
        Column(_("已承诺(元)"), lambda x: yuan(x.committed_fen), 16),
        Column(_("已支付(元)"), lambda x: yuan(x.paid_fen), 16),
        Column(_("可用余额(元)"), lambda x: yuan(x.amount_fen - x.committed_fen), 16),
        Column(_("说明"), lambda x: x.note, 30),
    ]


class CommitmentExporter(Exporter):
    title = _("经费承诺")
    columns = [
        Column(_("编号"), lambda c: c.pk, 8),
        Column(_("年度"), lambda c: c.line.year, 8),
        Column(_("预算科目"), lambda c: c.line.name, 28),
        Column(_("收款人"), lambda c: c.payee, 16),
        Column(_("用途"), lambda c: c.purpose, 36),
        Column(_("承诺金额(元)"), lambda c: yuan(c.amount_fen), 16),
        Column(_("已支付(元)"), lambda c: yuan(c.paid_fen), 16),
        Column(_("未付(元)"), lambda c: yuan(0 if c.state == "cancelled" else c.amount_fen - c.paid_fen), 16),
        Column(_("状态"), lambda c: c.get_state_display(), 10),
        Column(_("来源"), lambda c: f"{c.source_kind}#{c.source_id}", 16),
        Column(_("政策依据"), lambda c: c.policy_ref, 36),
        Column(_("决定依据"), lambda c: c.decision_ref, 30),
        Column(_("批准人"), lambda c: _user(c.approved_by), 14),
        Column(_("承诺时间"), lambda c: timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"), 18),
    ]


class PaymentExporter(Exporter):
    title = _("经费支付")
    columns = [
        Column(_("支付日期"), lambda p: p.paid_on.isoformat(), 12),
        Column(_("凭证号"), lambda p: p.voucher_no, 18),
        Column(_("支付金额(元)"), lambda p: yuan(p.amount_fen), 16),
        Column(_("收款人"), lambda p: p.commitment.payee, 16),
        Column(_("用途"), lambda p: p.commitment.purpose, 36),
        Column(_("承诺编号"), lambda p: p.commitment_id, 10),
        Column(_("预算科目"), lambda p: str(p.commitment.line), 28),
        Column(_("政策依据"), lambda p: p.commitment.policy_ref, 36),
        Column(_("决定依据"), lambda p: p.commitment.decision_ref, 30),
        Column(_("批准人"), lambda p: _user(p.commitment.approved_by), 14),
        Column(_("经办人"), lambda p: _user(p.recorded_by), 14),
    ]


class AmendmentExporter(Exporter):
    title = _("预算调整")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("批准日期"), lambda a: a.decided_on.isoformat(), 12),
        Column(_("年度"), lambda a: a.line.year, 8),
        Column(_("预算科目"), lambda a: str(a.line), 28),
        Column(_("预算单位"), lambda a: a.line.union.name, 24),
        Column(_("调整方向"), lambda a: a.get_direction_display(), 10),
        # Signed, so that the column adds up to the lines' net change in Excel.
        Column(_("调整金额(元)"), lambda a: yuan(a.delta_fen), 16),
        Column(_("文号"), lambda a: a.document_no, 22),
        Column(_("调整理由"), lambda a: a.reason, 40),
        Column(_("批准人"), lambda a: _user(a.approved_by), 14),
        Column(_("经办人"), lambda a: _user(a.recorded_by), 14),
        Column(_("登记时间"), lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M"), 18),
    ]
