"""Innovation studios (劳模创新工作室 / 职工创新工作室 / 工匠创新工作室): naming, members, lineage,
yearly reports and assessment, revocation, alliances, and subsidies paid from the funds ledger.

Rules that are policy (the honour a studio type requires, how many unqualified years revoke a
studio, whether a worker may be on two rosters, the assessment rubric, subsidy amounts) are
rows with effective dates, read by innovation.studios.services; never literals in code.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Field


class StudioType(models.TextChoices):
    MODEL_WORKER = "model_worker", _("劳模创新工作室")
    WORKER = "worker", _("职工创新工作室")
    CRAFTSMAN = "craftsman", _("工匠创新工作室")


class StudioLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("县区级")


# Higher first: a studio's level is the highest naming it holds.
LEVEL_ORDER = [StudioLevel.NATIONAL, StudioLevel.PROVINCIAL, StudioLevel.CITY, StudioLevel.DISTRICT]


class Studio(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("已命名")
        REVOKED = "revoked", _("已摘牌")

    name = models.CharField(_("工作室名称"), max_length=100)
    type = models.CharField(_("类型"), max_length=16, choices=StudioType.choices, db_index=True)
    level = models.CharField(_("级别"), max_length=16, choices=StudioLevel.choices, db_index=True)
    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="studios", verbose_name=_("所在单位")
    )
    leader = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="led_studios", verbose_name=_("带头人")
    )
    field = models.CharField(_("所属领域"), max_length=16, choices=Field.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    named_year = models.PositiveSmallIntegerField(_("命名年度"), db_index=True)
    document_no = models.CharField(_("命名文号"), max_length=60)
    named_by = models.CharField(_("命名单位"), max_length=60)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # Lineage (职工创新示范岗 → 职工创新工作室 → 劳模创新工作室).
    grew_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grew_into",
        verbose_name=_("前身工作室"),
    )
    demonstration_posts = models.ManyToManyField(
        "achievements.DemonstrationPost", blank=True, related_name="studios", verbose_name=_("来源示范岗")
    )
    revoked_on = models.DateField(_("摘牌日期"), null=True, blank=True)
    revoke_document_no = models.CharField(_("摘牌文号"), max_length=60, blank=True)
    revoke_reason = models.TextField(_("摘牌理由"), blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        ordering = ["-named_year", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.enterprise_id:
            self.scope_path = self.enterprise.scope_path
        super().save(*args, **kwargs)


class Naming(models.Model):
    """One naming of a studio at a type and level (命名): by the city through an application, or
    recorded from the province or the nation with its document."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="namings")
    type = models.CharField(_("类型"), max_length=16, choices=StudioType.choices)
    level = models.CharField(_("级别"), max_length=16, choices=StudioLevel.choices)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    document_no = models.CharField(_("命名文号"), max_length=60)
    named_by = models.CharField(_("命名单位"), max_length=60)
    named_on = models.DateField(_("命名日期"))
    application = models.OneToOneField(
        "StudioApplication", on_delete=models.PROTECT, null=True, blank=True, related_name="naming"
    )
    certificate_code = models.CharField(_("牌匾/证书编号"), max_length=16, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("命名记录")
        verbose_name_plural = _("命名记录")
        ordering = ["studio", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "type", "level"],
                name="naming_once_per_type_level",
                violation_error_message=_("该工作室已获得同类型同级别的命名。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.get_level_display()}{self.get_type_display()}"


class Member(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("带头人")
        CORE = "core", _("骨干成员")
        MEMBER = "member", _("成员")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members")
    worker = models.ForeignKey("org.Worker", on_delete=models.PROTECT, related_name="studio_memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        ordering = ["studio", "role", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.studio}"


class StudioApplication(models.Model):
    """A unit's application for a naming by the city (new studio or upgrade), through the
    management regulation's path: unit → district recommendation → city review → named/declined."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待县区推荐")
        RETURNED = "returned", _("退回修改")
        RECOMMENDED = "recommended", _("待市总审核")
        NAMED = "named", _("已命名")
        DECLINED = "declined", _("不予命名")

    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="studio_applications"
    )
    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("升级的工作室"),
    )
    name = models.CharField(_("工作室名称"), max_length=100)
    type = models.CharField(_("申请类型"), max_length=16, choices=StudioType.choices)
    level = models.CharField(
        _("申请级别"), max_length=16, choices=StudioLevel.choices, default=StudioLevel.CITY
    )
    leader = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="+", verbose_name=_("带头人")
    )
    field = models.CharField(_("所属领域"), max_length=16, choices=Field.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    results_so_far = models.TextField(_("已取得成果"))
    plan = models.TextField(_("建设计划"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    district_opinion = models.TextField(_("县区推荐意见"), blank=True)
    inspection_record = models.TextField(_("现场考察记录"), blank=True)
    panel_opinion = models.TextField(_("评审组意见"), blank=True)
    decision_reason = models.TextField(_("审核意见/不予命名理由"), blank=True)
    document_no = models.CharField(_("命名文号"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工作室命名申请")
        verbose_name_plural = _("工作室命名申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class YearReport(models.Model):
    """A studio's yearly results. Figures come from the records where they exist (incubated
    achievements, their patents and benefit) and from the studio lead where they do not; the
    city verifies them."""

    class State(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待核实")
        VERIFIED = "verified", _("已核实")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    problems_solved = models.PositiveIntegerField(_("技术攻关项数"), default=0)
    people_trained = models.PositiveIntegerField(_("培训人次"), default=0)
    reported_benefit = models.DecimalField(
        _("其他创效（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    summary = models.TextField(_("年度工作总结"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verify_note = models.TextField(_("核实意见"), blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("工作室年度报告")
        verbose_name_plural = _("工作室年度报告")
        ordering = ["-year", "studio"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="report_once_a_year")]

    def __str__(self) -> str:
        return f"{self.studio} {self.year}"


class Assessment(models.Model):
    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        UNQUALIFIED = "unqualified", _("不合格")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    rubric = models.ForeignKey("AssessmentRubric", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices)
    detail = models.JSONField(_("评分明细"), default=dict)
    note = models.TextField(_("考核意见"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField()
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["-year", "studio"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="assessment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.studio} {self.year} {self.get_result_display()}"


class AssessmentRubric(models.Model):
    """The yearly assessment's rules, versioned by the year they apply from.

    `criteria`: [{"key": "incubated", "label": "孵化成果", "per_unit": 5, "max": 30}, ...] where
    key is one of the report's figures; thresholds give the result from the total score."""

    effective_year = models.PositiveSmallIntegerField(_("适用起始年度"), unique=True)
    criteria = models.JSONField(_("评分项"))
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=6, decimal_places=2)
    qualified_from = models.DecimalField(_("合格分数线"), max_digits=6, decimal_places=2)
    revoke_after_unqualified = models.PositiveSmallIntegerField(
        _("连续不合格几年摘牌"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    one_roster_only = models.BooleanField(_("职工只能在一个工作室在册"), default=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.effective_year}年起考核办法"


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


class SubsidyRound(models.Model):
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
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

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


class Alliance(models.Model):
    name = models.CharField(_("联盟名称"), max_length=100, unique=True)
    lead = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="led_alliances", verbose_name=_("牵头工作室")
    )
    members = models.ManyToManyField(Studio, related_name="alliances", verbose_name=_("成员工作室"))
    founded_on = models.DateField(_("成立日期"))
    description = models.TextField(_("简介"), blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("工作室联盟")
        verbose_name_plural = _("工作室联盟")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AllianceProject(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("联合项目"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    studios = models.ManyToManyField(Studio, related_name="alliance_projects", verbose_name=_("参与工作室"))
    result = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("联盟联合项目")
        verbose_name_plural = _("联盟联合项目")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title
