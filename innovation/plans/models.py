"""The three-year plan (三年工作方案): a plan issued by a union (the 2019-08-01 plan of the city
federation), its dated versions (the original and each revision, with the revising document),
the plan's indicators (each computed live by a registered formula, `plans.formulas`), the yearly
targets of each version (for the whole city, or split per district), the status rule stored with
the version, and the quarterly snapshots kept as baselines.

Targets and snapshots hang in the union tree where they apply: a district's row at the district's
union, a whole-city row at the plan's union — so a county union sees its own district's rows and
nothing of the others (accounts.scope). A plan is seen by whoever sees its union's subtree or one
of its targets (`selectors.plans_visible_to`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.jobs import BackgroundJob
from innovation.core.models import ScopedModel

TEXT_MAX = 2000
# A target is a count or whole yuan: large enough for a province's benefit, small enough for SQLite.
MAX_TARGET = 10**13


class Status(models.TextChoices):
    """A target's status against the pro-rata target (see `progress.status_for`)."""

    GREEN = "green", _("达标")
    AMBER = "amber", _("预警")
    RED = "red", _("滞后")
    NOT_STARTED = "not_started", _("未开始")
    UNAVAILABLE = "unavailable", _("暂无数据")


class Plan(models.Model):
    title = models.CharField(_("方案名称"), max_length=120)
    union = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, related_name="plans", verbose_name=_("印发单位")
    )
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    adopted_on = models.DateField(_("印发日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("三年工作方案")
        verbose_name_plural = _("三年工作方案")
        ordering = ["-adopted_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """One indicator of a plan; its actual is `formulas.REGISTRY[formula]` (live), or — when no
    module provides that formula yet — it says so instead of showing 0."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=80)
    unit = models.CharField(_("计量单位"), max_length=10)
    formula = models.CharField(_("计算公式"), max_length=60)
    per_district = models.BooleanField(_("分县(市、区)下达"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("方案指标")
        verbose_name_plural = _("方案指标")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_indicator_code_unique")]

    def __str__(self) -> str:
        return self.name


class PlanVersion(models.Model):
    """A dated version of a plan: number 1 is the plan as issued, each later number a revision
    (修订) with its document. The targets are the version's own (a revision copies the previous
    version's and changes some); the status rule is the version's too:

    green when actual ≥ green_pct % of the pro-rata target, amber when ≥ amber_pct %, else red."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    effective_on = models.DateField(_("生效日期"))
    title = models.CharField(_("文件名称"), max_length=150)
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    file = models.FileField(_("文件"), upload_to="plans/%Y/", max_length=255, blank=True)
    note = models.TextField(_("修订说明"), blank=True)
    green_pct = models.PositiveSmallIntegerField(_("达标线（%）"), default=100)
    amber_pct = models.PositiveSmallIntegerField(_("预警线（%）"), default=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="plan_version_number_positive"),
            models.CheckConstraint(
                condition=models.Q(amber_pct__lte=models.F("green_pct")),
                name="plan_version_amber_below_green",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.label}"

    @property
    def label(self) -> str:
        return str(_("原方案")) if self.number == 1 else str(_("第%(n)d次修订") % {"n": self.number - 1})


class PlanTarget(ScopedModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    district = models.ForeignKey(
        "org.TradeUnion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("县(市、区)"),
    )
    value = models.BigIntegerField(_("目标值"))

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["version", "indicator__order", "year", "district__path"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="plan_target_value_non_negative"),
            models.UniqueConstraint(
                fields=["version", "indicator", "year", "district"],
                condition=models.Q(district__isnull=False),
                name="plan_target_unique_district",
            ),
            models.UniqueConstraint(
                fields=["version", "indicator", "year"],
                condition=models.Q(district__isnull=True),
                name="plan_target_unique_city",
            ),
        ]

    def scope_source_path(self) -> str:
        return (self.district or self.version.plan.union).path

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.district or ''}: {self.value}"


class Snapshot(ScopedModel):
    """One row of a quarterly baseline: a target of a version with the actual and status as they
    were when the snapshot was taken (`taken_at`)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="snapshots")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="snapshots")
    district = models.ForeignKey(
        "org.TradeUnion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target = models.BigIntegerField(_("目标值"))
    expected = models.BigIntegerField(_("应完成（按进度）"))
    actual = models.BigIntegerField(_("完成值"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    taken_at = models.DateTimeField(_("快照时间"))

    class Meta:
        verbose_name = _("季度快照")
        verbose_name_plural = _("季度快照")
        ordering = ["-year", "-quarter", "indicator__order", "district__path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="plan_snapshot_quarter"
            ),
            models.UniqueConstraint(
                fields=["version", "year", "quarter", "indicator", "district"],
                condition=models.Q(district__isnull=False),
                name="plan_snapshot_unique_district",
            ),
            models.UniqueConstraint(
                fields=["version", "year", "quarter", "indicator"],
                condition=models.Q(district__isnull=True),
                name="plan_snapshot_unique_city",
            ),
        ]

    def scope_source_path(self) -> str:
        return (self.district or self.version.plan.union).path


class SnapshotRun(BackgroundJob):
    """A queued quarterly snapshot of one version (the job's progress on the row)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="snapshot_runs")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(_("目标数"), default=0)
    done_count = models.PositiveIntegerField(_("已完成"), default=0)
    error = models.TextField(_("错误"), blank=True)

    job_task = "innovation.plans.tasks.take_snapshot"
    interrupted_message = _(
        "生成季度快照时后台处理进程意外停止（服务重启或进程退出），没有保存快照。请重新生成。"
    )

    class Meta:
        verbose_name = _("季度快照任务")
        verbose_name_plural = _("季度快照任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.version} {self.year}Q{self.quarter}"
