from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import THREE_ADMIN_ROLES, Role


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=True,
        help_text=_("使用系统生成的初始密码登录后必须先修改密码。"),
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def active_grants(self) -> list["RoleGrant"]:
        """The user's role grants, loaded once per request (nodes included)."""
        cached = getattr(self, "_grants_cache", None)
        if cached is None:
            cached = list(self.grants.select_related("node"))
            self._grants_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return any(grant.role in roles for grant in self.active_grants())


class RoleGrant(models.Model):
    """One role held by a user at one node of the union tree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    node = models.ForeignKey(
        "org.TradeUnion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("所属组织"),
    )
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "node"], name="grant_unique_per_node"),
            # 等保: at most one of the three administrator roles per account.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=[r.value for r in THREE_ADMIN_ROLES]),
                name="grant_one_three_admin_role",
                violation_error_message=_(
                    "同一账户不得同时担任系统管理员、安全管理员和审计管理员中的两个角色。"
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.node_id:
            return f"{self.get_role_display()} @ {self.node}"
        return str(self.get_role_display())
