"""The Excel exports of the competitions' lists (exactly their filtered rows; ID numbers only masked) and the
promotion list for the human-resources office (人社), one row per recommendation."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


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
