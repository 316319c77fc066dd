"""Subsidy policies, the yearly subsidy rounds and their lines."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.studios.models import Studio, StudioType

# The funds ledger's source kind of a studio subsidy's commitment, and the limits of the texts.
SOURCE_KIND = "studio_subsidy"
REASON_MAX = 300
USE_SCOPE_MAX = 2000
DOCUMENT_MAX = 200


class SubsidyPolicy(models.Model):
    """A subsidy rule with its effective date (e.g. the 2019 three-year plan, revised in March).
    A change applies from its date and never rewrites past payments."""

    class Kind(models.TextChoices):
        NAMING = "naming", _("新命名一次性补助")
        YEARLY = "yearly", _("年度成果补助")

    kind = models.CharField(_("补助类型"), max_length=16, choices=Kind.choices)
    studio_type = models.CharField(_("工作室类型"), max_length=16, choices=StudioType.choices, blank=True)
    # Levels the rule covers: a naming rule names one level; the yearly rule "city level or above".
    levels = models.JSONField(_("适用级别"), default=list)
    effective_from = models.DateField(_("生效日期"))
    amount_fen = models.BigIntegerField(_("补助金额（分）"), default=0, validators=[MinValueValidator(0)])
    # Yearly: amount per assessment result, and the cap.
    by_result_fen = models.JSONField(_("按考核结果的补助（分）"), default=dict)
    cap_fen = models.BigIntegerField(_("每年最高（分）"), null=True, blank=True)
    use_scope = models.TextField(_("资金使用范围"), blank=True)
    document = models.CharField(_("政策依据"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("补助政策")
        verbose_name_plural = _("补助政策")
        ordering = ["kind", "studio_type", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.effective_from} · {self.document}"


class SubsidyRound(ScopedModel):
    """The city's yearly subsidy round: proposed from policy and results, adjusted with reasons,
    approved by two city admins, then committed and paid from the studio line."""

    class State(models.TextChoices):
        DRAFT = "draft", _("拟定中")
        APPROVING = "approving", _("待第二人审批")
        APPROVED = "approved", _("已审批（已承诺）")

    union = models.ForeignKey("org.TradeUnion", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    budget_line = models.ForeignKey("funds.BudgetLine", on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)

    scope_from = "union.path"

    class Meta:
        verbose_name = _("补助发放批次")
        verbose_name_plural = _("补助发放批次")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="subsidy_round_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年工作室补助"


class SubsidyLine(models.Model):
    round = models.ForeignKey(SubsidyRound, on_delete=models.CASCADE, related_name="lines")
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="subsidies")
    kind = models.CharField(_("补助类型"), max_length=16, choices=SubsidyPolicy.Kind.choices)
    policy = models.ForeignKey(SubsidyPolicy, on_delete=models.PROTECT, related_name="+")
    proposed_fen = models.BigIntegerField(_("系统测算（分）"))
    amount_fen = models.BigIntegerField(_("审定金额（分）"), validators=[MinValueValidator(0)])
    reason = models.CharField(_("调整理由"), max_length=300, blank=True)
    basis = models.CharField(_("测算依据"), max_length=300)
    use_scope = models.TextField(_("资金使用范围"), blank=True)
    commitment = models.OneToOneField(
        "funds.Commitment", on_delete=models.PROTECT, null=True, blank=True, related_name="studio_subsidy"
    )

    class Meta:
        verbose_name = _("补助明细")
        verbose_name_plural = _("补助明细")
        ordering = ["round", "studio"]
        constraints = [
            models.UniqueConstraint(fields=["round", "studio", "kind"], name="subsidy_once_per_round_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.get_kind_display()}"
