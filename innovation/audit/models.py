from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出登录")
    LOCKOUT = "lockout", _("账户锁定")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    ACCESS_DENIED = "access_denied", _("越权访问被拒绝")
    EXPORT = "export", _("导出数据")
    REVEAL = "reveal", _("查看完整个人信息")
    TOKEN_CREATE = "token_create", _("创建API令牌")
    TOKEN_REVOKE = "token_revoke", _("吊销API令牌")
    REFUSED = "refused", _("操作被拒绝")  # a business rule refused the attempt; nothing changed
    OTP_ENROL = "otp_enrol", _("启用两步验证")
    OTP_VERIFY = "otp_verify", _("两步验证通过")
    OTP_RECOVERY = "otp_recovery", _("使用恢复码")
    OTP_CODES = "otp_codes", _("重新生成恢复码")
    OTP_RESET = "otp_reset", _("重置两步验证")


class AuditEntryQuerySet(models.QuerySet):
    """Audit rows are append-only: the application has no way to change or remove them."""

    def update(self, **kwargs):
        raise PermissionError("audit entries cannot be changed")

    def delete(self):
        raise PermissionError("audit entries cannot be deleted")

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk writers (the Excel import, the expert assignment) are chained like single rows,
        in the order given. Rows that already carry their links (a restore) keep them."""
        from .chain import insert_linked_batch

        objs = list(objs)
        return insert_linked_batch(
            self.model, objs, lambda: super(AuditEntryQuerySet, self).bulk_create(objs, *args, **kwargs)
        )


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting a user must never touch the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=255, blank=True)
    # The tamper-evident chain (innovation.audit.chain): the row's place in the trail, the hash of
    # the row before it, and SHA-256 over this row's canonical content and that hash. Written with
    # the row, in its transaction; a unique place means two writers can never fork the chain.
    seq = models.BigIntegerField(_("链序号"), unique=True, editable=False)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit entries cannot be changed")
        # Storing a row means linking it: every insert through the ORM is chained, so no writer
        # can forget to (a restore's raw loaddata keeps the links it brings).
        from .chain import insert_linked

        insert_linked(self, lambda: super(AuditEntry, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries cannot be deleted")


class ChainCheck(models.Model):
    """One walk of the audit chain (`manage.py audit_verify` or the audit page): what it found."""

    checked_at = models.DateTimeField(_("校验时间"), default=timezone.now, db_index=True)
    checked_by = models.CharField(_("校验人"), max_length=150, blank=True)
    intact = models.BooleanField(_("完好"))
    rows = models.PositiveBigIntegerField(_("校验条数"), default=0)
    last_seq = models.BigIntegerField(_("末条链序号"), null=True, blank=True)
    last_hash = models.CharField(_("末条哈希"), max_length=64, blank=True)
    broken_entry_id = models.BigIntegerField(_("断点记录编号"), null=True, blank=True)
    broken_seq = models.BigIntegerField(_("断点链序号"), null=True, blank=True)
    broken_at = models.DateTimeField(_("断点记录时间"), null=True, blank=True)
    problem = models.TextField(_("问题"), blank=True)

    class Meta:
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M:%S} {'intact' if self.intact else 'broken'}"
