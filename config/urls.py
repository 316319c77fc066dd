from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

admin.site.site_header = "职工创新创效平台 · 后台管理"
admin.site.site_title = "职工创新创效平台"
admin.site.index_title = "市总工会后台"


def _one_password_change(request, extra_context=None):
    """The back office's 修改密码 goes to the one password-change page, which checks the old
    password under the login's lockout (innovation.accounts.views.password_change)."""
    return redirect("accounts:password_change")


admin.site.password_change = _one_password_change

urlpatterns = [
    path("", include("innovation.core.urls")),
    path("accounts/", include("innovation.accounts.urls")),
    path("org/", include("innovation.org.urls")),
    path("audit/", include("innovation.core.auditlog.urls")),
    path("achievements/", include("innovation.achievements.urls")),
    path("notifications/", include("innovation.notifications.urls")),
    path("experts/", include("innovation.experts.urls")),
    path("review/", include("innovation.review.urls")),
    path("awards/", include("innovation.awards.urls")),
    path("funds/", include("innovation.funds.urls")),
    path("studios/", include("innovation.studios.urls")),
    path("pairs/", include("innovation.pairs.urls")),
    path("volunteer/", include("innovation.volunteer.urls")),
    path("projects/", include("innovation.projects.urls")),
    path("competitions/", include("innovation.competitions.urls")),
    path("recommendations/", include("innovation.recommendations.urls")),
    path("plans/", include("innovation.plans.urls")),
    path("dashboard/", include("innovation.dashboards.urls")),
    path("verify/", include("innovation.awards.verify_urls")),
    path("notices/", include("innovation.awards.public_urls")),
    path("api/v1/", include("config.api_urls")),
    path("backoffice/", admin.site.urls),
]

handler403 = "innovation.core.views.error_403"
handler404 = "innovation.core.views.error_404"
handler500 = "innovation.core.views.error_500"
