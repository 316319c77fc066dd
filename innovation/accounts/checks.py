"""Deploy checks (`manage.py check --deploy`) for two-factor sign-in.

They fail while anything would let an account that must use a second factor in without one:
  - a TOTP secret published with the demo (innovation.accounts.demo) is in use;
  - the middleware that demands the second factor is missing or out of order;
  - the API accepts a way of signing in other than its tokens and the (two-factor) session,
    e.g. HTTP Basic with a password alone;
  - the login lockout, which also limits wrong codes, is switched off.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from .demo_secrets import DEMO_TOTP_SECRETS

MIDDLEWARE_ORDER = (
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "innovation.accounts.middleware.TwoFactorRequiredMiddleware",
)
API_AUTHENTICATION = {
    "knox.auth.TokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
    # DRF's, with the CSRF refusal in Chinese (the session's second factor is the middleware's).
    "innovation.api.authentication.SessionAuthentication",
}


def demo_secret_users() -> list[str]:
    """Usernames whose authenticator uses one of the demo's published secrets."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import twofactor

    keys = [twofactor.hex_key(secret) for secret in DEMO_TOTP_SECRETS.values()]
    try:
        return sorted(
            TOTPDevice.objects.filter(key__in=keys).values_list("user__username", flat=True).distinct()
        )
    except DatabaseError:  # not migrated yet: nothing can be enrolled
        return []


@register(Tags.security, deploy=True)
def two_factor_deploy_checks(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    positions = [settings.MIDDLEWARE.index(m) if m in settings.MIDDLEWARE else -1 for m in MIDDLEWARE_ORDER]
    if -1 in positions or positions != sorted(positions):
        errors.append(
            Error(
                "Two-factor sign-in is not enforced: MIDDLEWARE must contain, in this order, "
                + ", ".join(MIDDLEWARE_ORDER)
                + ".",
                id="accounts.E201",
            )
        )
    extra = set(settings.REST_FRAMEWORK.get("DEFAULT_AUTHENTICATION_CLASSES", ())) - API_AUTHENTICATION
    if extra:
        errors.append(
            Error(
                "The API accepts sign-in without the second factor through " + ", ".join(sorted(extra)) + ".",
                hint="REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] may hold only "
                + " and ".join(sorted(API_AUTHENTICATION))
                + ".",
                id="accounts.E202",
            )
        )
    if not getattr(settings, "AXES_ENABLED", True):
        errors.append(
            Error(
                "AXES_ENABLED is false: wrong passwords and wrong two-factor codes are not limited.",
                id="accounts.E203",
            )
        )
    users = demo_secret_users()
    if users:
        errors.append(
            Error(
                "Published demo TOTP secrets are in use by: " + ", ".join(users) + ".",
                hint="The security administrator resets their two-factor sign-in (back office, 用户 → "
                "重置两步验证) and each enrols their own authenticator; or do not deploy the demo.",
                id="accounts.E204",
            )
        )
    return errors
