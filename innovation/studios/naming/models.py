"""Naming of studios: the namings they hold, their rosters, and the applications for a naming."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Field
from innovation.core.models import ScopedModel
from innovation.studios.models import Studio, StudioLevel, StudioType


class Naming(models.Model):
    """One naming of a studio at a type and level (命名): by the city through an application, or
    recorded from the province or the nation with its document."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="namings")
    type = models.CharField(_("类型"), max_length=16, choices=StudioType.choices)
    level = models.CharField(_("级别"), max_length=16, choices=StudioLevel.choices)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    document_no = models.CharField(_("命名文号"), max_length=60)
    named_by = models.CharField(_("命名单位"), max_length=60)
    named_on = models.DateField(_("命名日期"))
    application = models.OneToOneField(
        "StudioApplication", on_delete=models.PROTECT, null=True, blank=True, related_name="naming"
    )
    certificate_code = models.CharField(_("牌匾/证书编号"), max_length=16, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("命名记录")
        verbose_name_plural = _("命名记录")
        ordering = ["studio", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "type", "level"],
                name="naming_once_per_type_level",
                violation_error_message=_("该工作室已获得同类型同级别的命名。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.get_level_display()}{self.get_type_display()}"


class Member(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("带头人")
        CORE = "core", _("骨干成员")
        MEMBER = "member", _("成员")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members")
    worker = models.ForeignKey("org.Worker", on_delete=models.PROTECT, related_name="studio_memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        ordering = ["studio", "role", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.studio}"


class StudioApplication(ScopedModel):
    """A unit's application for a naming by the city (new studio or upgrade), through the
    management regulation's path: unit → district recommendation → city review → named/declined."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待县区推荐")
        RETURNED = "returned", _("退回修改")
        RECOMMENDED = "recommended", _("待市总审核")
        NAMED = "named", _("已命名")
        DECLINED = "declined", _("不予命名")

    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="studio_applications"
    )
    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("升级的工作室"),
    )
    name = models.CharField(_("工作室名称"), max_length=100)
    type = models.CharField(_("申请类型"), max_length=16, choices=StudioType.choices)
    level = models.CharField(
        _("申请级别"), max_length=16, choices=StudioLevel.choices, default=StudioLevel.CITY
    )
    leader = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="+", verbose_name=_("带头人")
    )
    field = models.CharField(_("所属领域"), max_length=16, choices=Field.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    results_so_far = models.TextField(_("已取得成果"))
    plan = models.TextField(_("建设计划"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    district_opinion = models.TextField(_("县区推荐意见"), blank=True)
    inspection_record = models.TextField(_("现场考察记录"), blank=True)
    panel_opinion = models.TextField(_("评审组意见"), blank=True)
    decision_reason = models.TextField(_("审核意见/不予命名理由"), blank=True)
    document_no = models.CharField(_("命名文号"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("工作室命名申请")
        verbose_name_plural = _("工作室命名申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


# Levels recorded from another body's document; the city names its own (市级) only through an
# application (naming/workflow.py).
RECORDED_LEVELS = (StudioLevel.NATIONAL, StudioLevel.PROVINCIAL)
CITY_LEVEL = StudioLevel.CITY

OPEN_APPLICATION_STATES = (
    StudioApplication.State.DRAFT,
    StudioApplication.State.SUBMITTED,
    StudioApplication.State.RETURNED,
    StudioApplication.State.RECOMMENDED,
)
IN_REVIEW_STATES = (StudioApplication.State.SUBMITTED, StudioApplication.State.RECOMMENDED)
EDITABLE_APPLICATION_STATES = (StudioApplication.State.DRAFT, StudioApplication.State.RETURNED)

TEXT_MAX = 20000  # an application's longer texts
