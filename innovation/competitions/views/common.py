"""What the competitions' pages share: fetching a row within scope, running one service call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404, restrict

from ..models import Competition, Occupation, Registration


def scoped_competition(request, pk: int, action: str = Action.COMPETITION_VIEW) -> Competition:
    return get_scoped_or_404(
        Competition.objects.select_related("union", "league"), request.user, action, pk=pk
    )


def scoped_occupation(request, pk: int, action: str = Action.COMPETITION_MANAGE) -> Occupation:
    return get_scoped_or_404(
        Occupation.objects.select_related("competition__union"), request.user, action, pk=pk
    )


def registration_queryset():
    return Registration.objects.select_related("occupation__competition", "worker", "enterprise")


def is_organiser(user, competition: Competition) -> bool:
    return restrict(Competition.objects.filter(pk=competition.pk), user, Action.COMPETITION_MANAGE).exists()


def refusal_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("您无权执行该操作。")


def act(request, call, done: str, back):
    """Run one service call of a page's button; its refusal is shown in full, nothing changed."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, done)
    return redirect(back)
