"""Excel exports of the skills competitions: the promotion list for the human-resources office
(人社), one row per recommendation (the page passes its scoped, filtered rows)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


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
