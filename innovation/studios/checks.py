"""What every studio sub-domain checks the same way: the refusal recorder, the actor's rights,
clean text and years, and the studio page's URL (reports, assessment, subsidies, alliances)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, restrict
from innovation.audit.services import refusals_recorded

from .models import Studio


def audited(*, actor, obj=None, model=None, step: str):
    """The audit writer's refusal recorder, for the report, assessment, subsidy and alliance
    steps (a refusal with neither row nor model is filed under the studio)."""
    return refusals_recorded(
        actor=actor, obj=obj, model=model or (None if obj is not None else Studio), step=f"studios.{step}"
    )


def require_user(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("%(w)s须由登录用户办理。") % {"w": what})


def require_scoped(actor, action: str, obj, message: str) -> None:
    """The actor may take `action` on this row (its scope)."""
    if not restrict(type(obj).objects.filter(pk=obj.pk), actor, action).exists():
        raise PermissionDenied(message)


def require_city(actor, action: str, obj, message: str) -> None:
    """City duties (verify, assess, revoke, subsidies): in scope and held as a city admin."""
    require_scoped(actor, action, obj, message)
    if not actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(message)


def clean_year(year, *, field: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({field: [_("年度须在2000至2100之间。")]})
    return year


def studio_url(studio_id: int) -> str:
    """The studio's page (its URL is the studio core's); "" while it is not wired."""
    from django.urls import NoReverseMatch

    try:
        return reverse("studios:detail", args=[studio_id])
    except NoReverseMatch:
        return ""


def local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def is_city(user, action: str = Action.STUDIO_MANAGE) -> bool:
    """Held as a city admin with `action` (the city's pages: verify, assess, revoke, alliances)."""
    return can(user, action) and user.has_role(Role.CITY_ADMIN)
