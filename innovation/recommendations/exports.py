"""Excel exports: the recommendations' list (exactly the filtered rows) and the 推荐汇总表 of a
contest's package (the core exporter)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .tables import first_author


def _authors(rec) -> str:
    return "、".join(a.name for a in rec.achievement.authors.all())


def _date(value):
    return value.isoformat() if value else ""


class RecommendationExporter(Exporter):
    title = _("向上推荐")
    columns = [
        Column(_("编号"), lambda r: r.pk, 8),
        Column(_("成果名称"), lambda r: r.achievement.title, 36),
        Column(_("单位"), lambda r: r.achievement.enterprise.name, 28),
        Column(_("第一完成人"), first_author, 10),
        Column(_("上级大赛"), lambda r: r.contest.name, 24),
        Column(_("年度"), lambda r: r.contest.year, 8),
        Column(_("组别"), lambda r: r.category.name, 10),
        Column(_("市级奖项"), lambda r: f"{r.award.campaign.year}年{r.award.grade.get_code_display()}", 14),
        Column(_("状态"), lambda r: str(r.get_state_display()), 10),
        Column(_("推荐结果"), lambda r: r.result_label, 20),
        Column(_("证书编号"), lambda r: r.certificate_no, 18),
        Column(_("获奖日期"), lambda r: _date(r.result_date), 12),
    ]


class SummaryExporter(Exporter):
    """推荐汇总表: one row per item of the package, in category order."""

    title = _("推荐汇总表")
    columns = [
        Column(_("序号"), lambda r: 0, 6),  # numbered in rows()
        Column(_("组别"), lambda r: r.category.name, 10),
        Column(_("成果名称"), lambda r: r.achievement.title, 36),
        Column(_("成果类别"), lambda r: str(r.achievement.get_kind_display()), 10),
        Column(_("单位"), lambda r: r.achievement.enterprise.name, 28),
        Column(_("完成人"), _authors, 20),
        Column(_("市级奖项"), lambda r: f"{r.award.campaign.year}年{r.award.grade.get_code_display()}", 14),
        Column(_("推荐意见"), lambda r: r.opinion, 40),
    ]

    def rows(self, queryset):
        for seq, row in enumerate(super().rows(queryset), start=1):
            yield [seq, *row[1:]]
