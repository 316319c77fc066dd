"""Order-based service (订单式服务): a small or micro enterprise's technical problem, taken by a
volunteer service team through the workflow kernel (`volunteer.workflow`), and what the team did
about it — visits (every member present gets credit), training sessions with headcounts, the
outcome, the enterprise's rating, the benefit claimed and verified, and the expenses paid
through the funds ledger.

An order hangs at the enterprise that has the problem: the enterprise's union, the county and
the city see it; the team serving it sees it (and a team leader sees the triaged orders in his
team's area, to claim them). Its SLA clock runs on the office calendar (`worktime`), with the
targets in force on the day it was posted, and stands still while the team waits for the
enterprise (`OrderPause`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.core.pii import EncryptedTextField

from .calendar import Category
from .teams import ServiceTeam

TEXT_MAX = 5000
MAX_HEADCOUNT = 2000


class OrderState(models.TextChoices):
    POSTED = "posted", _("待受理")
    RETURNED = "returned", _("退回补充")
    TRIAGED = "triaged", _("待派单/认领")
    OFFERED = "offered", _("已派单待接单")
    ACCEPTED = "accepted", _("已接单")
    IN_SERVICE = "in_service", _("服务中")
    RESOLVED = "resolved", _("待企业确认")
    CONFIRMED = "confirmed", _("待核实办结")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


# States in which the order is a team's open work (counted against its capacity).
TEAM_LOAD_STATES = (OrderState.OFFERED, OrderState.ACCEPTED, OrderState.IN_SERVICE)
# States in which the clock still runs for someone.
OPEN_STATES = (
    OrderState.POSTED,
    OrderState.TRIAGED,
    OrderState.OFFERED,
    OrderState.ACCEPTED,
    OrderState.IN_SERVICE,
)
# The service was done and reported (the enterprise has been served).
SERVED_STATES = (OrderState.RESOLVED, OrderState.CONFIRMED, OrderState.CLOSED)
# The enterprise confirmed it.
CONFIRMED_STATES = (OrderState.CONFIRMED, OrderState.CLOSED)


class Outcome(models.TextChoices):
    SOLVED = "solved", _("已解决")
    PARTLY = "partly", _("部分解决")
    NOT_SOLVABLE = "not_solvable", _("无法解决")


class ServiceOrder(ScopedModel):
    enterprise = models.ForeignKey(
        "org.Enterprise", on_delete=models.PROTECT, related_name="service_orders", verbose_name=_("需求企业")
    )
    # The county the enterprise is in: the team must serve it (its area), same county ranks first.
    district = models.ForeignKey(
        "org.Region",
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name=_("所在县(市、区)"),
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices, db_index=True)
    title = models.CharField(_("问题标题"), max_length=100)
    description = models.TextField(_("问题描述"))
    desired_from = models.DateField(_("期望服务开始日期"), null=True, blank=True)
    desired_to = models.DateField(_("期望服务结束日期"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=20)
    contact_phone = EncryptedTextField(_("联系电话"))
    contact_phone_masked = models.CharField(_("联系电话"), max_length=20, editable=False, default="")
    state = models.CharField(
        _("状态"), max_length=16, choices=OrderState.choices, default=OrderState.POSTED, db_index=True
    )
    team = models.ForeignKey(
        ServiceTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("服务队"),
    )
    posted_at = models.DateTimeField(_("提交时间"), db_index=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The targets in force on the day it was posted (working hours), and the deadlines they give
    # (recomputed when a pause ends; None while a pause runs: the clock stands still).
    sla_response_hours = models.PositiveSmallIntegerField(_("响应时限（工作小时）"), null=True, blank=True)
    sla_resolution_hours = models.PositiveSmallIntegerField(_("解决时限（工作小时）"), null=True, blank=True)
    response_due = models.DateTimeField(_("响应截止"), null=True, blank=True, db_index=True)
    resolution_due = models.DateTimeField(_("解决截止"), null=True, blank=True, db_index=True)
    responded_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("最近催办"), null=True, blank=True)
    outcome = models.CharField(
        _("解决情况"), max_length=16, choices=Outcome.choices, blank=True, db_index=True
    )
    diagnosis = models.TextField(_("问题诊断"), blank=True)
    solution = models.TextField(_("解决方案"), blank=True)
    benefit_claimed_fen = models.BigIntegerField(
        _("企业申报效益（分）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    benefit_verified_fen = models.BigIntegerField(
        _("核实效益（分）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rating = models.PositiveSmallIntegerField(
        _("企业评价"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    scope_from = "enterprise.scope_path"

    class Meta:
        verbose_name = _("服务订单")
        verbose_name_plural = _("服务订单")
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="volunteer_order_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_claimed_fen__isnull=True) | models.Q(benefit_claimed_fen__gte=0),
                name="volunteer_order_claimed_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_verified_fen__isnull=True) | models.Q(benefit_verified_fen__gte=0),
                name="volunteer_order_verified_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"FW{self.posted_at:%Y}-{self.pk:05d}" if self.pk and self.posted_at else ""


def order_file_path(instance, filename: str) -> str:
    # The stored name never carries the uploader's file name (kept in original_name).
    return f"service_orders/{instance.order_id}/{instance.sha256[:16]}.{instance.extension}"


class OrderAttachment(models.Model):
    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=order_file_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("订单附件")
        verbose_name_plural = _("订单附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class OrderPause(models.Model):
    """The clock stands still from `started_at` to `ended_at` (still running when None): the team
    waits for the enterprise (a part to arrive, a line to stop, the answer to a question)."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("暂停开始"))
    ended_at = models.DateTimeField(_("暂停结束"), null=True, blank=True)
    reason = models.CharField(_("等待事由"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("计时暂停")
        verbose_name_plural = _("计时暂停")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(ended_at=None), name="volunteer_one_open_pause"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="volunteer_pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.reason


class ServiceVisit(models.Model):
    """A visit to the enterprise: every member present gets the visit and its hours as credit."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(_("服务日期"))
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(24)],
    )
    members = models.ManyToManyField("org.Worker", related_name="service_visits", verbose_name=_("参加队员"))
    notes = models.TextField(_("服务内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("上门服务")
        verbose_name_plural = _("上门服务")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0.5, hours__lte=24), name="volunteer_visit_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.on}"


class ServiceTraining(models.Model):
    """技术传帮带: a training session at the enterprise, with how many were trained (and, when
    they are on the platform, who)."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="trainings")
    on = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训主题"), max_length=100)
    headcount = models.PositiveIntegerField(
        _("培训人数"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)]
    )
    trainees = models.ManyToManyField(
        "org.Worker", blank=True, related_name="service_trainings", verbose_name=_("受训职工")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("技术培训")
        verbose_name_plural = _("技术培训")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1, headcount__lte=MAX_HEADCOUNT),
                name="volunteer_training_headcount_range",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class ExpenseKind(models.TextChoices):
    TRANSPORT = "transport", _("交通费")
    MATERIALS = "materials", _("材料费")
    ALLOWANCE = "allowance", _("志愿者补贴")


class ExpenseState(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ServiceExpense(ScopedModel):
    """An expense of one order, proposed by the team and approved by the city union, which
    commits it on the year's 志愿服务经费 line; it is paid through the ledger (`commitment`)."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="expenses")
    kind = models.CharField(_("费用类别"), max_length=16, choices=ExpenseKind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"), validators=[MinValueValidator(1)])
    note = models.CharField(_("说明"), max_length=200)
    payee = models.CharField(_("收款人"), max_length=100)
    state = models.CharField(
        _("状态"), max_length=16, choices=ExpenseState.choices, default=ExpenseState.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    commitment = models.OneToOneField(
        "funds.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_expense",
        verbose_name=_("经费承诺"),
    )

    scope_from = "order.scope_path"

    class Meta:
        verbose_name = _("服务经费")
        verbose_name_plural = _("服务经费")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gte=1), name="volunteer_expense_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.order}"
