"""Contestants and their marks: registrations, the judge panel, the judges' marks and the theory
scores. A mark or a theory score is never updated in place: a correction is a new row and the
old one points at it (`superseded_by`), with the reason."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel

from .events import Aspect, Occupation


class RegistrationState(models.TextChoices):
    SUBMITTED = "submitted", _("已报名")
    CONFIRMED = "confirmed", _("已确认")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


# Registrations that hold a place of the unit's quota and stop the same worker registering again.
LIVE_REGISTRATION_STATES = (
    RegistrationState.SUBMITTED,
    RegistrationState.CONFIRMED,
    RegistrationState.RETURNED,
)


class Registration(ScopedModel):
    """A worker entered by his unit for one occupation. It hangs where the unit does, so the
    unit sees its own contestants and the organiser (above it) all of them."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("工种")
    )
    worker = models.ForeignKey(
        "org.Worker",
        on_delete=models.PROTECT,
        related_name="competition_registrations",
        verbose_name=_("职工"),
    )
    enterprise = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.PROTECT,
        related_name="competition_registrations",
        verbose_name=_("报名单位"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.SUBMITTED,
        db_index=True,
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    # Given when the organiser confirms: the card number (年度-工种-序号, printed on the card)
    # and the anonymous number the judges see instead of the name.
    card_number = models.CharField(_("参赛证号"), max_length=32, blank=True, db_index=True)
    anonymous_number = models.CharField(_("匿名编号"), max_length=16, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("参赛报名")
        verbose_name_plural = _("参赛报名")
        ordering = ["occupation", "card_number", "id"]
        constraints = [
            # The same worker once per occupation (a withdrawn entry leaves room for a new one).
            models.UniqueConstraint(
                fields=["occupation", "worker"],
                condition=~models.Q(state="withdrawn"),
                name="comp_worker_once_per_occupation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} {self.worker}"


class JudgeAssignment(ScopedModel):
    """A judge of an occupation's panel (an expert of the pool, or a named judge), whether they
    are the chief judge, the aspects they mark, and their own unit (never marking its
    contestants)."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="judges", verbose_name=_("工种")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="competition_judging",
        verbose_name=_("裁判"),
    )
    expert = models.ForeignKey(
        "experts.ExpertProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_judging",
        verbose_name=_("专家库专家"),
    )
    name = models.CharField(_("裁判姓名"), max_length=50)
    unit = models.ForeignKey(
        "org.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("裁判所在单位"),
    )
    is_chief = models.BooleanField(_("裁判长"), default=False)
    aspects = models.ManyToManyField(Aspect, blank=True, related_name="judges", verbose_name=_("负责评分项"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "occupation.scope_path"

    class Meta:
        verbose_name = _("裁判分工")
        verbose_name_plural = _("裁判分工")
        ordering = ["occupation", "-is_chief", "id"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "judge"], name="comp_judge_once"),
            models.UniqueConstraint(
                fields=["occupation"], condition=models.Q(is_chief=True), name="comp_one_chief_judge"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Mark(models.Model):
    """One judge's mark of one aspect of one contestant. The current mark is the one not
    superseded; a re-entry supersedes it (after the chief judge's lock: with a reason)."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="marks")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="marks")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("分数"), max_digits=6, decimal_places=2)
    time_taken = models.PositiveIntegerField(_("用时（秒）"), null=True, blank=True)
    entered_at = models.DateTimeField(_("录入时间"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    reason = models.TextField(_("更正原因"), blank=True)
    after_lock = models.BooleanField(_("锁定后更正"), default=False)
    # False once superseded (set before the new row is written, so that one current mark per
    # judge, aspect and contestant holds as a constraint at every moment).
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["registration", "aspect", "judge", "entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "aspect", "judge"],
                condition=models.Q(is_current=True),
                name="comp_one_current_mark",
            ),
        ]
        indexes = [models.Index(fields=["aspect", "judge"], name="comp_mark_aspect_judge")]

    def __str__(self) -> str:
        return f"{self.aspect.code} {self.value}"


class TheoryScore(models.Model):
    """A contestant's theory score (0–100), entered or imported from the exam's sheet; a
    correction is a new row superseding the old, with the reason."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("录入")
        IMPORTED = "imported", _("导入")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="theory_scores")
    score = models.DecimalField(_("理论成绩"), max_digits=5, decimal_places=2)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ENTERED)
    entered_at = models.DateTimeField(_("录入时间"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    reason = models.TextField(_("更正原因"), blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("理论成绩")
        verbose_name_plural = _("理论成绩")
        ordering = ["registration", "entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(is_current=True),
                name="comp_one_current_theory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.score}"
