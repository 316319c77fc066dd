"""Pages: the expert pool (city admins), the assignment of a campaign's experts, an expert's own page."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.achievements.models import Achievement, Campaign, State
from innovation.core.generic import ScopedListView, form_errors_from

from . import importer, services
from .exports import AssignmentExporter, ExpertExporter
from .filters import AssignmentFilterSet, ExpertFilterSet
from .forms import AvailabilityForm, ConflictForm, DeclineForm, ExpertForm, OverrideForm
from .models import Assignment, Availability, ExpertProfile
from .selectors import pool_union_of
from .tables import AssignmentTable, ExpertTable, field_labels

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEY = "experts_assign_report"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


# ---------------------------------------------------------------- the pool


class ExpertListView(ScopedListView):
    model = ExpertProfile
    action = Action.EXPERT_MANAGE
    filterset_class = ExpertFilterSet
    table_class = ExpertTable
    exporter_class = ExpertExporter
    template_name = "experts/list.html"
    create_url_name = "experts:create"
    create_action = Action.EXPERT_MANAGE
    title = _("评审专家库")

    def base_queryset(self):
        return (
            ExpertProfile.objects.select_related("employer", "user")
            .defer("phone")
            .annotate(pending=Count("assignments", filter=Q(assignments__state=Assignment.State.ASSIGNED)))
        )


def _profile_context(request: HttpRequest, expert: ExpertProfile) -> dict:
    user = request.user
    one = ExpertProfile.objects.filter(pk=expert.pk)
    can_manage = restrict(one, user, Action.EXPERT_MANAGE).exists()
    can_edit_own = can_manage or expert.user_id == user.pk
    campaigns = list(restrict(Campaign.objects.order_by("-year"), user, Action.CAMPAIGN_VIEW)[:10])
    rows = {a.campaign_id: a for a in Availability.objects.filter(expert=expert)}
    availability = [
        {
            "campaign": c,
            "available": rows[c.pk].available if c.pk in rows else True,
            "max_items": rows[c.pk].max_items if c.pk in rows else None,
            "note": rows[c.pk].note if c.pk in rows else "",
            "declared": c.pk in rows,
        }
        for c in campaigns
    ]
    load = (
        Assignment.objects.filter(expert=expert)
        .values("campaign_id", "campaign__title")
        .annotate(
            active=Count("id", filter=Q(state__in=Assignment.ACTIVE_STATES)),
            submitted=Count("id", filter=Q(state=Assignment.State.SUBMITTED)),
            pending=Count("id", filter=Q(state=Assignment.State.ASSIGNED)),
            declined=Count("id", filter=Q(state=Assignment.State.DECLINED)),
        )
        .order_by("-campaign__year")
    )
    return {
        "expert": expert,
        "field_labels": field_labels(expert.fields),
        "conflicts": expert.conflicts.select_related("enterprise", "worker__enterprise"),
        "availability": availability,
        "load": load,
        "can_manage": can_manage,
        "can_edit_own": can_edit_own,
        "conflict_form": ConflictForm(expert=expert) if can_edit_own else None,
        "availability_form": AvailabilityForm(user=user) if can_edit_own else None,
    }


@login_required
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_scoped_or_404(
        ExpertProfile.objects.select_related("employer", "user", "union").defer("phone"),
        request.user,
        Action.EXPERT_VIEW,
        pk=pk,
    )
    return render(request, "experts/detail.html", _profile_context(request, expert))


def _form_values(form: ExpertForm) -> dict:
    d = form.cleaned_data
    return {
        "name": d["name"],
        "employer": d["employer_name"],
        "employer_outside": d["employer_outside"],
        "title": d["title"],
        "fields": d["fields_"],
        "tags": d["tags"],
        "is_active": d["is_active"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    expert = (
        get_scoped_or_404(
            ExpertProfile.objects.select_related("employer", "user"), user, Action.EXPERT_MANAGE, pk=pk
        )
        if pk
        else None
    )
    if not can(user, Action.EXPERT_MANAGE):
        raise PermissionDenied
    initial = (
        {
            "name": expert.name,
            "employer_name": expert.employer.name if expert.employer_id else "",
            "employer_outside": expert.employer_outside,
            "title": expert.title,
            "fields_": expert.fields,
            "tags": expert.tags,
            "is_active": expert.is_active,
        }
        if expert
        else {"is_active": True}
    )
    form = ExpertForm(request.POST or None, user=user, editing=expert is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        try:
            if expert:
                services.expert_update(actor=user, expert=expert, phone=form.cleaned_data["phone"], **values)
            else:
                expert, password = services.expert_create(
                    actor=user,
                    union=pool_union_of(user),
                    username=form.cleaned_data["username"],
                    worker=form.cleaned_data["id_number"],
                    phone=form.cleaned_data["phone"],
                    **values,
                )
                # The first password is shown once, on this page, and never stored in clear.
                return render(request, "experts/created.html", {"created": [(expert, password)]})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for src, dst in (
                    ("fields", "fields_"),
                    ("employer", "employer_name"),
                    ("worker", "id_number"),
                ):
                    if src in exc.error_dict:
                        exc.error_dict[dst] = exc.error_dict.pop(src)
            form_errors_from(exc, form)
        else:
            messages.success(request, _("专家信息已保存。"))
            return redirect("experts:detail", pk=expert.pk)
    return render(request, "experts/form.html", {"form": form, "object": expert, "title": _("评审专家")})


@login_required
@require_POST
def conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_scoped_or_404(
        ExpertProfile.objects.select_related("union"), request.user, Action.EXPERT_VIEW, pk=pk
    )
    back = _safe_next(request, reverse("experts:detail", args=[pk]))
    form = ConflictForm(request.POST, expert=expert)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        _conflict, replaced = services.conflict_add(
            actor=request.user,
            expert=expert,
            enterprise=form.cleaned_data.get("enterprise"),
            worker=form.cleaned_data.get("worker"),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("回避申报已保存。"))
        for outcome in replaced:
            messages.warning(
                request,
                _("「%(t)s」的评审任务因回避已撤回：%(m)s")
                % {"t": outcome.old.achievement.title, "m": outcome.message},
            )
    return redirect(back)


@login_required
@require_POST
def conflict_delete(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    expert = get_scoped_or_404(ExpertProfile.objects.all(), request.user, Action.EXPERT_VIEW, pk=pk)
    conflict = expert.conflicts.filter(pk=conflict_pk).first()
    if conflict is not None:
        services.conflict_remove(actor=request.user, conflict=conflict)
        messages.success(request, _("回避申报已删除。"))
    return redirect(_safe_next(request, reverse("experts:detail", args=[pk])))


@login_required
@require_POST
def availability_set(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_scoped_or_404(ExpertProfile.objects.all(), request.user, Action.EXPERT_VIEW, pk=pk)
    form = AvailabilityForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.availability_set(
                actor=request.user,
                expert=expert,
                campaign=d["campaign"],
                available=d["available"],
                max_items=d["max_items"],
                note=d["note"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("参评情况已保存。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(_safe_next(request, reverse("experts:detail", args=[pk])))


@login_required
@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.EXPERT_MANAGE):
        raise PermissionDenied
    if request.GET.get("template"):
        response = HttpResponse(importer.build_template(), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('评审专家导入模板.xlsx')}"
        return response
    context: dict = {"max_rows": importer.MAX_ROWS}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["refused"] = _("请选择要上传的文件。")
        else:
            try:
                result = importer.import_experts(
                    actor=request.user, union=pool_union_of(request.user), fileobj=upload
                )
            except importer.ImportRefused as exc:
                context["refused"] = exc.message
            else:
                if result.ok:
                    return render(request, "experts/created.html", {"created": result.created})
                context["errors"] = result.errors
    return render(request, "experts/import.html", context)


# ---------------------------------------------------------------- assignment


class AssignmentListView(ScopedListView):
    """A campaign's assignments: run the automatic assignment, see loads and progress, override."""

    model = Assignment
    action = Action.REVIEW_ASSIGN
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable
    exporter_class = AssignmentExporter
    template_name = "experts/assignments.html"
    title = _("评审专家分配")

    def campaigns(self):
        return restrict(
            Campaign.objects.select_related("union").order_by("-year"),
            self.request.user,
            Action.REVIEW_ASSIGN,
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not can(request.user, self.action):
            return super().dispatch(request, *args, **kwargs)
        raw = request.GET.get("campaign") or request.POST.get("campaign") or ""
        if not raw:
            latest = self.campaigns().first()
            if latest is not None:
                return redirect(f"{request.path}?{urlencode({'campaign': latest.pk})}")
            self.campaign = None
        elif not raw.isdigit():
            self.campaign = None
        else:
            self.campaign = get_scoped_or_404(
                Campaign.objects.select_related("union"), request.user, Action.REVIEW_ASSIGN, pk=int(raw)
            )
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        qs = Assignment.objects.select_related("achievement__enterprise", "expert", "campaign")
        return qs.filter(campaign=self.campaign) if self.campaign else qs.none()

    def post(self, request, *args, **kwargs):
        if self.campaign is None:
            raise PermissionDenied
        try:
            report = services.auto_assign(campaign=self.campaign, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            request.session[REPORT_KEY] = report.as_dict()
            messages.success(
                request,
                _("自动分配完成：新增分配%(a)d条，%(c)d项成果配齐专家，%(s)d项未能配齐。")
                % {"a": report.assigned, "c": report.covered, "s": len(report.shortfalls)},
            )
        return redirect(f"{request.path}?{urlencode({'campaign': self.campaign.pk})}")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.campaign
        ctx["campaign"] = campaign
        ctx["campaign_choices"] = self.campaigns()
        if campaign is None:
            return ctx
        report = self.request.session.get(REPORT_KEY)
        ctx["report"] = report if report and report.get("campaign_id") == campaign.pk else None
        scoped = self.scoped_queryset()
        ctx["progress"] = services.progress(scoped)
        items = restrict(
            Achievement.objects.filter(campaign=campaign, state__in=services.REVIEW_STATES),
            self.request.user,
            Action.REVIEW_ASSIGN,
        )
        active = Count("assignments", filter=Q(assignments__state__in=Assignment.ACTIVE_STATES))
        counted = items.annotate(n=active)
        ctx["counts"] = {
            "ready": items.filter(state=State.READY_FOR_REVIEW).count(),
            "under_review": items.filter(state=State.UNDER_REVIEW).count(),
            "lacking": counted.filter(n__lt=campaign.experts_per_item).count(),
            "experts": services.available_experts(campaign).count(),
        }
        now = timezone.now()
        ctx["deadline_passed"] = bool(campaign.review_deadline and now >= campaign.review_deadline)
        return ctx


@login_required
@require_http_methods(["GET", "POST"])
def assignment_override(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_scoped_or_404(
        Assignment.objects.select_related("achievement__enterprise", "expert", "campaign__union"),
        request.user,
        Action.REVIEW_ASSIGN,
        pk=pk,
    )
    back = reverse("experts:assignments") + f"?campaign={assignment.campaign_id}"
    experts = services.eligible_experts(achievement=assignment.achievement, campaign=assignment.campaign)
    form = OverrideForm(request.POST or None, experts=experts)
    if request.method == "POST" and form.is_valid():
        try:
            services.override(
                assignment=assignment,
                new_expert=form.cleaned_data["expert"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("已改派给%(e)s。") % {"e": form.cleaned_data["expert"].name})
            return redirect(back)
    return render(
        request,
        "experts/override.html",
        {"assignment": assignment, "form": form, "back": back, "has_choices": experts.exists()},
    )


# ---------------------------------------------------------------- an expert's own page


def _review_url() -> str:
    """The scoring pages live in the review app; link there when it is installed."""
    for name in ("review:my", "review:list", "review:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    expert = (
        ExpertProfile.objects.select_related("employer", "user", "union")
        .defer("phone")
        .filter(user=request.user)
        .first()
    )
    if expert is None:
        raise PermissionDenied(_("您不是评审专家。"))
    context = _profile_context(request, expert)
    assignments = (
        restrict(Assignment.objects.filter(expert=expert), request.user, Action.REVIEW_SCORE)
        .select_related("achievement__enterprise", "campaign")
        .order_by("-campaign__year", "state", "achievement_id")
    )
    context.update(
        mine=True,
        assignments=assignments[:500],
        decline_form=DeclineForm(),
        review_url=_review_url(),
        now=timezone.now(),
    )
    return render(request, "experts/my.html", context)


@login_required
@require_POST
def assignment_decline(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_scoped_or_404(
        Assignment.objects.select_related("expert", "campaign__union", "achievement"),
        request.user,
        Action.REVIEW_SCORE,
        pk=pk,
    )
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写谢绝理由。"))
        return redirect("experts:my")
    try:
        outcome = services.decline(
            assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已谢绝「%(t)s」的评审。") % {"t": assignment.achievement.title})
        if not outcome.new:
            messages.info(request, _("市总工会将另行安排专家。"))
    return redirect("experts:my")
