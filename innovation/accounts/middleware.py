from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import twofactor

# The steps of signing in that a session may reach before it has finished signing in.
SIGN_IN_STEPS = ("accounts:otp_verify", "accounts:otp_setup", "accounts:recovery_codes", "accounts:logout")


class TwoFactorRequiredMiddleware:
    """A session whose user must pass the second factor (their role requires it, or they turned
    it on) and has not yet may do nothing but that: enter a code, enrol (when no authenticator
    is set up yet) or log out. Pages redirect there; session calls to the API get a 403.

    A request that authenticates with an API token (`Authorization: Token …`) is the token's
    business: the token was issued by the back office and is not asked for a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not twofactor.session_verified(user)
            and twofactor.needs_second_factor(user)
        ):
            refusal = self._refuse(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refuse(self, request, user):
        allowed = {reverse(name) for name in SIGN_IN_STEPS}
        if request.path in allowed:
            return None
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None
            return JsonResponse({"detail": _("请先在登录页完成两步验证后再使用接口。")}, status=403)
        step = "accounts:otp_verify" if twofactor.two_factor_enabled(user) else "accounts:otp_setup"
        url = reverse(step)
        if request.method == "GET" and request.path != "/" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class PasswordChangeRequiredMiddleware:
    """A user logged in with a generated password may do nothing but change it (once any second
    factor they owe is passed: the sign-in steps stay open)."""

    ALLOWED = ("accounts:password_change", *SIGN_IN_STEPS)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                return redirect("accounts:password_change")
        return self.get_response(request)
