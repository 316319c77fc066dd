"""Judging: the judge's sheet (their aspects × the contestants by anonymous number only, one form
for the whole sheet, each mark through `services.mark_enter`, all in one transaction), the
organiser's theory scores, the chief judge's flags and sign-off, corrections after the lock with
a reason."""

from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict

from .. import importer, selectors, services
from ..forms import UploadForm
from ..models import JudgeAssignment, Registration, RegistrationState, TheoryScore
from .common import act, refusal_text, scoped_occupation

CELL_MAX = 20
FLAGS_SHOWN = 50  # the chief judge's list of flagged cells on the sheet (the count says how many)


@login_required
@require_GET
def my_judging(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.COMPETITION_JUDGE):
        raise PermissionDenied
    rows = restrict(
        JudgeAssignment.objects.select_related("occupation__competition"),
        request.user,
        Action.COMPETITION_JUDGE,
    ).order_by("-occupation__competition__starts_on", "occupation__order")
    return render(request, "competitions/my_judging.html", {"rows": rows})


def _entries(post, prefix: str):
    """The sheet's cells as ((registration id, other id), text), skipping the blank ones."""
    for key, value in post.items():
        if not key.startswith(prefix) or not value.strip():
            continue
        parts = key[len(prefix) :].split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            yield (int(parts[0]), int(parts[1])), value.strip()[:CELL_MAX]


def _same(current, text: str) -> bool:
    try:
        return current is not None and Decimal(text) == current
    except InvalidOperation:
        return False


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = scoped_occupation(request, pk, Action.COMPETITION_JUDGE)
    user = request.user
    aspects, everyone = selectors.judge_sheet(user, occupation)
    text = request.GET.get("page", "1")
    page, pages, contestants = selectors.sheet_page(
        everyone, len(aspects), int(text) if text.isdigit() else 1
    )
    mine = {
        (m.registration_id, m.aspect_id): m.value
        for m in selectors.judge_marks(user, [r.pk for r in contestants])
    }
    by_reg = {r.pk: r for r in contestants}
    by_aspect = {a.pk: a for a in aspects}
    errors, status, posted = [], 200, {}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        entered = 0
        with transaction.atomic():
            for (reg_id, aspect_id), text in sorted(_entries(request.POST, "m-")):
                posted[(reg_id, aspect_id)] = text
                registration, aspect = by_reg.get(reg_id), by_aspect.get(aspect_id)
                if registration is None or aspect is None:
                    errors.append((reg_id, "", _("该格不在您的评分表中。")))
                    continue
                if _same(mine.get((reg_id, aspect_id)), text):
                    continue
                time_text = request.POST.get(f"t-{reg_id}", "").strip()
                try:
                    services.mark_enter(
                        actor=user,
                        registration=registration,
                        aspect=aspect,
                        value=text,
                        time_taken=int(time_text) if time_text.isdigit() else None,
                        reason=reason,
                    )
                    entered += 1
                except (ValidationError, PermissionDenied) as exc:
                    errors.append((registration.anonymous_number, aspect.code, refusal_text(exc)))
            if errors:
                transaction.set_rollback(True)
        if not errors:
            messages.success(request, _("已保存%(n)d项评分。") % {"n": entered})
            return redirect(reverse("competitions:sheet", args=[pk]) + (f"?page={page}" if page > 1 else ""))
        status = 400
    rows = [
        {
            "r": r,
            "cells": [
                {
                    "name": f"m-{r.pk}-{a.pk}",
                    "value": posted.get((r.pk, a.pk), mine.get((r.pk, a.pk), "")),
                    "aspect": a,
                }
                for a in aspects
            ],
        }
        for r in contestants
    ]
    chief = JudgeAssignment.objects.filter(occupation=occupation, judge=user, is_chief=True).exists()
    return render(
        request,
        "competitions/sheet.html",
        {
            "o": occupation,
            "aspects": aspects,
            "rows": rows,
            "page": page,
            "pages": range(1, pages + 1) if pages > 1 else [],
            "contestants_total": len(everyone),
            "errors": errors,
            "locked": occupation.marks_locked,
            "chief": chief,
        },
        status=status,
    )


@login_required
@require_GET
def chief_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The chief judge's summary under the sheet (loaded after it, so entering marks never waits
    for it): the marks still missing, the judgement cells whose judges differ by more than the
    spread (the first 50, with the count), the sign-off."""
    occupation = scoped_occupation(request, pk, Action.COMPETITION_CHIEF)
    cells = selectors.flagged_cells(occupation)
    return render(
        request,
        "competitions/_chief.html",
        {
            "o": occupation,
            "locked": occupation.marks_locked,
            "flags": selectors.judgement_flags(occupation, cells[:FLAGS_SHOWN]) if cells else [],
            "flags_total": len(cells),
            "missing": services.missing_count(occupation),
        },
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = scoped_occupation(request, pk, Action.COMPETITION_CHIEF)
    return act(
        request,
        lambda: services.marks_sign_off(actor=request.user, occupation=occupation),
        _("评分已确认锁定；此后更正须填写原因。"),
        reverse("competitions:sheet", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theory(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser enters the theory scores (0–100) of the confirmed contestants."""
    occupation = scoped_occupation(request, pk, Action.COMPETITION_MANAGE)
    registrations = list(
        Registration.objects.filter(occupation=occupation, state=RegistrationState.CONFIRMED)
        .select_related("worker", "enterprise")
        .order_by("card_number")
    )
    current = dict(
        TheoryScore.objects.filter(registration__occupation=occupation, is_current=True).values_list(
            "registration_id", "score"
        )
    )
    by_reg = {r.pk: r for r in registrations}
    errors, status, posted = [], 200, {}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        entered = 0
        with transaction.atomic():
            for key, text in sorted(request.POST.items()):
                if not key.startswith("s-") or not key[2:].isdigit() or not text.strip():
                    continue
                reg_id, text = int(key[2:]), text.strip()[:CELL_MAX]
                posted[reg_id] = text
                registration = by_reg.get(reg_id)
                if registration is None:
                    errors.append(("", _("该选手不在本工种已确认的选手中。")))
                    continue
                if _same(current.get(reg_id), text):
                    continue
                try:
                    services.theory_enter(
                        actor=request.user, registration=registration, score=text, reason=reason
                    )
                    entered += 1
                except (ValidationError, PermissionDenied) as exc:
                    errors.append((registration.card_number, refusal_text(exc)))
            if errors:
                transaction.set_rollback(True)
        if not errors:
            messages.success(request, _("已保存%(n)d项理论成绩。") % {"n": entered})
            return redirect("competitions:theory", pk=pk)
        status = 400
    rows = [{"r": r, "value": posted.get(r.pk, current.get(r.pk, ""))} for r in registrations]
    return render(
        request,
        "competitions/theory.html",
        {"o": occupation, "rows": rows, "errors": errors, "locked": occupation.marks_locked},
        status=status,
    )


@login_required
@require_GET
def theory_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The theory sheet to fill, with the occupation's confirmed contestants."""
    occupation = scoped_occupation(request, pk, Action.COMPETITION_MANAGE)
    response = HttpResponse(
        importer.build_theory_template(occupation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = quote(f"{occupation.code}-理论成绩.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_POST
def theory_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The theory scores from the filled sheet: all or nothing, each problem by row and column."""
    occupation = scoped_occupation(request, pk, Action.COMPETITION_MANAGE)
    form = UploadForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        try:
            result = importer.import_theory_scores(
                actor=request.user,
                occupation=occupation,
                fileobj=form.cleaned_data["file"],
                reason=request.POST.get("reason", ""),
            )
        except importer.ImportRefused as exc:
            messages.error(request, exc.message)
            return redirect("competitions:theory", pk=pk)
        except PermissionDenied as exc:
            messages.error(request, refusal_text(exc))
            return redirect("competitions:theory", pk=pk)
        if result.ok:
            messages.success(
                request,
                _("已导入%(n)d项理论成绩（%(u)d项与现有成绩相同，未变）。")
                % {"n": result.entered, "u": result.unchanged},
            )
            return redirect("competitions:theory", pk=pk)
        errors = result.errors
    else:
        messages.error(request, "；".join(m for ms in form.errors.values() for m in ms))
        return redirect("competitions:theory", pk=pk)
    return render(
        request,
        "competitions/theory_import_errors.html",
        {"o": occupation, "errors": errors},
        status=400,
    )
