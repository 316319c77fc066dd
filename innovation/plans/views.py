"""The plan pages: the plans, a plan with its versions and indicators, a revision's changes
(本次修订变更), the progress per year and district (target / pro-rata / actual / % / status in
words, each actual linking to the rows behind it) with its Excel export, the quarterly snapshots
(the city takes one), and the revision form. City staff manage; a county union sees its own
district's rows; units and workers do not see plans (403). A refused write is shown in Chinese,
changes nothing and answers 400."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, can_act_at

from . import progress, selectors, services
from .exports import ProgressExporter
from .forms import RevisionForm, SnapshotForm
from .models import Plan, PlanVersion, SnapshotRun
from .progress import STATUS_STYLE


def _plan(request: HttpRequest, pk: int) -> Plan:
    if not can(request.user, Action.PLAN_VIEW):
        raise PermissionDenied
    return get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)


def _version(plan: Plan, number) -> PlanVersion:
    return get_object_or_404(PlanVersion, plan=plan, number=number)


def _may_manage(user, plan: Plan) -> bool:
    return can_act_at(user, Action.PLAN_MANAGE, plan.union)


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.PLAN_VIEW):
        raise PermissionDenied
    plans = list(selectors.plans_visible_to(request.user).prefetch_related("versions"))
    if len(plans) == 1:
        return redirect("plans:detail", pk=plans[0].pk)
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    today = progress.today_local()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "versions": selectors.versions_of(plan),
            "current": selectors.current_version(plan, today),
            "indicators": [(i, i.formula in progress.formulas.REGISTRY) for i in plan.indicators.all()],
            "may_manage": _may_manage(request.user, plan),
            "unavailable_text": progress.formulas.UNAVAILABLE_TEXT,
        },
    )


@login_required
@require_GET
def version_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(_plan(request, pk), number)
    if not version.file:
        raise Http404
    return FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_GET
def version_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = _version(plan, number)
    previous = PlanVersion.objects.filter(plan=plan, number=version.number - 1).first()
    return render(
        request,
        "plans/version_diff.html",
        {
            "plan": plan,
            "version": version,
            "previous": previous,
            "changes": selectors.diff(previous, version, request.user),
        },
    )


def _choice(request, name: str, allowed: dict):
    """A query parameter among `allowed` (value text → object); None when absent; 400 otherwise."""
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    if raw not in allowed:
        raise ValidationError(_("参数 %(n)s 的值「%(v)s」无效。") % {"n": name, "v": raw[:20]})
    return allowed[raw]


def progress_context(request: HttpRequest, plan: Plan) -> dict:
    today = progress.today_local()
    versions = {str(v.number): v for v in selectors.versions_of(plan)}
    version = _choice(request, "version", versions) or selectors.current_version(plan, today)
    years = selectors.plan_years(version)
    year = _choice(request, "year", {str(y): y for y in years})
    if "year" not in request.GET:
        year = selectors.plan_year(version, today)
    districts = selectors.visible_districts(request.user, version)
    district = _choice(request, "district", {str(d.pk): d for d in districts})
    rows = progress.progress_rows(request.user, version, year=year, district=district, today=today)
    return {
        "plan": plan,
        "version": version,
        "versions": list(versions.values()),
        "years": years,
        "year": year,
        "districts": districts,
        "district": district,
        "rows": rows,
        "today": today,
    }


@login_required
@require_GET
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        context = progress_context(request, plan)
    except ValidationError as exc:
        return render(request, "plans/progress.html", {"plan": plan, "error": exc.messages[0]}, status=400)
    if request.GET.get("export") == "xlsx":
        description = f"plan={plan.pk} version={context['version'].number} year={context['year'] or ''}"
        return ProgressExporter().response(context["rows"], user=request.user, description=description)
    context["styles"] = STATUS_STYLE
    return render(request, "plans/progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_snapshots(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    today = progress.today_local()
    version = selectors.current_version(plan, today)
    may_manage = _may_manage(request.user, plan)
    form = SnapshotForm(request.POST or None, years=selectors.plan_years(version)) if may_manage else None
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                run = services.snapshot_request(actor=request.user, version=version, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("已提交季度快照（%(s)s）。") % {"s": run.get_status_display()})
                return redirect("plans:snapshots", pk=plan.pk)
    snapshots = list(selectors.snapshots_visible_to(request.user, plan))
    quarters = sorted(
        {(s.year, s.quarter, s.version) for s in snapshots},
        key=lambda k: (k[0], k[1], k[2].number),
        reverse=True,
    )
    return render(
        request,
        "plans/snapshots.html",
        {
            "plan": plan,
            "version": version,
            "form": form,
            "groups": [
                (y, q, v, [s for s in snapshots if (s.year, s.quarter, s.version) == (y, q, v)])
                for y, q, v in quarters
            ],
            "runs": SnapshotRun.objects.filter(version__plan=plan)[:5] if may_manage else [],
            "styles": STATUS_STYLE,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not _may_manage(request.user, plan):
        raise PermissionDenied
    form = RevisionForm(request.POST or None, request.FILES or None, plan=plan)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                version = services.plan_revise(actor=request.user, plan=plan, **form.service_arguments())
            except (ValidationError, PermissionDenied) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    form.add_error(None, message)
            else:
                messages.success(request, _("已发布修订：%(v)s。") % {"v": version.label})
                return redirect("plans:diff", pk=plan.pk, number=version.number)
    return render(request, "plans/revise.html", {"plan": plan, "form": form}, status=status)
