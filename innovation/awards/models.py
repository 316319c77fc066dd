"""Committee decisions (评审委员会审定), public notice (公示) and objections (异议), awards and
certificates (获奖证书), and the May-Day award quota (五一劳动奖) for five-smalls leaders."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.jobs import BackgroundJob
from innovation.core.models import ScopedModel
from innovation.core.pii import EncryptedTextField


class Decision(ScopedModel):
    """A campaign's award decision. Proposed from the ranking, adjusted by the committee with
    reasons, approved by two different city admins (then locked), published for notice,
    and made final once every objection is answered."""

    class State(models.TextChoices):
        DRAFT = "draft", _("拟定中")
        APPROVING = "approving", _("待第二人审批")
        LOCKED = "locked", _("已审定")
        NOTICE = "notice", _("公示中")
        FINAL = "final", _("已生效")

    campaign = models.OneToOneField(
        "achievements.Campaign", on_delete=models.PROTECT, related_name="decision", verbose_name=_("征集活动")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("拟定时间"))
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)
    notice_starts = models.DateTimeField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateTimeField(_("公示结束"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    budget_line = models.ForeignKey(
        "funds.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("奖金列支科目"),
    )

    scope_from = "campaign.union.path"

    class Meta:
        verbose_name = _("评审委员会审定")
        verbose_name_plural = _("评审委员会审定")
        ordering = ["-campaign__year"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_state_display()}"


class DecisionLine(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    achievement = models.ForeignKey(
        "achievements.Achievement", on_delete=models.PROTECT, related_name="decision_lines"
    )
    rank = models.PositiveIntegerField(_("排名"))
    score = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=3)
    proposed_grade = models.ForeignKey(
        "achievements.AwardGrade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("建议奖项"),
    )
    grade = models.ForeignKey(
        "achievements.AwardGrade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审定奖项"),
    )
    reason = models.CharField(_("调整理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("审定明细")
        verbose_name_plural = _("审定明细")
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "achievement"], name="decision_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.achievement}"


def objection_path(instance, filename: str) -> str:
    return f"objections/{instance.decision.campaign.year}/{filename}"


class Objection(ScopedModel):
    class State(models.TextChoices):
        OPEN = "open", _("待答复")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="objections")
    line = models.ForeignKey(
        DecisionLine, on_delete=models.PROTECT, related_name="objections", verbose_name=_("异议对象")
    )
    # Signed in: the account. From the public notice (no account): the objector's real name and
    # phone, the phone stored three ways as for workers (ciphertext, keyed hash, masked copy).
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_name = models.CharField(_("异议人姓名"), max_length=30, blank=True)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    reason = models.TextField(_("异议理由"))
    attachment = models.FileField(_("证明材料"), upload_to=objection_path, max_length=255, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    scope_from = "decision.campaign.union.path"

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-created_at"]
        constraints = [
            # Every objection has an objector: an account, or a named member of the public with a phone.
            models.CheckConstraint(
                condition=models.Q(raised_by__isnull=False)
                | (~models.Q(public_name="") & ~models.Q(phone_hash="")),
                name="objection_has_objector",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line.achievement} · {self.get_state_display()}"

    @property
    def objector(self) -> str:
        """Who objected, as the city's pages show it (a public objector's phone masked)."""
        if self.raised_by_id:
            return str(self.raised_by)
        return _("%(n)s（公众，%(p)s）") % {"n": self.public_name, "p": self.phone_masked}


class Award(models.Model):
    """A final award of one achievement: the grade and the prize the campaign's policy set."""

    achievement = models.OneToOneField(
        "achievements.Achievement", on_delete=models.PROTECT, related_name="award"
    )
    campaign = models.ForeignKey("achievements.Campaign", on_delete=models.PROTECT, related_name="awards")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    grade = models.ForeignKey("achievements.AwardGrade", on_delete=models.PROTECT, related_name="awards")
    prize_fen = models.BigIntegerField(_("奖金（分）"))
    awarded_at = models.DateTimeField(_("授奖时间"))
    # Given by whoever makes the award (the payout: the achievement's path), never recomputed.
    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("获奖成果")
        verbose_name_plural = _("获奖成果")
        ordering = ["-awarded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.achievement} · {self.grade}"


class AwardShare(models.Model):
    """One author's part of an award: their share of the prize and their certificate."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="shares")
    author = models.OneToOneField("achievements.Author", on_delete=models.PROTECT, related_name="award_share")
    name = models.CharField(_("获奖人"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100)
    share = models.DecimalField(_("份额（%）"), max_digits=5, decimal_places=2)
    amount_fen = models.BigIntegerField(_("奖金（分）"))
    certificate_code = models.CharField(_("证书验证码"), max_length=16, unique=True)
    commitment = models.OneToOneField(
        "funds.Commitment", on_delete=models.PROTECT, null=True, blank=True, related_name="award_share"
    )

    class Meta:
        verbose_name = _("获奖人")
        verbose_name_plural = _("获奖人")
        ordering = ["award", "author__order"]

    def __str__(self) -> str:
        return f"{self.name} · {self.award}"


class MayDayQuota(ScopedModel):
    """The year's May-Day award places and the share reserved for five-smalls leaders."""

    union = models.ForeignKey("org.TradeUnion", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    places_total = models.PositiveIntegerField(_("五一劳动奖章名额总数"))
    share_percent = models.DecimalField(
        _("五小创新带头人占比（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    scope_from = "union.path"

    class Meta:
        verbose_name = _("五一劳动奖名额")
        verbose_name_plural = _("五一劳动奖名额")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="mayday_quota_unique")]

    def __str__(self) -> str:
        return f"{self.year} 五一劳动奖"


class MayDayCandidate(models.Model):
    quota = models.ForeignKey(MayDayQuota, on_delete=models.CASCADE, related_name="candidates")
    worker = models.ForeignKey("org.Worker", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("排序"))
    basis = models.CharField(_("推荐依据"), max_length=300)
    points = models.DecimalField(_("积分"), max_digits=9, decimal_places=2)
    confirmed = models.BooleanField(_("已确认"), default=False)

    class Meta:
        verbose_name = _("五一劳动奖候选人")
        verbose_name_plural = _("五一劳动奖候选人")
        ordering = ["quota", "rank"]
        constraints = [models.UniqueConstraint(fields=["quota", "worker"], name="mayday_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.worker}"


class CertificateArchive(BackgroundJob, ScopedModel):
    """A campaign's certificates in one zip, made by a background job (innovation.core.jobs)
    with its progress on the row and the file kept in storage for later downloads."""

    campaign = models.ForeignKey(
        "achievements.Campaign",
        on_delete=models.PROTECT,
        related_name="certificate_archives",
        verbose_name=_("征集活动"),
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Where the verification address printed on each certificate points when SITE_URL is unset
    # (the host the request came to; the job has no request).
    base_url = models.CharField(max_length=200, blank=True, editable=False)
    total = models.PositiveIntegerField(_("证书数"), default=0)
    done_count = models.PositiveIntegerField(_("已生成"), default=0)
    file = models.FileField(upload_to="certificates/%Y/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    error = models.TextField(_("错误"), blank=True)

    job_task = "innovation.awards.tasks.build_certificate_archive"
    interrupted_message = _(
        "生成证书压缩包时后台处理进程意外停止（服务重启或进程退出），没有生成文件。请重新生成。"
    )

    scope_from = "campaign.union.path"

    class Meta:
        verbose_name = _("获奖证书压缩包")
        verbose_name_plural = _("获奖证书压缩包")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · #{self.pk}"

    @property
    def percent(self) -> int:
        return int(self.done_count * 100 / self.total) if self.total else 0
