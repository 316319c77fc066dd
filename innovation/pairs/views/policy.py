"""The city's page of the cap of apprentices per master (dated policy rows)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.core.generic import form_errors_from

from .. import services
from ..forms import CapPolicyForm
from ..models import ApprenticeCapPolicy


@login_required
@require_http_methods(["GET", "POST"])
def cap_policies(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.PAIR_POLICY):
        raise PermissionDenied
    form = CapPolicyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.cap_policy_add(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("带徒人数上限已保存。"))
                return redirect("pairs:cap_policies")
    return render(
        request,
        "pairs/cap_policies.html",
        {"rows": ApprenticeCapPolicy.objects.all(), "form": form},
        status=status,
    )
