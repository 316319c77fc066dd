"""Technical breakthrough projects (技术攻关项目): a problem a studio, a team (班组) or a unit takes
on, with its goal, members, plan and milestones, the support it received (funds committed and
paid through the ledger where the union pays, experts' help), its state through the workflow
kernel (`projects.workflow`), its result and benefit (claimed by the unit, verified by the
union), and — once concluded — the five-smalls achievement it was filed as (`achievement`, one
to one, so that the benefit is counted once: the project's).

A project hangs at its unit (`enterprise`): the unit's union, the county and the city see it;
its members see it; a studio's lead runs the projects of the studios he leads."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel

TEXT_MAX = 5000
MAX_MEMBERS = 50
MAX_MILESTONES = 30
# The first year of the figure "benefit created since 2019" (the three-year plan of 2019).
BENEFIT_SINCE_YEAR = 2019


class Channel(models.TextChoices):
    """The channels through which benefit is created (创新创效渠道), as the report names them."""

    BREAKTHROUGH = "breakthrough", _("技术攻关")
    FIVE_SMALLS = "five_smalls", _("五小创新")
    POST = "post", _("岗位创新")
    MENTORING = "mentoring", _("名师带徒")


# The channels a project may carry (the other two are the achievements' and the pairs').
PROJECT_CHANNELS = (Channel.BREAKTHROUGH, Channel.POST)
PROJECT_CHANNEL_CHOICES = [(c.value, c.label) for c in PROJECT_CHANNELS]


class OwnerKind(models.TextChoices):
    STUDIO = "studio", _("创新工作室")
    TEAM = "team", _("班组")
    UNIT = "unit", _("单位")


class ProjectState(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已立项")
    IN_PROGRESS = "in_progress", _("攻关中")
    CONCLUDED = "concluded", _("已结题")
    STOPPED = "stopped", _("已终止")


# States in which the plan may still change (members, milestones, texts).
EDITABLE_STATES = (ProjectState.PROPOSED, ProjectState.APPROVED, ProjectState.IN_PROGRESS)
# States in which support may be recorded.
SUPPORTED_STATES = (ProjectState.APPROVED, ProjectState.IN_PROGRESS, ProjectState.CONCLUDED)


class Project(ScopedModel):
    title = models.CharField(_("项目名称"), max_length=100)
    channel = models.CharField(
        _("创效渠道"),
        max_length=16,
        choices=PROJECT_CHANNEL_CHOICES,
        default=Channel.BREAKTHROUGH,
        db_index=True,
    )
    owner_kind = models.CharField(_("承担主体"), max_length=8, choices=OwnerKind.choices, db_index=True)
    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="projects", verbose_name=_("所在单位")
    )
    studio = models.ForeignKey(
        "studios.Studio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("承担工作室"),
    )
    team_name = models.CharField(_("承担班组"), max_length=60, blank=True)
    problem = models.TextField(_("攻关难题"))
    goal = models.TextField(_("攻关目标"))
    plan = models.TextField(_("实施方案"), blank=True)
    start_on = models.DateField(_("计划开始日期"))
    end_on = models.DateField(_("计划完成日期"))
    members = models.ManyToManyField(
        "org.Worker", through="ProjectMember", related_name="projects", verbose_name=_("项目成员")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ProjectState.choices, default=ProjectState.PROPOSED, db_index=True
    )
    concluded_on = models.DateField(_("结题日期"), null=True, blank=True, db_index=True)
    result = models.TextField(_("攻关成果"), blank=True)
    stop_reason = models.TextField(_("终止原因"), blank=True)
    benefit_claimed_fen = models.BigIntegerField(
        _("申报经济效益（分）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    benefit_basis = models.TextField(_("效益计算依据"), blank=True)
    benefit_verified_fen = models.BigIntegerField(
        _("核实经济效益（分）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    benefit_verified_note = models.TextField(_("核实说明"), blank=True)
    benefit_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    benefit_verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    # The five-smalls achievement the concluded project was filed as (its benefit is the project's).
    achievement = models.OneToOneField(
        "achievements.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("申报的五小成果"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("技术攻关项目")
        verbose_name_plural = _("技术攻关项目")
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="project_ends_after"
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_claimed_fen__isnull=True) | models.Q(benefit_claimed_fen__gte=0),
                name="project_claimed_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_verified_fen__isnull=True) | models.Q(benefit_verified_fen__gte=0),
                name="project_verified_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"GG{self.start_on:%Y}-{self.pk:05d}" if self.pk and self.start_on else ""

    @property
    def owner_name(self) -> str:
        if self.owner_kind == OwnerKind.STUDIO and self.studio_id:
            return self.studio.name
        if self.owner_kind == OwnerKind.TEAM:
            return f"{self.enterprise.name}{self.team_name}"
        return self.enterprise.name

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class MemberRole(models.TextChoices):
    LEAD = "lead", _("负责人")
    MEMBER = "member", _("成员")


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    worker = models.ForeignKey(
        "org.Worker", on_delete=models.PROTECT, related_name="project_memberships", verbose_name=_("职工")
    )
    role = models.CharField(_("分工"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)
    order = models.PositiveSmallIntegerField(_("排序"), default=1)

    class Meta:
        verbose_name = _("项目成员")
        verbose_name_plural = _("项目成员")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "worker"], name="project_member_once")]

    def __str__(self) -> str:
        return f"{self.worker} · {self.get_role_display()}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_on is not None


class SupportKind(models.TextChoices):
    FUNDS = "funds", _("经费支持")
    EXPERT = "expert", _("专家指导")


class ProjectSupport(ScopedModel):
    """Support a project received: funds the union committed on its budget line through the
    ledger (`commitment`, paid through the ledger too), or an expert's help (who, when, what)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="supports")
    kind = models.CharField(_("支持方式"), max_length=8, choices=SupportKind.choices)
    on = models.DateField(_("日期"))
    amount_fen = models.BigIntegerField(
        _("金额（分）"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    payee = models.CharField(_("收款单位"), max_length=100, blank=True)
    commitment = models.OneToOneField(
        "funds.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_support",
        verbose_name=_("经费承诺"),
    )
    expert = models.ForeignKey(
        "experts.ExpertProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_supports",
        verbose_name=_("指导专家"),
    )
    helper_name = models.CharField(_("指导人"), max_length=50, blank=True)
    content = models.CharField(_("内容"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "project.scope_path"

    class Meta:
        verbose_name = _("项目支持")
        verbose_name_plural = _("项目支持")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__isnull=True) | models.Q(amount_fen__gte=1),
                name="project_support_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.content}"
