"""Registration: the unit admin's form and Excel batch, the organiser's confirm / return, the
registrations list with its export, and the contestant card (PDF, no ID number)."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.core.pdf import chinese_date, render_pdf
from innovation.org.models import Worker

from .. import importer, services
from ..exports import RegistrationExporter
from ..filters import RegistrationFilterSet
from ..forms import RegistrationForm, UploadForm, open_competitions
from ..models import Competition, Occupation, Registration
from ..tables import STATE_STYLE, RegistrationTable
from .common import act, registration_queryset


class RegistrationListView(ScopedListView):
    model = Registration
    action = Action.COMPETITION_VIEW
    filterset_class = RegistrationFilterSet
    table_class = RegistrationTable
    exporter_class = RegistrationExporter
    title = _("参赛报名")
    create_url_name = "competitions:register"
    create_action = Action.COMPETITION_REGISTER

    def base_queryset(self):
        return registration_queryset()


def _require_register(request):
    if not can(request.user, Action.COMPETITION_REGISTER):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """A unit admin enters one of the workers of their unit(s) for an occupation."""
    _require_register(request)
    competitions = open_competitions(request.user)
    occupations = Occupation.objects.filter(competition__in=competitions).select_related("competition")
    workers = restrict(
        Worker.objects.filter(is_active=True).select_related("enterprise"), request.user, Action.WORKER_VIEW
    ).order_by("name", "pk")
    form = RegistrationForm(request.POST or None, occupations=occupations, workers=workers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.register(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("已报名，待主办方确认。"))
                return redirect("competitions:registrations")
    return render(
        request,
        "competitions/register.html",
        {"form": form, "competitions": competitions.prefetch_related("occupations")},
        status=status,
    )


@login_required
@require_GET
def upload_template(request: HttpRequest) -> HttpResponse:
    _require_register(request)
    response = HttpResponse(
        importer.build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('批量报名模板.xlsx')}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The Excel batch of one event: all or nothing; the errors as a table of row / column / message."""
    _require_register(request)
    competition = open_competitions(request.user).filter(pk=pk).first()
    if competition is None:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = importer.import_registrations(
                    actor=request.user, competition=competition, fileobj=form.cleaned_data["file"]
                )
            except importer.ImportRefused as exc:
                form.add_error("file", exc.message)
            else:
                if result.ok:
                    messages.success(request, _("已报名%(n)d人，待主办方确认。") % {"n": len(result.created)})
                    return redirect(reverse("competitions:registrations") + f"?competition={competition.pk}")
                errors = result.errors
    return render(
        request,
        "competitions/upload.html",
        {"form": form, "competition": competition, "errors": errors},
        status=status,
    )


def _registration(request, pk: int) -> Registration:
    return get_scoped_or_404(registration_queryset(), request.user, Action.COMPETITION_VIEW, pk=pk)


@login_required
@require_GET
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    return render(
        request,
        "competitions/registration.html",
        {
            "r": registration,
            "state_style": STATE_STYLE.get(registration.state, "light"),
            "steps": kernel.steps_for(registration, request.user),
            "history": kernel.history(registration),
            "may_card": bool(registration.card_number) and _card_scope(request.user, pk),
        },
    )


@login_required
@require_POST
def registration_step(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    return act(
        request,
        lambda: services.registration_step(
            actor=request.user,
            registration=registration,
            step=request.POST.get("step", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("已办理。"),
        reverse("competitions:registration", args=[pk]),
    )


def _card_scope(user, pk: int) -> bool:
    """The card is the unit's (it registered) and the organiser's, nobody else's."""
    qs = Registration.objects.filter(pk=pk)
    return (
        restrict(qs, user, Action.COMPETITION_REGISTER).exists()
        or Competition.objects.filter(
            pk__in=restrict(Competition.objects.all(), user, Action.COMPETITION_MANAGE).values("pk"),
            occupations__registrations__pk=pk,
        ).exists()
    )


@login_required
@require_GET
def registration_card(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    if not _card_scope(request.user, pk):
        raise Http404
    if not registration.card_number:
        messages.error(request, _("报名经主办方确认后才有参赛证。"))
        return redirect("competitions:registration", pk=pk)
    competition = registration.occupation.competition
    pdf = render_pdf(
        "competitions/pdf/card.html",
        {
            "name": registration.worker.name,
            "unit": registration.enterprise.name,
            "competition": competition.title,
            "organiser": competition.union.name if competition.union_id else "",
            "occupation": registration.occupation.title,
            "card_number": registration.card_number,
            "anonymous_number": registration.anonymous_number,
            "venue": competition.venue,
            "starts": chinese_date(competition.starts_on),
            "ends": chinese_date(competition.ends_on),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"参赛证-{registration.card_number}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
