"""Results, awards and promotions: an occupation's results with their runs (and the organiser's
computation), the lists of results, prize winners and promotion recommendations with their Excel
exports, a winner's page and certificate, the prizes paid, a promotion confirmed, and the public
list of a published competition's placed contestants. Every write goes through
innovation.competitions.services."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404, restrict
from innovation.core.generic import ScopedListView

from .. import certificates, services
from ..exports import AwardExporter, PromotionExporter, ResultExporter, promotion_queryset
from ..filters import AwardFilterSet, PromotionFilterSet, ResultFilterSet
from ..models import (
    Competition,
    CompetitionAward,
    CompetitionState,
    Occupation,
    PromotionRecommendation,
    Result,
)
from ..services.results import COMPUTE_STATES, PUBLISHED_STATES
from ..tables import AwardTable, PromotionTable, ResultTable
from .common import act, is_organiser, scoped_competition


def result_queryset():
    return Result.objects.select_related(
        "occupation__competition", "registration__worker", "registration__enterprise"
    ).order_by("occupation__competition_id", "occupation__order", "occupation_id", "rank", "registration_id")


def award_queryset():
    return CompetitionAward.objects.select_related(
        "competition__union", "occupation", "commitment", "registration"
    ).order_by("-competition__year", "competition_id", "occupation__order", "rank", "pk")


class ResultListView(ScopedListView):
    model = Result
    action = Action.COMPETITION_VIEW
    filterset_class = ResultFilterSet
    table_class = ResultTable
    exporter_class = ResultExporter
    title = gettext_lazy("技能大赛成绩")

    def base_queryset(self):
        return result_queryset()


class AwardListView(ScopedListView):
    model = CompetitionAward
    action = Action.COMPETITION_VIEW
    filterset_class = AwardFilterSet
    table_class = AwardTable
    exporter_class = AwardExporter
    title = gettext_lazy("技能大赛获奖人")

    def base_queryset(self):
        return award_queryset()


class PromotionListView(ScopedListView):
    model = PromotionRecommendation
    action = Action.COMPETITION_VIEW
    filterset_class = PromotionFilterSet
    table_class = PromotionTable
    exporter_class = PromotionExporter
    title = gettext_lazy("技能大赛晋级推荐")

    def base_queryset(self):
        return promotion_queryset(PromotionRecommendation.objects.all())


@login_required
@require_GET
def occupation_results(request: HttpRequest, pk: int) -> HttpResponse:
    """An occupation's results as the user's scope shows them (a unit its own contestants, the
    organiser all), the runs with their reasons and what moved, and the organiser's button."""
    occupation = get_scoped_or_404(
        Occupation.objects.select_related("competition__union"),
        request.user,
        Action.COMPETITION_VIEW,
        pk=pk,
    )
    competition = occupation.competition
    organiser = is_organiser(request.user, competition)
    results = restrict(result_queryset().filter(occupation=occupation), request.user, Action.COMPETITION_VIEW)
    runs = list(occupation.result_runs.select_related("computed_by").order_by("-number"))
    may_compute = organiser and occupation.marks_locked and competition.state in COMPUTE_STATES
    return render(
        request,
        "competitions/results.html",
        {
            "o": occupation,
            "c": competition,
            "results": results,
            "runs": runs if organiser else runs[:1],
            "organiser": organiser,
            "may_compute": may_compute,
            "first_run": not runs,
            "stale": occupation.results_stale,
        },
    )


@login_required
@require_POST
def results_compute(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = get_scoped_or_404(
        Occupation.objects.select_related("competition"), request.user, Action.COMPETITION_VIEW, pk=pk
    )
    return act(
        request,
        lambda: services.results_compute(
            actor=request.user, occupation=occupation, reason=request.POST.get("reason", "")
        ),
        _("成绩已计算。"),
        reverse("competitions:results", args=[pk]),
    )


@login_required
@require_POST
def prizes_pay_all(request: HttpRequest, pk: int) -> HttpResponse:
    competition = scoped_competition(request, pk)
    return act(
        request,
        lambda: services.prizes_pay_all(
            actor=request.user,
            competition=competition,
            paid_on=timezone.localdate(),
            voucher_prefix=(request.POST.get("voucher_prefix") or "").strip()[:30],
        ),
        _("奖金已支付。"),
        reverse("competitions:detail", args=[pk]),
    )


def _award(request, pk: int) -> CompetitionAward:
    return get_scoped_or_404(award_queryset(), request.user, Action.COMPETITION_VIEW, pk=pk)


@login_required
@require_GET
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award(request, pk)
    return render(
        request,
        "competitions/award.html",
        {
            "a": award,
            "organiser": is_organiser(request.user, award.competition),
            "facts": certificates.public_facts(award),
            "verify": certificates.verify_url(award, request),
        },
    )


@login_required
@require_GET
def award_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award(request, pk)
    response = HttpResponse(
        certificates.certificate_pdf(award, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(certificates.filename(award))}"
    return response


@login_required
@require_POST
def promotion_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_scoped_or_404(
        PromotionRecommendation.objects.all(), request.user, Action.COMPETITION_VIEW, pk=pk
    )
    return act(
        request,
        lambda: services.promotion_confirm(
            actor=request.user,
            recommendation=recommendation,
            certificate_no=request.POST.get("certificate_no", ""),
        ),
        _("晋级已确认。"),
        reverse("competitions:promotions") + f"?competition={recommendation.competition_id}",
    )


@require_GET
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The published results for everyone, signed in or not: the placed contestants' names,
    units, occupations, places and titles, nothing else (no marks, no numbers of persons)."""
    competition = get_object_or_404(Competition.objects.select_related("union"), pk=pk)
    if competition.state not in PUBLISHED_STATES:
        raise Http404
    placed = (
        Result.objects.filter(occupation__competition=competition)
        .exclude(place="")
        .select_related("occupation", "registration__worker", "registration__enterprise")
        .order_by("occupation__order", "occupation_id", "rank", "registration_id")
    )
    occupations: dict = {}
    for result in placed:
        occupations.setdefault(result.occupation, []).append(
            {
                "rank": result.rank,
                "shared": result.rank_shared,
                "name": result.registration.worker.name,
                "unit": result.registration.enterprise.name,
                "place": result.place,
                "title": result.title,
            }
        )
    return render(
        request,
        "competitions/public_results.html",
        {"c": competition, "occupations": occupations, "final": competition.state == CompetitionState.FINAL},
    )
