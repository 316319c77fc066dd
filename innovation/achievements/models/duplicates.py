"""Near-duplicate pairs (查重): a newer achievement found similar to an earlier one, and the
city's verdict on the pair. The finding is innovation.similarity's; the rules are
innovation.achievements.duplicates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel

from .core import Achievement


class Verdict(models.TextChoices):
    DUPLICATE = "duplicate", _("重复申报")
    RESUBMISSION = "resubmission", _("本人旧作再报")
    EVOLVED = "evolved", _("改进提高")
    UNRELATED = "unrelated", _("无关")


# The verdicts that keep the newer item from going further (a recommendation's eligibility).
BLOCKING_VERDICTS = (Verdict.DUPLICATE, Verdict.RESUBMISSION)


class DuplicatePair(ScopedModel):
    """The newer item of a pair is the one checked; it hangs where the newer item hangs."""

    newer = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="duplicate_pairs", verbose_name=_("后报成果")
    )
    earlier = models.ForeignKey(
        Achievement,
        on_delete=models.CASCADE,
        related_name="later_duplicate_pairs",
        verbose_name=_("先报成果"),
    )
    jaccard = models.FloatField(_("相似度"), db_index=True)
    found_at = models.DateTimeField(_("发现时间"))
    verdict = models.CharField(_("认定"), max_length=16, choices=Verdict.choices, blank=True, db_index=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("认定人"),
    )
    verdict_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    note = models.TextField(_("认定说明"), blank=True)

    scope_from = "newer.scope_path"

    class Meta:
        verbose_name = _("相似成果对")
        verbose_name_plural = _("相似成果对")
        ordering = ["-jaccard", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["newer", "earlier"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=~models.Q(newer=models.F("earlier")), name="duplicate_pair_two_items"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.newer_id} ~ {self.earlier_id} ({self.jaccard:.2f})"

    @property
    def percent(self) -> int:
        return round(self.jaccard * 100)
