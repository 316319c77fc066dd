"""Five-smalls achievements (五小创新成果) and the yearly campaigns that collect them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.jobs import BackgroundJob
from innovation.core.models import ScopedModel


def percent(value: Decimal) -> str:
    """60.00 -> '60', 33.50 -> '33.5'."""
    return format(value.normalize(), "f") if value is not None else ""


class Kind(models.TextChoices):
    INVENTION = "invention", _("小发明")
    CREATION = "creation", _("小创造")
    RENOVATION = "renovation", _("小革新")
    DESIGN = "design", _("小设计")
    SUGGESTION = "suggestion", _("小建议")


class Field(models.TextChoices):
    SAFETY = "safety", _("安全生产")
    EFFICIENCY = "efficiency", _("提高效率")
    QUALITY = "quality", _("提升质量")
    TECHNOLOGY = "technology", _("创新技术")
    ENERGY = "energy", _("节能减排")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待县区预审")
    RETURNED = "returned", _("退回修改")
    DISTRICT_REJECTED = "district_rejected", _("县区不推荐")
    RECOMMENDED = "recommended", _("待市总形式审查")
    CITY_REJECTED = "city_rejected", _("形式审查不通过")
    READY_FOR_REVIEW = "ready_for_review", _("待专家评审")
    UNDER_REVIEW = "under_review", _("专家评审中")
    AWARDED = "awarded", _("已获奖")
    NOT_AWARDED = "not_awarded", _("未获奖")


EDITABLE_STATES = (State.DRAFT, State.RETURNED)
FINAL_STATES = (State.DISTRICT_REJECTED, State.CITY_REJECTED, State.AWARDED, State.NOT_AWARDED)
# Everything that has left the unit: what counts as "filed" (申报) in the figures.
FILED_STATES = tuple(s for s in State if s not in EDITABLE_STATES)


class ScoringMethod(models.TextChoices):
    MEAN = "mean", _("算术平均")
    TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后平均（不少于5个评分时）")


class Campaign(models.Model):
    """A yearly call for achievements (征集活动). Its rules are data, frozen once it opens."""

    union = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("主办工会")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("活动名称"), max_length=120)
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"))
    kinds = models.JSONField(_("成果类别"), default=list)
    fields = models.JSONField(_("所属领域"), default=list)
    experts_per_item = models.PositiveSmallIntegerField(
        _("每项评审专家数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    description = models.TextField(_("活动说明"), blank=True)
    # The expert stage (issue: expert review). All rules are data of the campaign.
    review_deadline = models.DateTimeField(_("专家评分截止"), null=True, blank=True)
    expert_cap = models.PositiveSmallIntegerField(
        _("每位专家最多评审项数"),
        default=0,
        help_text=_("0 表示按项目数和专家数自动均衡（向上取整）。"),
    )
    anonymous_review = models.BooleanField(
        _("匿名评审"), default=False, help_text=_("专家看不到完成人和单位。")
    )
    scoring_method = models.CharField(
        _("计分方法"), max_length=16, choices=ScoringMethod.choices, default=ScoringMethod.MEAN
    )
    normalise_scores = models.BooleanField(
        _("专家分数标准化"), default=False, help_text=_("按每位专家打分的均值和标准差换算，消除宽严差异。")
    )
    disagreement_threshold = models.DecimalField(
        _("分歧提示阈值（分）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    rank_by_field = models.BooleanField(_("按领域分别排名"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("征集活动")
        verbose_name_plural = _("征集活动")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year"],
                name="campaign_one_per_union_year",
                violation_error_message=_("该工会本年度已有征集活动，每年只能有一个。"),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="campaign_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.union.path

    def is_frozen(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def status_label(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return _("未开始")
        if now < self.closes_at:
            return _("征集中")
        return _("已截止")

    def kind_labels(self) -> list[str]:
        return [Kind(k).label for k in self.kinds if k in Kind.values]

    def field_labels(self) -> list[str]:
        return [Field(f).label for f in self.fields if f in Field.values]


class AwardGrade(models.Model):
    class Code(models.TextChoices):
        FIRST = "first", _("一等奖")
        SECOND = "second", _("二等奖")
        THIRD = "third", _("三等奖")
        EXCELLENCE = "excellence", _("优秀奖")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="grades", verbose_name=_("征集活动")
    )
    code = models.CharField(_("奖项"), max_length=16, choices=Code.choices)
    prize_fen = models.BigIntegerField(_("奖金（分）"), validators=[MinValueValidator(0)])
    quota = models.PositiveIntegerField(_("名额"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("奖项设置")
        verbose_name_plural = _("奖项设置")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="grade_unique_per_campaign")]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def prize_yuan(self) -> Decimal:
        return Decimal(self.prize_fen) / 100


class RubricCriterion(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("征集活动")
    )
    name = models.CharField(_("评分项"), max_length=50)
    weight = models.DecimalField(
        _("权重"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_score = models.PositiveSmallIntegerField(_("满分"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Achievement(ScopedModel):
    class BenefitType(models.TextChoices):
        CREATED = "created", _("创造")
        SAVED = "saved", _("节约")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="achievements", verbose_name=_("征集活动")
    )
    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="achievements", verbose_name=_("申报单位")
    )
    post = models.CharField(_("岗位"), max_length=100)
    title = models.CharField(_("成果名称"), max_length=200)
    kind = models.CharField(_("成果类别"), max_length=16, choices=Kind.choices, db_index=True)
    field = models.CharField(_("所属领域"), max_length=16, choices=Field.choices, db_index=True)
    problem = models.TextField(_("解决的问题"), blank=True)
    solution = models.TextField(_("创新方案"), blank=True)
    effect = models.TextField(_("实施效果"), blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    # The studio the achievement was incubated in (孵化), when there is one.
    studio = models.ForeignKey(
        "studios.Studio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="achievements",
        verbose_name=_("孵化工作室"),
    )
    benefit_type = models.CharField(_("效益类型"), max_length=8, choices=BenefitType.choices, blank=True)
    benefit_claimed = models.DecimalField(
        _("申报经济效益（元/年）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    benefit_basis = models.TextField(_("效益计算依据"), blank=True)
    benefit_verified = models.DecimalField(
        _("核定经济效益（元/年）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    benefit_verified_note = models.TextField(_("核定说明"), blank=True)
    benefit_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核定人"),
    )
    benefit_verified_at = models.DateTimeField(_("核定时间"), null=True, blank=True)
    benefit_locked = models.BooleanField(_("效益已锁定"), default=False)
    pledge_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承诺人"),
    )
    pledge_confirmed_at = models.DateTimeField(_("承诺时间"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    # Lower-cased title, texts, unit and authors: what the full-text search reads.
    search_text = models.TextField(editable=False, default="")
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("五小创新成果")
        verbose_name_plural = _("五小创新成果")
        ordering = ["-id"]
        indexes = [models.Index(fields=["campaign", "state"], name="achievement_campaign_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def year(self) -> int:
        return self.campaign.year


class Author(models.Model):
    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="authors", verbose_name=_("成果")
    )
    order = models.PositiveSmallIntegerField(_("排序"))
    worker = models.ForeignKey(
        "org.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorships",
        verbose_name=_("职工"),
    )
    outside_name = models.CharField(_("外单位完成人"), max_length=50, blank=True)
    outside_unit = models.CharField(_("外单位名称"), max_length=100, blank=True)
    share = models.DecimalField(
        _("贡献份额(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("完成人")
        verbose_name_plural = _("完成人")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["achievement", "order"], name="author_order_unique"),
            models.CheckConstraint(
                condition=models.Q(worker__isnull=False) | ~models.Q(outside_name=""),
                name="author_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.worker.name if self.worker_id else self.outside_name

    @property
    def is_first(self) -> bool:
        return self.order == 1


class Patent(models.Model):
    class Type(models.TextChoices):
        INVENTION = "invention", _("发明")
        UTILITY = "utility", _("实用新型")
        DESIGN = "design", _("外观设计")

    class Status(models.TextChoices):
        APPLIED = "applied", _("已受理")
        GRANTED = "granted", _("已授权")

    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="patents", verbose_name=_("成果")
    )
    type = models.CharField(_("专利类型"), max_length=16, choices=Type.choices)
    number = models.CharField(_("专利号"), max_length=40)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        constraints = [
            models.UniqueConstraint(fields=["achievement", "number"], name="patent_unique_per_achievement")
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"


def attachment_path(instance, filename: str) -> str:
    # The stored name never carries the uploader's file name (kept in original_name).
    return f"achievements/{instance.achievement_id}/{instance.sha256[:16]}.{instance.extension}"


class Attachment(models.Model):
    class Purpose(models.TextChoices):
        MATERIAL = "material", _("成果材料")
        ATTESTATION = "attestation", _("财务部门效益证明")

    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("成果")
    )
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices, default=Purpose.MATERIAL)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["purpose", "id"]

    def __str__(self) -> str:
        return self.original_name


class DemonstrationPost(ScopedModel):
    """职工创新示范岗: every post whose worker filed an achievement, named for that year."""

    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="demonstration_posts", verbose_name=_("单位")
    )
    post = models.CharField(_("岗位"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    first_achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="+", verbose_name=_("命名依据成果")
    )
    workers = models.ManyToManyField("org.Worker", related_name="demonstration_posts", verbose_name=_("职工"))
    named_at = models.DateTimeField(_("命名时间"), default=timezone.now)
    # Its time is when it was named; it takes the path from ScopedModel but not the times (no new
    # columns: tests/core/test_backup.py names the app's latest migration).
    created_at = None
    updated_at = None

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("职工创新示范岗")
        verbose_name_plural = _("职工创新示范岗")
        ordering = ["-year", "enterprise_id", "post"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "post", "year"], name="demo_post_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise} {self.post}"


class ImportBatch(BackgroundJob):
    """One uploaded file and its import, run as a background job (innovation.core.jobs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        FAILED = "failed", _("校验未通过")
        DONE = "done", _("已导入")
        INTERRUPTED = "interrupted", _("已中断")

    job_task = "innovation.achievements.tasks.run_import"
    interrupted_message = _(
        "导入过程中后台处理进程意外停止（服务重启或进程退出），本次没有导入任何成果。请重新上传该文件。"
    )

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="imports", verbose_name=_("征集活动")
    )
    file = models.FileField(upload_to="imports/%Y/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    submit = models.BooleanField(_("导入后直接提交"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("导入成果数"), default=0)
    errors = models.JSONField(_("错误"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    scope_path = models.CharField(max_length=255, default="", editable=False)

    class Meta:
        verbose_name = _("Excel导入")
        verbose_name_plural = _("Excel导入")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0
