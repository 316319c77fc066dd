"""The progress of an agreement: teaching, training, the apprentice's skill levels, patents, and
the 出师 assessment at the end. Each row hangs on the agreement version in force when it was
recorded; the pages show the rows of every version of the series."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreements import Agreement

MAX_HOURS = 10000


class Recorded(models.Model):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TeachingRecord(Recorded):
    class Kind(models.TextChoices):
        SESSION = "session", _("授课/带教")
        TASK = "task", _("任务/攻关")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="teaching")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("形式"), max_length=16, choices=Kind.choices)
    hours = models.DecimalField(
        _("学时"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_HOURS)],
    )
    content = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("带教记录")
        verbose_name_plural = _("带教记录")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()} {self.hours}h"


class Training(Recorded):
    class Kind(models.TextChoices):
        ONBOARDING = "onboarding", _("入职培训")
        ADAPTIVE = "adaptive", _("适应性培训")
        UPSKILLING = "upskilling", _("技能提升培训")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="trainings")
    apprentice = models.ForeignKey(
        "org.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("徒弟"),
    )
    kind = models.CharField(_("培训类型"), max_length=16, choices=Kind.choices)
    hours = models.DecimalField(
        _("学时"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_HOURS)],
    )
    on = models.DateField(_("日期"))
    content = models.CharField(_("内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()} {self.hours}h"


class SkillLevelChange(Recorded):
    """A promotion reached in a pair: the worker's history row itself lives in the
    organisation (`org.SkillLevelRecord`, shown on the worker's page beside promotions from
    competitions); this row names the agreement it was reached in."""

    record = models.OneToOneField(
        "org.SkillLevelRecord",
        on_delete=models.PROTECT,
        related_name="pair_change",
        verbose_name=_("技能等级记录"),
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="skill_changes"
    )

    class Meta:
        verbose_name = _("技能等级变更")
        verbose_name_plural = _("技能等级变更")
        ordering = ["-record__on", "-id"]

    def __str__(self) -> str:
        return str(self.record)

    # The history row's facts, read through the link (callers use `select_related("record__worker")`).
    worker = property(lambda self: self.record.worker)
    worker_id = property(lambda self: self.record.worker_id)
    from_level = property(lambda self: self.record.from_level)
    to_level = property(lambda self: self.record.to_level)
    certificate_no = property(lambda self: self.record.certificate_no)
    on = property(lambda self: self.record.on)
    get_from_level_display = property(lambda self: self.record.get_from_level_display)
    get_to_level_display = property(lambda self: self.record.get_to_level_display)


class PairPatent(Recorded):
    class Type(models.TextChoices):
        INVENTION = "invention", _("发明专利")
        UTILITY = "utility", _("实用新型专利")

    class Holder(models.TextChoices):
        MASTER = "master", _("师傅")
        APPRENTICE = "apprentice", _("徒弟")
        JOINT = "joint", _("师徒共有")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="patents")
    type = models.CharField(_("专利类型"), max_length=16, choices=Type.choices)
    number = models.CharField(_("专利号"), max_length=40)
    title = models.CharField(_("专利名称"), max_length=200)
    holder = models.CharField(_("权利人"), max_length=16, choices=Holder.choices)
    patent = models.ForeignKey(
        "achievements.Patent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("成果库中的专利"),
    )

    class Meta:
        verbose_name = _("师徒专利")
        verbose_name_plural = _("师徒专利")
        ordering = ["agreement", "type", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="pair_patent_once")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"


class Graduation(Recorded):
    """The 出师 assessment that completes an agreement."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="assessment")
    result = models.CharField(_("考核结果"), max_length=16, choices=Result.choices)
    on = models.DateField(_("考核日期"))
    notes = models.TextField(_("考核意见"), blank=True)

    class Meta:
        verbose_name = _("出师考核")
        verbose_name_plural = _("出师考核")

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.on:%Y-%m-%d}"


class PairBenefit(Recorded):
    """The economic benefit a pair created (名师带徒的创效成果): claimed by the unit, verified by the
    union (both amounts kept, in fen). Counted in the figure of benefit by channel (名师带徒)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(_("创效成果"), max_length=100)
    on = models.DateField(_("取得日期"))
    claimed_fen = models.BigIntegerField(_("申报经济效益（分）"), validators=[MinValueValidator(0)])
    basis = models.TextField(_("效益计算依据"), blank=True)
    verified_fen = models.BigIntegerField(
        _("核实经济效益（分）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("师徒创效成果")
        verbose_name_plural = _("师徒创效成果")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claimed_fen__gte=0), name="pair_benefit_claimed_nonneg"
            ),
            models.CheckConstraint(
                condition=models.Q(verified_fen__isnull=True)
                | models.Q(verified_fen__lte=models.F("claimed_fen")),
                name="pair_benefit_verified_within_claimed",
            ),
        ]

    def __str__(self) -> str:
        return self.title
