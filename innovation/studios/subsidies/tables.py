"""Tables of the subsidy policies, rounds and lines."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from innovation.core.templatetags.money import fen_yuan
from innovation.funds.tables import MoneyColumn

from ..models import Assessment, StudioLevel, SubsidyLine, SubsidyPolicy, SubsidyRound
from ..tables import NUMBER, StudioColumn, badge

ROUND_STYLE = {
    SubsidyRound.State.DRAFT: "secondary",
    SubsidyRound.State.APPROVING: "warning",
    SubsidyRound.State.APPROVED: "success",
}


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
    return [str(StudioLevel(level).label) for level in policy.levels if level in StudioLevel.values]


def policy_amount_text(policy: SubsidyPolicy) -> str:
    if policy.kind == SubsidyPolicy.Kind.NAMING:
        return str(_("一次性 %(a)s") % {"a": fen_yuan(policy.amount_fen)})
    parts = [
        f"{Assessment.Result(k).label} {fen_yuan(v)}"
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
