"""The clock the service orders run on: the office calendar (public holidays and make-up working
days, as the union enters them each year), the working hours, and the SLA targets per problem
category (response and resolution, in working hours). All three are dated data the city edits,
never literals; `volunteer.calendar` turns them into a `worktime.WorkCalendar`."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The problems a firm brings to worker-innovation service."""

    PROCESS = "process", _("工艺、产品与质量")
    ENERGY = "energy", _("节能降耗")
    EQUIPMENT = "equipment", _("设备改造")
    MANAGEMENT = "management", _("管理提升")
    SKILLS = "skills", _("职工技能")
    SAFETY = "safety", _("职业安全健康")


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday on a weekday (or any day of
    a holiday), or a make-up working day (调休上班) on a weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=20)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"


class WorkingHours(models.Model):
    """The working periods of a working day from a date on (morning and afternoon)."""

    effective_from = models.DateField(_("施行日期"), unique=True)
    morning_start = models.TimeField(_("上午上班"))
    morning_end = models.TimeField(_("上午下班"))
    afternoon_start = models.TimeField(_("下午上班"))
    afternoon_end = models.TimeField(_("下午下班"))

    class Meta:
        verbose_name = _("工作时间")
        verbose_name_plural = _("工作时间")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="volunteer_hours_ordered",
            )
        ]

    def __str__(self) -> str:
        return _("%(d)s起 %(a)s–%(b)s、%(c)s–%(e)s") % {
            "d": self.effective_from,
            "a": f"{self.morning_start:%H:%M}",
            "b": f"{self.morning_end:%H:%M}",
            "c": f"{self.afternoon_start:%H:%M}",
            "e": f"{self.afternoon_end:%H:%M}",
        }

    @property
    def periods(self) -> tuple[tuple[datetime.time, datetime.time], ...]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))


class SlaTarget(models.Model):
    """How soon an order of a category is answered and solved, in working hours, from a date on
    (the row in force when the order was posted applies to it)."""

    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    effective_from = models.DateField(_("施行日期"))
    response_hours = models.PositiveSmallIntegerField(
        _("响应时限（工作小时）"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    resolution_hours = models.PositiveSmallIntegerField(
        _("解决时限（工作小时）"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )

    class Meta:
        verbose_name = _("服务时限")
        verbose_name_plural = _("服务时限")
        ordering = ["category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["category", "effective_from"], name="volunteer_sla_once"),
            models.CheckConstraint(
                condition=models.Q(response_hours__lte=models.F("resolution_hours")),
                name="volunteer_sla_response_first",
            ),
        ]

    def __str__(self) -> str:
        return _("%(c)s：响应%(r)d小时，解决%(s)d小时") % {
            "c": self.get_category_display(),
            "r": self.response_hours,
            "s": self.resolution_hours,
        }
