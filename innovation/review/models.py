"""Expert scoring (评分) and the aggregated result of each achievement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel


class ScoreSheet(models.Model):
    """An expert's scores for one assigned achievement: a draft until submitted."""

    assignment = models.OneToOneField("experts.Assignment", on_delete=models.PROTECT, related_name="sheet")
    comment = models.TextField(_("评审意见"), blank=True)
    # Weighted total on the common 0-100 scale, computed when submitted.
    total = models.DecimalField(_("加权总分"), max_digits=7, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return str(self.assignment)


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("achievements.RubricCriterion", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("单项得分")
        verbose_name_plural = _("单项得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ItemResult(ScopedModel):
    """The aggregated score and rank of one achievement (recomputed, never edited by hand)."""

    achievement = models.OneToOneField(
        "achievements.Achievement", on_delete=models.CASCADE, related_name="result"
    )
    campaign = models.ForeignKey("achievements.Campaign", on_delete=models.CASCADE, related_name="results")
    score = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=3)
    raw_mean = models.DecimalField(_("原始平均分"), max_digits=7, decimal_places=3)
    n_scores = models.PositiveSmallIntegerField(_("有效评分数"))
    spread = models.DecimalField(_("最高最低分差"), max_digits=7, decimal_places=3)
    disagreement = models.BooleanField(_("专家分歧较大"), default=False)
    rank = models.PositiveIntegerField(_("总排名"))
    field_rank = models.PositiveIntegerField(_("领域内排名"))
    computed_at = models.DateTimeField(_("计算时间"))

    scope_from = "achievement.scope_path"

    class Meta:
        verbose_name = _("评审结果")
        verbose_name_plural = _("评审结果")
        ordering = ["campaign", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.achievement}"


class ScoringClosure(ScopedModel):
    """The city's explicit end of a campaign's scoring while sheets are still outstanding.

    Ranking and the committee's decision wait until every assigned sheet is submitted; this row,
    written by innovation.review.closure.close_scoring with a reason, is the only way past that
    rule. It records who ended scoring, when, why, and how many sheets were outstanding then."""

    campaign = models.OneToOneField(
        "achievements.Campaign",
        on_delete=models.PROTECT,
        related_name="scoring_closure",
        verbose_name=_("征集活动"),
    )
    reason = models.TextField(_("结束评分理由"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("结束人")
    )
    closed_at = models.DateTimeField(_("结束时间"))
    assigned = models.PositiveIntegerField(_("应交评分表"))
    submitted = models.PositiveIntegerField(_("已交评分表"))

    scope_from = "campaign.union.path"

    class Meta:
        verbose_name = _("结束评分记录")
        verbose_name_plural = _("结束评分记录")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submitted__lt=models.F("assigned")),
                name="scoring_closure_only_with_outstanding_sheets",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.closed_at:%Y-%m-%d}"

    @property
    def outstanding(self) -> int:
        return self.assigned - self.submitted
