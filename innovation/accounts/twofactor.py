"""Two-factor sign-in: an authenticator app (TOTP, django-otp's TOTPDevice) and one-time
recovery codes (django-otp's StaticDevice).

Who: every holder of a role in TWO_FACTOR_ROLES must use it (they are sent to enrol at their
first sign-in and can open nothing until verified); anyone else may turn it on from their
account page, and is then asked for a code at every sign-in too.

Where the rule is applied: TwoFactorRequiredMiddleware (innovation.accounts.middleware) lets a
session that still owes its second factor reach nothing but the code step, the enrolment and
logging out — for pages and for session access to the API alike. API tokens are issued by the
back office (`create_api_token`) and are not asked for a code.

The login lockout (django-axes: LOGIN_FAILURE_LIMIT failures lock the name for
LOGIN_LOCKOUT_MINUTES) counts wrong codes like wrong passwords, and failures are forgiven only
when the whole sign-in has succeeded.
"""

from __future__ import annotations

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded

from .policy import Action
from .roles import TWO_FACTOR_ROLES
from .scope import can

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "身份验证器"
RECOVERY_DEVICE_NAME = "恢复码"


# --- reads --------------------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Whether the user's roles oblige them to sign in with a second factor."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*TWO_FACTOR_ROLES)


def authenticator(user) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def two_factor_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """Whether a session of this user must pass the code step before anything else."""
    if not getattr(user, "is_authenticated", False):
        return False
    return two_factor_required(user) or two_factor_enabled(user)


def session_verified(user) -> bool:
    """Whether this request's session passed the code step (django-otp's OTPMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user) -> TOTPDevice:
    """The not yet confirmed device an enrolment shows: the same secret on every visit until a
    code confirms it, so a page reload does not invalidate what the app has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no script, no CDN)."""
    # Error level L keeps the code small (a screen is a clean surface); no fixed size: the page
    # sizes it to the column.
    svg = segno.make(device.config_url, error="l").svg_inline(
        scale=4,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=True,
        svgclass="w-100 h-auto",
        title=_("用身份验证器扫描此二维码"),
    )
    return svg.replace("<svg ", '<svg role="img" id="otp-qr" ', 1)


def hex_key(secret: str) -> str:
    """A base32 secret (as apps show it) as the hex key a TOTPDevice stores."""
    secret = "".join(secret.split()).upper()
    return base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


# --- the lockout ------------------------------------------------------------------------------


def forgive_failures(user) -> None:
    """The whole sign-in succeeded: the failures counted against the name are cleared."""
    AxesProxyHandler.reset_attempts(username=user.get_username())


def forgive_failures_after_password(sender, request, user, **kwargs) -> None:
    """user_logged_in: for an account without a second factor the password completes the
    sign-in. With one, the failures stay counted until the code step is passed, so a correct
    password cannot wipe the wrong codes counted before it."""
    if not needs_second_factor(user):
        forgive_failures(user)


# --- writes -------------------------------------------------------------------------------


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (caller's transaction)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def enrol(*, actor, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator the actor has just set up with a code it shows.

    Replaces any earlier authenticator and recovery codes of the actor, and returns the new
    recovery codes (shown once). A wrong code changes nothing."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied(_("只能为自己的账户启用两步验证。"))
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise_code(code)):
            raise ValidationError(
                {"code": _("验证码不正确，请核对手机时间后输入身份验证器当前显示的6位数字。")}
            )
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        record(
            action=AuditAction.OTP_ENROL,
            obj=actor,
            actor=actor,
            detail=f"authenticator app enrolled; {len(codes)} recovery codes issued",
        )
    return codes


def verify(*, user, code: str):
    """Check a code from the user's authenticator, or one of their recovery codes.

    Returns the device that accepted it (a recovery code is used up), or None. Each use of a
    recovery code is audited; wrong codes are counted by the caller (the login lockout)."""
    code = normalise_code(code)
    if not code:
        return None
    # The app shows 6 digits; recovery codes are 8 characters of base32.
    by_app = code.isdigit() and len(code) == 6
    model = TOTPDevice if by_app else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                if by_app:
                    record(action=AuditAction.OTP_VERIFY, obj=user, actor=user, detail="authenticator app")
                else:
                    left = device.token_set.count()
                    record(
                        action=AuditAction.OTP_RECOVERY,
                        obj=user,
                        actor=user,
                        detail=f"recovery code used; {left} left",
                    )
                return device
    return None


def enrol_with_known_secret(*, user, secret: str) -> TOTPDevice:
    """Enrol `user` with a given base32 secret, without recovery codes: the demo's
    administrators only (their secrets are public; the deploy check refuses them)."""
    with transaction.atomic():
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=True, key=hex_key(secret)
        )
        record(
            action=AuditAction.OTP_ENROL, obj=user, detail="demo account: the fixed secret listed in README"
        )
    return device


def regenerate_recovery_codes(*, actor) -> list[str]:
    """New recovery codes for the actor (the old ones stop working). Needs an authenticator."""
    if not two_factor_enabled(actor):
        raise ValidationError(_("请先启用两步验证。"))
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        record(
            action=AuditAction.OTP_CODES,
            obj=actor,
            actor=actor,
            detail=f"{len(codes)} new recovery codes; the earlier ones no longer work",
        )
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def reset(*, actor, user, reason: str) -> None:
    """The security administrator removes a user's authenticator and recovery codes (a lost
    phone). The user enrols again at the next sign-in (or may, if two-factor is optional)."""
    reason = (reason or "").strip()
    with refusals_recorded(actor=actor, step="two-factor reset", obj=user):
        if not can(actor, Action.TWO_FACTOR_RESET):
            raise PermissionDenied(_("只有安全管理员可以重置两步验证。"))
        if actor.pk == user.pk:
            raise PermissionDenied(_("不能重置自己的两步验证，请由另一位安全管理员办理。"))
        if not reason:
            raise ValidationError({"reason": _("请填写重置原因。")})
        with transaction.atomic():
            had = two_factor_enabled(user)
            _remove_devices(user)
            record(
                action=AuditAction.OTP_RESET,
                obj=user,
                actor=actor,
                detail=f"reset by the security administrator ({'enrolled' if had else 'not enrolled'}); "
                f"reason: {reason}"[:2000],
            )


def turn_off(*, actor, code: str) -> None:
    """A user for whom two-factor is optional turns it off, confirming with a current code."""
    if two_factor_required(actor):
        raise PermissionDenied(_("您的角色必须使用两步验证，不能关闭。"))
    device = authenticator(actor)
    with transaction.atomic():
        if device is None or not TOTPDevice.objects.select_for_update().get(pk=device.pk).verify_token(
            normalise_code(code)
        ):
            raise ValidationError({"code": _("验证码不正确。")})
        _remove_devices(actor)
        record(action=AuditAction.OTP_RESET, obj=actor, actor=actor, detail="turned off by the user")
