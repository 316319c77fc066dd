"""Accounts: creating users, granting and revoking roles, passwords."""

import secrets
import string

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.audit.models import AuditAction
from innovation.audit.services import record

from .models import RoleGrant, User
from .policy import Action
from .roles import NODE_ROLES, STAFF_ROLES, THREE_ADMIN_ROLES
from .scope import can


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the password rules."""
    alphabet = string.ascii_letters + string.digits + "!@#$%&*+-=?"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def _require_account_manager(actor) -> None:
    if actor is not None and not can(actor, Action.ACCOUNT_MANAGE):
        raise PermissionDenied(_("只有系统管理员可以管理账户。"))


def _require_grant_manager(actor) -> None:
    if actor is not None and not can(actor, Action.GRANT_MANAGE):
        raise PermissionDenied(_("只有安全管理员可以授予或收回角色。"))


def user_create(
    *, actor, username: str, display_name: str = "", password: str | None = None
) -> tuple[User, str]:
    """Create an account. Without a password one is generated, and the user must change
    it at first login. Returns the user and the (generated or given) password."""
    _require_account_manager(actor)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("该用户名已存在。")})
    generated = password is None
    password = password or generate_password()
    user = User(username=username, display_name=display_name.strip(), must_change_password=generated)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
    return user, password


def user_set_password(*, actor, user: User, password: str, temporary: bool) -> None:
    """Set a password: by the user themself, or (temporary) reset by a system administrator."""
    if actor is not None and actor.pk != user.pk:
        _require_account_manager(actor)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = temporary
    user.password_changed_at = timezone.now()
    with transaction.atomic():
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record(
            action=AuditAction.PASSWORD_CHANGE, obj=user, actor=actor, detail="reset" if temporary else "self"
        )


# ---------------------------------------------------------------- the old password, under the login's lockout
#
# The password-change form asks for the old password: a guess there is a guess at the login, so it
# counts with the login failures of the same username (django-axes: LOGIN_FAILURE_LIMIT failures
# lock the name for LOGIN_LOCKOUT_MINUTES), and the lock stops both.


def _credentials(user: User) -> dict:
    return {"username": user.get_username()}


def password_check_locked(*, actor: User, request) -> bool:
    """Whether the actor's username is locked out; an attempt while locked is audited."""
    if not AxesProxyHandler.is_locked(request, _credentials(actor)):
        return False
    with transaction.atomic():
        record(
            action=AuditAction.LOGIN_FAILED, obj=actor, actor=actor, detail="password change: account locked"
        )
    return True


def password_check_failed(*, actor: User, request) -> int:
    """A wrong old password: audited and counted as a login failure. Returns how many attempts
    are left before the lock (0: the username is locked now, and the lockout is audited)."""
    credentials = _credentials(actor)
    with transaction.atomic():
        record(
            action=AuditAction.LOGIN_FAILED,
            obj=actor,
            actor=actor,
            detail="password change: wrong old password",
        )
    AxesProxyHandler.user_login_failed(sender=password_check_failed, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return 0
    failures = AxesProxyHandler.get_failures(request, credentials)
    return max(get_failure_limit(request, credentials) - failures, 0)


def password_check_passed(*, actor: User) -> None:
    """The right old password clears the failures, as a successful login does."""
    AxesProxyHandler.reset_attempts(username=actor.get_username())


def _sync_staff(user: User) -> None:
    is_staff = user.grants.filter(role__in=STAFF_ROLES).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def grant_role(*, actor, user: User, role: str, node=None) -> RoleGrant:
    _require_grant_manager(actor)
    if role in NODE_ROLES and node is None:
        raise ValidationError({"node": _("该角色必须指定所属组织。")})
    if role in THREE_ADMIN_ROLES:
        node = None
        if user.grants.filter(role__in=THREE_ADMIN_ROLES).exclude(role=role).exists():
            raise ValidationError(
                {"role": _("同一账户不得同时担任系统管理员、安全管理员和审计管理员中的两个角色。")}
            )
    try:
        with transaction.atomic():
            grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, node=node)
            _sync_staff(user)
    except IntegrityError:
        raise ValidationError(
            {"role": _("同一账户不得同时担任系统管理员、安全管理员和审计管理员中的两个角色。")}
        ) from None
    user._grants_cache = None
    return grant


def revoke_grant(*, actor, grant: RoleGrant) -> None:
    _require_grant_manager(actor)
    user = grant.user
    with transaction.atomic():
        grant.delete()
        _sync_staff(user)
    user._grants_cache = None
