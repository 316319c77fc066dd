"""The judge panel of an occupation (裁判组): who judges which aspects, who is the chief judge;
the organiser puts experts of the pool on it and takes off one who has entered nothing yet. The
conflict rule (never one's own unit's contestants) is applied on every sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation.core.generic import form_errors_from

from .. import selectors, services
from ..forms import JudgeForm
from ..models import Aspect, JudgeAssignment, Mark
from .common import act, scoped_occupation


@login_required
@require_http_methods(["GET", "POST"])
def judges(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = scoped_occupation(request, pk)
    competition = occupation.competition
    aspects = Aspect.objects.filter(occupation=occupation).order_by("section__order", "order")
    form = JudgeForm(request.POST or None, pool=selectors.judge_pool(competition), aspects=aspects)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.judge_assign(
                    actor=request.user,
                    occupation=occupation,
                    expert=d["expert"],
                    aspects=list(d["aspects"]),
                    chief=d["chief"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("已加入裁判组。"))
                return redirect("competitions:judges", pk=pk)
        status = 400
    panel = list(
        JudgeAssignment.objects.filter(occupation=occupation)
        .select_related("unit", "expert")
        .prefetch_related("aspects")
        .order_by("-is_chief", "name", "pk")
    )
    marked = set(
        Mark.objects.filter(registration__occupation=occupation).values_list("judge_id", flat=True).distinct()
    )
    for assignment in panel:
        assignment.has_marks = assignment.judge_id in marked
    judged = {a.pk for j in panel for a in j.aspects.all()}
    return render(
        request,
        "competitions/judges.html",
        {
            "o": occupation,
            "c": competition,
            "panel": panel,
            "form": form,
            "unjudged": [a for a in aspects if a.pk not in judged],
            "locked": occupation.marks_locked,
        },
        status=status,
    )


@login_required
@require_POST
def judge_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(JudgeAssignment, pk=pk)
    scoped_occupation(request, assignment.occupation_id)  # 404 outside the organiser's scope
    return act(
        request,
        lambda: services.judge_remove(actor=request.user, assignment=assignment),
        _("已撤下该裁判。"),
        reverse("competitions:judges", args=[assignment.occupation_id]),
    )
