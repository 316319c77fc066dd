from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ChangePasswordForm, LoginForm
from .validators import password_rules_text


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """What a locked-out login sees. Identical for existing and unknown usernames."""
    form = LoginForm(request, data=None)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": True},
        status=429,
    )


def _locked_out(request: HttpRequest) -> HttpResponse:
    """The account is locked: the session ends and the login's lockout page says why."""
    logout(request)
    return lockout_response(request)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST" and services.password_check_locked(actor=user, request=request):
        return _locked_out(request)
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.password_check_passed(actor=user)
            services.user_set_password(
                actor=user, user=user, password=form.cleaned_data["new_password1"], temporary=False
            )
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
        if form.has_error("old_password", "password_incorrect"):
            left = services.password_check_failed(actor=user, request=request)
            if left == 0:
                return _locked_out(request)
            form.errors["old_password"] = form.error_class(
                [
                    _("原密码不正确，还可尝试%(n)d次；连续错误%(limit)d次账户将被锁定%(m)d分钟。")
                    % {
                        "n": left,
                        "limit": settings.AXES_FAILURE_LIMIT,
                        "m": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
                    }
                ]
            )
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": user.must_change_password, "rules": password_rules_text()},
    )
