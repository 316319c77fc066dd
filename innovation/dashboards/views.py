"""The dashboard pages: /dashboard/ (charts and their tables, drilling down the union tree), the
home page's fragment (loaded by htmx, so that core names no app), and 报告数据（实时）."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Campaign

from . import params
from .report import report_figures
from .selectors import dashboard_for


def _errors(exc: ValidationError) -> list[str]:
    return [message for messages in exc.message_dict.values() for message in messages]


def tables(charts: list[dict]) -> list[dict]:
    """Each chart with the rows of its table: one per category, a point per series."""
    result = []
    for c in charts:
        rows = [
            {
                "label": label,
                "drill": c["drill"][i] if i < len(c["drill"]) else "",
                "cells": [s["data"][i] for s in c["series"]],
            }
            for i, label in enumerate(c["categories"])
        ]
        result.append({"chart": c, "rows": rows})
    return result


def _years(user) -> list[int]:
    qs = restrict(Campaign.objects.all(), user, Action.CAMPAIGN_VIEW)
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (params.sees_subtree(user) or params.sees_own(user)):
        raise PermissionDenied
    try:
        filters = params.parse(user, request.GET)
    except ValidationError as exc:
        # A bad filter shows its reason and no chart: nothing that could pass for this scope's data.
        return render(
            request, "dashboards/index.html", {"errors": _errors(exc), "years": _years(user)}, status=400
        )
    data = dashboard_for(user, filters if filters.home else None)
    context = {
        "data": data,
        "tables": tables(data["charts"]),
        "filters": filters,
        "years": _years(user),
        "districts": params.districts_for(user) if filters.home else [],
    }
    return render(request, "dashboards/index.html", context)


@login_required
@require_GET
def home_fragment(request: HttpRequest) -> HttpResponse:
    """The home page's dashboard (htmx, on load): the first charts of the caller's dashboard, or
    nothing at all (204) for a role that has none."""
    user = request.user
    if not (params.sees_subtree(user) or params.sees_own(user)):
        return HttpResponse(status=204)
    filters = params.parse(user, {})
    data = dashboard_for(user, filters if filters.home else None, compact=True)
    return render(request, "dashboards/_home.html", {"data": data, "tables": tables(data["charts"])})


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    if not params.sees_subtree(request.user):
        raise PermissionDenied
    return render(request, "dashboards/report_figures.html", {"rows": report_figures(request.user)})
