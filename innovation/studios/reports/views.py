"""Pages of the yearly reports, the assessment and revocation. Every rule is in services.py /
workflow.py / assessment.py; these views read input, call a service and show its message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core.generic import ScopedListView, form_errors_from

from ..checks import is_city
from ..forms import ReasonForm
from ..models import Studio
from . import assessment as assessing
from . import selectors, services
from .exports import AssessmentExporter, YearReportExporter
from .filters import AssessmentFilterSet, YearReportFilterSet
from .forms import NoteForm, ReportForm, ReportStartForm, RevokeForm, RubricForm, RunAssessmentForm
from .models import Assessment, AssessmentRubric, YearReport
from .tables import AssessmentTable, YearReportTable


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# ---------------------------------------------------------------- reports


class YearReportListView(ScopedListView):
    model = YearReport
    action = Action.STUDIO_VIEW
    filterset_class = YearReportFilterSet
    table_class = YearReportTable
    exporter_class = YearReportExporter
    template_name = "studios/report_list.html"
    title = _("工作室年度报告")

    def base_queryset(self):
        return selectors.with_figures(
            YearReport.objects.select_related("studio__enterprise", "submitted_by", "verified_by")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        studios = selectors.reportable_studios(user).order_by("name")
        ctx["start_form"] = ReportStartForm(studios=studios) if studios.exists() else None
        ctx["to_verify"] = restrict(
            YearReport.objects.filter(state=YearReport.State.SUBMITTED), user, Action.STUDIO_MANAGE
        ).count()
        return ctx


@login_required
@require_GET
def report_start(request: HttpRequest) -> HttpResponse:
    """The list's "fill in" card: choose a studio and a year, then the form."""
    studios = selectors.reportable_studios(request.user).order_by("name")
    if not studios.exists():
        raise PermissionDenied
    form = ReportStartForm(request.GET, studios=studios)
    if form.is_valid():
        return redirect(
            "studios:report_edit", studio=form.cleaned_data["studio"].pk, year=form.cleaned_data["year"]
        )
    messages.error(request, _("请选择您可以填报的工作室和年度。"))
    return redirect("studios:reports")


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, studio: int, year: int) -> HttpResponse:
    """The lead's (or the unit's) form: figures from the records, the rest typed in."""
    row = get_scoped_or_404(
        Studio.objects.select_related("enterprise__union", "leader"),
        request.user,
        Action.STUDIO_VIEW,
        pk=studio,
    )
    if not selectors.may_report(request.user, row):
        raise PermissionDenied
    report = YearReport.objects.filter(studio=row, year=year).first()
    if report is not None and report.state != YearReport.State.DRAFT:
        messages.info(request, _("该年度报告已提交，不能再修改。"))
        return redirect("studios:report_detail", pk=report.pk)
    initial = (
        {
            "problems_solved": report.problems_solved,
            "people_trained": report.people_trained,
            "reported_benefit": report.reported_benefit,
            "summary": report.summary,
        }
        if report
        else {"problems_solved": 0, "people_trained": 0, "reported_benefit": 0}
    )
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = services.save_report(
                    studio=row,
                    year=year,
                    actor=request.user,
                    problems_solved=d["problems_solved"],
                    people_trained=d["people_trained"],
                    reported_benefit=d["reported_benefit"],
                    summary=d["summary"],
                )
                if request.POST.get("action") == "submit":
                    services.submit_report(report=saved, actor=request.user)
                    messages.success(request, _("年度报告已提交，等待市总工会核实。"))
                else:
                    messages.success(request, _("年度报告已保存。"))
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                return redirect("studios:report_detail", pk=saved.pk)
    values = selectors.combine(selectors.record_figures(studio=row, year=year), report)
    return render(
        request,
        "studios/report_form.html",
        {
            "studio": row,
            "year": year,
            "report": report,
            "form": form,
            "figures": selectors.figure_rows(values),
            "achievements_url": reverse("achievements:list") + f"?year={year}",
        },
        status=status,
    )


def _report(request, pk: int) -> YearReport:
    qs = selectors.with_figures(
        YearReport.objects.select_related(
            "studio__enterprise__union", "studio__leader", "submitted_by", "verified_by"
        )
    )
    return get_scoped_or_404(qs, request.user, Action.STUDIO_VIEW, pk=pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    may_report = selectors.may_report(user, report.studio)
    may_verify = restrict(YearReport.objects.filter(pk=pk), user, Action.STUDIO_MANAGE).exists() and is_city(
        user
    )
    draft = report.state == YearReport.State.DRAFT
    submitted = report.state == YearReport.State.SUBMITTED
    return render(
        request,
        "studios/report_detail.html",
        {
            "report": report,
            "studio": report.studio,
            "figures": selectors.figure_rows(selectors.figures(report)),
            "can_edit": draft and may_report and report.studio.status == Studio.Status.ACTIVE,
            "verify_form": NoteForm() if submitted and may_verify else None,
            "return_form": ReasonForm() if submitted and may_verify else None,
            "assessment": Assessment.objects.filter(studio=report.studio, year=report.year).first(),
        },
    )


def _report_act(request, pk: int, call, done: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        call(report)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("studios:report_detail", pk=pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_act(
        request, pk, lambda r: services.submit_report(report=r, actor=request.user), _("年度报告已提交。")
    )


@login_required
@require_POST
def report_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_act(
        request,
        pk,
        lambda r: services.verify_report(report=r, actor=request.user, note=request.POST.get("note", "")),
        _("年度报告已核实。"),
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_act(
        request,
        pk,
        lambda r: services.return_report(report=r, actor=request.user, reason=request.POST.get("reason", "")),
        _("年度报告已退回修改。"),
    )


# ---------------------------------------------------------------- assessment


class AssessmentListView(ScopedListView):
    model = Assessment
    action = Action.STUDIO_VIEW
    filterset_class = AssessmentFilterSet
    table_class = AssessmentTable
    exporter_class = AssessmentExporter
    template_name = "studios/assessment_list.html"
    select_related = ("studio__enterprise", "rubric", "assessed_by")
    title = _("工作室年度考核")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = self.object_list.order_by().values("result").annotate(n=Count("pk"))
        counts = {r["result"]: r["n"] for r in rows}
        ctx["result_counts"] = [
            (value, label, counts.get(value, 0)) for value, label in Assessment.Result.choices
        ]
        ctx["run_form"] = RunAssessmentForm() if is_city(self.request.user) else None
        return ctx


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_scoped_or_404(
        Assessment.objects.select_related("studio__enterprise", "rubric", "assessed_by"),
        request.user,
        Action.STUDIO_VIEW,
        pk=pk,
    )
    report = restrict(
        YearReport.objects.filter(studio=row.studio, year=row.year), request.user, Action.STUDIO_VIEW
    ).first()
    return render(
        request,
        "studios/assessment_detail.html",
        {"a": row, "studio": row.studio, "items": row.detail.get("items", []), "report": report},
    )


@login_required
@require_POST
def assessment_run(request: HttpRequest) -> HttpResponse:
    if not is_city(request.user):
        raise PermissionDenied
    form = RunAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写考核年度。"))
        return redirect("studios:assessments")
    year = form.cleaned_data["year"]
    try:
        summary = assessing.run_assessment(year=year, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("studios:assessments")
    messages.success(
        request,
        _("%(y)d年度考核完成（%(r)d年起考核办法）：%(n)d个工作室，优秀%(e)d、合格%(q)d、不合格%(u)d。")
        % {
            "y": year,
            "r": summary["rubric"],
            "n": summary["assessed"],
            "e": summary["excellent"],
            "q": summary["qualified"],
            "u": summary["unqualified"],
        },
    )
    if summary["pending"]:
        messages.warning(
            request,
            _("以下工作室的年度报告已提交但尚未核实，暂未考核：%(s)s") % {"s": "、".join(summary["pending"])},
        )
    if summary["frozen"]:
        messages.info(
            request,
            _("以下工作室已据此结果发放年度补助，结果不再变更：%(s)s") % {"s": "、".join(summary["frozen"])},
        )
    if summary["proposals"]:
        messages.warning(
            request,
            _("%(n)d个工作室连续考核不合格，建议摘牌，请确认。") % {"n": len(summary["proposals"])},
        )
        return redirect(reverse("studios:revocations") + f"?year={year}")
    return redirect(reverse("studios:assessments") + f"?year={year}")


# ---------------------------------------------------------------- revocation


def _year_param(request) -> int:
    value = request.GET.get("year", "")
    default = timezone.localdate().year - 1
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@login_required
@require_GET
def revocations(request: HttpRequest) -> HttpResponse:
    """Proposed revocations for a year (the city confirms each), and the revoked studios."""
    if not is_city(request.user):
        raise PermissionDenied
    year = _year_param(request)
    revoked = restrict(
        Studio.objects.filter(status=Studio.Status.REVOKED).select_related("enterprise"),
        request.user,
        Action.STUDIO_VIEW,
    ).order_by("-revoked_on", "name")
    return render(
        request,
        "studios/assessment_revocations.html",
        {
            "year": year,
            "proposals": assessing.revocation_proposals(year=year, user=request.user),
            "revoked": revoked[:200],
            "revoked_count": revoked.count(),
            "form": RevokeForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one studio: a proposal confirmed, or a serious fault."""
    studio = get_scoped_or_404(
        Studio.objects.select_related("enterprise", "leader"), request.user, Action.STUDIO_MANAGE, pk=pk
    )
    if not is_city(request.user):
        raise PermissionDenied
    initial = {"on": timezone.localdate()}
    if request.GET.get("reason"):
        initial["reason"] = request.GET["reason"][:2000]
    form = RevokeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                assessing.revoke(
                    studio=studio,
                    actor=request.user,
                    document_no=d["document_no"],
                    reason=d["reason"],
                    on=d["on"],
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request, _("「%(s)s」已摘牌（%(n)s）。") % {"s": studio, "n": d["document_no"]}
                )
                return redirect("studios:revocations")
    history = Assessment.objects.filter(studio=studio).order_by("-year")[:10]
    return render(
        request,
        "studios/assessment_revoke.html",
        {"studio": studio, "form": form, "history": history},
        status=status,
    )


# ---------------------------------------------------------------- rubrics


@login_required
@require_GET
def rubrics(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.STUDIO_VIEW):
        raise PermissionDenied
    return render(
        request,
        "studios/assessment_rubrics.html",
        {
            "rubrics": AssessmentRubric.objects.order_by("-effective_year"),
            "can_create": is_city(request.user),
        },
    )


RUBRIC_EXAMPLE = """[
  {"key": "incubated", "label": "孵化成果", "per_unit": 5, "max": 30},
  {"key": "patents", "label": "专利", "per_unit": 5, "max": 20},
  {"key": "problems_solved", "label": "技术攻关", "per_unit": 4, "max": 20},
  {"key": "people_trained", "label": "培训人次", "per_unit": 0.1, "max": 10},
  {"key": "benefit_wan", "label": "创效(万元)", "per_unit": 0.2, "max": 20}
]"""


@login_required
@require_http_methods(["GET", "POST"])
def rubric_create(request: HttpRequest) -> HttpResponse:
    if not is_city(request.user):
        raise PermissionDenied
    latest = AssessmentRubric.objects.order_by("-effective_year").first()
    initial = {
        "effective_year": timezone.localdate().year,
        "criteria": RUBRIC_EXAMPLE,
        "excellent_from": 85,
        "qualified_from": 60,
        "revoke_after_unqualified": 2,
        "one_roster_only": True,
    }
    if latest is not None:
        import json

        initial.update(
            criteria=json.dumps(latest.criteria, ensure_ascii=False, indent=2),
            excellent_from=latest.excellent_from,
            qualified_from=latest.qualified_from,
            revoke_after_unqualified=latest.revoke_after_unqualified,
            one_roster_only=latest.one_roster_only,
        )
    form = RubricForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assessing.rubric_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("考核办法已保存。"))
                return redirect("studios:rubrics")
    return render(request, "core/object_form.html", {"form": form, "title": _("考核办法")}, status=status)
