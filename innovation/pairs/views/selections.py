"""The selections' pages: the lists (selections, nominations, awards, an expert's sheets), the
selection's page with its steps, a nomination's page, the expert's score sheet, an award and
its certificate. Everything written goes through innovation.pairs.services."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView
from innovation.experts.models import ExpertProfile
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import TradeUnion

from .. import certificates, selectors, services
from ..exports import NominationExporter, PairAwardExporter, PairScoreExporter, SelectionExporter
from ..filters import NominationFilterSet, PairAwardFilterSet, PairScoreFilterSet, SelectionFilterSet
from ..forms import NominateForm, SelectionForm
from ..models import (
    Agreement,
    Level,
    Nomination,
    PairAward,
    PairObjection,
    PairScore,
    Selection,
    SelectionState,
    State,
)
from ..tables import NominationTable, PairAwardTable, PairScoreTable, SelectionTable

DEFAULT_RUBRIC = [
    {"key": "skill", "label": "徒弟技能等级提升", "weight": 30, "max": 100},
    {"key": "innovation", "label": "师徒创新成果（专利、五小）", "weight": 30, "max": 100},
    {"key": "teaching", "label": "传帮带过程与记录", "weight": 20, "max": 100},
    {"key": "onsite", "label": "现场考察", "weight": 20, "max": 100},
]


class SelectionListView(ScopedListView):
    model = Selection
    action = Action.NOTICE_VIEW  # a call is public to everyone signed in
    filterset_class = SelectionFilterSet
    table_class = SelectionTable
    exporter_class = SelectionExporter
    title = _("金牌师徒评选")
    create_url_name = "pairs:selection_new"
    create_action = Action.PAIR_SELECTION

    def base_queryset(self):
        return selectors.selection_queryset()


class NominationListView(ScopedListView):
    model = Nomination
    action = Action.PAIR_VIEW
    filterset_class = NominationFilterSet
    table_class = NominationTable
    exporter_class = NominationExporter
    title = _("金牌师徒推荐")

    def base_queryset(self):
        return selectors.nomination_queryset()


class PairAwardListView(ScopedListView):
    model = PairAward
    action = Action.PAIR_VIEW
    filterset_class = PairAwardFilterSet
    table_class = PairAwardTable
    exporter_class = PairAwardExporter
    title = _("金牌师徒获奖人")

    def base_queryset(self):
        return selectors.award_queryset()


class PairScoreListView(ScopedListView):
    model = PairScore
    action = Action.PAIR_SCORE
    filterset_class = PairScoreFilterSet
    table_class = PairScoreTable
    exporter_class = PairScoreExporter
    title = _("金牌师徒评分")

    def base_queryset(self):
        return selectors.score_queryset()


def _refused(request, exc) -> None:
    messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))


@login_required
@require_http_methods(["GET", "POST"])
def selection_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.PAIR_SELECTION):
        raise PermissionDenied
    unions = restrict(
        TradeUnion.objects.filter(
            kind__in=(TradeUnion.Kind.CITY, TradeUnion.Kind.INDUSTRY, TradeUnion.Kind.UNIT)
        ),
        request.user,
        Action.UNION_VIEW,
    ).order_by("path")
    initial = {
        "criteria": DEFAULT_RUBRIC,  # the form's field writes it as JSON (once)
        "year": timezone.localdate().year,
    }
    form = SelectionForm(request.POST or None, unions=unions, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            union = d["union"]
            enterprise = getattr(union, "enterprise", None) if d["level"] == Level.ENTERPRISE else None
            try:
                selection = services.selection_create(
                    actor=request.user,
                    level=d["level"],
                    union=union,
                    enterprise=enterprise,
                    year=d["year"],
                    title=d["title"],
                    opens_on=d["opens_on"],
                    closes_on=d["closes_on"],
                    quota=d["quota"],
                    criteria=d["criteria"],
                )
            except (ValidationError, PermissionDenied) as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("评选已发布征集。"))
                return redirect("pairs:selection", pk=selection.pk)
    return render(request, "pairs/selections/form.html", {"form": form}, status=status)


def _selection(request, pk: int) -> Selection:
    return get_scoped_or_404(selectors.selection_queryset(), request.user, Action.NOTICE_VIEW, pk=pk)


@login_required
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    selection = _selection(request, pk)
    user = request.user
    organiser = restrict(Selection.objects.filter(pk=pk), user, Action.PAIR_SELECTION).exists()
    nominations = restrict(selection.nominations.select_related("enterprise"), user, Action.PAIR_VIEW)
    nominate_form = None
    if selection.state == SelectionState.OPEN and can(user, Action.PAIR_NOMINATE):
        agreements = restrict(
            Agreement.objects.filter(state__in=(State.ACTIVE, State.COMPLETED)), user, Action.PAIR_NOMINATE
        ).order_by("title")
        nominate_form = NominateForm(agreements=agreements)
    lines = BudgetLine.objects.none()
    if organiser and selection.level == Level.CITY and selection.state != SelectionState.FINAL:
        lines = BudgetLine.objects.filter(
            union=selection.union, year=selection.year, kind=LineKind.MASTER_APPRENTICE
        )
    objections = restrict(
        PairObjection.objects.filter(nomination__selection=selection).select_related("nomination"),
        user,
        Action.PAIR_SELECTION,
    )
    steps = kernel.steps_for(selection, user)
    unpaid = (
        selectors.unpaid_prizes(selection) if organiser and selection.state == SelectionState.FINAL else 0
    )
    return render(
        request,
        "pairs/selections/detail.html",
        {
            "s": selection,
            "steps": steps,
            "organiser": organiser,
            "unpaid": unpaid,
            "actions": steps
            or (organiser and (selection.state == SelectionState.SCORING or lines.exists() or unpaid))
            or (selection.state == SelectionState.APPROVING and selection.first_approver_id == user.pk),
            "nominations": nominations.order_by("rank", "pk"),
            "listed": selectors.listed(selection),
            "nominate_form": nominate_form,
            "lines": lines,
            "objections": objections,
            "objection_steps": {o.pk: kernel.steps_for(o, user) for o in objections},
            "history": kernel.history(selection),
        },
    )


def _back(pk: int):
    return redirect("pairs:selection", pk=pk)


@login_required
@require_POST
def selection_step(request: HttpRequest, pk: int) -> HttpResponse:
    selection = _selection(request, pk)
    try:
        services.selection_step(
            actor=request.user,
            selection=selection,
            step=request.POST.get("step", ""),
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已办理。"))
    return _back(pk)


@login_required
@require_POST
def selection_action(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's other writes: the budget line, the automatic expert assignment."""
    selection = _selection(request, pk)
    what = request.POST.get("what")
    try:
        if what == "budget_line":
            line = BudgetLine.objects.get(pk=int(request.POST.get("line") or 0))
            services.budget_line_set(actor=request.user, selection=selection, line=line)
        elif what == "auto_assign":
            made = services.experts_auto_assign(actor=request.user, selection=selection)
            messages.info(request, _("已分配评分表%(n)d份。") % {"n": made})
        elif what == "pay_all":
            services.prizes_pay_all(
                actor=request.user,
                selection=selection,
                paid_on=timezone.localdate(),
                voucher_prefix=(request.POST.get("voucher_prefix") or "").strip()[:30],
            )
        else:
            raise ValidationError(_("未知的操作。"))
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    except (BudgetLine.DoesNotExist, ValueError):
        messages.error(request, _("请选择奖金列支科目。"))
    else:
        messages.success(request, _("已办理。"))
    return _back(pk)


@login_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    selection = _selection(request, pk)
    agreements = restrict(Agreement.objects.all(), request.user, Action.PAIR_NOMINATE)
    form = NominateForm(request.POST, agreements=agreements)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(pk)
    try:
        nomination = services.nominate(
            actor=request.user,
            selection=selection,
            agreement=form.cleaned_data["agreement"],
            summary=form.cleaned_data["summary"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return _back(pk)
    messages.success(request, _("已推荐。"))
    return redirect("pairs:nomination", pk=nomination.pk)


def _nomination(request, pk: int, action=Action.PAIR_VIEW) -> Nomination:
    return get_scoped_or_404(selectors.nomination_queryset(), request.user, action, pk=pk)


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    selection = nomination.selection
    organiser = restrict(
        Selection.objects.filter(pk=selection.pk), request.user, Action.PAIR_SELECTION
    ).exists()
    experts = ExpertProfile.objects.none()
    if organiser and selection.state == SelectionState.SCORING:
        experts = ExpertProfile.objects.filter(is_active=True, scope_path__startswith=selection.union.path)
    return render(
        request,
        "pairs/selections/nomination.html",
        {
            "n": nomination,
            "s": selection,
            "steps": kernel.steps_for(nomination, request.user),
            "organiser": organiser,
            "sheets": nomination.scores.select_related("expert") if organiser else [],
            "experts": experts,
            "criteria": selection.criteria,
            "history": kernel.history(nomination),
        },
    )


@login_required
@require_POST
def nomination_step(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    step, reason = request.POST.get("step", ""), request.POST.get("reason", "")
    try:
        if step in ("include", "exclude"):
            services.decision_adjust(
                actor=request.user, nomination=nomination, include=step == "include", reason=reason
            )
        elif step == "assign":
            ids = [int(i) for i in request.POST.getlist("experts") if i.isdigit()]
            services.experts_assign(
                actor=request.user,
                nomination=nomination,
                experts=list(ExpertProfile.objects.filter(pk__in=ids)),
            )
        elif step == "object":
            services.objection_raise(actor=request.user, nomination=nomination, reason=reason)
        else:
            services.nomination_step(actor=request.user, nomination=nomination, step=step, reason=reason)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已办理。"))
    return redirect("pairs:nomination", pk=pk)


@login_required
@require_POST
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an objection to a listed pair (anyone signed in, during the notice)."""
    selection = _selection(request, pk)
    try:
        nomination = selectors.listed(selection).get(pk=int(request.POST.get("nomination") or 0))
        services.objection_raise(
            actor=request.user, nomination=nomination, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    except (Nomination.DoesNotExist, ValueError):
        messages.error(request, _("该师徒不在公示名单中。"))
    else:
        messages.success(request, _("异议已提交，组织单位将答复您。"))
    return _back(pk)


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        PairObjection.objects.select_related("nomination"), request.user, Action.PAIR_SELECTION, pk=pk
    )
    try:
        services.objection_answer(
            actor=request.user,
            objection=found,
            upheld=request.POST.get("step") == "answer_upheld",
            answer=request.POST.get("reason", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("异议已答复。"))
    return _back(found.nomination.selection_id)


@login_required
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's sheet: a score per criterion within its range, the on-site notes."""
    sheet = get_scoped_or_404(selectors.score_queryset(), request.user, Action.PAIR_SCORE, pk=pk)
    criteria = sheet.nomination.selection.criteria
    status = 200
    if request.method == "POST":
        scores = {c["key"]: request.POST.get(f"score_{c['key']}", "") for c in criteria}
        try:
            services.score_submit(
                actor=request.user, sheet=sheet, scores=scores, notes=request.POST.get("notes", "")
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
            status = 400
        else:
            messages.success(request, _("评分已提交。"))
            return redirect("pairs:scores")
    rows = [{**c, "value": (sheet.scores or {}).get(c["key"], "")} for c in criteria]
    return render(request, "pairs/selections/score.html", {"sheet": sheet, "rows": rows}, status=status)


def _award(request, pk: int) -> PairAward:
    return get_scoped_or_404(selectors.award_queryset(), request.user, Action.PAIR_VIEW, pk=pk)


@login_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award(request, pk)
    return render(
        request,
        "pairs/selections/award.html",
        {
            "a": award,
            "facts": certificates.public_facts(award),
            "verify": certificates.verify_url(award, request),
        },
    )


@login_required
def award_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award(request, pk)
    response = HttpResponse(
        certificates.certificate_pdf(award, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(certificates.filename(award))}"
    return response
