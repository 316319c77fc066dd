from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import percent
from innovation.core.exports import Column, Exporter
from innovation.funds.models import yuan


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _user(user) -> str:
    return str(user) if user else ""


class DecisionExporter(Exporter):
    title = _("评审委员会审定")
    columns = [
        Column(_("编号"), lambda d: d.pk, 8),
        Column(_("年度"), lambda d: d.campaign.year, 8),
        Column(_("征集活动"), lambda d: d.campaign.title, 36),
        Column(_("状态"), lambda d: d.get_state_display(), 12),
        Column(_("版本"), lambda d: d.version, 6),
        Column(_("成果数"), lambda d: getattr(d, "lines_count", ""), 8),
        Column(_("拟授奖"), lambda d: getattr(d, "awarded_count", ""), 8),
        Column(_("拟定人"), lambda d: _user(d.proposed_by), 12),
        Column(_("第一审批人"), lambda d: _user(d.first_approver), 12),
        Column(_("第二审批人"), lambda d: _user(d.second_approver), 12),
        Column(_("公示开始"), lambda d: _local(d.notice_starts), 18),
        Column(_("公示结束"), lambda d: _local(d.notice_ends), 18),
        Column(_("奖金列支科目"), lambda d: str(d.budget_line or ""), 24),
    ]


class NoticeExporter(Exporter):
    title = _("获奖名单公示")
    columns = [
        Column(_("年度"), lambda d: d.campaign.year, 8),
        Column(_("征集活动"), lambda d: d.campaign.title, 36),
        Column(_("公示成果数"), lambda d: getattr(d, "awarded_count", ""), 10),
        Column(_("公示开始"), lambda d: _local(d.notice_starts), 18),
        Column(_("公示结束"), lambda d: _local(d.notice_ends), 18),
        Column(_("状态"), lambda d: d.get_state_display(), 10),
    ]


class ObjectionExporter(Exporter):
    title = _("公示异议")
    columns = [
        Column(_("编号"), lambda o: o.pk, 8),
        Column(_("年度"), lambda o: o.decision.campaign.year, 8),
        Column(_("异议对象"), lambda o: o.line.achievement.title, 36),
        Column(_("提出人"), lambda o: o.objector, 24),
        Column(_("提出时间"), lambda o: _local(o.created_at), 18),
        Column(_("异议理由"), lambda o: o.reason, 50),
        Column(_("状态"), lambda o: o.get_state_display(), 10),
        Column(_("答复"), lambda o: o.answer, 50),
        Column(_("答复人"), lambda o: _user(o.answered_by), 12),
        Column(_("答复时间"), lambda o: _local(o.answered_at), 18),
    ]


def _shares(award) -> str:
    return "；".join(f"{s.name}({percent(s.share)}%，{yuan(s.amount_fen)}元)" for s in award.shares.all())


class AwardExporter(Exporter):
    title = _("获奖成果")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("年度"), lambda a: a.campaign.year, 8),
        Column(_("成果名称"), lambda a: a.achievement.title, 40),
        Column(_("单位"), lambda a: a.achievement.enterprise.name, 32),
        Column(_("奖项"), lambda a: a.grade.get_code_display(), 10),
        Column(_("奖金(元)"), lambda a: yuan(a.prize_fen), 12),
        Column(_("获奖人(份额，奖金)"), _shares, 50),
        Column(_("授奖时间"), lambda a: _local(a.awarded_at), 18),
    ]
