"""What the pairs pages share: fetching an agreement within scope, showing a refusal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404

from ..models import Agreement


def scoped_agreement(request, pk: int, action: str = Action.PAIR_VIEW) -> Agreement:
    return get_scoped_or_404(
        Agreement.objects.select_related("enterprise__union", "industry_union", "approved_by", "created_by"),
        request.user,
        action,
        pk=pk,
    )


def act(request, pk: int, call, done: str, *, form=None):
    """Run one service call for the detail page's forms; its refusal is shown there, in full."""
    if form is not None and not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("pairs:detail", pk=pk)
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您无权执行该操作。")
    else:
        messages.success(request, done)
        if isinstance(result, Agreement) and result.pk != pk:
            return redirect("pairs:detail", pk=result.pk)
    return redirect("pairs:detail", pk=pk)
