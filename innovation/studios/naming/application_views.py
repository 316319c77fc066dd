"""Naming applications: the list (with the user's queue), the detail with the step buttons by
role and state, the unit's form, and the one POST that takes a step (the workflow kernel)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict, scope_q
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.org.models import Enterprise

from ..views import tabs
from . import services
from .exports import ApplicationExporter
from .filters import ApplicationFilterSet
from .forms import ApplicationForm, NameForm
from .models import EDITABLE_APPLICATION_STATES, StudioApplication
from .tables import APPLICATION_STYLE, ApplicationTable


class ApplicationListView(ScopedListView):
    model = StudioApplication
    action = Action.STUDIO_VIEW
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    exporter_class = ApplicationExporter
    template_name = "studios/application_list.html"
    select_related = ("enterprise", "leader", "studio")
    create_url_name = "studios:application_create"
    create_action = Action.STUDIO_APPLY
    title = _("工作室命名申请")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(tabs(self.request.user, "applications"))
        return ctx


def _scoped(request, pk, action=Action.STUDIO_VIEW) -> StudioApplication:
    return get_scoped_or_404(
        StudioApplication.objects.select_related(
            "enterprise__union__parent", "leader", "studio", "created_by", "naming__studio"
        ),
        request.user,
        action,
        pk=pk,
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _scoped(request, pk)
    user = request.user
    steps = kernel.steps_for(app, user)
    can_edit = (
        app.state in EDITABLE_APPLICATION_STATES
        and restrict(StudioApplication.objects.filter(pk=pk), user, Action.STUDIO_APPLY).exists()
    )
    naming = getattr(app, "naming", None) if app.state == StudioApplication.State.NAMED else None
    return render(
        request,
        "studios/application_detail.html",
        {
            "app": app,
            "state_style": APPLICATION_STYLE.get(app.state, "light"),
            "steps": steps,
            "name_form": NameForm() if any(s.name == "name" for s in steps) else None,
            "can_edit": can_edit,
            "history": kernel.history(app),
            "naming": naming,
            "leader_honours": app.leader.honours.all(),
        },
    )


@login_required
@require_POST
def application_step(request: HttpRequest, pk: int) -> HttpResponse:
    app = _scoped(request, pk)
    step = request.POST.get("step", "")
    named_on = None
    raw_date = request.POST.get("named_on", "")
    if raw_date:
        try:
            named_on = datetime.date.fromisoformat(raw_date)
        except ValueError:
            messages.error(request, _("命名日期格式不正确。"))
            return redirect("studios:application_detail", pk=pk)
    try:
        kernel.run(
            obj=app,
            step=step,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            inspection_record=request.POST.get("inspection_record", ""),
            panel_opinion=request.POST.get("panel_opinion", ""),
            document_no=request.POST.get("document_no", ""),
            named_on=named_on,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已处理：%(s)s") % {"s": app.get_state_display()})
    return redirect("studios:application_detail", pk=pk)


def _applying_enterprises(user):
    """Units the user may apply for: STUDIO_APPLY over them."""
    q = scope_q(user, Enterprise, Action.STUDIO_APPLY)
    if q is None:
        return Enterprise.objects.none()
    qs = Enterprise.objects.filter(is_active=True).select_related("union")
    return (qs.filter(q) if q else qs).order_by("name")


FORM_FIELDS = ("studio", "name", "type", "leader", "field", "founded_on", "address", "results_so_far", "plan")


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    app = _scoped(request, pk, Action.STUDIO_APPLY) if pk else None
    if app is None and not can(user, Action.STUDIO_APPLY):
        raise PermissionDenied
    if app is not None and app.state not in EDITABLE_APPLICATION_STATES:
        messages.error(request, _("申请已提交（%(s)s），不能再修改。") % {"s": app.get_state_display()})
        return redirect("studios:application_detail", pk=app.pk)
    enterprises = _applying_enterprises(user)
    enterprise = app.enterprise if app else None
    if enterprise is None:
        chosen = (request.POST if request.method == "POST" else request.GET).get("enterprise", "")
        if chosen.isdigit():
            enterprise = enterprises.filter(pk=int(chosen)).first()
        elif enterprises[:2].count() == 1:
            enterprise = enterprises.first()
    form = None
    if enterprise is not None:
        initial = {k: getattr(app, k) for k in FORM_FIELDS} if app else {}
        if app:
            initial["studio"] = app.studio_id
            initial["leader"] = app.leader_id
        elif request.GET.get("studio", "").isdigit():
            initial["studio"] = int(request.GET["studio"])
        form = ApplicationForm(
            request.POST if request.method == "POST" else None, initial=initial, enterprise=enterprise
        )
        if request.method == "POST" and form.is_valid():
            fields = {k: form.cleaned_data.get(k) for k in FORM_FIELDS}
            try:
                if app is None:
                    app = services.application_create(actor=user, enterprise=enterprise, **fields)
                else:
                    app = services.application_update(actor=user, application=app, **fields)
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("申请已保存。核对无误后请在申请页面提交。"))
                return redirect("studios:application_detail", pk=app.pk)
    return render(
        request,
        "studios/application_form.html",
        {"form": form, "app": app, "enterprise": enterprise, "enterprises": enterprises[:1000]},
    )
