"""Recommendation to provincial and national contests (向上推荐): the higher contest with its
categories and quotas, the city's recommendations of its awarded items (a workflow: selected →
submitted to the province → result recorded, or withdrawn with a reason), the public notice's
objections, and the recommendation package (推荐表 per item and 推荐汇总表, zipped by a
background job)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.jobs import BackgroundJob
from innovation.core.models import ScopedModel
from innovation.core.pii import EncryptedTextField


class ContestLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("全国")


class Prize(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    EXCELLENCE = "excellence", _("优秀奖")
    NONE = "none", _("未获奖")


class RecState(models.TextChoices):
    SELECTED = "selected", _("已遴选")
    SUBMITTED = "submitted", _("已报送")
    RESULT = "result", _("已录入结果")
    WITHDRAWN = "withdrawn", _("已撤回")


ACTIVE_STATES = (RecState.SELECTED, RecState.SUBMITTED, RecState.RESULT)
AWARDED_PRIZES = (Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.EXCELLENCE)
# The city awards an item may be recommended with, unless the contest says otherwise.
DEFAULT_GRADES = ["first", "second", "third"]


class Contest(ScopedModel):
    """A higher contest the city recommends to (辽宁省职工创新大赛 …)."""

    union = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐单位")
    )
    name = models.CharField(_("大赛名称"), max_length=120)
    organiser = models.CharField(_("主办单位"), max_length=120)
    level = models.CharField(_("级别"), max_length=16, choices=ContestLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    deadline = models.DateField(_("报送截止"))
    package_note = models.TextField(_("报送材料要求"), blank=True)
    eligible_grades = models.JSONField(_("可推荐的市级奖项"), default=list)
    max_age_years = models.PositiveSmallIntegerField(_("成果获奖后可推荐年限（年）"), default=2)
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    notice_starts = models.DateTimeField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateTimeField(_("公示结束"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "union.path"

    class Meta:
        verbose_name = _("上级大赛")
        verbose_name_plural = _("上级大赛")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "name", "year"], name="contest_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class ContestCategory(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("组别"), max_length=40)
    quota = models.PositiveIntegerField(_("推荐名额"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("大赛组别")
        verbose_name_plural = _("大赛组别")
        ordering = ["contest", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contest_category_unique")]

    def __str__(self) -> str:
        return self.name


class Recommendation(ScopedModel):
    """One awarded item recommended to one contest. Its path is the item's (the district and
    the unit see their own items recommended upward)."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="recommendations")
    category = models.ForeignKey(
        ContestCategory, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("组别")
    )
    achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("成果"),
    )
    award = models.ForeignKey(
        "awards.Award", on_delete=models.PROTECT, related_name="+", verbose_name=_("市级获奖")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=RecState.choices, default=RecState.SELECTED, db_index=True
    )
    opinion = models.TextField(_("推荐意见"), blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    result_prize = models.CharField(
        _("获奖等级"), max_length=16, choices=Prize.choices, blank=True, db_index=True
    )
    result_level = models.CharField(_("获奖级别"), max_length=16, choices=ContestLevel.choices, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    result_date = models.DateField(_("获奖日期"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)

    scope_from = "achievement.scope_path"

    class Meta:
        verbose_name = _("向上推荐")
        verbose_name_plural = _("向上推荐")
        ordering = ["contest", "category__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "achievement"], name="recommendation_unique")
        ]
        indexes = [models.Index(fields=["contest", "state"], name="rec_contest_state_idx")]

    def __str__(self) -> str:
        return f"{self.achievement.title} → {self.contest}"

    @property
    def is_awarded(self) -> bool:
        return self.state == RecState.RESULT and self.result_prize in AWARDED_PRIZES

    @property
    def result_label(self) -> str:
        if self.state != RecState.RESULT:
            return ""
        if self.result_prize == Prize.NONE:
            return str(Prize.NONE.label)
        return f"{self.get_result_level_display()}{self.category.name}{self.get_result_prize_display()}"


class RecommendationObjection(ScopedModel):
    """An objection to an item on the recommendation list's public notice, answered by the city.
    Upheld: the recommendation is withdrawn (through its workflow)."""

    class State(models.TextChoices):
        OPEN = "open", _("待答复")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="objections")
    public_name = models.CharField(_("异议人姓名"), max_length=30)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    reason = models.TextField(_("异议理由"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    scope_from = "recommendation.contest.union.path"

    class Meta:
        verbose_name = _("推荐公示异议")
        verbose_name_plural = _("推荐公示异议")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recommendation.achievement.title} · {self.get_state_display()}"


class PackageBuild(BackgroundJob, ScopedModel):
    """A contest's recommendation package in one zip (推荐表 PDFs and 推荐汇总表), made by a
    background job with its progress on the row and the file kept for later downloads."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="packages")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(_("推荐表数"), default=0)
    done_count = models.PositiveIntegerField(_("已生成"), default=0)
    file = models.FileField(upload_to="recommendations/%Y/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    error = models.TextField(_("错误"), blank=True)

    job_task = "innovation.recommendations.tasks.build_package"
    interrupted_message = _(
        "生成推荐材料包时后台处理进程意外停止（服务重启或进程退出），没有生成文件。请重新生成。"
    )

    scope_from = "contest.union.path"

    class Meta:
        verbose_name = _("推荐材料包")
        verbose_name_plural = _("推荐材料包")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.contest} · #{self.pk}"

    @property
    def percent(self) -> int:
        return int(self.done_count * 100 / self.total) if self.total else 0
