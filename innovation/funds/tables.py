import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import BudgetAmendment, BudgetLine, Commitment, Payment, yuan_text

STATE_STYLE = {
    Commitment.State.OPEN: "info",
    Commitment.State.PART_PAID: "warning",
    Commitment.State.PAID: "success",
    Commitment.State.CANCELLED: "secondary",
}

MONEY = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end text-nowrap"}}


class MoneyColumn(tables.Column):
    """An amount kept in fen, shown in yuan with thousands separators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", MONEY)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan_text(value)


class CommitmentStateColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "light"),
            record.get_state_display(),
        )


class BudgetLineTable(tables.Table):
    name = tables.Column(linkify=("funds:line_detail", {"pk": tables.A("pk")}), verbose_name=_("预算科目"))
    union = tables.Column(verbose_name=_("预算单位"))
    base_fen = MoneyColumn(verbose_name=_("预算基数(元)"))
    amended_fen = MoneyColumn(verbose_name=_("预算调整(元)"))
    amount_fen = MoneyColumn(verbose_name=_("预算金额(元)"))
    committed_fen = MoneyColumn(verbose_name=_("已承诺(元)"))
    paid_fen = MoneyColumn(verbose_name=_("已支付(元)"))
    left_fen = MoneyColumn(verbose_name=_("可用余额(元)"))

    class Meta:
        model = BudgetLine
        fields = (
            "year",
            "kind",
            "name",
            "union",
            "base_fen",
            "amended_fen",
            "amount_fen",
            "committed_fen",
            "paid_fen",
            "left_fen",
        )
        attrs = {"class": "table table-hover align-middle", "id": "line-table"}


class CommitmentTable(tables.Table):
    id = tables.Column(
        linkify=("funds:commitment_detail", {"pk": tables.A("pk")}), verbose_name=_("编号"), attrs=MONEY
    )
    line = tables.Column(
        linkify=("funds:line_detail", {"pk": tables.A("line_id")}), verbose_name=_("预算科目")
    )
    payee = tables.Column(
        verbose_name=_("收款人"), attrs={"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}
    )
    purpose = tables.Column(verbose_name=_("用途"))
    amount_fen = MoneyColumn(verbose_name=_("承诺金额(元)"))
    paid_fen = MoneyColumn(verbose_name=_("已支付(元)"))
    state = CommitmentStateColumn(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    policy_ref = tables.Column(verbose_name=_("政策依据"))
    decision_ref = tables.Column(verbose_name=_("决定依据"))
    approved_by = tables.Column(verbose_name=_("批准人"), order_by=("approved_by__username",))
    created_at = tables.DateTimeColumn(
        format="Y-m-d", verbose_name=_("承诺日期"), attrs={"td": {"class": "text-nowrap"}}
    )

    class Meta:
        model = Commitment
        fields = (
            "id",
            "line",
            "payee",
            "purpose",
            "amount_fen",
            "paid_fen",
            "state",
            "policy_ref",
            "decision_ref",
            "approved_by",
            "created_at",
        )
        attrs = {"class": "table table-hover align-middle", "id": "commitment-table"}


class PaymentTable(tables.Table):
    paid_on = tables.DateColumn(
        format="Y-m-d", verbose_name=_("支付日期"), attrs={"td": {"class": "text-nowrap"}}
    )
    voucher_no = tables.Column(verbose_name=_("凭证号"), attrs={"td": {"class": "text-nowrap"}})
    commitment = tables.Column(
        linkify=("funds:commitment_detail", {"pk": tables.A("commitment_id")}),
        verbose_name=_("收款人"),
        accessor="commitment__payee",
    )
    line = tables.Column(
        accessor="commitment__line",
        linkify=("funds:line_detail", {"pk": tables.A("commitment__line_id")}),
        verbose_name=_("预算科目"),
        order_by=("commitment__line__year", "commitment__line__kind"),
    )
    amount_fen = MoneyColumn(verbose_name=_("支付金额(元)"))
    recorded_by = tables.Column(verbose_name=_("经办人"), order_by=("recorded_by__username",))

    class Meta:
        model = Payment
        fields = ("paid_on", "voucher_no", "commitment", "line", "amount_fen", "recorded_by")
        attrs = {"class": "table table-hover align-middle", "id": "payment-table"}


class DirectionColumn(tables.Column):
    def render(self, value, record):
        style = "success" if record.direction == BudgetAmendment.Direction.INCREASE else "warning"
        return format_html('<span class="badge text-bg-{}">{}</span>', style, record.get_direction_display())


class AmendmentTable(tables.Table):
    decided_on = tables.DateColumn(
        format="Y-m-d", verbose_name=_("批准日期"), attrs={"td": {"class": "text-nowrap"}}
    )
    line = tables.Column(
        linkify=("funds:line_detail", {"pk": tables.A("line_id")}),
        verbose_name=_("预算科目"),
        order_by=("line__year", "line__kind"),
    )
    direction = DirectionColumn(verbose_name=_("调整方向"), attrs={"td": {"class": "text-nowrap"}})
    amount_fen = MoneyColumn(verbose_name=_("调整金额(元)"))
    document_no = tables.Column(verbose_name=_("文号"), attrs={"td": {"class": "text-nowrap"}})
    reason = tables.Column(verbose_name=_("调整理由"))
    approved_by = tables.Column(verbose_name=_("批准人"), order_by=("approved_by__username",))
    recorded_by = tables.Column(verbose_name=_("经办人"), order_by=("recorded_by__username",))

    class Meta:
        model = BudgetAmendment
        fields = (
            "decided_on",
            "line",
            "direction",
            "amount_fen",
            "document_no",
            "reason",
            "approved_by",
            "recorded_by",
        )
        attrs = {"class": "table table-hover align-middle", "id": "amendment-table"}
