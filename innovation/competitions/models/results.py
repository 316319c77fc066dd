"""Results and what follows from them: each occupation's computation runs (`ResultRun`), the
contestants' current results (`Result`), the awards of the placed contestants (`CompetitionAward`:
place, prize committed on the ledger, certificate code) and the skill-level promotion
recommendations (`PromotionRecommendation`).

A result is never edited by hand: the marks are corrected (a new mark with a reason) and the
occupation is recomputed (`services.results_compute`), which replaces the results and adds a run
saying why and what moved. The runs are the trail; the results are the latest run's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.org.models import SkillLevel

from .entries import Registration
from .events import Competition, Occupation

FIRST_RUN_REASON = "首次计算"


class ResultRun(models.Model):
    """One computation of an occupation's results: its number, who ran it, when and why (首次计算,
    or the corrections that caused it), and which results moved against the previous run."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="result_runs", verbose_name=_("工种")
    )
    number = models.PositiveIntegerField(_("计算次序"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(_("计算时间"))
    reason = models.TextField(_("计算原因"))
    contestants = models.PositiveIntegerField(_("选手人数"), default=0)
    # [{"registration", "number", "total": [old, new], "rank": [old, new], "place": [old, new],
    #   "title": [old, new]}] for each contestant whose result changed (empty on the first run).
    changes = models.JSONField(_("变动"), default=list, blank=True)

    class Meta:
        verbose_name = _("成绩计算记录")
        verbose_name_plural = _("成绩计算记录")
        ordering = ["occupation", "number"]
        constraints = [models.UniqueConstraint(fields=["occupation", "number"], name="comp_result_run_once")]

    def __str__(self) -> str:
        return f"{self.occupation} #{self.number}"


class Result(ScopedModel):
    """A contestant's current result (the latest run's): the scoring core's figures as stored."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="result", verbose_name=_("参赛报名")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="results", verbose_name=_("工种")
    )
    run = models.ForeignKey(ResultRun, on_delete=models.PROTECT, related_name="results")
    run_number = models.PositiveIntegerField(_("计算次序"))
    computed_at = models.DateTimeField(_("计算时间"))
    theory = models.DecimalField(_("理论成绩"), max_digits=7, decimal_places=3, null=True, blank=True)
    practical = models.DecimalField(_("实操成绩"), max_digits=7, decimal_places=3)
    total = models.DecimalField(_("总成绩"), max_digits=7, decimal_places=3)
    standardised = models.DecimalField(
        _("标准化成绩"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("名次"))
    rank_shared = models.BooleanField(_("并列"), default=False)
    place = models.CharField(_("奖项"), max_length=50, blank=True)
    title = models.CharField(_("称号"), max_length=50, blank=True)
    promotion = models.CharField(
        _("晋级推荐"), max_length=1, choices=SkillLevel.choices, blank=True, default=""
    )
    # [{"code", "message", "aspect"}] of the scoring core (missing marks, judges' spread, ...).
    flags = models.JSONField(_("提示"), default=list, blank=True)
    explanation = models.TextField(_("并列决胜说明"), blank=True)
    aspects = models.JSONField(_("各评分项得分"), default=dict, blank=True)
    sections = models.JSONField(_("各模块得分"), default=dict, blank=True)
    time_seconds = models.DecimalField(
        _("用时（秒）"), max_digits=10, decimal_places=3, null=True, blank=True
    )

    scope_from = "registration.scope_path"

    class Meta:
        verbose_name = _("比赛成绩")
        verbose_name_plural = _("比赛成绩")
        ordering = ["occupation", "rank", "registration_id"]
        indexes = [models.Index(fields=["occupation", "rank"], name="comp_result_rank")]

    def __str__(self) -> str:
        return f"{self.registration} {self.rank}"


class CompetitionAward(ScopedModel):
    """A placed contestant's award, made when the competition is finalised: the place, the
    prize (from the occupation's places, committed on the organiser's 技能竞赛经费 line) and the
    certificate's verification code. Name and unit are kept as printed."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="awards", verbose_name=_("赛事")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="awards", verbose_name=_("工种")
    )
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="award", verbose_name=_("参赛报名")
    )
    worker = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="competition_awards", verbose_name=_("职工")
    )
    name = models.CharField(_("获奖人"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100)
    place = models.CharField(_("奖项"), max_length=50)
    rank = models.PositiveIntegerField(_("名次"))
    title = models.CharField(_("称号"), max_length=50, blank=True)
    amount_fen = models.BigIntegerField(_("奖金（分）"), default=0)
    commitment = models.OneToOneField(
        "funds.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_award",
    )
    certificate_code = models.CharField(_("证书验证码"), max_length=16, unique=True)
    awarded_at = models.DateTimeField(_("授奖时间"))

    scope_from = "registration.scope_path"

    class Meta:
        verbose_name = _("技能大赛获奖")
        verbose_name_plural = _("技能大赛获奖")
        ordering = ["competition", "occupation", "rank", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.place}"


class PromotionState(models.TextChoices):
    RECOMMENDED = "recommended", _("已推荐")
    CONFIRMED = "confirmed", _("已确认晋级")


class PromotionRecommendation(ScopedModel):
    """A skill-level promotion recommended by the occupation's title rules (made when the
    competition is finalised); the organiser confirms it once the 人社 office has granted the
    level (step `confirm` of the "competition_promotion" workflow), which sets the worker's
    level and keeps this row as the worker's skill-level history of the competition."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="promotions", verbose_name=_("赛事")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="promotions", verbose_name=_("工种")
    )
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="promotion", verbose_name=_("参赛报名")
    )
    worker = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="competition_promotions", verbose_name=_("职工")
    )
    rank = models.PositiveIntegerField(_("名次"))
    from_level = models.CharField(_("原技能等级"), max_length=1, choices=SkillLevel.choices, blank=True)
    to_level = models.CharField(_("推荐晋升等级"), max_length=1, choices=SkillLevel.choices)
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=PromotionState.choices,
        default=PromotionState.RECOMMENDED,
        db_index=True,
    )
    certificate_no = models.CharField(_("职业技能等级证书编号"), max_length=40, blank=True)
    # Once confirmed: the step in the worker's skill-level history (org.SkillLevelRecord).
    skill_record = models.OneToOneField(
        "org.SkillLevelRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_promotion",
        verbose_name=_("技能等级记录"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "registration.scope_path"

    class Meta:
        verbose_name = _("晋级推荐")
        verbose_name_plural = _("晋级推荐")
        ordering = ["competition", "occupation", "rank", "id"]

    def __str__(self) -> str:
        return f"{self.worker} → {self.get_to_level_display()}"
