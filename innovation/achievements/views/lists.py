"""The lists: achievements, campaigns, demonstration posts (with the print page) and the
economic-benefit totals."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.core.exports import Column, Exporter
from innovation.core.generic import ScopedListView, style_filter_form

from .. import workflow
from ..exports import AchievementExporter, CampaignExporter, DemonstrationPostExporter
from ..filters import AchievementFilterSet, CampaignFilterSet, DemonstrationPostFilterSet
from ..models import Achievement, Author, Campaign, DemonstrationPost
from ..selectors import GROUPINGS, benefit_totals
from ..tables import AchievementTable, CampaignTable, DemonstrationPostTable

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
        qs = super().get_queryset()  # with ?awaiting=me: ScopedListView's queue of this user
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
