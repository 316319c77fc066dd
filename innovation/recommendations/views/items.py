"""The recommendations: the scoped list (filters, search, pagination, Excel equal to the list),
one recommendation's page with its steps and the result entry; every write through the
services and the workflow kernel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from

from .. import selectors, services
from ..exports import RecommendationExporter
from ..filters import RecommendationFilterSet
from ..forms import ResultForm
from ..models import Recommendation, RecState
from ..tables import STATE_STYLE, RecommendationTable


class RecommendationListView(ScopedListView):
    model = Recommendation
    action = Action.RECOMMENDATION_VIEW
    filterset_class = RecommendationFilterSet
    table_class = RecommendationTable
    exporter_class = RecommendationExporter
    title = gettext_lazy("向上推荐")

    def base_queryset(self):
        return selectors.recommendation_queryset().order_by(
            "-contest__year", "contest_id", "category__order", "id"
        )


def _rec(request: HttpRequest, pk: int, action: str = Action.RECOMMENDATION_VIEW) -> Recommendation:
    return get_scoped_or_404(
        selectors.recommendation_queryset().select_related("contest__union"), request.user, action, pk=pk
    )


def _page(request, rec: Recommendation, *, result_form=None, status=200) -> HttpResponse:
    steps = kernel.steps_for(rec, request.user)
    can_record = any(s.name == "record_result" for s in steps)
    if can_record and result_form is None:
        result_form = ResultForm(initial={"level": rec.contest.level, "prize": "first"})
    return render(
        request,
        "recommendations/detail.html",
        {
            "rec": rec,
            "a": rec.achievement,
            "authors": list(rec.achievement.authors.all()),
            "state_style": STATE_STYLE.get(rec.state, "secondary"),
            "steps": [s for s in steps if s.name != "record_result"],
            "result_form": result_form if can_record else None,
            "transitions": kernel.history(rec),
            "objections": rec.objections.all(),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _rec(request, pk))


@login_required
@require_POST
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    rec = _rec(request, pk)
    if step not in ("submit", "withdraw"):
        messages.error(request, _("未知的操作。"))
        return redirect("recommendations:detail", pk=pk)
    try:
        kernel.run(obj=rec, step=step, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("您无权执行该操作。"))
    else:
        messages.success(request, _("已办理：%(s)s。") % {"s": rec.get_state_display()})
    return redirect("recommendations:detail", pk=pk)


@login_required
@require_POST
def result(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _rec(request, pk)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.record_result(actor=request.user, recommendation=rec, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("您无权录入结果。"))
        else:
            messages.success(request, _("已录入推荐结果：%(r)s。") % {"r": rec.result_label})
            return redirect("recommendations:detail", pk=pk)
    rec.refresh_from_db()
    if rec.state != RecState.SUBMITTED:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("recommendations:detail", pk=pk)
    return _page(request, rec, result_form=form, status=400)
