"""A campaign's page and the campaign form (published by the city union)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core.generic import form_errors_from

from .. import services
from ..forms import (
    AchievementForm,
    CampaignForm,
    CriterionFormSet,
    GradeFormSet,
)
from ..models import AwardGrade, Campaign, State
from ..selectors import campaign_union_of

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
                union = campaign_union_of(request.user)
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
