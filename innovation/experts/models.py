"""The expert pool (专家库) and the assignment of experts to achievements."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.core.pii import EncryptedTextField


class ExpertProfile(ScopedModel):
    """An expert of a union's pool. The person logs in as `user` (role: expert)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profile",
        verbose_name=_("登录账号"),
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    union = models.ForeignKey(
        "org.TradeUnion",
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name=_("所属专家库"),
        help_text=_("维护该专家库的工会，一般为市总工会。"),
    )
    employer = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("工作单位（本市）"),
    )
    employer_outside = models.CharField(_("工作单位（外单位）"), max_length=100, blank=True)
    title = models.CharField(_("职称/职务"), max_length=50, blank=True)
    # Values of innovation.achievements.models.Field: the campaign's fields this expert reviews.
    fields = models.JSONField(_("专业领域"), default=list)
    tags = models.CharField(_("细分专长"), max_length=200, blank=True, help_text=_("以顿号或逗号分隔。"))
    phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    is_active = models.BooleanField(_("在库"), default=True)

    scope_from = "union.path"

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id else self.employer_outside


class Availability(models.Model):
    """Whether an expert takes part in a campaign's review, and an optional personal cap."""

    campaign = models.ForeignKey(
        "achievements.Campaign", on_delete=models.CASCADE, related_name="expert_availability"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="availability")
    available = models.BooleanField(_("参加本次评审"), default=True)
    max_items = models.PositiveSmallIntegerField(
        _("本人最多评审项数"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("专家可参评情况")
        verbose_name_plural = _("专家可参评情况")
        constraints = [models.UniqueConstraint(fields=["campaign", "expert"], name="availability_unique")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.campaign}"


class Conflict(models.Model):
    """A declared conflict of interest: a unit (and its group) or a person."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="conflicts")
    enterprise = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回避单位"),
    )
    worker = models.ForeignKey(
        "org.Worker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回避人员"),
    )
    reason = models.CharField(_("回避理由"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避申报")
        verbose_name_plural = _("回避申报")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) | models.Q(worker__isnull=False),
                name="conflict_names_unit_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.enterprise or self.worker}"


class Assignment(ScopedModel):
    """One expert reviewing one achievement. Declined rows stay, for the record."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("待评分")
        SUBMITTED = "submitted", _("已提交评分")
        DECLINED = "declined", _("已谢绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Origin(models.TextChoices):
        AUTO = "auto", _("自动分配")
        MANUAL = "manual", _("人工调整")
        REASSIGN = "reassign", _("谢绝后补派")

    campaign = models.ForeignKey(
        "achievements.Campaign", on_delete=models.PROTECT, related_name="assignments"
    )
    achievement = models.ForeignKey(
        "achievements.Achievement", on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="assignments")
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.ASSIGNED, db_index=True
    )
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices, default=Origin.AUTO)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "achievement.scope_path"

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["achievement_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["achievement", "expert"], name="assignment_once_per_expert"),
        ]

    ACTIVE_STATES = (State.ASSIGNED, State.SUBMITTED)

    def __str__(self) -> str:
        return f"{self.expert} → {self.achievement}"
