"""Pages of the expert review: an expert's tasks and score sheets; progress and ranking for the
city. Expert-facing pages show items only through innovation.review.anonymity."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.achievements.duplicates.selectors import blocking_verdict
from innovation.achievements.duplicates.selectors import matches_for as duplicate_matches
from innovation.achievements.models import Campaign, ScoringMethod, percent
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.core.pagination import ListRequestConfig
from innovation.experts.models import Assignment

from . import aggregation, anonymity, closure, services
from .exports import MyTasksExporter, ProgressExporter, RankingExporter
from .filters import RankingFilterSet
from .forms import MyTasksFilterForm, ProgressFilterForm, ScoreSheetForm, field_name
from .models import ItemResult, ScoreSheet
from .tables import MyTasksTable, ProgressTable, RankingTable

PER_PAGE = 25


def _export_description(request) -> str:
    return request.GET.urlencode().replace("export=xlsx", "").strip("&")


# ---------------------------------------------------------------- an expert's tasks


@dataclass
class TaskRow:
    assignment: Assignment
    title: str
    unit: str
    status: str
    total: Decimal | None

    @property
    def status_label(self):
        return services.SHEET_STATUS_LABELS[self.status]


def _task_row(assignment: Assignment) -> TaskRow:
    achievement = assignment.achievement
    sheet = getattr(assignment, "sheet", None)
    return TaskRow(
        assignment=assignment,
        title=anonymity.expert_title(achievement),
        unit=anonymity.expert_unit(achievement),
        status=services.sheet_status(assignment),
        total=sheet.total if sheet is not None else None,
    )


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """我的评审任务: the expert's active assignments, their state, deadlines and progress."""
    user = request.user
    if not can(user, Action.REVIEW_SCORE):
        raise PermissionDenied
    base = services.my_assignments(user)
    campaigns = Campaign.objects.filter(pk__in=base.values("campaign_id")).order_by("-year")
    form = MyTasksFilterForm(request.GET or None, campaigns=campaigns)
    qs = base
    status = q = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["campaign"]:
            qs = qs.filter(campaign=data["campaign"])
        if data["field"]:
            qs = qs.filter(achievement__field=data["field"])
        status, q = data["status"], data["q"].strip()
    rows = [_task_row(a) for a in qs]
    # Status and search work on what the expert sees (the anonymised title), never on hidden names.
    if status:
        rows = [r for r in rows if r.status == status]
    if q:
        rows = [r for r in rows if q.lower() in r.title.lower()]
    if request.GET.get("export") == "xlsx":
        return MyTasksExporter().response(
            rows, user=user, model=Assignment, description=_export_description(request)
        )
    counts = base.order_by().values("state").annotate(n=Count("id"))
    by_state = {c["state"]: c["n"] for c in counts}
    total = sum(by_state.values())
    submitted = by_state.get(Assignment.State.SUBMITTED, 0)
    table = MyTasksTable(rows)
    ListRequestConfig(request, per_page=PER_PAGE).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    deadlines = [
        c for c in campaigns.filter(review_deadline__isnull=False) if c.review_deadline >= timezone.now()
    ]
    return render(
        request,
        "review/my.html",
        {
            "table": table,
            "form": form,
            "total": total,
            "submitted": submitted,
            "percent": int(submitted * 100 / total) if total else 0,
            "export_query": query.urlencode(),
            "deadlines": deadlines,
        },
    )


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    select, prefetch = anonymity.assignment_related()
    queryset = Assignment.objects.select_related(
        "campaign", "expert", "achievement", *select
    ).prefetch_related(*prefetch)
    return get_scoped_or_404(queryset, request.user, Action.REVIEW_SCORE, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page of one assignment: the item (as the expert may see it) and the sheet."""
    assignment = _own_assignment(request, pk)
    active = assignment.state in Assignment.ACTIVE_STATES
    editable, why = services.sheet_editable(assignment)
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    criteria = list(assignment.campaign.criteria.all())
    initial = {"comment": sheet.comment if sheet else ""}
    if sheet is not None:
        for s in sheet.scores.all():
            initial[field_name(s.criterion_id)] = s.value
    if request.method == "POST":
        form = ScoreSheetForm(request.POST, criteria=criteria)
        # The button's formaction says it too: data-once disables the clicked button before the
        # browser collects the fields, so its name/value may not arrive.
        submit = "submit" in request.POST or request.GET.get("action") == "submit"
        if form.is_valid():
            try:
                services.save_sheet(
                    assignment=assignment,
                    actor=request.user,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                if submit:
                    messages.success(request, _("评分已提交。感谢您的评审！"))
                    return redirect("review:my")
                messages.success(request, _("草稿已保存，提交前可以继续修改。"))
                return redirect("review:score", pk=assignment.pk)
    else:
        form = ScoreSheetForm(initial=initial, criteria=criteria, disabled=not editable)
    preview = None
    if sheet is not None:
        if sheet.total is not None:
            preview = sheet.total
        else:
            values = {s.criterion_id: s.value for s in sheet.scores.all()}
            if criteria and all(c.pk in values for c in criteria):
                preview = aggregation.weighted_total(values, services.criteria_of(assignment.campaign))
    return render(
        request,
        "review/score.html",
        {
            "assignment": assignment,
            "active": active,
            "item": anonymity.expert_view(assignment.achievement) if active else None,
            "form": form,
            "editable": editable,
            "why": why,
            "sheet": sheet,
            "preview": preview,
            "deadline": assignment.campaign.review_deadline,
            # 查重: the earlier items like this one, texts side by side (no unit, no authors)
            "duplicates": duplicate_matches(request.user, assignment.achievement, texts_always=True)
            if active
            else [],
        },
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment of an assigned item; names and which ones follow the anonymity rule."""
    assignment = _own_assignment(request, pk)
    if assignment.state not in Assignment.ACTIVE_STATES:
        raise Http404
    achievement = assignment.achievement
    for index, attachment in enumerate(anonymity.visible_attachments(achievement), start=1):
        if attachment.pk == attachment_pk:
            return FileResponse(
                attachment.file.open("rb"),
                as_attachment=True,
                filename=anonymity.attachment_name(achievement, attachment, index),
                content_type=attachment.content_type,
            )
    raise Http404


# ---------------------------------------------------------------- progress (city)


def _campaigns_for(user, action: str):
    return restrict(Campaign.objects.select_related("union").order_by("-year", "-pk"), user, action)


def _campaign_from_query(request: HttpRequest, action: str) -> Campaign | None:
    raw = request.GET.get("campaign", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_scoped_or_404(Campaign.objects.select_related("union"), request.user, action, pk=int(raw))
    return _campaigns_for(request.user, action).first()


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """Per-expert progress of a campaign's review (city admin)."""
    user = request.user
    if not can(user, Action.REVIEW_ASSIGN):
        raise PermissionDenied
    campaign = _campaign_from_query(request, Action.REVIEW_ASSIGN)
    campaigns = _campaigns_for(user, Action.REVIEW_ASSIGN)
    form = ProgressFilterForm(request.GET or None, campaigns=campaigns, initial={"campaign": campaign})
    q, unfinished = "", False
    if form.is_bound and form.is_valid():
        q, unfinished = form.cleaned_data["q"], form.cleaned_data["unfinished"]
    rows = (
        services.expert_progress(campaign=campaign, user=user, q=q, unfinished_only=unfinished)
        if campaign
        else []
    )
    if request.GET.get("export") == "xlsx":
        return ProgressExporter().response(
            rows, user=user, model=Assignment, description=_export_description(request)
        )
    table = ProgressTable(rows)
    ListRequestConfig(request, per_page=PER_PAGE).configure(table)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("assigned", "submitted", "drafts", "not_started", "declined", "withdrawn")
    }
    totals["percent"] = int(totals["submitted"] * 100 / totals["assigned"]) if totals["assigned"] else 0
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    if campaign is not None:
        query["campaign"] = campaign.pk
    return render(
        request,
        "review/progress.html",
        {
            "campaign": campaign,
            "form": form,
            "table": table,
            "totals": totals,
            "experts": len(rows),
            "export_query": query.urlencode(),
        },
    )


# ---------------------------------------------------------------- ranking (city)


def ranking_rules(campaign: Campaign) -> list[str]:
    """The rules of the ranking, in words, as the page states them."""
    rules = [
        _("专家加权总分 = Σ(单项得分 ÷ 该项满分 × 权重) ÷ 权重合计 × 100，保留三位小数。"),
    ]
    if campaign.scoring_method == ScoringMethod.TRIMMED:
        rules.append(
            _("综合得分：有效评分不少于5个时，去掉一个最高分和一个最低分后取平均；不足5个时取算术平均。")
        )
    else:
        rules.append(_("综合得分：各位专家加权总分的算术平均。"))
    if campaign.normalise_scores:
        rules.append(
            _(
                "已启用专家分数标准化：每位专家的总分按其本人在本次活动中全部评分的均值和标准差换算为标准分，"
                "再按全部评分的均值和标准差换回百分制后计分；只评了一项或打分完全相同的专家保留原始总分。"
            )
        )
    rules.append(
        _("专家分歧：同一成果专家总分的最高分与最低分之差超过 %(t)s 分时标记。")
        % {"t": percent(campaign.disagreement_threshold)}
    )
    rules.append(_("排名：按综合得分从高到低；得分相同时原始平均分高者在前，仍相同时成果编号小者在前。"))
    if campaign.rank_by_field:
        rules.append(_("本次活动按领域分别排名（领域内排名）。"))
    return rules


class RankingView(ScopedListView):
    model = ItemResult
    action = Action.REVIEW_RESULTS
    filterset_class = RankingFilterSet
    table_class = RankingTable
    template_name = "review/ranking.html"
    paginate_by = PER_PAGE
    exporter_class = RankingExporter  # built with the campaign in get()
    export_label = gettext_lazy("导出Excel（含各专家评分和意见）")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            self.campaign = get_scoped_or_404(
                Campaign.objects.select_related("union"),
                request.user,
                self.action,
                pk=kwargs["campaign_id"],
            )
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            ItemResult.objects.select_related("achievement__enterprise")
            # 查重: the city's verdict when it says the item was filed before (a badge)
            .annotate(duplicate_verdict=blocking_verdict("achievement_id"))
            .defer(
                *(
                    f"achievement__{f}"
                    for f in ("problem", "solution", "effect", "benefit_basis", "search_text")
                )
            )
            .order_by("rank")
        )

    def get_queryset(self):
        qs = super().get_queryset().filter(campaign=self.campaign)
        if self.request.GET.get("export") == "xlsx":
            qs = qs.prefetch_related("achievement__authors__worker")
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            results = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            exporter = RankingExporter(self.campaign)
            return exporter.response(
                exporter.expand(results),
                user=request.user,
                model=ItemResult,
                description=f"campaign={self.campaign.pk}; {_export_description(request)}",
            )
        return super().get(request, *args, **kwargs)

    def get_table_kwargs(self):
        return {"by_field": self.campaign.rank_by_field, "expected": self.campaign.experts_per_item}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.campaign
        results = ItemResult.objects.filter(campaign=campaign)
        summary = results.aggregate(n=Count("id"), at=Max("computed_at"))
        sheets = ScoreSheet.objects.filter(
            assignment__campaign=campaign,
            assignment__state=Assignment.State.SUBMITTED,
            submitted_at__isnull=False,
        )
        latest_sheet = sheets.aggregate(at=Max("submitted_at"))["at"]
        ctx.update(
            title=_("评审结果排名 · %(c)s") % {"c": campaign.title},
            campaign=campaign,
            campaigns=_campaigns_for(self.request.user, self.action),
            computed_at=summary["at"],
            result_count=summary["n"],
            sheet_count=sheets.count(),
            stale=latest_sheet is not None and (summary["at"] is None or latest_sheet > summary["at"]),
            rules=ranking_rules(campaign),
            locked=closure.decision_locked(campaign),
            **scoring_state(campaign),
        )
        return ctx


def scoring_state(campaign: Campaign) -> dict:
    """The sheet counts and the city's closure of scoring, for the ranking page."""
    counts = closure.sheet_counts(campaign)
    ended = closure.closure_of(campaign)
    return {
        "sheets": counts,
        "closure": ended,
        "closure_text": closure.closed_message(ended) if ended else "",
        "reason_max": closure.REASON_MAX,
    }


@login_required
@require_GET
def ranking_index(request: HttpRequest) -> HttpResponse:
    """The menu's entry: the newest campaign's ranking."""
    if not can(request.user, Action.REVIEW_RESULTS):
        raise PermissionDenied
    campaign = _campaigns_for(request.user, Action.REVIEW_RESULTS).first()
    if campaign is None:
        return render(request, "review/ranking_none.html")
    return redirect("review:ranking", campaign_id=campaign.pk)


@login_required
@require_POST
def compute(request: HttpRequest, campaign_id: int) -> HttpResponse:
    if not can(request.user, Action.REVIEW_RESULTS):
        raise PermissionDenied
    campaign = get_scoped_or_404(
        Campaign.objects.select_related("union"), request.user, Action.REVIEW_RESULTS, pk=campaign_id
    )
    try:
        n = services.compute_results(campaign=campaign, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("已重新计算：%(n)d项成果有评分结果。") % {"n": n})
    return redirect("review:ranking", campaign_id=campaign.pk)


@login_required
@require_POST
def close_scoring(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The city ends the campaign's scoring with a reason (closure.close_scoring)."""
    if not can(request.user, Action.REVIEW_RESULTS):
        raise PermissionDenied
    campaign = get_scoped_or_404(
        Campaign.objects.select_related("union"), request.user, Action.REVIEW_RESULTS, pk=campaign_id
    )
    try:
        closure.close_scoring(campaign=campaign, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("评分已结束，可以计算排名并拟定审定方案。"))
    return redirect("review:ranking", campaign_id=campaign.pk)


@login_required
@require_GET
def item_result(request: HttpRequest, campaign_id: int, achievement_id: int) -> HttpResponse:
    """One item's result with every expert's sheet (city admin: names shown)."""
    if not can(request.user, Action.REVIEW_RESULTS):
        raise PermissionDenied
    result = get_scoped_or_404(
        ItemResult.objects.select_related("achievement__enterprise", "campaign"),
        request.user,
        Action.REVIEW_RESULTS,
        campaign_id=campaign_id,
        achievement_id=achievement_id,
    )
    criteria = list(result.campaign.criteria.all())
    assignments = (
        Assignment.objects.filter(achievement_id=achievement_id)
        .select_related("expert__employer", "sheet")
        .prefetch_related("sheet__scores")
        .order_by("expert__name", "pk")
    )
    rows = []
    for a in assignments:
        sheet = getattr(a, "sheet", None)
        values = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
        rows.append(
            {
                "assignment": a,
                "sheet": sheet if a.state == Assignment.State.SUBMITTED else None,
                "values": [values.get(c.pk) for c in criteria]
                if a.state == Assignment.State.SUBMITTED
                else [],
            }
        )
    return render(
        request,
        "review/item.html",
        {
            "result": result,
            "a": result.achievement,
            "authors": result.achievement.authors.select_related("worker"),
            "criteria": criteria,
            "rows": rows,
        },
    )
