"""The recommendation list's public notice (no login: the items, their units and authors'
names, and an objection form with real name and phone, rate-limited), and the city's list of
objections with their answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core.generic import form_errors_from
from innovation.core.ratelimit import over_limit

from .. import services
from ..forms import AnswerForm, PublicObjectionForm
from ..models import ACTIVE_STATES, Contest, Recommendation, RecommendationObjection


def _published(pk: int) -> Contest:
    contest = Contest.objects.select_related("union").filter(pk=pk, notice_starts__isnull=False).first()
    if contest is None:
        raise Http404
    return contest


def _listed(contest: Contest):
    return (
        Recommendation.objects.filter(contest=contest, state__in=ACTIVE_STATES)
        .select_related("achievement__enterprise", "category")
        .prefetch_related("achievement__authors__worker")
        .order_by("category__order", "id")
    )


def _page(request, contest, *, form=None, status=200, limited=False) -> HttpResponse:
    recs = list(_listed(contest))
    is_open = services.notice_is_open(contest)
    if form is None and is_open:
        form = PublicObjectionForm(recs=recs, prefix="objection")
    return render(
        request,
        "recommendations/public_notice.html",
        {
            "contest": contest,
            "recs": recs,
            "is_open": is_open,
            "form": form if is_open else None,
            "limited": limited,
        },
        status=status,
    )


@require_GET
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _published(pk))


@require_POST
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _published(pk)
    if over_limit(request, "objection"):
        return _page(request, contest, limited=True, status=429)
    recs = list(_listed(contest))
    form = PublicObjectionForm(request.POST, recs=recs, prefix="objection")
    if form.is_valid():
        data = form.cleaned_data
        rec = next((r for r in recs if r.pk == data["recommendation"]), None)
        if rec is None:
            form.add_error("recommendation", _("只能对公示名单中的成果提出异议。"))
        else:
            try:
                sent = services.raise_objection(
                    recommendation=rec, name=data["name"], phone=data["phone"], reason=data["reason"]
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request,
                    _("您对「%(t)s」的异议已提交（编号 %(n)d），市总工会将核实并通过电话 %(p)s 答复。")
                    % {"t": rec.achievement.title, "n": sent.pk, "p": sent.phone_masked},
                )
                return redirect("recommendations:notice", pk=contest.pk)
    return _page(request, contest, form=form, status=400)


@login_required
@require_GET
def objections(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.RECOMMENDATION_MANAGE):
        raise PermissionDenied
    rows = restrict(
        RecommendationObjection.objects.select_related(
            "recommendation__achievement", "recommendation__contest"
        ),
        request.user,
        Action.RECOMMENDATION_MANAGE,
    ).order_by("state", "-created_at")[:200]
    return render(
        request, "recommendations/objections.html", {"rows": rows, "form": AnswerForm(auto_id=False)}
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_scoped_or_404(
        RecommendationObjection.objects.all(), request.user, Action.RECOMMENDATION_MANAGE, pk=pk
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择答复结论并填写答复内容。"))
        return redirect("recommendations:objections")
    try:
        services.answer_objection(
            actor=request.user,
            objection=row,
            upheld=form.cleaned_data["upheld"],
            answer=form.cleaned_data["answer"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("异议已答复。"))
    return redirect("recommendations:objections")
