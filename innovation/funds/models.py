"""The funds ledger (经费台账): yearly budget lines, commitments against them, payments.

Every yuan the platform pays goes through here: an award, a studio subsidy, a
master-apprentice prize becomes a commitment against its line, then one or more
payments. The line's committed total is kept on the row and may never exceed its amount
(a CHECK constraint backs the row lock in innovation.funds.services).

A line's amount is its base (预算基数, set when the line is made) plus its amendments
(预算调整: 调增 / 调减, each with its document number, date, reason and approver). The sum of
the amendments is kept on the row too, and a CHECK constraint holds amount = base + amendments.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.core.money import money_text, yuan, yuan_text  # noqa: F401  (re-exported)

# 1,000亿元: any single amount above this is a typing error (and far inside a BIGINT).
MAX_FEN = 10_000_000_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100


# The one conversion and formatter (innovation.core.money), under the names the ledger's
# callers use: yuan (Decimal), yuan_text ("12,345.67"), money ("12,345.67元").
money = money_text


class LineKind(models.TextChoices):
    FIVE_SMALLS = "five_smalls", _("五小专项经费")
    STUDIO = "studio", _("工作室补助")
    MASTER_APPRENTICE = "master_apprentice", _("金牌师徒奖金")
    COMPETITION = "competition", _("技能竞赛经费")
    SERVICE = "service", _("志愿服务经费")
    OTHER = "other", _("其他")


class BudgetLine(ScopedModel):
    union = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("预算单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("经费类别"), max_length=24, choices=LineKind.choices)
    name = models.CharField(_("预算科目名称"), max_length=100)
    base_fen = models.BigIntegerField(_("预算基数（分）"), validators=[MinValueValidator(0)])
    # The sum of the line's amendments (调增 positive, 调减 negative), kept by the funds service.
    amended_fen = models.BigIntegerField(_("预算调整合计（分）"), default=0, editable=False)
    # The line's total: base + amendments (a CHECK constraint). What may be committed.
    amount_fen = models.BigIntegerField(
        _("预算金额（分）"), validators=[MinValueValidator(0)], editable=False
    )
    committed_fen = models.BigIntegerField(_("已承诺（分）"), default=0, editable=False)
    paid_fen = models.BigIntegerField(_("已支付（分）"), default=0, editable=False)
    note = models.TextField(_("说明"), blank=True)

    scope_from = "union.path"

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=models.Q(committed_fen__lte=models.F("amount_fen")),
                name="budget_line_not_overcommitted",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen=models.F("base_fen") + models.F("amended_fen")),
                name="budget_line_amount_is_base_plus_amendments",
            ),
            models.CheckConstraint(condition=models.Q(base_fen__gte=0), name="budget_line_base_not_negative"),
            models.CheckConstraint(
                condition=models.Q(paid_fen__lte=models.F("committed_fen")),
                name="budget_line_paid_within_committed",
            ),
        ]

    def __str__(self) -> str:
        return self.name if str(self.year) in self.name else f"{self.year} {self.name}"

    @property
    def available_fen(self) -> int:
        return self.amount_fen - self.committed_fen


class Commitment(ScopedModel):
    """Money promised from a line to one payee for one reason, traced to its policy and approver."""

    class State(models.TextChoices):
        OPEN = "open", _("待支付")
        PART_PAID = "part_paid", _("部分支付")
        PAID = "paid", _("已支付")
        CANCELLED = "cancelled", _("已撤销")

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("预算科目")
    )
    amount_fen = models.BigIntegerField(_("承诺金额（分）"), validators=[MinValueValidator(1)])
    paid_fen = models.BigIntegerField(_("已支付（分）"), default=0, editable=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    payee = models.CharField(_("收款人"), max_length=100)
    payee_worker = models.ForeignKey(
        "org.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("收款职工"),
    )
    purpose = models.CharField(_("用途"), max_length=200)
    # Where the amount comes from: the policy row (e.g. "AwardGrade#12 2020 一等奖 ¥5,000.00")
    # and the decision that made it (e.g. "Decision#3"), with the approver.
    source_kind = models.CharField(_("来源类型"), max_length=32)
    source_id = models.PositiveBigIntegerField(_("来源编号"))
    policy_ref = models.CharField(_("政策依据"), max_length=200)
    decision_ref = models.CharField(_("决定依据"), max_length=200)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("批准人")
    )
    created_at = models.DateTimeField(_("承诺时间"), auto_now_add=True)

    scope_from = "line.scope_path"

    class Meta:
        verbose_name = _("经费承诺")
        verbose_name_plural = _("经费承诺")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live commitment per source; a cancelled one may be made again (e.g. on the right line).
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=~models.Q(state="cancelled"),
                name="commitment_once_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_fen__lte=models.F("amount_fen")), name="commitment_paid_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee} {yuan(self.amount_fen)}"


class Payment(ScopedModel):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="payments", verbose_name=_("经费承诺")
    )
    amount_fen = models.BigIntegerField(_("支付金额（分）"), validators=[MinValueValidator(1)])
    paid_on = models.DateField(_("支付日期"))
    voucher_no = models.CharField(_("凭证号"), max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope_from = "commitment.scope_path"

    class Meta:
        verbose_name = _("支付记录")
        verbose_name_plural = _("支付记录")
        ordering = ["-paid_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["voucher_no"], name="payment_voucher_unique")]

    def __str__(self) -> str:
        return f"{self.voucher_no} {yuan(self.amount_fen)}"


class BudgetAmendment(ScopedModel):
    """One amendment of a line's budget (调增 / 调减), by a document, on a date, for a reason,
    approved by a person who may manage the line's funds. Written by
    innovation.funds.amendments.amend only, which moves the line's amount with it."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("调增")
        DECREASE = "decrease", _("调减")

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("预算科目")
    )
    direction = models.CharField(_("调整方向"), max_length=16, choices=Direction.choices)
    amount_fen = models.BigIntegerField(_("调整金额（分）"), validators=[MinValueValidator(1)])
    document_no = models.CharField(_("文号"), max_length=60)
    decided_on = models.DateField(_("批准日期"))
    reason = models.TextField(_("调整理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("批准人")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope_from = "line.scope_path"

    class Meta:
        verbose_name = _("预算调整")
        verbose_name_plural = _("预算调整")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="budget_amendment_positive"),
            # One document amends a line once (a second click, an import run twice).
            models.UniqueConstraint(
                fields=["line", "document_no"], name="budget_amendment_once_per_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.get_direction_display()} {yuan(self.amount_fen)}（{self.document_no}）"

    @property
    def delta_fen(self) -> int:
        """The signed change of the line's amount: + for 调增, − for 调减."""
        return self.amount_fen if self.direction == self.Direction.INCREASE else -self.amount_fen
