"""Authentication events into the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditAction
from .services import record


@receiver(user_logged_in, dispatch_uid="audit-login")
def _login(sender, request, user, **kwargs):
    record(action=AuditAction.LOGIN, obj=user, actor=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logout(sender, request, user, **kwargs):
    if user is not None:
        record(action=AuditAction.LOGOUT, obj=user, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted name is kept as typed; whether such an account exists is not recorded here,
    # so the trail cannot be used to enumerate accounts either.
    record(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
        detail="wrong two-factor code" if credentials.get("second_factor") else "",
    )


@receiver(user_locked_out, dispatch_uid="audit-lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(action=AuditAction.LOCKOUT, object_type="accounts.user", object_repr=str(username)[:150])
