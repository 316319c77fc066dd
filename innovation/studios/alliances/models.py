"""Alliances of studios and their joint projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.studios.models import Studio


class Alliance(models.Model):
    name = models.CharField(_("联盟名称"), max_length=100, unique=True)
    lead = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="led_alliances", verbose_name=_("牵头工作室")
    )
    members = models.ManyToManyField(Studio, related_name="alliances", verbose_name=_("成员工作室"))
    founded_on = models.DateField(_("成立日期"))
    description = models.TextField(_("简介"), blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("工作室联盟")
        verbose_name_plural = _("工作室联盟")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AllianceProject(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("联合项目"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    studios = models.ManyToManyField(Studio, related_name="alliance_projects", verbose_name=_("参与工作室"))
    result = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("联盟联合项目")
        verbose_name_plural = _("联盟联合项目")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title
