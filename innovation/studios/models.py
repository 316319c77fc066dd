"""Innovation studios (劳模创新工作室 / 职工创新工作室 / 工匠创新工作室): naming, members, lineage,
yearly reports and assessment, revocation, alliances, and subsidies paid from the funds ledger.

Rules that are policy (the honour a studio type requires, how many unqualified years revoke a
studio, whether a worker may be on two rosters, the assessment rubric, subsidy amounts) are
rows with effective dates, read by the sub-domains' services; never literals in code.

The studio itself is here; the sub-domains' models (naming/, reports/, subsidies/, alliances/)
are imported at the end, so that every model is importable from innovation.studios.models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Field
from innovation.core.models import ScopedModel


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


class Studio(ScopedModel):
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

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        ordering = ["-named_year", "name", "id"]

    def __str__(self) -> str:
        return self.name


# The sub-domains' models, importable from here as before (Django loads them with this module).
from .alliances.models import Alliance, AllianceProject  # noqa: E402
from .naming.models import Member, Naming, StudioApplication  # noqa: E402
from .reports.models import Assessment, AssessmentRubric, YearReport  # noqa: E402
from .subsidies.models import SubsidyLine, SubsidyPolicy, SubsidyRound  # noqa: E402

__all__ = [
    "LEVEL_ORDER",
    "Alliance",
    "AllianceProject",
    "Assessment",
    "AssessmentRubric",
    "Member",
    "Naming",
    "Studio",
    "StudioApplication",
    "StudioLevel",
    "StudioType",
    "SubsidyLine",
    "SubsidyPolicy",
    "SubsidyRound",
    "YearReport",
]
