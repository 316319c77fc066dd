from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


class RegionExporter(Exporter):
    title = _("行政区划")
    columns = [
        Column(_("区划代码"), lambda r: r.code),
        Column(_("名称"), lambda r: r.name),
        Column(_("级别"), lambda r: r.get_level_display()),
        Column(_("上级"), lambda r: r.parent.name if r.parent_id else ""),
    ]


class TradeUnionExporter(Exporter):
    title = _("工会组织")
    columns = [
        Column(_("编号"), lambda u: u.pk, 8),
        Column(_("名称"), lambda u: u.name, 36),
        Column(_("类别"), lambda u: u.get_kind_display()),
        Column(_("上级工会"), lambda u: u.parent.name if u.parent_id else "", 30),
        Column(_("所在地区"), lambda u: u.region.name if u.region_id else ""),
    ]


class EnterpriseExporter(Exporter):
    title = _("单位")
    columns = [
        Column(_("编号"), lambda e: e.pk, 8),
        Column(_("单位名称"), lambda e: e.name, 36),
        Column(_("统一社会信用代码"), lambda e: e.uscc or "", 22),
        Column(_("企业规模"), lambda e: e.get_size_display()),
        Column(_("所属行业"), lambda e: e.get_industry_display(), 24),
        Column(_("所在地区"), lambda e: e.region.name),
        Column(_("基层工会"), lambda e: e.union.name, 36),
        Column(_("上级工会"), lambda e: e.union.parent.name if e.union.parent_id else "", 30),
        Column(_("地址"), lambda e: e.address, 30),
        Column(_("有效"), lambda e: "是" if e.is_active else "否", 8),
    ]


class WorkerExporter(Exporter):
    """Personal data leaves only masked, whoever exports."""

    title = _("职工")
    columns = [
        Column(_("编号"), lambda w: w.pk, 8),
        Column(_("姓名"), lambda w: w.name, 10),
        Column(_("性别"), lambda w: w.get_gender_display(), 6),
        Column(_("出生年份"), lambda w: w.birth_year, 10),
        Column(_("所在单位"), lambda w: w.enterprise.name, 36),
        Column(_("岗位"), lambda w: w.post, 20),
        Column(_("技能等级"), lambda w: w.get_skill_level_display(), 10),
        Column(_("身份证号码"), lambda w: w.id_number_masked, 22),
        Column(_("联系电话"), lambda w: w.phone_masked, 14),
        Column(_("在职"), lambda w: "是" if w.is_active else "否", 6),
    ]
