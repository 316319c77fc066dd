"""The API twins of the dashboard pages: the same data, the same filters, the same scope
(innovation.dashboards.selectors); a bad filter is a 400 with its reason."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import params
from .report import report_figures_data
from .selectors import dashboard_for

_ID = {"type": "integer", "minimum": 1, "maximum": params.ID_MAX}
_PARAMETERS = [
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": params.YEAR_MIN, "maximum": params.YEAR_MAX},
        description="年度",
    ),
    OpenApiParameter("district", _ID, description="县(市、区)/产业工会编号（须在您的权限范围内）"),
    OpenApiParameter("node", _ID, description="下钻到的工会组织编号（须在您的权限范围内）"),
]


@extend_schema(
    parameters=_PARAMETERS,
    responses=OpenApiTypes.OBJECT,
    summary="The dashboard's charts within the caller's scope, each point with the URL of its rows",
)
@api_view(["GET"])
def dashboard(request):
    user = request.user
    if not (params.sees_subtree(user) or params.sees_own(user)):
        raise PermissionDenied(_("您没有可查看的数据看板。"))
    filters = params.parse(user, request.query_params)  # ValidationError → 400 with the reason
    return Response(dashboard_for(user, filters if filters.home else None))


@extend_schema(
    responses=OpenApiTypes.OBJECT,
    summary="报告数据（实时）: each figure the report quotes, live within the caller's scope, with its rows' URL",
)
@api_view(["GET"])
def report_figures(request):
    if not params.sees_subtree(request.user):
        raise PermissionDenied(_("您没有可查看的数据看板。"))
    return Response({"figures": report_figures_data(request.user)})


api_urlpatterns = [
    path("dashboard", dashboard, name="api-dashboard"),
    path("dashboard/report-figures", report_figures, name="api-dashboard-report-figures"),
]
