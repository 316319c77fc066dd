"""Pages for the committee decision, the public notice, objections and awards. Every rule is
in services, every read in selectors; these views read input, call a service and show its
message."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.achievements.models import AwardGrade
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.funds.models import BudgetLine
from innovation.review import closure

from . import selectors, services
from .exports import AwardExporter, DecisionExporter, NoticeExporter, ObjectionExporter
from .filters import AwardFilterSet, DecisionFilterSet, NoticeFilterSet, ObjectionFilterSet
from .forms import AnswerForm, BudgetLineForm, ObjectionForm, ProposeForm
from .models import Award, Decision, DecisionLine, Objection
from .public import notice_lines
from .tables import AwardTable, DecisionTable, NoticeTable, ObjectionTable


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# ---------------------------------------------------------------- committee


class DecisionListView(ScopedListView):
    model = Decision
    action = Action.DECISION_MANAGE
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    exporter_class = DecisionExporter
    template_name = "awards/decision_list.html"
    title = _("评审委员会审定")

    def base_queryset(self):
        return selectors.with_line_counts(
            Decision.objects.select_related(
                "campaign", "proposed_by", "first_approver", "second_approver", "budget_line"
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["propose_form"] = ProposeForm(campaigns=selectors.proposable_campaigns(self.request.user))
        return ctx


@login_required
@require_POST
def decision_propose(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.DECISION_MANAGE):
        raise PermissionDenied
    form = ProposeForm(request.POST, campaigns=selectors.proposable_campaigns(request.user))
    if not form.is_valid():
        messages.error(request, _("请选择要拟定审定方案的征集活动。"))
        return redirect("awards:decisions")
    try:
        decision = services.propose(campaign=form.cleaned_data["campaign"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("awards:decisions")
    messages.success(request, _("已按排名拟定审定方案。"))
    return redirect("awards:decision", pk=decision.pk)


def _decision(request, pk: int) -> Decision:
    return get_scoped_or_404(
        Decision.objects.select_related(
            "campaign__union",
            "proposed_by",
            "first_approver",
            "second_approver",
            "finalised_by",
            "budget_line",
        ),
        request.user,
        Action.DECISION_MANAGE,
        pk=pk,
    )


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    user = request.user
    total = selectors.prize_total_fen(decision)
    budget = decision.budget_line
    now = timezone.now()
    State = Decision.State
    ended = closure.closure_of(decision.campaign)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "d": decision,
            "lines": selectors.decision_lines(decision),
            "tally": selectors.grade_tally(decision),
            "grades": AwardGrade.objects.filter(campaign=decision.campaign).order_by("order", "id"),
            "objections": decision.objections.select_related("line__achievement", "raised_by"),
            "open_objections": decision.objections.filter(state=Objection.State.OPEN).count(),
            # The budget line is part of what the two approvals approve: chosen before the lock.
            "budget_form": BudgetLineForm(
                lines=selectors.budget_lines_for(decision, user),
                initial={"budget_line": decision.budget_line_id},
            )
            if decision.state in services.BUDGET_LINE_STATES
            else None,
            "total_fen": total,
            "shortfall_fen": max(total - budget.available_fen, 0) if budget else None,
            "can_adjust": decision.state == State.DRAFT,
            "can_first_approve": decision.state == State.DRAFT,
            "can_second_approve": decision.state == State.APPROVING and decision.first_approver_id != user.pk,
            "waiting_other": decision.state == State.APPROVING and decision.first_approver_id == user.pk,
            "can_return": decision.state == State.APPROVING,
            "can_publish": decision.state == State.LOCKED,
            "can_finalise": decision.state == State.NOTICE,
            "notice_over": decision.notice_ends is not None and now >= decision.notice_ends,
            "can_repropose": decision.state == State.DRAFT,
            "closure_text": closure.closed_message(ended) if ended else "",
            "sheets": closure.sheet_counts(decision.campaign),
        },
    )


def _act(request, pk: int, call, done: str) -> HttpResponse:
    decision = _decision(request, pk)
    try:
        call(decision)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("awards:decision", pk=pk)


@login_required
@require_POST
def decision_repropose(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d: services.propose(campaign=d.campaign, actor=request.user),
        _("已按最新排名重新拟定，调整理由已清空。"),
    )


@login_required
@require_POST
def decision_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    line_id = request.POST.get("line", "")
    line = (
        DecisionLine.objects.select_related("decision").filter(decision=decision, pk=line_id).first()
        if line_id.isdigit()
        else None
    )
    if line is None:
        messages.error(request, _("请选择要调整的成果。"))
        return redirect("awards:decision", pk=pk)
    grade_id = request.POST.get("grade", "")
    grade = None
    if grade_id:
        grade = (
            AwardGrade.objects.filter(campaign=decision.campaign, pk=grade_id).first()
            if grade_id.isdigit()
            else None
        )
        if grade is None:
            messages.error(request, _("所选奖项不属于本次征集活动。"))
            return redirect("awards:decision", pk=pk)
    try:
        services.adjust(line=line, grade=grade, reason=request.POST.get("reason", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(
            request, _("「%(t)s」未调整：%(e)s") % {"t": line.achievement.title, "e": _errors(exc)}
        )
    else:
        messages.success(
            request,
            _("「%(t)s」已调整为：%(g)s") % {"t": line.achievement.title, "g": grade or _("不授奖")},
        )
    return redirect(reverse("awards:decision", args=[pk]) + f"#line-{line.pk}")


@login_required
@require_POST
def decision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda d: services.approve(decision=d, actor=request.user), _("已审批。"))


@login_required
@require_POST
def decision_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d: services.return_to_draft(
            decision=d, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("已退回拟定。"),
    )


@login_required
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda d: services.publish(decision=d, actor=request.user), _("已发布公示。"))


@login_required
@require_POST
def decision_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d: services.finalise(decision=d, actor=request.user),
        _("审定已生效，获奖成果、奖金分配和经费承诺已生成。"),
    )


@login_required
@require_POST
def decision_budget_line(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    lines = restrict(BudgetLine.objects.all(), request.user, Action.FUNDS_VIEW)
    form = BudgetLineForm(request.POST, lines=lines)
    if not form.is_valid():
        messages.error(request, _("请选择奖金列支科目。"))
        return redirect("awards:decision", pk=pk)
    try:
        services.set_budget_line(decision=decision, line=form.cleaned_data["budget_line"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("奖金列支科目已设为「%(l)s」。") % {"l": form.cleaned_data["budget_line"]}
        )
    return redirect("awards:decision", pk=pk)


# ---------------------------------------------------------------- public notice


class NoticeListView(ScopedListView):
    model = Decision
    action = Action.NOTICE_VIEW
    filterset_class = NoticeFilterSet
    table_class = NoticeTable
    exporter_class = NoticeExporter
    title = _("获奖名单公示")

    def base_queryset(self):
        return selectors.with_line_counts(Decision.objects.select_related("campaign"))

    def get_queryset(self):
        return super().get_queryset().filter(state__in=(Decision.State.NOTICE, Decision.State.FINAL))


def _notice(request, pk: int) -> Decision:
    decision = get_scoped_or_404(
        Decision.objects.select_related("campaign__union"), request.user, Action.NOTICE_VIEW, pk=pk
    )
    published = decision.state in (Decision.State.NOTICE, Decision.State.FINAL)
    if not published and not decision.objections.filter(raised_by=request.user).exists():
        # Never published (or withdrawn after an upheld objection): only its objectors still see it.
        raise Http404
    return decision


@login_required
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _notice(request, pk)
    published = decision.state in (Decision.State.NOTICE, Decision.State.FINAL)
    is_open = selectors.notice_is_open(decision)
    lines = notice_lines(decision) if published else DecisionLine.objects.none()
    return render(
        request,
        "awards/notice_detail.html",
        {
            "d": decision,
            "lines": lines,
            "published": published,
            "is_open": is_open,
            "objection_form": ObjectionForm(lines=notice_lines(decision))
            if is_open and can(request.user, Action.OBJECTION_RAISE)
            else None,
            "my_objections": decision.objections.filter(raised_by=request.user).select_related(
                "line__achievement"
            ),
            "max_upload_mb": settings.ATTACHMENT_MAX_BYTES // 1048576,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _notice(request, pk)
    if not can(request.user, Action.OBJECTION_RAISE):
        raise PermissionDenied
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.ATTACHMENT_MAX_BYTES + 1024 * 1024:
        messages.error(
            request, _("文件超过上限 %(l)d MB，未提交。") % {"l": settings.ATTACHMENT_MAX_BYTES // 1048576}
        )
        return redirect("awards:notice", pk=pk)
    lines = notice_lines(decision)
    data = request.POST if request.method == "POST" else None
    initial = {"line": request.GET.get("line")} if request.GET.get("line", "").isdigit() else {}
    form = ObjectionForm(data, request.FILES or None, lines=lines, initial=initial)
    if data is not None and form.is_valid():
        try:
            services.raise_objection(
                line=form.cleaned_data["line"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("异议已提交，市总工会将在公示期内答复。"))
            return redirect("awards:notice", pk=pk)
    return render(
        request,
        "awards/objection_form.html",
        {
            "d": decision,
            "form": form,
            "is_open": selectors.notice_is_open(decision),
            "max_upload_mb": settings.ATTACHMENT_MAX_BYTES // 1048576,
        },
    )


# ---------------------------------------------------------------- objections


class ObjectionListView(ScopedListView):
    """A city admin's objections to answer; everybody else sees the objections they raised."""

    model = Objection
    action = Action.OBJECTION_RAISE
    filterset_class = ObjectionFilterSet
    table_class = ObjectionTable
    exporter_class = ObjectionExporter
    template_name = "awards/objection_list.html"
    partial_template_name = "awards/_objection_rows.html"
    title = _("公示异议")

    def get_queryset(self):
        return selectors.objections_for(self.request.user).select_related(
            "decision__campaign", "line__achievement__enterprise", "line__grade", "raised_by", "answered_by"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        answerable = selectors.answerable_among(
            self.request.user, [row.record.pk for row in ctx["table"].paginated_rows]
        )
        ctx["answerable"] = answerable
        ctx["answer_form"] = AnswerForm() if answerable else None
        return ctx


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_scoped_or_404(
        Objection.objects.select_related("decision", "line__achievement"),
        request.user,
        Action.OBJECTION_ANSWER,
        pk=pk,
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.answer_objection(
                objection=objection,
                upheld=form.cleaned_data["upheld"],
                answer=form.cleaned_data["answer"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            if objection.state == Objection.State.UPHELD:
                messages.warning(
                    request,
                    _("异议成立：审定已退回拟定（第%(v)d版），请调整后重新审批、公示。")
                    % {"v": objection.decision.version},
                )
            else:
                messages.success(request, _("已答复异议。"))
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "awards:objections")


@login_required
@require_GET
def objection_attachment(request: HttpRequest, pk: int) -> FileResponse:
    objection = selectors.objections_for(request.user).filter(pk=pk).first()
    if objection is None or not objection.attachment:
        raise Http404
    return FileResponse(
        objection.attachment.open("rb"),
        as_attachment=True,
        filename=objection.attachment_name or objection.attachment.name.rsplit("/", 1)[-1],
    )


# ---------------------------------------------------------------- awards


class AwardListView(ScopedListView):
    model = Award
    action = Action.AWARD_VIEW
    filterset_class = AwardFilterSet
    table_class = AwardTable
    exporter_class = AwardExporter
    title = _("获奖成果")

    def base_queryset(self):
        return selectors.awards_listed()


@login_required
@require_GET
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_scoped_or_404(
        Award.objects.select_related(
            "achievement__enterprise",
            "campaign",
            "grade",
            "decision__first_approver",
            "decision__second_approver",
        ),
        request.user,
        Action.AWARD_VIEW,
        pk=pk,
    )
    shares = selectors.award_shares(award, request.user)
    for share in shares:
        share.commitment_url = (
            reverse("funds:commitment_detail", args=[share.commitment_id]) if share.commitment_open else ""
        )
    return render(
        request,
        "awards/award_detail.html",
        {
            "award": award,
            "shares": shares,
            "total_fen": sum(s.amount_fen for s in shares),
            "policy_ref": selectors.policy_ref(award.grade, award.campaign),
        },
    )
