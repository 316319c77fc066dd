"""The Excel exports of the competitions' lists (exactly their filtered rows; ID numbers only masked) and the
promotion list for the human-resources office (人社), one row per recommendation."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.core.money import yuan


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class CompetitionExporter(Exporter):
    title = _("技能大赛")
    columns = [
        Column(_("编号"), lambda c: c.pk, 8),
        Column(_("赛事"), lambda c: c.title, 30),
        Column(_("级别"), lambda c: c.get_level_display(), 10),
        Column(_("年度"), lambda c: c.year, 8),
        Column(_("主办工会"), lambda c: c.union.name, 20),
        Column(_("赛事类型"), lambda c: c.get_kind_display(), 12),
        Column(_("比赛地点"), lambda c: c.venue, 24),
        Column(_("报名开始"), lambda c: _date(c.registration_opens_on), 12),
        Column(_("报名截止"), lambda c: _date(c.registration_closes_on), 12),
        Column(_("比赛开始"), lambda c: _date(c.starts_on), 12),
        Column(_("比赛结束"), lambda c: _date(c.ends_on), 12),
        Column(_("状态"), lambda c: c.get_state_display(), 12),
    ]


class LeagueExporter(Exporter):
    title = _("技能联赛")
    columns = [
        Column(_("编号"), lambda x: x.pk, 8),
        Column(_("联赛"), lambda x: x.title, 30),
        Column(_("年度"), lambda x: x.year, 8),
        Column(_("主办工会"), lambda x: x.union.name, 20),
        Column(_("积分规则"), lambda x: x.get_rule_display(), 14),
        Column(_("轮数"), lambda x: x.rounds_total, 8),
        Column(_("取最好轮数"), lambda x: x.best_n or "", 10),
    ]


class RegistrationExporter(Exporter):
    title = _("参赛报名")
    columns = [
        Column(_("编号"), lambda r: r.pk, 8),
        Column(_("选手"), lambda r: r.worker.name, 12),
        Column(_("报名单位"), lambda r: r.enterprise.name, 28),
        Column(_("赛事"), lambda r: r.occupation.competition.title, 30),
        Column(_("工种"), lambda r: r.occupation.title, 14),
        Column(_("参赛证号"), lambda r: r.card_number, 16),
        Column(_("状态"), lambda r: r.get_state_display(), 10),
        Column(_("退回原因"), lambda r: r.return_reason, 30),
    ]


class PromotionExporter(Exporter):
    title = _("技能大赛晋级推荐名单")
    columns = [
        Column(_("赛事"), lambda p: p.competition.title, 30),
        Column(_("年度"), lambda p: p.competition.year, 8),
        Column(_("工种"), lambda p: p.occupation.title, 14),
        Column(_("参赛证号"), lambda p: p.registration.card_number, 16),
        Column(_("姓名"), lambda p: p.worker.name, 10),
        Column(_("身份证号码"), lambda p: p.worker.id_number_masked, 20),
        Column(_("工作单位"), lambda p: p.registration.enterprise.name, 28),
        Column(_("名次"), lambda p: p.rank, 6),
        Column(_("原技能等级"), lambda p: p.get_from_level_display(), 12),
        Column(_("推荐晋升等级"), lambda p: p.get_to_level_display(), 12),
        Column(_("状态"), lambda p: p.get_state_display(), 12),
        Column(_("证书编号"), lambda p: p.certificate_no, 20),
        Column(_("确认日期"), lambda p: _date(p.confirmed_at), 12),
    ]


def _number(value):
    return "" if value is None else value


class ResultExporter(Exporter):
    title = _("技能大赛成绩")
    columns = [
        Column(_("赛事"), lambda r: r.occupation.competition.title, 30),
        Column(_("工种"), lambda r: r.occupation.title, 14),
        Column(_("参赛证号"), lambda r: r.registration.card_number, 16),
        Column(_("选手"), lambda r: r.registration.worker.name, 10),
        Column(_("单位"), lambda r: r.registration.enterprise.name, 28),
        Column(_("理论成绩"), lambda r: _number(r.theory), 10),
        Column(_("实操成绩"), lambda r: r.practical, 10),
        Column(_("总成绩"), lambda r: r.total, 10),
        Column(_("标准分"), lambda r: _number(r.standardised), 10),
        Column(_("名次"), lambda r: r.rank, 6),
        Column(_("并列"), lambda r: str(_("是")) if r.rank_shared else "", 6),
        Column(_("奖项"), lambda r: r.place, 10),
        Column(_("称号"), lambda r: r.title, 12),
        Column(_("推荐晋升等级"), lambda r: r.get_promotion_display(), 12),
        Column(_("并列决胜说明"), lambda r: r.explanation, 40),
        Column(_("计算次序"), lambda r: r.run_number, 8),
    ]


class AwardExporter(Exporter):
    title = _("技能大赛获奖人")
    columns = [
        Column(_("赛事"), lambda a: a.competition.title, 30),
        Column(_("年度"), lambda a: a.competition.year, 8),
        Column(_("工种"), lambda a: a.occupation.title, 14),
        Column(_("获奖人"), lambda a: a.name, 10),
        Column(_("单位"), lambda a: a.unit, 28),
        Column(_("名次"), lambda a: a.rank, 6),
        Column(_("奖项"), lambda a: a.place, 10),
        Column(_("称号"), lambda a: a.title, 12),
        Column(_("奖金（元）"), lambda a: yuan(a.amount_fen), 12),
        Column(_("已支付（元）"), lambda a: yuan(a.commitment.paid_fen if a.commitment_id else 0), 12),
        Column(_("证书验证码"), lambda a: a.certificate_code, 16),
        Column(_("授奖日期"), lambda a: _date(a.awarded_at), 12),
    ]


def promotion_queryset(queryset):
    """The rows the sheet reads, with what its columns need."""
    return queryset.select_related(
        "competition", "occupation", "registration__enterprise", "worker"
    ).order_by("competition_id", "occupation__order", "occupation_id", "rank", "id")


def promotion_list_response(queryset, *, user):
    """The download of the promotion list (the page's view calls this with its scoped rows)."""
    return PromotionExporter().response(
        promotion_queryset(queryset), user=user, description=str(_("技能大赛晋级推荐名单"))
    )
