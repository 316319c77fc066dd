"""Filing an achievement: the form with its author and patent rows, saving and autosave."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.core.generic import form_errors_from
from innovation.org.models import Enterprise, Worker

from .. import services
from ..forms import (
    AchievementForm,
    AuthorFormSet,
    PatentFormSet,
)
from ..models import Achievement, Campaign
from ..rules import author_candidates
from .detail import scoped_achievement

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
        author_candidates(enterprise).order_by("name").defer("id_number", "phone")
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
    achievement = scoped_achievement(request, pk, Action.ACHIEVEMENT_EDIT) if pk else None
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
    achievement = scoped_achievement(request, pk, Action.ACHIEVEMENT_EDIT)
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
