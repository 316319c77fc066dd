"""Studio alliances (工作室联盟): a lead studio, member studios and their joint projects.

An alliance is placed at the nearest node of the union tree that holds all its studios (an
alliance of 义县 studios is 义县's; one across districts is the city's), so each district sees
the alliances of its own studios and the city sees all. The city creates and edits them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, restrict
from innovation.core.validators import clean_text

from ..checks import audited, clean_year, require_user
from ..models import Studio
from .models import Alliance, AllianceProject

NAME_MAX = 100
TITLE_MAX = 200
TEXT_MAX = 5000


def common_path(paths: Iterable[str]) -> str:
    """The deepest path that is a prefix of every one: "/1/4/9/", "/1/4/12/" → "/1/4/"."""
    split = [[p for p in path.split("/") if p] for path in paths]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if all(part == parts[0] for part in parts):
            common.append(parts[0])
        else:
            break
    return "/" + "/".join(common) + "/" if common else ""


def _require_manager(actor) -> None:
    require_user(actor, _("管理工作室联盟"))
    if not (can(actor, Action.STUDIO_MANAGE) and actor.has_role(Role.CITY_ADMIN)):
        raise PermissionDenied(_("工作室联盟须由市总工会管理。"))


def _manageable(actor, studios: Iterable[Studio]) -> list[Studio]:
    ids = {s.pk for s in studios}
    found = list(restrict(Studio.objects.filter(pk__in=ids), actor, Action.STUDIO_MANAGE))
    if len(found) != len(ids):
        raise PermissionDenied(_("所选工作室不在您的管理范围内。"))
    return found


def alliance_save(
    *,
    actor,
    alliance: Alliance | None = None,
    name: str,
    lead: Studio,
    members: Iterable[Studio],
    founded_on: datetime.date,
    description: str = "",
) -> Alliance:
    """Create an alliance (alliance=None) or change one. The lead is always a member."""
    with audited(actor=actor, obj=alliance, model=Alliance, step="alliance_save"):
        _require_manager(actor)
        if (
            alliance is not None
            and not restrict(Alliance.objects.filter(pk=alliance.pk), actor, Action.STUDIO_MANAGE).exists()
        ):
            raise PermissionDenied(_("您无权修改该联盟。"))
        errors: dict[str, list] = {}
        try:
            name = clean_text(name, field="name", limit=NAME_MAX, required=_("请填写联盟名称。"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            description = clean_text(description, field="description", limit=TEXT_MAX)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if lead is None:
            errors["lead"] = [_("请选择牵头工作室。")]
        if not isinstance(founded_on, datetime.date) or isinstance(founded_on, datetime.datetime):
            errors["founded_on"] = [_("请填写成立日期。")]
        elif founded_on > timezone.localdate():
            errors["founded_on"] = [_("成立日期不能晚于今天。")]
        if errors:
            raise ValidationError(errors)
        studios = {s.pk: s for s in [lead, *list(members or [])]}
        studios = {s.pk: s for s in _manageable(actor, studios.values())}
        if len(studios) < 2:
            raise ValidationError({"members": [_("联盟至少要有牵头工作室之外的一个成员工作室。")]})
        current = set(alliance.members.values_list("pk", flat=True)) if alliance is not None else set()
        joining = [s for s in studios.values() if s.pk not in current and s.status != Studio.Status.ACTIVE]
        if joining:
            raise ValidationError(
                {
                    "members": [
                        _("已摘牌的工作室不能加入联盟：%(s)s") % {"s": "、".join(s.name for s in joining)}
                    ]
                }
            )
        if studios[lead.pk].status != Studio.Status.ACTIVE and (
            alliance is None or alliance.lead_id != lead.pk
        ):
            raise ValidationError({"lead": [_("已摘牌的工作室不能牵头联盟。")]})
        clash = Alliance.objects.filter(name=name)
        if alliance is not None:
            clash = clash.exclude(pk=alliance.pk)
        if clash.exists():
            raise ValidationError({"name": [_("联盟名称「%(n)s」已存在。") % {"n": name}]})
        try:
            with transaction.atomic():
                row = alliance or Alliance()
                row.name = name
                row.lead = lead
                row.founded_on = founded_on
                row.description = description
                row.scope_path = common_path(s.scope_path for s in studios.values())
                row.save()
                row.members.set(list(studios.values()))
                if alliance is not None:
                    # A studio that left the alliance leaves its joint projects too.
                    for project in row.projects.all():
                        project.studios.remove(*[s for s in project.studios.all() if s.pk not in studios])
        except IntegrityError:
            raise ValidationError({"name": [_("联盟名称「%(n)s」已存在。") % {"n": name}]}) from None
    return row


def _require_alliance(actor, alliance: Alliance) -> None:
    _require_manager(actor)
    if not restrict(Alliance.objects.filter(pk=alliance.pk), actor, Action.STUDIO_MANAGE).exists():
        raise PermissionDenied(_("您无权管理该联盟。"))


def project_save(
    *,
    actor,
    alliance: Alliance,
    project: AllianceProject | None = None,
    title: str,
    year: int,
    studios: Iterable[Studio],
    result: str = "",
) -> AllianceProject:
    """Add a joint project (project=None) or change one; its studios are members of the alliance."""
    with audited(actor=actor, obj=project or alliance, step="alliance_project_save"):
        _require_alliance(actor, alliance)
        if project is not None and project.alliance_id != alliance.pk:
            raise ValidationError(_("该项目不属于此联盟。"))
        errors: dict[str, list] = {}
        try:
            title = clean_text(title, field="title", limit=TITLE_MAX, required=_("请填写项目名称。"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            result = clean_text(result, field="result", limit=TEXT_MAX)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            clean_year(year)
            if year > timezone.localdate().year:
                raise ValidationError({"year": [_("年度不能晚于今年。")]})
            if year < alliance.founded_on.year:
                raise ValidationError(
                    {"year": [_("联盟成立于%(y)d年，项目年度不能更早。") % {"y": alliance.founded_on.year}]}
                )
        except ValidationError as exc:
            errors.update(exc.message_dict)
        chosen = list(studios or [])
        members = set(alliance.members.values_list("pk", flat=True))
        outside = [s.name for s in chosen if s.pk not in members]
        if not chosen:
            errors["studios"] = [_("请选择参与的工作室。")]
        elif outside:
            errors["studios"] = [_("以下工作室不是联盟成员：%(s)s") % {"s": "、".join(outside)}]
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            row = project or AllianceProject(alliance=alliance)
            row.title = title
            row.year = year
            row.result = result
            row.save()
            row.studios.set(chosen)
    return row


def project_delete(*, actor, project: AllianceProject) -> None:
    with audited(actor=actor, obj=project, step="alliance_project_delete"):
        _require_alliance(actor, project.alliance)
        with transaction.atomic():
            project.delete()


def alliances_visible_to(user, action: str = Action.STUDIO_VIEW):
    return restrict(Alliance.objects.all(), user, action)
