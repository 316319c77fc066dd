"""The audit chain's status on the audit page, and the audit administrator's 立即校验."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.audit.chain import verify_and_record
from innovation.audit.models import AuditEntry, ChainCheck


def chain_status(user) -> dict:
    """The latest walk of the chain and how many rows were written after it."""
    check = restrict(ChainCheck.objects.all(), user, Action.AUDIT_VIEW).first()
    if check is None:
        return {"chain_check": None, "chain_unchecked": None}
    unchecked = restrict(AuditEntry.objects.all(), user, Action.AUDIT_VIEW).filter(
        seq__gt=check.last_seq or 0
    )
    return {"chain_check": check, "chain_unchecked": unchecked.count()}


@login_required
@require_POST
def verify_chain(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.AUDIT_VIEW):
        raise PermissionDenied
    finding = verify_and_record(checked_by=request.user.get_username())
    (messages.success if finding.intact else messages.error)(request, finding.describe())
    return redirect("audit:entry_list")
