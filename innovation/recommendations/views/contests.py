"""The higher contests: the list, a new contest (the city), a contest's page (quotas, its
recommendations, the public notice, the package and the results), and the candidates' page
where the city selects within the quotas with each refusal explained."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, home_node, restrict
from innovation.achievements.models import Achievement
from innovation.core.generic import form_errors_from

from .. import eligibility, package, selectors, services
from ..forms import ContestForm
from ..models import Contest, ContestCategory


def _contest(request: HttpRequest, pk: int, *, manage: bool = False) -> Contest:
    qs = selectors.visible_contests(request.user)
    if manage:
        qs = restrict(Contest.objects.select_related("union"), request.user, Action.RECOMMENDATION_MANAGE)
    contest = qs.filter(pk=pk).first()
    if contest is None:
        raise Http404
    return contest


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.RECOMMENDATION_VIEW):
        raise PermissionDenied
    contests = list(selectors.visible_contests(request.user).order_by("-year", "-id")[:200])
    recs = selectors.visible_recommendations(request.user)
    by_contest = {r["contest_id"]: r for r in selectors.conversion_by_contest(recs)}
    for contest in contests:
        row = by_contest.get(contest.pk, {})
        contest.recommended, contest.awarded = row.get("recommended", 0), row.get("awarded", 0)
    return render(
        request,
        "recommendations/contest_list.html",
        {
            "contests": contests,
            "by_year": selectors.conversion_by_year(recs),
            "total": selectors.conversion(recs),
            "can_create": can(request.user, Action.RECOMMENDATION_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.RECOMMENDATION_MANAGE):
        raise PermissionDenied
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contest = services.contest_create(
                actor=request.user, union=home_node(request.user, Action.RECOMMENDATION_MANAGE), **data
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记：%(c)s。") % {"c": contest})
            return redirect("recommendations:contest", pk=contest.pk)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "title": _("上级大赛")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    recs = selectors.visible_recommendations(request.user).filter(contest=contest)
    manages = package.may_package(request.user, contest)
    return render(
        request,
        "recommendations/contest_detail.html",
        {
            "contest": contest,
            "tally": eligibility.quota_tally(contest),
            "recs": recs.order_by("category__order", "id"),
            "figures": selectors.conversion(recs),
            "manages": manages,
            "notice_open": services.notice_is_open(contest),
            "grades": "、".join(eligibility.grade_label(g) for g in eligibility.accepted_grades(contest)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, manage=True)
    status = 200
    if request.method == "POST":
        category = ContestCategory.objects.filter(
            contest=contest, pk=_int(request.POST.get("category"))
        ).first()
        achievement = Achievement.objects.filter(pk=_int(request.POST.get("achievement"))).first()
        if achievement is None:
            messages.error(request, _("请选择要推荐的成果。"))
            status = 400
        else:
            try:
                rec = services.select(
                    actor=request.user,
                    contest=contest,
                    category=category,
                    achievement=achievement,
                    opinion=request.POST.get("opinion", ""),
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
                status = 400
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                status = 403
            else:
                messages.success(
                    request,
                    _("已推荐「%(t)s」（%(c)s）。") % {"t": achievement.title, "c": rec.category.name},
                )
                return redirect("recommendations:candidates", pk=contest.pk)
    rows = eligibility.candidates(contest)
    return render(
        request,
        "recommendations/candidates.html",
        {
            "contest": contest,
            "rows": rows,
            "tally": eligibility.quota_tally(contest),
            "eligible_count": sum(1 for r in rows if r.eligible),
        },
        status=status,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def publish_notice(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk, manage=True)
    try:
        services.publish_notice(actor=request.user, contest=contest)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("推荐名单已公示，公示期%(n)d天。") % {"n": contest.notice_days})
    return redirect("recommendations:contest", pk=pk)
