"""Master-apprentice agreements (师徒协议): the parties, the targets, the versions, and the
versioned cap of apprentices per master."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.org.models import SkillLevel, TradeUnion

# Limits of what an agreement holds (forms, API and services use them).
TEXT_MAX = 2000
REASON_MAX = 2000


class State(models.TextChoices):
    DRAFT = "draft", _("草拟中")
    APPROVED = "approved", _("已审批")
    ACTIVE = "active", _("履行中")
    COMPLETED = "completed", _("已出师")
    ENDED = "ended", _("提前终止")
    SUPERSEDED = "superseded", _("已被新版本取代")


# States in which the agreement is in force: progress is recorded, the cap counts it.
LIVE_STATES = (State.APPROVED, State.ACTIVE)
# States in which nothing more happens to it.
FINAL_STATES = (State.COMPLETED, State.ENDED, State.SUPERSEDED)
# The figure `pairs_total`: agreements active or completed.
COUNTED_STATES = (State.ACTIVE, State.COMPLETED)


class Side(models.TextChoices):
    MASTER = "master", _("师傅")
    APPRENTICE = "apprentice", _("徒弟")


class Agreement(ScopedModel):
    """One version of a master-apprentice agreement.

    It belongs to a unit (`enterprise`, whose union approves it); a pair across units of one
    industry names the industry union (`industry_union`) every party's unit stands under. Once
    approved it is never edited: a change is a new version (`parent` the one it replaces,
    `root` the first of the series, `change_reason` why), and the old one is superseded when the
    new one is approved."""

    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="pair_agreements", verbose_name=_("所在单位")
    )
    industry_union = models.ForeignKey(
        TradeUnion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pair_agreements",
        verbose_name=_("产业工会（跨单位结对）"),
        limit_choices_to={"kind": TradeUnion.Kind.INDUSTRY},
    )
    # "孙健 — 王明帅": the masters and the apprentices, written by the services from the parties.
    title = models.CharField(_("师徒"), max_length=200, blank=True, db_index=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("上一版本")
    )
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("首个版本")
    )
    change_reason = models.TextField(_("变更原因"), blank=True)
    notes = models.TextField(_("备注"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    started_on = models.DateField(_("实际开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.TextField(_("终止原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    joint_achievements = models.ManyToManyField(
        "achievements.Achievement", blank=True, related_name="pair_agreements", verbose_name=_("联合成果")
    )

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("师徒协议")
        verbose_name_plural = _("师徒协议")
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["state", "start_on"], name="pair_state_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gt=models.F("start_on")), name="pair_end_after_start"
            ),
            models.UniqueConstraint(fields=["root", "version"], name="pair_version_once"),
        ]

    def __str__(self) -> str:
        return self.title or str(_("师徒协议%(n)s") % {"n": self.pk or ""})

    @property
    def series_id(self) -> int:
        """The id every version of this agreement shares (the first version's)."""
        return self.root_id or self.pk


class Party(models.Model):
    """A master or an apprentice of an agreement, and when they signed it (the signature on
    paper, recorded by the union)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    worker = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="pair_parties", verbose_name=_("职工")
    )
    side = models.CharField(_("身份"), max_length=16, choices=Side.choices)
    signed_on = models.DateField(_("签署日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("师徒协议当事人")
        verbose_name_plural = _("师徒协议当事人")
        ordering = ["agreement", "-side", "id"]  # masters first
        constraints = [models.UniqueConstraint(fields=["agreement", "worker"], name="pair_party_once")]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.worker.name}"


class TargetKind(models.TextChoices):
    SKILL_LEVEL = "skill_level", _("技能等级晋升")
    PATENTS = "patents", _("专利")
    JOINT_INNOVATION = "joint_innovation", _("联合创新成果")
    CONTEST = "contest", _("技能竞赛名次")
    TRAINING_HOURS = "training_hours", _("培训学时")


class Target(models.Model):
    """A typed target of an agreement, each with its due date: the skill level to reach, a number
    of patents or joint innovations, a contest placing (the rank to reach or better) or training
    hours. `apprentice` narrows it to one apprentice (blank: the pair as a whole)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("目标类型"), max_length=20, choices=TargetKind.choices)
    apprentice = models.ForeignKey(
        "org.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("徒弟"),
    )
    skill_level = models.CharField(
        _("目标技能等级"), max_length=1, choices=SkillLevel.choices, blank=True, default=""
    )
    quantity = models.PositiveIntegerField(
        _("数量/名次/学时"), default=0, validators=[MaxValueValidator(100000)]
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    due_on = models.DateField(_("完成期限"))

    class Meta:
        verbose_name = _("师徒目标")
        verbose_name_plural = _("师徒目标")
        ordering = ["agreement", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class ApprenticeCapPolicy(models.Model):
    """How many apprentices one master may have at a time, from a date on (a policy row,
    versioned by the date it applies from; the row in force at an agreement's start counts)."""

    effective_from = models.DateField(_("施行日期"), unique=True)
    max_apprentices = models.PositiveSmallIntegerField(
        _("每位师傅最多带徒人数"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("带徒人数上限")
        verbose_name_plural = _("带徒人数上限")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return _("%(d)s起每位师傅最多带徒%(n)d人") % {"d": self.effective_from, "n": self.max_apprentices}
