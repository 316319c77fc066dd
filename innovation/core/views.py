from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import workflow as kernel
from .mylinks import links_for
from .stats import home_figures_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    own_worker = import_string(settings.HOME_OWN_WORKER)  # config names the app; core names none
    return render(
        request,
        "core/home.html",
        {
            "todos": kernel.todos_for(request.user),
            "figures": home_figures_for(request.user),
            "me": own_worker(request.user),
            "my_links": links_for(request.user),
        },
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_404(request, exception=None):
    if _is_api(request):
        # An API path that matches no route (an id such as "abc" or one beyond 64 bits): JSON, as
        # every other API answer.
        return JsonResponse(
            {"detail": _("未找到，或不在您的权限范围内。")},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "errors/404.html", status=404)


def error_500(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("服务器出现错误，我们已记录此问题，请稍后再试。")},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "errors/500.html", status=500)


def favicon(request):
    """Browsers (and Chromium's PDF viewer) ask for /favicon.ico whatever the page declares."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"), permanent=True)
