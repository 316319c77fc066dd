"""Yearly reports, their assessment against the rubric in force, and revocation."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.studios.models import Studio

# Limits of what a report holds (the forms, the API and the services use them).
MAX_COUNT = 1_000_000
MAX_BENEFIT = Decimal("999999999999.99")
SUMMARY_MAX = 5000
NOTE_MAX = 2000


class YearReport(ScopedModel):
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

    scope_from = "studio.scope_path"

    class Meta:
        verbose_name = _("工作室年度报告")
        verbose_name_plural = _("工作室年度报告")
        ordering = ["-year", "studio"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="report_once_a_year")]

    def __str__(self) -> str:
        return f"{self.studio} {self.year}"


class Assessment(ScopedModel):
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

    scope_from = "studio.scope_path"

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
