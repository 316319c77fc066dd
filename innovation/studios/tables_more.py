import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.templatetags.money import format_yuan
from innovation.funds.tables import MONEY, MoneyColumn

from .models import Alliance, Assessment, SubsidyLine, SubsidyPolicy, SubsidyRound, YearReport

NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}

REPORT_STYLE = {
    YearReport.State.DRAFT: "secondary",
    YearReport.State.SUBMITTED: "warning",
    YearReport.State.VERIFIED: "success",
}
RESULT_STYLE = {
    Assessment.Result.EXCELLENT: "success",
    Assessment.Result.QUALIFIED: "primary",
    Assessment.Result.UNQUALIFIED: "danger",
}
ROUND_STYLE = {
    SubsidyRound.State.DRAFT: "secondary",
    SubsidyRound.State.APPROVING: "warning",
    SubsidyRound.State.APPROVED: "success",
}


def badge(style: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, text)


class YuanColumn(tables.Column):
    """A Decimal of yuan."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", MONEY)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_yuan(value)


class StudioColumn(tables.Column):
    def render(self, value, record):
        studio = record.studio
        revoked = studio.status == studio.Status.REVOKED
        return format_html("{}{}", studio.name, badge("secondary", _("已摘牌")) if revoked else "")


class YearReportTable(tables.Table):
    studio = StudioColumn(
        linkify=("studios:report_detail", {"pk": tables.A("pk")}),
        verbose_name=_("工作室"),
        order_by=("studio__name",),
    )
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(
        accessor="studio__type", verbose_name=_("类型"), order_by=("studio__type",), empty_values=()
    )
    unit = tables.Column(accessor="studio__enterprise__name", verbose_name=_("所在单位"))
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    fig_incubated = tables.Column(verbose_name=_("孵化成果"), attrs=NUMBER)
    fig_patents = tables.Column(verbose_name=_("专利"), attrs=NUMBER)
    fig_verified_benefit = YuanColumn(verbose_name=_("成果核定效益(元)"))
    problems_solved = tables.Column(verbose_name=_("技术攻关"), attrs=NUMBER)
    people_trained = tables.Column(verbose_name=_("培训人次"), attrs=NUMBER)
    reported_benefit = YuanColumn(verbose_name=_("其他创效(元)"))
    verified_by = tables.Column(verbose_name=_("核实人"), order_by=("verified_by__username",))
    verified_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("核实日期"))

    class Meta:
        model = YearReport
        fields = (
            "studio",
            "year",
            "kind",
            "unit",
            "state",
            "fig_incubated",
            "fig_patents",
            "fig_verified_benefit",
            "problems_solved",
            "people_trained",
            "reported_benefit",
            "verified_by",
            "verified_at",
        )
        attrs = {"class": "table table-hover align-middle", "id": "report-table"}

    def render_kind(self, record):
        return f"{record.studio.get_level_display()}{record.studio.get_type_display()}"

    def render_state(self, record):
        return badge(REPORT_STYLE.get(record.state, "light"), record.get_state_display())


class AssessmentTable(tables.Table):
    studio = StudioColumn(
        linkify=("studios:assessment_detail", {"pk": tables.A("pk")}),
        verbose_name=_("工作室"),
        order_by=("studio__name",),
    )
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(
        accessor="studio__type", verbose_name=_("类型"), order_by=("studio__type",), empty_values=()
    )
    unit = tables.Column(accessor="studio__enterprise__name", verbose_name=_("所在单位"))
    score = tables.Column(verbose_name=_("得分"), attrs=NUMBER)
    result = tables.Column(verbose_name=_("考核结果"))
    rubric = tables.Column(
        accessor="rubric__effective_year", verbose_name=_("考核办法"), order_by=("rubric__effective_year",)
    )
    assessed_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("考核日期"))

    class Meta:
        model = Assessment
        fields = ("studio", "year", "kind", "unit", "score", "result", "rubric", "assessed_at")
        attrs = {"class": "table table-hover align-middle", "id": "assessment-table"}

    def render_kind(self, record):
        return f"{record.studio.get_level_display()}{record.studio.get_type_display()}"

    def render_result(self, record):
        return badge(RESULT_STYLE.get(record.result, "light"), record.get_result_display())

    def render_rubric(self, value):
        return _("%(y)s年起") % {"y": value}


class SubsidyPolicyTable(tables.Table):
    kind = tables.Column(verbose_name=_("补助类型"))
    studio_type = tables.Column(verbose_name=_("工作室类型"), empty_values=())
    levels = tables.Column(verbose_name=_("适用级别"), orderable=False)
    effective_from = tables.DateColumn(format="Y-m-d", verbose_name=_("生效日期"))
    amount = tables.Column(verbose_name=_("补助标准(元)"), empty_values=(), orderable=False)
    cap_fen = MoneyColumn(verbose_name=_("每年最高(元)"))
    use_scope = tables.Column(verbose_name=_("资金使用范围"))
    document = tables.Column(verbose_name=_("政策依据"))

    class Meta:
        model = SubsidyPolicy
        fields = (
            "kind",
            "studio_type",
            "levels",
            "effective_from",
            "amount",
            "cap_fen",
            "use_scope",
            "document",
        )
        attrs = {"class": "table table-hover align-middle", "id": "policy-table"}

    def render_studio_type(self, record):
        return record.get_studio_type_display() or _("全部类型")

    def render_levels(self, record):
        return "、".join(policy_levels(record))

    def render_amount(self, record):
        return policy_amount_text(record)


def policy_levels(policy: SubsidyPolicy) -> list[str]:
    from .models import StudioLevel

    return [str(StudioLevel(level).label) for level in policy.levels if level in StudioLevel.values]


def policy_amount_text(policy: SubsidyPolicy) -> str:
    from innovation.funds.services import yuan_text

    if policy.kind == SubsidyPolicy.Kind.NAMING:
        return str(_("一次性 %(a)s") % {"a": yuan_text(policy.amount_fen)})
    parts = [
        f"{Assessment.Result(k).label} {yuan_text(v)}"
        for k, v in sorted(policy.by_result_fen.items(), key=lambda kv: Assessment.Result.values.index(kv[0]))
        if k in Assessment.Result.values
    ]
    return "；".join(parts)


class SubsidyRoundTable(tables.Table):
    year = tables.Column(linkify=("studios:subsidy_round", {"pk": tables.A("pk")}), verbose_name=_("年度"))
    union = tables.Column(verbose_name=_("补助单位"))
    state = tables.Column(verbose_name=_("状态"))
    line_count = tables.Column(verbose_name=_("补助条数"), attrs=NUMBER)
    total_fen = MoneyColumn(verbose_name=_("补助合计(元)"))
    budget_line = tables.Column(verbose_name=_("预算科目"))
    first_approver = tables.Column(verbose_name=_("第一审批人"))
    second_approver = tables.Column(verbose_name=_("第二审批人"))

    class Meta:
        model = SubsidyRound
        fields = (
            "year",
            "union",
            "state",
            "line_count",
            "total_fen",
            "budget_line",
            "first_approver",
            "second_approver",
        )
        attrs = {"class": "table table-hover align-middle", "id": "round-table"}

    def render_state(self, record):
        return badge(ROUND_STYLE.get(record.state, "light"), record.get_state_display())


class SubsidyLineTable(tables.Table):
    year = tables.Column(
        accessor="round__year",
        linkify=("studios:subsidy_round", {"pk": tables.A("round_id")}),
        verbose_name=_("年度"),
    )
    studio = StudioColumn(verbose_name=_("工作室"), order_by=("studio__name",))
    kind = tables.Column(verbose_name=_("补助类型"))
    proposed_fen = MoneyColumn(verbose_name=_("系统测算(元)"))
    amount_fen = MoneyColumn(verbose_name=_("审定金额(元)"))
    paid = MoneyColumn(accessor="commitment__paid_fen", verbose_name=_("已支付(元)"), default=0)
    reason = tables.Column(verbose_name=_("调整理由"))
    basis = tables.Column(verbose_name=_("测算依据"), attrs={"td": {"class": "small"}})
    use_scope = tables.Column(verbose_name=_("资金使用范围"), attrs={"td": {"class": "small"}})

    class Meta:
        model = SubsidyLine
        fields = (
            "year",
            "studio",
            "kind",
            "proposed_fen",
            "amount_fen",
            "paid",
            "reason",
            "basis",
            "use_scope",
        )
        attrs = {"class": "table table-hover align-middle", "id": "subsidy-line-table"}


class AllianceTable(tables.Table):
    name = tables.Column(
        linkify=("studios:alliance_detail", {"pk": tables.A("pk")}), verbose_name=_("联盟名称")
    )
    lead = tables.Column(verbose_name=_("牵头工作室"), order_by=("lead__name",))
    member_count = tables.Column(verbose_name=_("成员工作室"), attrs=NUMBER)
    project_count = tables.Column(verbose_name=_("联合项目"), attrs=NUMBER)
    founded_on = tables.DateColumn(format="Y-m-d", verbose_name=_("成立日期"))

    class Meta:
        model = Alliance
        fields = ("name", "lead", "member_count", "project_count", "founded_on")
        attrs = {"class": "table table-hover align-middle", "id": "alliance-table"}
