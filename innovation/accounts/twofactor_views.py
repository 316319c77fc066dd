"""The pages of two-factor sign-in: the code step, enrolment, recovery codes, the account's
security page. The rules live in innovation.accounts.twofactor; these pages ask and answer."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import twofactor
from .twofactor_forms import CodeForm, EnrolForm, TurnOffForm
from .views import lockout_response

# New recovery codes wait here between the POST that made them and the page that shows them once.
NEW_CODES_KEY = "twofactor_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


def _with_next(name: str, request: HttpRequest) -> str:
    """The URL of another sign-in step, carrying `next` along (checked where it is followed)."""
    url = reverse(name)
    nxt = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': nxt})}" if nxt else url


def _signed_in(request: HttpRequest, device) -> None:
    """The second factor passed: mark the session, give it a new key, forgive earlier failures."""
    otp_login(request, device)
    request.session.cycle_key()
    twofactor.forgive_failures(request.user)


def _step(request: HttpRequest, template: str, title: str, **extra) -> HttpResponse:
    """Render one sign-in step. While the session still owes its second factor the step stands
    alone like the login page (no navigation to pages that would only send the user back)."""
    context = _context(request, step_template=template, step_title=title, **extra)
    return render(request, "accounts/sign_in_layout.html", context)


def _context(request: HttpRequest, **extra) -> dict:
    user = request.user
    return {
        "sign_in_step": twofactor.needs_second_factor(user) and not twofactor.session_verified(user),
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.session_verified(user) or not twofactor.needs_second_factor(user):
        return redirect(_next_url(request))
    if not twofactor.two_factor_enabled(user):
        return redirect(_with_next("accounts:otp_setup", request))
    credentials = {"username": user.get_username()}
    # A name locked by failures (here or at the password step, from anywhere) cannot pass.
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _signed_in(request, device)
            return redirect(_next_url(request))
        # A wrong code is a failed login: the lockout counts it and the audit trail records it.
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "second_factor": True}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout_response(request)
        form.add_error(
            "code",
            _("验证码不正确。连续失败%(limit)s次账户将被锁定%(minutes)s分钟。")
            % {
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )
    return _step(request, "accounts/otp_verify.html", _("两步验证"), form=form)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    replacing = twofactor.two_factor_enabled(user)
    # Replacing an authenticator needs the current one (or a recovery code) first.
    if replacing and not twofactor.session_verified(user):
        return redirect(_with_next("accounts:otp_verify", request))
    device = twofactor.pending_authenticator(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.enrol(actor=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            # enrol's error names the form's one field (code): Django's add_error places it there.
            # (Not core.generic.form_errors_from: accounts stands below core.)
            form.add_error(None, exc)
        else:
            device.refresh_from_db()
            _signed_in(request, device)
            request.session[NEW_CODES_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", request))
    return _step(
        request,
        "accounts/otp_setup.html",
        _("启用两步验证"),
        form=form,
        qr_svg=twofactor.qr_code_svg(device),
        secret=twofactor.secret_for_manual_entry(device),
        required=twofactor.two_factor_required(user),
        replacing=replacing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if not twofactor.session_verified(user):
            raise PermissionDenied
        try:
            request.session[NEW_CODES_KEY] = twofactor.regenerate_recovery_codes(actor=user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    return _step(
        request,
        "accounts/recovery_codes.html",
        _("恢复码"),
        codes=codes,
        left=twofactor.recovery_codes_left(user),
        enabled=twofactor.two_factor_enabled(user),
        continue_url=_next_url(request),
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The account's security page: two-factor status, enrolment, recovery codes, turning off."""
    user = request.user
    device = twofactor.authenticator(user)
    return render(
        request,
        "accounts/security.html",
        _context(
            request,
            device=device,
            required=twofactor.two_factor_required(user),
            left=twofactor.recovery_codes_left(user),
            turn_off_form=TurnOffForm(),
        ),
    )


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    form = TurnOffForm(request.POST)
    if form.is_valid():
        try:
            twofactor.turn_off(actor=request.user, code=form.cleaned_data["code"])
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
        else:
            messages.success(request, _("两步验证已关闭。"))
    else:
        messages.error(request, _("请输入身份验证器当前显示的6位验证码。"))
    return redirect("accounts:security")
