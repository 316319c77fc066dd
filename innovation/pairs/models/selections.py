"""Selections of 金牌师徒 (评选): an enterprise's or an industry's internal selection and the city's
yearly one; the nominations, the experts' scores, the prize policy, the awards per person and
the objections raised during the public notice.

States move only through the workflow kernel (innovation.pairs.selection_workflow)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import FourEyesApproval, ScopedModel

from .agreements import Agreement, Side


class Level(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业内部评选")
    INDUSTRY = "industry", _("产业内部评选")
    CITY = "city", _("全市金牌师徒评选")


class SelectionState(models.TextChoices):
    OPEN = "open", _("征集中")
    SCORING = "scoring", _("评审中")
    RANKED = "ranked", _("已排名")
    APPROVING = "approving", _("待第二人审批")
    DECIDED = "decided", _("已审定")
    NOTICE = "notice", _("公示中")
    FINAL = "final", _("已生效")


class Selection(FourEyesApproval, ScopedModel):
    """One selection: its organiser (a union; an enterprise for an internal one), its call with
    dates, its quota and its rubric (criteria with weights adding up to 100 and a max each:
    `[{"key": "skill", "label": "技能提升", "weight": 40, "max": 100}, …]`)."""

    level = models.CharField(_("评选级别"), max_length=16, choices=Level.choices)
    union = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, related_name="pair_selections", verbose_name=_("组织单位")
    )
    enterprise = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pair_selections",
        verbose_name=_("企业（内部评选）"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    opens_on = models.DateField(_("征集开始"))
    closes_on = models.DateField(_("征集截止"))
    quota = models.PositiveSmallIntegerField(
        _("名额"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    criteria = models.JSONField(_("评分细则"), default=list)
    experts_per_item = models.PositiveSmallIntegerField(
        _("每对师徒评审专家数"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=SelectionState.choices, default=SelectionState.OPEN, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("审定版本"), default=1)
    notice_starts = models.DateTimeField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateTimeField(_("公示结束"), null=True, blank=True)
    budget_line = models.ForeignKey(
        "funds.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("奖金列支科目"),
    )
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("金牌师徒评选")
        verbose_name_plural = _("金牌师徒评选")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="pair_selection_call_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def scope_source_path(self) -> str:
        if self.enterprise_id:
            return self.enterprise.scope_path or ""
        return self.union.path if self.union_id else ""


class NominationState(models.TextChoices):
    NOMINATED = "nominated", _("单位已推荐")
    RETURNED = "returned", _("已退回")
    RECOMMENDED = "recommended", _("上级工会已推荐")
    SCORED = "scored", _("已评分")
    RANKED = "ranked", _("已排名")
    IN_DECISION = "in_decision", _("拟授奖")
    AWARDED = "awarded", _("已授奖")
    NOT_AWARDED = "not_awarded", _("未获奖")


class Nomination(ScopedModel):
    """A pair nominated to a selection by its unit: directly, or as the winner of an internal
    selection (`source`). `agreement` is the version nominated; `series_id` the series it is of
    (a pair is nominated once per selection, whatever its version)."""

    selection = models.ForeignKey(
        Selection, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("评选")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("师徒协议")
    )
    series_id = models.PositiveIntegerField(editable=False, db_index=True)
    enterprise = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.PROTECT,
        related_name="pair_nominations",
        verbose_name=_("推荐单位"),
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("内部评选获奖"),
    )
    title = models.CharField(_("师徒"), max_length=200, db_index=True)
    summary = models.TextField(_("推荐理由"))
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=NominationState.choices,
        default=NominationState.NOMINATED,
        db_index=True,
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    score = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=3, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(null=True, blank=True)

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("金牌师徒推荐")
        verbose_name_plural = _("金牌师徒推荐")
        ordering = ["selection", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "series_id"], name="pair_nomination_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.selection}"


class PairScore(ScopedModel):
    """One expert's sheet for one nomination: a score per criterion of the rubric (within its
    range), the weighted total and the on-site assessment notes."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(
        "experts.ExpertProfile",
        on_delete=models.PROTECT,
        related_name="pair_scores",
        verbose_name=_("评审专家"),
    )
    scores = models.JSONField(_("分项得分"), default=dict)
    total = models.DecimalField(_("得分"), max_digits=7, decimal_places=3, null=True, blank=True)
    notes = models.TextField(_("现场考察意见"), blank=True)
    # Unset: waiting for the expert (a sheet is not a workflow: it is filled in once).
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    scope_from = "nomination.scope_path"

    class Meta:
        verbose_name = _("金牌师徒评分")
        verbose_name_plural = _("金牌师徒评分")
        ordering = ["nomination", "id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "expert"], name="pair_score_once")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.nomination.title}"


class PairPrizePolicy(models.Model):
    """The prize per master and per apprentice of the city's selection, from a date on (the row in
    force on the call's closing date counts). 2020: 3,000 yuan per master, 2,000 per apprentice."""

    effective_from = models.DateField(_("施行日期"), unique=True)
    master_fen = models.BigIntegerField(_("每位师傅奖金（分）"), validators=[MinValueValidator(0)])
    apprentice_fen = models.BigIntegerField(_("每位徒弟奖金（分）"), validators=[MinValueValidator(0)])
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("金牌师徒奖金标准")
        verbose_name_plural = _("金牌师徒奖金标准")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from} 起"


class PairAward(ScopedModel):
    """One person's part of an awarded pair: the prize, its commitment on the ledger, the
    certificate with its verification code. It hangs where its nomination (the pair's unit) does."""

    scope_from = "nomination.scope_path"

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="awards")
    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="awards")
    worker = models.ForeignKey("org.Worker", on_delete=models.PROTECT, related_name="pair_awards")
    side = models.CharField(_("身份"), max_length=16, choices=Side.choices)
    name = models.CharField(_("获奖人"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100)
    amount_fen = models.BigIntegerField(_("奖金（分）"), default=0)
    commitment = models.OneToOneField(
        "funds.Commitment", on_delete=models.PROTECT, null=True, blank=True, related_name="pair_award"
    )
    certificate_code = models.CharField(_("证书验证码"), max_length=16, unique=True)
    awarded_at = models.DateTimeField(_("授奖时间"))

    class Meta:
        verbose_name = _("金牌师徒获奖人")
        verbose_name_plural = _("金牌师徒获奖人")
        ordering = ["selection", "nomination__rank", "-side", "id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "worker"], name="pair_award_once")]

    def __str__(self) -> str:
        return f"{self.name} · {self.selection}"


class PairObjection(ScopedModel):
    """An objection to a nomination listed in the public notice; answered by the organiser.
    Upheld: the nomination leaves the decision and the decision goes back to be approved again."""

    class State(models.TextChoices):
        OPEN = "open", _("待答复")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="objections", verbose_name=_("异议对象")
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("异议理由"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    scope_from = "nomination.scope_path"

    class Meta:
        verbose_name = _("金牌师徒公示异议")
        verbose_name_plural = _("金牌师徒公示异议")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nomination.title} · {self.get_state_display()}"
