from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.org.models import Enterprise, Worker

from . import services, workflow
from .exports import AchievementExporter, CampaignExporter, DemonstrationPostExporter
from .filters import AchievementFilterSet, CampaignFilterSet, DemonstrationPostFilterSet
from .forms import (
    AchievementForm,
    AttachmentForm,
    AuthorFormSet,
    BenefitVerifyForm,
    CampaignForm,
    CriterionFormSet,
    GradeFormSet,
    PatentFormSet,
)
from .models import Achievement, Attachment, Author, AwardGrade, Campaign, DemonstrationPost, State
from .tables import STATE_STYLE, AchievementTable, CampaignTable, DemonstrationPostTable

# ---------------------------------------------------------------- lists


class AchievementListView(ScopedListView):
    model = Achievement
    action = Action.ACHIEVEMENT_VIEW
    filterset_class = AchievementFilterSet
    table_class = AchievementTable
    exporter_class = AchievementExporter
    template_name = "achievements/list.html"
    partial_template_name = "achievements/_table.html"
    create_url_name = "achievements:create"
    keep_params = ("awaiting",)
    create_action = Action.ACHIEVEMENT_EDIT
    title = _("五小创新成果")

    def base_queryset(self):
        first = Author.objects.filter(achievement=OuterRef("pk"), order=1)
        return (
            Achievement.objects.select_related("campaign", "enterprise")
            .annotate(
                first_author_name=Subquery(first.values("worker__name")[:1]),
            )
            .defer("problem", "solution", "effect", "benefit_basis", "search_text")
        )

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.GET.get("awaiting") == "me":
            q = kernel.awaiting_q(self.request.user, Achievement)
            qs = qs.filter(q) if q is not None else qs.none()
        if self.request.GET.get("export") == "xlsx":
            qs = qs.prefetch_related("authors__worker", "patents")
        return qs

    def get_table_kwargs(self):
        user = self.request.user
        return {
            "selectable": can(user, Action.ACHIEVEMENT_PREREVIEW)
            or can(user, Action.ACHIEVEMENT_FORMAL_CHECK)
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["bulk_steps"] = [
            s for s in workflow.STEPS if s.manual and s.name != "submit" and can(user, s.action)
        ]
        ctx["awaiting"] = self.request.GET.get("awaiting") == "me"
        ctx["queue_count"] = kernel.queue_count(user, Achievement)
        return ctx


class CampaignListView(ScopedListView):
    model = Campaign
    action = Action.CAMPAIGN_VIEW
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    exporter_class = CampaignExporter
    select_related = ("union",)
    create_url_name = "achievements:campaign_create"
    create_action = Action.CAMPAIGN_MANAGE
    title = _("征集活动")


class DemonstrationPostListView(ScopedListView):
    model = DemonstrationPost
    action = Action.DEMO_POST_VIEW
    filterset_class = DemonstrationPostFilterSet
    table_class = DemonstrationPostTable
    exporter_class = DemonstrationPostExporter
    select_related = ("enterprise", "first_achievement")
    template_name = "achievements/demo_posts.html"
    oob_templates = ("achievements/_print_link.html",)
    title = _("职工创新示范岗")

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.GET.get("export") == "xlsx":
            qs = qs.prefetch_related("workers")
        return qs


@login_required
@require_GET
def demo_posts_print(request: HttpRequest) -> HttpResponse:
    """A printable name list (命名名单) for one year, grouped by unit."""
    if not can(request.user, Action.DEMO_POST_VIEW):
        raise PermissionDenied
    qs = restrict(
        DemonstrationPost.objects.select_related("enterprise").prefetch_related("workers"),
        request.user,
        Action.DEMO_POST_VIEW,
    )
    filterset = DemonstrationPostFilterSet(request.GET, queryset=qs, request=request)
    rows = filterset.qs.order_by("enterprise__name", "post") if filterset.is_valid() else qs.none()
    year = request.GET.get("year") or ""
    return render(
        request, "achievements/demo_posts_print.html", {"rows": rows, "year": year, "count": rows.count()}
    )


@login_required
@require_GET
def benefit_summary(request: HttpRequest) -> HttpResponse:
    """Economic benefit totals by year, district, unit, kind or field; each row links to its items."""
    if not can(request.user, Action.ACHIEVEMENT_VIEW):
        raise PermissionDenied
    from urllib.parse import urlencode

    from innovation.core.exports import Column, Exporter
    from innovation.core.generic import style_filter_form

    from .selectors import GROUPINGS, benefit_totals

    by = request.GET.get("by", "year")
    by = by if by in GROUPINGS else "year"
    base = restrict(Achievement.objects.all(), request.user, Action.ACHIEVEMENT_VIEW)
    params = request.GET.copy()
    for key in ("by", "export"):
        params.pop(key, None)
    filterset = AchievementFilterSet(params, queryset=base, request=request)
    style_filter_form(filterset.form)
    rows = benefit_totals(filterset.qs if filterset.is_valid() else base.none(), by, request.user)
    for r in rows:
        link = params.copy()
        link[r.param] = r.key
        link["filed"] = "true"
        r.url = "?" + urlencode(link)
    if request.GET.get("export") == "xlsx":

        class BenefitExporter(Exporter):
            title = _("经济效益汇总")
            columns = [
                Column(str(GROUPINGS[by]), lambda r: r.label, 30),
                Column(_("成果数"), lambda r: r.count, 10),
                Column(_("申报效益(元/年)"), lambda r: r.claimed, 20),
                Column(_("核定效益(元/年)"), lambda r: r.verified, 20),
            ]

            def rows(self, queryset):
                for r in queryset:
                    yield [c.value(r) for c in self.columns]

        data, count = BenefitExporter().workbook_bytes(rows)
        from innovation.audit.services import record_export

        record_export(
            user=request.user,
            model=Achievement,
            rows=count,
            description=f"benefit totals by {by}; {params.urlencode()}",
        )
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=benefit-{by}.xlsx"
        return response
    totals = {
        "count": sum(r.count for r in rows),
        "claimed": sum((r.claimed for r in rows), Decimal(0)),
        "verified": sum((r.verified for r in rows), Decimal(0)),
    }
    return render(
        request,
        "achievements/benefit_summary.html",
        {
            "rows": rows,
            "by": by,
            "groupings": GROUPINGS,
            "filter": filterset,
            "totals": totals,
            "list_url": "/achievements/?" + urlencode({**dict(params.items()), "filed": "true"}),
            "query": params.urlencode(),
        },
    )


# ---------------------------------------------------------------- detail and workflow


def _scoped(request, pk, action=Action.ACHIEVEMENT_VIEW):
    return get_scoped_or_404(
        Achievement.objects.select_related(
            "campaign", "enterprise__union__parent", "benefit_verified_by", "created_by"
        ),
        request.user,
        action,
        pk=pk,
    )


@login_required
@require_GET
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _scoped(request, pk)
    user = request.user
    one = Achievement.objects.filter(pk=pk)
    can_edit = achievement.is_editable and restrict(one, user, Action.ACHIEVEMENT_EDIT).exists()
    can_verify = (
        restrict(one, user, Action.BENEFIT_VERIFY).exists()
        and not achievement.benefit_locked
        and achievement.submitted_at
    )
    named_posts = DemonstrationPost.objects.filter(first_achievement=achievement).select_related("enterprise")
    # The studio is linked only where the reader may open it (a worker author sees the item, not
    # necessarily the studio it was incubated in).
    studio_open = achievement.studio_id is not None and (
        restrict(
            Achievement.studio.field.related_model.objects.filter(pk=achievement.studio_id),
            user,
            Action.STUDIO_VIEW,
        ).exists()
    )
    return render(
        request,
        "achievements/detail.html",
        {
            "state_style": STATE_STYLE.get(achievement.state, "light"),
            "a": achievement,
            "authors": achievement.authors.select_related("worker__enterprise"),
            "patents": achievement.patents.all(),
            "attachments": achievement.attachments.all(),
            "transitions": kernel.history(achievement),
            "steps": kernel.steps_for(achievement, user),
            "can_edit": can_edit,
            "can_verify": can_verify,
            "verify_form": BenefitVerifyForm(
                initial={"amount": achievement.benefit_verified or achievement.benefit_claimed}
            )
            if can_verify
            else None,
            "attachment_form": AttachmentForm() if can_edit else None,
            "named_posts": named_posts,
            "studio_open": studio_open,
            "max_upload_mb": settings.ATTACHMENT_MAX_BYTES // 1048576,
        },
    )


@login_required
@require_POST
def achievement_step(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _scoped(request, pk)
    try:
        kernel.run(
            obj=achievement,
            step=request.POST.get("step", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
            pledge=request.POST.get("pledge") == "on",
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已处理：%(s)s") % {"s": achievement.get_state_display()})
    return redirect("achievements:detail", pk=pk)


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    step = request.POST.get("step", "")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    spec = next((s for s in workflow.STEPS if s.name == step and s.manual), None)
    if spec is None or spec.name == "submit" or not ids:
        messages.error(request, _("请选择成果和要执行的操作。"))
        return redirect(request.POST.get("next") or "achievements:list")
    items = restrict(Achievement.objects.filter(pk__in=ids), request.user, spec.action)
    done, problems = services.bulk_transition(
        actor=request.user, achievements=list(items), step=step, reason=request.POST.get("reason", "")
    )
    skipped = len(ids) - len(problems) - done
    if done:
        messages.success(request, _("已对%(n)d项成果执行「%(s)s」。") % {"n": done, "s": spec.label})
    for problem in problems[:10]:
        messages.error(request, problem)
    if skipped:
        messages.warning(request, _("%(n)d项成果不在您的权限范围内，未处理。") % {"n": skipped})
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "achievements:list")


@login_required
@require_POST
def benefit_verify(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _scoped(request, pk, Action.BENEFIT_VERIFY)
    form = BenefitVerifyForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_verify(
                actor=request.user,
                achievement=achievement,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("经济效益已核定。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("achievements:detail", pk=pk)


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    # Refuse an oversized body before Django spools it to disk.
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.ATTACHMENT_MAX_BYTES + 1024 * 1024:
        messages.error(
            request, _("文件超过上限 %(l)d MB，未上传。") % {"l": settings.ATTACHMENT_MAX_BYTES // 1048576}
        )
        return redirect("achievements:detail", pk=pk)
    achievement = _scoped(request, pk, Action.ACHIEVEMENT_EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                achievement=achievement,
                upload=form.cleaned_data["file"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("achievements:detail", pk=pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    # The achievement is the scoped row (out of scope: 404, audited); its attachments are
    # reached only through it, so they need no scope registration of their own.
    achievement = _scoped(request, pk)
    attachment = get_object_or_404(achievement.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    achievement = _scoped(request, pk, Action.ACHIEVEMENT_EDIT)
    attachment = Attachment.objects.filter(achievement=achievement, pk=attachment_pk).first()
    if attachment is not None:
        try:
            services.attachment_remove(actor=request.user, attachment=attachment)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("achievements:detail", pk=pk)


# ---------------------------------------------------------------- editing


def _editable_enterprises(user):
    """Units the user may draft for: a unit admin's units, or a worker's own unit."""
    qs = restrict(Enterprise.objects.filter(is_active=True), user, Action.ENTERPRISE_VIEW)
    if can(user, Action.ACHIEVEMENT_SUBMIT):
        from innovation.accounts.scope import scope_q as sq

        q = sq(user, Enterprise, Action.ENTERPRISE_CHANGE)
        return qs.filter(q) if q else qs
    own = Worker.objects.filter(user=user).values("enterprise_id")
    return qs.filter(pk__in=own)


def _author_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        if data.get("worker") is None and not (data.get("outside_name") or "").strip():
            continue
        row = {k: data.get(k) for k in ("outside_name", "outside_unit", "share")}
        rows.append({**row, "worker": data["worker"].pk if data.get("worker") else None})
    return rows


def _patent_rows(formset) -> list[dict]:
    return [
        {k: f.cleaned_data[k] for k in ("type", "number", "status")}
        for f in formset.forms
        if getattr(f, "cleaned_data", None)
        and not f.cleaned_data.get("DELETE")
        and f.cleaned_data.get("number")
    ]


def _build_forms(request, achievement, enterprises, campaigns):
    data = request.POST if request.method == "POST" else None
    form = AchievementForm(data, instance=achievement, campaigns=campaigns, enterprises=enterprises)
    enterprise = achievement.enterprise if achievement else None
    if enterprise is None:
        chosen = (data or request.GET).get("enterprise")
        enterprise = (
            enterprises.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else enterprises.first()
        )
        if enterprise is not None and data is None:
            form.initial["enterprise"] = enterprise.pk
    workers = (
        services.author_candidates(enterprise).order_by("name").defer("id_number", "phone")
        if enterprise
        else Worker.objects.none()
    )
    author_initial = (
        [
            {
                "worker": a.worker_id,
                "outside_name": a.outside_name,
                "outside_unit": a.outside_unit,
                "share": a.share,
            }
            for a in achievement.authors.all()
        ]
        if achievement
        else []
    )
    if achievement is None and data is None:
        own = Worker.objects.filter(user=request.user, enterprise=enterprise).first()
        if own:
            author_initial = [{"worker": own.pk, "share": Decimal(100)}]
            form.initial["post"] = own.post
    authors = AuthorFormSet(data, prefix="authors", initial=author_initial, form_kwargs={"workers": workers})
    patent_initial = (
        [{"type": p.type, "number": p.number, "status": p.status} for p in achievement.patents.all()]
        if achievement
        else []
    )
    patents = PatentFormSet(data, prefix="patents", initial=patent_initial)
    return form, authors, patents


def _save(request, achievement, form, authors, patents) -> Achievement:
    fields = {k: v for k, v in form.cleaned_data.items() if k not in ("campaign", "enterprise")}
    if "studio" in fields:
        fields["studio"] = fields["studio"].pk if fields["studio"] else None
    if achievement is None:
        return services.achievement_create(
            actor=request.user,
            campaign=form.cleaned_data["campaign"],
            enterprise=form.cleaned_data["enterprise"],
            authors=_author_rows(authors),
            patents=_patent_rows(patents),
            **fields,
        )
    return services.achievement_update(
        actor=request.user,
        achievement=achievement,
        authors=_author_rows(authors),
        patents=_patent_rows(patents),
        **fields,
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    achievement = _scoped(request, pk, Action.ACHIEVEMENT_EDIT) if pk else None
    if achievement is None and not can(request.user, Action.ACHIEVEMENT_EDIT):
        raise PermissionDenied
    if achievement is not None and not achievement.is_editable:
        messages.error(
            request, _("成果已提交（%(s)s），不能再修改。") % {"s": achievement.get_state_display()}
        )
        return redirect("achievements:detail", pk=achievement.pk)
    enterprises = _editable_enterprises(request.user)
    now = timezone.now()
    campaigns = restrict(Campaign.objects.filter(closes_at__gt=now), request.user, Action.CAMPAIGN_VIEW)
    form, authors, patents = _build_forms(request, achievement, enterprises, campaigns)
    if request.method == "POST" and form.is_valid() and authors.is_valid() and patents.is_valid():
        try:
            saved = _save(request, achievement, form, authors, patents)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("achievements:detail", pk=saved.pk)
    return render(
        request,
        "achievements/edit.html",
        {
            "form": form,
            "authors": authors,
            "patents": patents,
            "a": achievement,
            "open_campaigns": campaigns.exists(),
        },
    )


@login_required
@require_POST
def achievement_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as it is typed. Incomplete drafts are fine; invalid input is reported."""
    achievement = _scoped(request, pk, Action.ACHIEVEMENT_EDIT)
    if not achievement.is_editable:
        return HttpResponse(_("成果已提交，不再自动保存。"))
    enterprises = _editable_enterprises(request.user)
    campaigns = Campaign.objects.filter(pk=achievement.campaign_id)
    form, authors, patents = _build_forms(request, achievement, enterprises, campaigns)
    if form.is_valid() and authors.is_valid() and patents.is_valid():
        try:
            _save(request, achievement, form, authors, patents)
        except ValidationError as exc:
            return HttpResponse(_("未自动保存：") + "；".join(exc.messages), status=200)
        return HttpResponse(_("已自动保存 %(t)s") % {"t": timezone.localtime().strftime("%H:%M:%S")})
    return HttpResponse(_("有填写不完整的内容，尚未自动保存。"))


# ---------------------------------------------------------------- campaigns


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_scoped_or_404(
        Campaign.objects.select_related("union"), request.user, Action.CAMPAIGN_VIEW, pk=pk
    )
    from django.db.models import Count

    by_state = dict(
        restrict(campaign.achievements.all(), request.user, Action.ACHIEVEMENT_VIEW)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    # Counts that link to the list, for those who may open it (an expert sees the campaign only).
    states = (
        [(State(s).label, s, by_state.get(s, 0)) for s in State.values]
        if can(request.user, Action.ACHIEVEMENT_VIEW)
        else []
    )
    return render(
        request,
        "achievements/campaign_detail.html",
        {
            "c": campaign,
            "grades": campaign.grades.all(),
            "criteria": campaign.criteria.all(),
            "states": states,
            "can_manage": restrict(
                Campaign.objects.filter(pk=pk), request.user, Action.CAMPAIGN_MANAGE
            ).exists()
            and not campaign.is_frozen(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    campaign = (
        get_scoped_or_404(
            Campaign.objects.select_related("union"), request.user, Action.CAMPAIGN_MANAGE, pk=pk
        )
        if pk
        else None
    )
    if not can(request.user, Action.CAMPAIGN_MANAGE):
        raise PermissionDenied
    if campaign is not None and campaign.is_frozen():
        messages.error(request, _("征集活动已开始，规则已冻结，不能再修改。"))
        return redirect("achievements:campaign_detail", pk=campaign.pk)
    if campaign:
        initial = {
            "title": campaign.title,
            "year": campaign.year,
            "opens_at": timezone.localtime(campaign.opens_at),
            "closes_at": timezone.localtime(campaign.closes_at),
            "kinds": campaign.kinds,
            "fields_": campaign.fields,
            "experts_per_item": campaign.experts_per_item,
            "notice_days": campaign.notice_days,
            "description": campaign.description,
        }
        grade_initial = [
            {"code": g.code, "prize_yuan": g.prize_yuan, "quota": g.quota} for g in campaign.grades.all()
        ]
        criteria_initial = [
            {"name": c.name, "weight": c.weight, "max_score": c.max_score} for c in campaign.criteria.all()
        ]
    else:
        year = timezone.localdate().year
        initial = {
            "year": year,
            "title": _("%(y)d年职工“五小”创新成果征集活动") % {"y": year},
            "kinds": [k for k, _l in AchievementForm.base_fields["kind"].choices if k],
            "fields_": [f for f, _l in AchievementForm.base_fields["field"].choices if f],
        }
        grade_initial = [
            {"code": c, "prize_yuan": p, "quota": q}
            for c, p, q in (
                ("first", 5000, 3),
                ("second", 3000, 6),
                ("third", 2000, 10),
                ("excellence", 1000, 14),
            )
        ]
        criteria_initial = [
            {"name": n, "weight": w, "max_score": 100}
            for n, w in ((_("创新性"), 30), (_("实用性"), 30), (_("经济效益"), 25), (_("推广价值"), 15))
        ]
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, initial=initial)
    grades = GradeFormSet(data, prefix="grades", initial=grade_initial)
    criteria = CriterionFormSet(data, prefix="criteria", initial=criteria_initial)
    if data is not None and form.is_valid() and grades.is_valid() and criteria.is_valid():
        d = form.cleaned_data
        grade_rows = [
            {"code": g["code"], "prize_fen": int(g["prize_yuan"] * 100), "quota": g["quota"]}
            for g in grades.cleaned_data
            if g
        ]
        criteria_rows = [c for c in criteria.cleaned_data if c]
        fields = {
            "title": d["title"],
            "year": d["year"],
            "opens_at": d["opens_at"],
            "closes_at": d["closes_at"],
            "kinds": d["kinds"],
            "fields": d["fields_"],
            "experts_per_item": d["experts_per_item"],
            "notice_days": d["notice_days"],
            "description": d["description"],
        }
        try:
            if campaign:
                campaign = services.campaign_update(
                    actor=request.user, campaign=campaign, grades=grade_rows, criteria=criteria_rows, **fields
                )
            else:
                union = _city_union_of(request.user)
                campaign = services.campaign_create(
                    actor=request.user, union=union, grades=grade_rows, criteria=criteria_rows, **fields
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "fields" in exc.error_dict:
                exc.error_dict["fields_"] = exc.error_dict.pop("fields")
            form_errors_from(exc, form)
        else:
            messages.success(request, _("征集活动已保存。"))
            return redirect("achievements:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "achievements/campaign_form.html",
        {
            "form": form,
            "grades": grades,
            "criteria": criteria,
            "c": campaign,
            "grade_codes": AwardGrade.Code.choices,
        },
    )


def _city_union_of(user):
    """The union a city admin organises campaigns for: the node of their city_admin grant."""
    for grant in user.active_grants():
        if grant.role == "city_admin" and grant.node_id:
            return grant.node
    raise PermissionDenied(_("只有市总工会可以发布征集活动。"))
