"""Events and leagues: the lists, the organiser's forms (the event, its occupations and their
practical schemes), the detail page with the kernel's steps and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, home_node, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from

from .. import selectors, services
from ..exports import CompetitionExporter, LeagueExporter
from ..filters import CompetitionFilterSet, LeagueFilterSet
from ..forms import (
    CompetitionForm,
    LeagueForm,
    OccupationForm,
    SchemeForm,
    places_text,
    scheme_texts,
    title_rules_text,
)
from ..models import Competition, JudgeAssignment, League, PromotionState, Registration
from ..selectors import unpaid_prizes
from ..services.events import EDITABLE_STATES
from ..services.results import PUBLISHED_STATES
from ..tables import STATE_STYLE, CompetitionTable, LeagueTable
from .common import act, is_organiser, scoped_competition, scoped_occupation


class CompetitionListView(ScopedListView):
    model = Competition
    action = Action.COMPETITION_VIEW
    filterset_class = CompetitionFilterSet
    table_class = CompetitionTable
    exporter_class = CompetitionExporter
    title = _("技能大赛")
    create_url_name = "competitions:new"
    create_action = Action.COMPETITION_MANAGE
    select_related = ("union",)


class LeagueListView(ScopedListView):
    model = League
    action = Action.COMPETITION_VIEW
    filterset_class = LeagueFilterSet
    table_class = LeagueTable
    exporter_class = LeagueExporter
    title = _("技能联赛")
    create_url_name = "competitions:league_new"
    create_action = Action.COMPETITION_MANAGE
    select_related = ("union",)


def _organiser_union(request):
    union = home_node(request.user, Action.COMPETITION_MANAGE)
    if union is None:
        raise PermissionDenied
    return union


def _render_form(request, form, title, status, back=None):
    return render(
        request, "competitions/form.html", {"form": form, "title": title, "back": back}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def league_new(request: HttpRequest) -> HttpResponse:
    union = _organiser_union(request)
    form = LeagueForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                league = services.league_create(actor=request.user, union=union, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("联赛已设立。"))
                return redirect("competitions:league", pk=league.pk)
        return _render_form(request, form, _("设立技能联赛"), 400)
    return _render_form(request, form, _("设立技能联赛"), 200)


@login_required
@require_GET
def league_detail(request: HttpRequest, pk: int) -> HttpResponse:
    league = get_scoped_or_404(
        League.objects.select_related("union"), request.user, Action.COMPETITION_VIEW, pk=pk
    )
    rounds = restrict(league.rounds.all(), request.user, Action.COMPETITION_VIEW).order_by("round_no")
    return render(request, "competitions/league.html", {"league": league, "rounds": rounds})


@login_required
@require_http_methods(["GET", "POST"])
def competition_new(request: HttpRequest) -> HttpResponse:
    union = _organiser_union(request)
    leagues = restrict(League.objects.filter(union=union), request.user, Action.COMPETITION_MANAGE)
    form = CompetitionForm(request.POST or None, leagues=leagues)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                competition = services.competition_create(actor=request.user, union=union, **d)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("赛事已设立：请设置比赛工种与评分方案，再开放报名。"))
                return redirect("competitions:detail", pk=competition.pk)
        return _render_form(request, form, _("设立技能大赛"), 400)
    return _render_form(request, form, _("设立技能大赛"), 200)


@login_required
@require_GET
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = scoped_competition(request, pk)
    user = request.user
    organiser = is_organiser(user, competition)
    occupations = list(
        competition.occupations.annotate(
            live=Count("registrations", filter=~Q(registrations__state="withdrawn"))
        ).prefetch_related("sections", "aspects__section")
    )
    counts = dict(
        restrict(
            Registration.objects.filter(occupation__competition=competition), user, Action.COMPETITION_VIEW
        )
        .exclude(state="withdrawn")
        .values_list("occupation_id")
        .annotate(n=Count("id"))
    )
    judging = set(
        JudgeAssignment.objects.filter(occupation__competition=competition, judge=user).values_list(
            "occupation_id", flat=True
        )
    )
    with_results = set(
        competition.occupations.filter(results__isnull=False).values_list("pk", flat=True).distinct()
    )
    for occupation in occupations:
        occupation.has_results = occupation.pk in with_results
        occupation.visible_count = counts.get(occupation.pk, 0)
        occupation.i_judge = occupation.pk in judging
        occupation.places_text = places_text(occupation.places)
        occupation.title_rules_text = title_rules_text(occupation.title_rules)
    return render(
        request,
        "competitions/detail.html",
        {
            "c": competition,
            "state_style": STATE_STYLE.get(competition.state, "light"),
            "occupations": occupations,
            "organiser": organiser,
            "steps": kernel.steps_for(competition, user),
            "history": kernel.history(competition),
            "scheme_open": not competition.scheme_locked,
            "editable": organiser and competition.state in EDITABLE_STATES,
            "registered_total": sum(o.visible_count for o in occupations),
            "may_register": can(user, Action.COMPETITION_REGISTER),
            "published": competition.state in PUBLISHED_STATES,
            "awards_count": restrict(competition.awards.all(), user, Action.COMPETITION_VIEW).count(),
            "unpaid_prizes": unpaid_prizes(competition) if organiser else 0,
            "promotions": (
                list(
                    competition.promotions.filter(state=PromotionState.RECOMMENDED)
                    .select_related("worker", "occupation", "registration__enterprise")
                    .order_by("occupation__order", "rank", "pk")
                )
                if organiser
                else []
            ),
            "flags_of": {
                o.pk: selectors.judgement_flags(o)
                for o in occupations
                if organiser and competition.scheme_locked
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competition = scoped_competition(request, pk, Action.COMPETITION_MANAGE)
    back = reverse("competitions:detail", args=[pk])
    fields = (
        "title",
        "level",
        "venue",
        "registration_opens_on",
        "registration_closes_on",
        "starts_on",
        "ends_on",
        "notes",
    )
    form = CompetitionForm(
        request.POST or None,
        initial={f: getattr(competition, f) for f in fields},
        leagues=League.objects.none(),
        editing=True,
    )
    title = _("修改赛事信息：%(c)s") % {"c": competition}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.competition_update(actor=request.user, competition=competition, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("赛事信息已保存。"))
                return redirect(back)
        return _render_form(request, form, title, 400, back)
    return _render_form(request, form, title, 200, back)


@login_required
@require_POST
def competition_step(request: HttpRequest, pk: int) -> HttpResponse:
    competition = scoped_competition(request, pk)
    step = request.POST.get("step", "")
    return act(
        request,
        lambda: services.competition_step(
            actor=request.user, competition=competition, step=step, reason=request.POST.get("reason", "")
        ),
        _("已办理。"),
        reverse("competitions:detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def occupation_new(request: HttpRequest, pk: int) -> HttpResponse:
    competition = scoped_competition(request, pk, Action.COMPETITION_MANAGE)
    form = OccupationForm(request.POST or None)
    back = reverse("competitions:detail", args=[pk])
    if request.method == "POST":
        if form.is_valid():
            try:
                occupation = services.occupation_create(
                    actor=request.user,
                    competition=competition,
                    code=form.cleaned_data["code"],
                    **form.values(),
                )
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("工种已添加：请设置其实操评分方案。"))
                return redirect("competitions:scheme", pk=occupation.pk)
        return _render_form(request, form, _("添加比赛工种"), 400, back)
    return _render_form(request, form, _("添加比赛工种"), 200, back)


@login_required
@require_http_methods(["GET", "POST"])
def occupation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = scoped_occupation(request, pk)
    back = reverse("competitions:detail", args=[occupation.competition_id])
    initial = {
        f: getattr(occupation, f)
        for f in (
            "title",
            "quota_per_unit",
            "min_skill_level",
            "max_skill_level",
            "min_age",
            "max_age",
            "theory_weight",
            "practical_weight",
            "judgement_spread",
            "standardise",
        )
    }
    initial.update(
        tie_break=",".join(occupation.tie_break),
        places=places_text(occupation.places),
        title_rules=title_rules_text(occupation.title_rules),
    )
    form = OccupationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.occupation_update(actor=request.user, occupation=occupation, **form.values())
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("工种设置已保存。"))
                return redirect(back)
        return _render_form(request, form, _("修改比赛工种：%(o)s") % {"o": occupation}, 400, back)
    return _render_form(request, form, _("修改比赛工种：%(o)s") % {"o": occupation}, 200, back)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = scoped_occupation(request, pk)
    back = reverse("competitions:detail", args=[occupation.competition_id])
    form = SchemeForm(request.POST or None, initial=scheme_texts(occupation))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scheme_set(
                    actor=request.user, occupation=occupation, sections=form.cleaned_data["scheme"]
                )
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("评分方案已保存。"))
                return redirect(back)
        return _render_form(request, form, _("实操评分方案：%(o)s") % {"o": occupation}, 400, back)
    return _render_form(request, form, _("实操评分方案：%(o)s") % {"o": occupation}, 200, back)
