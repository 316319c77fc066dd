"""The volunteer service teams (劳模（高技能人才）志愿服务队): formed from one or more studios,
led by a team leader, with members who each bring their skills, a service area of county-level
divisions, the problem categories they take, and how many open orders they carry at once.

A team is anchored at its home unit (the leader's unit: 孙健's team at 锦州天晟重工), whose union
path is its scope: the city and the county see the teams under them, the unit its own, a member
the teams they serve in."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel

MAX_CAPACITY = 20


class MemberRole(models.TextChoices):
    LEADER = "leader", _("队长")
    MEMBER = "member", _("队员")


class ServiceTeam(ScopedModel):
    name = models.CharField(_("服务队名称"), max_length=100, unique=True)
    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="service_teams", verbose_name=_("所在单位")
    )
    leader = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="led_service_teams", verbose_name=_("队长")
    )
    studios = models.ManyToManyField(
        "studios.Studio", related_name="service_teams", verbose_name=_("依托工作室")
    )
    districts = models.ManyToManyField(
        "org.Region", related_name="service_teams", verbose_name=_("服务区域（县、市、区）")
    )
    # The problem categories the team takes (volunteer.Category values), in the order entered.
    categories = models.JSONField(_("服务领域"), default=list)
    capacity = models.PositiveSmallIntegerField(
        _("同时承接订单上限"), default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    formed_on = models.DateField(_("组建日期"))
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在服务"), default=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["formed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1) & models.Q(capacity__lte=MAX_CAPACITY),
                name="volunteer_team_capacity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A worker on a team's roster, with the skills they bring; a member who left keeps the row
    (credits stay theirs), with the date."""

    team = models.ForeignKey(
        ServiceTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("服务队")
    )
    worker = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="service_memberships", verbose_name=_("队员")
    )
    role = models.CharField(_("职务"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    skills = models.CharField(_("专长"), max_length=200, blank=True)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务队队员")
        verbose_name_plural = _("服务队队员")
        ordering = ["team", "-role", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "worker"], condition=models.Q(left_on=None), name="volunteer_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.worker}"
