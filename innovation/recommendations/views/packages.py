"""The recommendation package of a contest (build in the background, progress, download) and
the province's results (the result sheet's template and its import)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.audit.services import record_export
from innovation.core import jobs

from .. import package, results
from ..forms import ResultSheetForm
from ..models import PackageBuild, Recommendation
from .contests import _contest


@login_required
@require_http_methods(["GET", "POST"])
def packages(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, manage=True)
    error = ""
    if request.method == "POST":
        try:
            package.request_package(actor=request.user, contest=contest)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionDenied as exc:
            error = str(exc)
        else:
            return redirect("recommendations:packages", pk=contest.pk)
    builds = [jobs.check_lease(b) for b in contest.packages.select_related("requested_by")[:10]]
    return render(
        request,
        "recommendations/packages.html",
        {
            "contest": contest,
            "builds": builds,
            "latest": builds[0] if builds else None,
            "count": package.package_recommendations(contest).count(),
            "error": error,
        },
        status=400 if error else 200,
    )


def _build(request: HttpRequest, pk: int) -> PackageBuild:
    build = get_scoped_or_404(
        PackageBuild.objects.select_related("contest__union"),
        request.user,
        Action.RECOMMENDATION_MANAGE,
        pk=pk,
    )
    return jobs.check_lease(build)


@login_required
@require_GET
def package_progress(request: HttpRequest, pk: int) -> HttpResponse:
    build = _build(request, pk)
    return render(
        request, "recommendations/_package.html", {"build": build, "stalled": jobs.waiting_too_long(build)}
    )


@login_required
@require_GET
def package_download(request: HttpRequest, pk: int) -> HttpResponse:
    build = _build(request, pk)
    if build.status != jobs.JobStatus.DONE or not build.file:
        raise Http404
    record_export(
        user=request.user,
        model=Recommendation,
        rows=build.total,
        description=f"recommendation package, contest {build.contest_id}, package {build.pk}",
    )
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=package.package_filename(build),
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_import(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, manage=True)
    form = ResultSheetForm(request.POST or None, request.FILES or None)
    outcome, refused, status = None, "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = results.import_results(
                    actor=request.user, contest=contest, fileobj=form.cleaned_data["file"]
                )
            except results.ImportRefused as exc:
                refused = exc.message
            except PermissionDenied as exc:
                refused = str(exc)
            else:
                if outcome.ok:
                    messages.success(request, _("已导入%(n)d项推荐结果。") % {"n": outcome.recorded})
                    return redirect("recommendations:contest", pk=contest.pk)
    return render(
        request,
        "recommendations/result_import.html",
        {"contest": contest, "form": form, "outcome": outcome, "refused": refused},
        status=status,
    )


@login_required
@require_GET
def result_template(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, manage=True)
    response = HttpResponse(
        results.build_template(contest),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{contest.year}年{contest.name}-获奖结果表.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
