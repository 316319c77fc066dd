"""Expert scoring (评分) and the aggregated result of each achievement."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ItemResult(models.Model):
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
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("评审结果")
        verbose_name_plural = _("评审结果")
        ordering = ["campaign", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.achievement}"
