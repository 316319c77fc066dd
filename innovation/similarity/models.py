"""The near-duplicate index: per indexed text, its shingle set (for the exact Jaccard re-rank)
and its MinHash band keys (for the LSH candidate look-up). Generic: a `corpus` names what is
indexed (e.g. "achievement") and `object_id` the row it came from; this app knows no domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimilaritySignature(models.Model):
    corpus = models.CharField(_("语料"), max_length=32)
    object_id = models.BigIntegerField(_("对象编号"))
    # The distinct shingle hashes, sorted, as little-endian uint32 (4 bytes each).
    shingles = models.BinaryField(_("片段指纹"))
    shingle_count = models.PositiveIntegerField(_("片段数"))
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("查重指纹")
        verbose_name_plural = _("查重指纹")
        constraints = [
            models.UniqueConstraint(fields=["corpus", "object_id"], name="similarity_signature_unique")
        ]

    def __str__(self) -> str:
        return f"{self.corpus}:{self.object_id}"


class SimilarityBand(models.Model):
    """One LSH band of one indexed text: `key` folds the band's number and its MinHash values
    into one signed 64-bit integer; texts sharing any key are candidates of each other."""

    corpus = models.CharField(_("语料"), max_length=32)
    key = models.BigIntegerField(_("分带键"))
    object_id = models.BigIntegerField(_("对象编号"))

    class Meta:
        verbose_name = _("查重分带")
        verbose_name_plural = _("查重分带")
        indexes = [
            models.Index(fields=["corpus", "key"], name="similarity_band_key"),
            models.Index(fields=["corpus", "object_id"], name="similarity_band_object"),
        ]

    def __str__(self) -> str:
        return f"{self.corpus}:{self.object_id}:{self.key}"
