from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .models import percent


def _authors(a) -> str:
    return "；".join(f"{x.name}({percent(x.share)}%)" for x in a.authors.all())


class AchievementExporter(Exporter):
    title = _("五小创新成果")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("年度"), lambda a: a.campaign.year, 8),
        Column(_("成果名称"), lambda a: a.title, 40),
        Column(_("成果类别"), lambda a: a.get_kind_display(), 10),
        Column(_("所属领域"), lambda a: a.get_field_display(), 10),
        Column(_("申报单位"), lambda a: a.enterprise.name, 32),
        Column(_("岗位"), lambda a: a.post, 16),
        Column(_("完成人(份额)"), _authors, 36),
        Column(_("状态"), lambda a: a.get_state_display(), 14),
        Column(_("效益类型"), lambda a: a.get_benefit_type_display(), 8),
        Column(_("申报效益(元/年)"), lambda a: a.benefit_claimed, 16),
        Column(_("核定效益(元/年)"), lambda a: a.benefit_verified, 16),
        Column(_("专利"), lambda a: "；".join(str(p) for p in a.patents.all()), 24),
        Column(
            _("提交时间"),
            lambda a: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            18,
        ),
    ]


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class CampaignExporter(Exporter):
    title = _("征集活动")
    columns = [
        Column(_("年度"), lambda c: c.year, 8),
        Column(_("活动名称"), lambda c: c.title, 40),
        Column(_("组织单位"), lambda c: c.union.name, 24),
        Column(_("征集开始"), lambda c: _local(c.opens_at), 18),
        Column(_("征集截止"), lambda c: _local(c.closes_at), 18),
        Column(_("状态"), lambda c: str(c.status_label()), 10),
        Column(_("成果类别"), lambda c: "、".join(str(k) for k in c.kind_labels()), 30),
        Column(_("所属领域"), lambda c: "、".join(str(f) for f in c.field_labels()), 36),
    ]


class DemonstrationPostExporter(Exporter):
    title = _("职工创新示范岗")
    columns = [
        Column(_("年度"), lambda p: p.year, 8),
        Column(_("单位"), lambda p: p.enterprise.name, 36),
        Column(_("岗位"), lambda p: p.post, 20),
        Column(_("职工"), lambda p: "、".join(w.name for w in p.workers.all()), 24),
        Column(_("命名依据成果"), lambda p: p.first_achievement.title, 40),
    ]
