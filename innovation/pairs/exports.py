"""The Excel export of the agreements list (exactly its filtered rows)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.core.money import yuan

from .models import Side


def _names(agreement, side: str) -> str:
    return "、".join(p.worker.name for p in agreement.parties.all() if p.side == side)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class AgreementExporter(Exporter):
    title = _("师徒协议")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("师徒"), lambda a: a.title, 24),
        Column(_("师傅"), lambda a: _names(a, Side.MASTER), 16),
        Column(_("徒弟"), lambda a: _names(a, Side.APPRENTICE), 16),
        Column(_("所在单位"), lambda a: a.enterprise.name, 28),
        Column(_("产业工会"), lambda a: a.industry_union.name if a.industry_union_id else "", 16),
        Column(_("开始日期"), lambda a: _date(a.start_on), 12),
        Column(_("结束日期"), lambda a: _date(a.end_on), 12),
        Column(_("版本"), lambda a: a.version, 6),
        Column(_("状态"), lambda a: a.get_state_display(), 12),
        Column(_("审批时间"), lambda a: a.approved_at.strftime("%Y-%m-%d") if a.approved_at else "", 12),
        Column(_("终止日期"), lambda a: _date(a.ended_on), 12),
        Column(_("变更/终止原因"), lambda a: a.end_reason or a.change_reason, 30),
    ]


class SelectionExporter(Exporter):
    title = _("金牌师徒评选")
    columns = [
        Column(_("编号"), lambda s: s.pk, 8),
        Column(_("评选"), lambda s: s.title, 30),
        Column(_("级别"), lambda s: s.get_level_display(), 14),
        Column(_("年度"), lambda s: s.year, 8),
        Column(_("组织单位"), lambda s: s.union.name, 20),
        Column(_("征集开始"), lambda s: _date(s.opens_on), 12),
        Column(_("征集截止"), lambda s: _date(s.closes_on), 12),
        Column(_("名额"), lambda s: s.quota, 8),
        Column(_("状态"), lambda s: s.get_state_display(), 12),
    ]


class NominationExporter(Exporter):
    title = _("金牌师徒推荐")
    columns = [
        Column(_("编号"), lambda n: n.pk, 8),
        Column(_("师徒"), lambda n: n.title, 24),
        Column(_("评选"), lambda n: n.selection.title, 30),
        Column(_("推荐单位"), lambda n: n.enterprise.name, 28),
        Column(_("综合得分"), lambda n: str(n.score) if n.score is not None else "", 10),
        Column(_("排名"), lambda n: n.rank or "", 6),
        Column(_("状态"), lambda n: n.get_state_display(), 12),
        Column(_("退回理由"), lambda n: n.return_reason, 30),
    ]


class PairAwardExporter(Exporter):
    title = _("金牌师徒获奖人")
    columns = [
        Column(_("获奖人"), lambda a: a.name, 12),
        Column(_("身份"), lambda a: a.get_side_display(), 8),
        Column(_("单位"), lambda a: a.unit, 28),
        Column(_("评选"), lambda a: a.selection.title, 30),
        Column(_("奖金（元）"), lambda a: a.amount_fen / 100, 12),
        Column(_("证书验证码"), lambda a: a.certificate_code, 16),
    ]


class PairScoreExporter(Exporter):
    title = _("金牌师徒评分")
    columns = [
        Column(_("师徒"), lambda s: s.nomination.title, 24),
        Column(_("评选"), lambda s: s.nomination.selection.title, 30),
        Column(_("专家"), lambda s: s.expert.name, 12),
        Column(_("得分"), lambda s: str(s.total) if s.total is not None else "", 10),
        Column(_("现场考察意见"), lambda s: s.notes, 40),
        Column(
            _("提交时间"), lambda s: s.submitted_at.strftime("%Y-%m-%d %H:%M") if s.submitted_at else "", 16
        ),
    ]


class PairBenefitExporter(Exporter):
    title = _("名师带徒创效")
    columns = [
        Column(_("编号"), lambda b: b.pk, 8),
        Column(_("创效成果"), lambda b: b.title, 30),
        Column(_("师徒"), lambda b: b.agreement.title, 24),
        Column(_("所在单位"), lambda b: b.agreement.enterprise.name, 28),
        Column(_("取得日期"), lambda b: _date(b.on), 12),
        Column(_("申报效益（元）"), lambda b: yuan(b.claimed_fen), 14),
        Column(_("核实效益（元）"), lambda b: yuan(b.verified_fen) if b.verified_fen is not None else "", 14),
        Column(_("效益计算依据"), lambda b: b.basis, 30),
    ]
