"""The teams: formed, changed and staffed by the city or the county union over the team's home
unit. Each write checks the actor's scope at that unit, validates every value (a clear Chinese
message, nothing changed), writes in one transaction (the change tracker audits it) and records a
refusal."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.audit.services import refusals_recorded
from innovation.core.validators import clean_text
from innovation.org.models import Enterprise, Region, Worker
from innovation.studios.models import Studio

from ..models import MAX_CAPACITY, Category, MemberRole, ServiceTeam, TeamMember
from ..selectors import studio_people

FIELDS = (
    "name",
    "enterprise",
    "leader",
    "studios",
    "districts",
    "categories",
    "capacity",
    "formed_on",
    "description",
)


def _guarded(actor, step: str, obj=None):
    return refusals_recorded(actor=actor, obj=obj, model=ServiceTeam, step=f"volunteer.{step}")


def _require_manage(actor, enterprise: Enterprise) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))
    if not can_act_at(actor, Action.SERVICE_MANAGE, enterprise.union):
        raise PermissionDenied(_("您无权管理%(u)s的志愿服务队。") % {"u": enterprise.name})


def _clean(actor, data: dict, team: ServiceTeam | None) -> dict:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = data.get("name", "")
    try:
        data["name"] = clean_text(name, field="name", limit=100, required=_("请填写服务队名称。"))
        taken = ServiceTeam.objects.filter(name=data["name"])
        if team is not None:
            taken = taken.exclude(pk=team.pk)
        if taken.exists():
            refuse("name", _("已有名为“%(n)s”的服务队。") % {"n": data["name"]})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        data["description"] = clean_text(data.get("description", ""), field="description", limit=2000)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    enterprise = data.get("enterprise")
    if not isinstance(enterprise, Enterprise):
        refuse("enterprise", _("请选择服务队所在单位。"))
    leader = data.get("leader")
    if not isinstance(leader, Worker):
        refuse("leader", _("请选择队长。"))
    elif not restrict(studio_people().filter(pk=leader.pk), actor, Action.WORKER_VIEW).exists():
        refuse("leader", _("%(n)s须为在职的工作室带头人或成员，且在您的管理范围内。") % {"n": leader.name})
    studios = list(data.get("studios") or [])
    if not studios:
        refuse("studios", _("服务队须依托至少一个创新工作室。"))
    else:
        ids = [s.pk for s in studios]
        seen = restrict(
            Studio.objects.filter(pk__in=ids, status=Studio.Status.ACTIVE), actor, Action.STUDIO_VIEW
        )
        if seen.count() != len(set(ids)):
            refuse("studios", _("所选工作室须在您的管理范围内且未摘牌。"))
    districts = list(data.get("districts") or [])
    if not districts:
        refuse("districts", _("请选择服务区域（至少一个县、市、区）。"))
    elif any(not isinstance(r, Region) or r.level != Region.Level.COUNTY for r in districts):
        refuse("districts", _("服务区域须为县（市、区）。"))
    categories = data.get("categories") or []
    if not categories:
        refuse("categories", _("请选择至少一个服务领域。"))
    elif any(c not in Category.values for c in categories):
        refuse("categories", _("服务领域须从列表中选择。"))
    else:
        data["categories"] = [c for c in Category.values if c in set(categories)]
    capacity = data.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        refuse("capacity", _("同时承接订单上限须为1至%(n)d。") % {"n": MAX_CAPACITY})
    formed_on = data.get("formed_on")
    if not isinstance(formed_on, datetime.date):
        refuse("formed_on", _("请填写组建日期。"))
    if errors:
        raise ValidationError(errors)
    data["studios"], data["districts"] = studios, districts
    return data


def team_create(*, actor, **data) -> ServiceTeam:
    """A team at its home unit, with its leader on the roster as 队长."""
    with _guarded(actor, "team_create"):
        enterprise = data.get("enterprise")
        if isinstance(enterprise, Enterprise):
            _require_manage(actor, enterprise)
        data = _clean(actor, {k: data.get(k) for k in FIELDS}, None)
        studios, districts = data.pop("studios"), data.pop("districts")
        with transaction.atomic():
            team = ServiceTeam.objects.create(created_by=actor, **data)
            team.studios.set(studios)
            team.districts.set(districts)
            TeamMember.objects.create(
                team=team, worker=team.leader, role=MemberRole.LEADER, joined_on=team.formed_on
            )
        return team


def team_update(*, actor, team: ServiceTeam, **changes) -> ServiceTeam:
    """Change a team's facts; a new leader joins the roster as 队长 and the former one stays a
    member."""
    with _guarded(actor, "team_update", obj=team):
        _require_manage(actor, team.enterprise)
        data = {k: getattr(team, k) for k in FIELDS if k not in ("studios", "districts")}
        data["studios"], data["districts"] = list(team.studios.all()), list(team.districts.all())
        data.update({k: v for k, v in changes.items() if k in FIELDS})
        if data["enterprise"] != team.enterprise:
            _require_manage(actor, data["enterprise"])
        data = _clean(actor, data, team)
        studios, districts = data.pop("studios"), data.pop("districts")
        with transaction.atomic():
            old_leader = team.leader_id
            for key, value in data.items():
                setattr(team, key, value)
            team.save()
            team.studios.set(studios)
            team.districts.set(districts)
            if team.leader_id != old_leader:
                # Row by row, not queryset.update(): each role change is in the audit trail.
                for member in team.members.filter(left_on=None, role=MemberRole.LEADER):
                    member.role = MemberRole.MEMBER
                    member.save()
                current = team.members.filter(left_on=None, worker=team.leader).first()
                if current is None:
                    TeamMember.objects.create(
                        team=team, worker=team.leader, role=MemberRole.LEADER, joined_on=timezone.localdate()
                    )
                else:
                    current.role = MemberRole.LEADER
                    current.save()
        return team


def member_add(
    *, actor, team: ServiceTeam, worker: Worker, skills: str = "", joined_on: datetime.date
) -> TeamMember:
    with _guarded(actor, "member_add", obj=team):
        _require_manage(actor, team.enterprise)
        if (
            not isinstance(worker, Worker)
            or not restrict(studio_people().filter(pk=worker.pk), actor, Action.WORKER_VIEW).exists()
        ):
            raise ValidationError({"worker": [_("队员须为在职的工作室带头人或成员，且在您的管理范围内。")]})
        skills = clean_text(skills, field="skills", limit=200)
        if not isinstance(joined_on, datetime.date):
            raise ValidationError({"joined_on": [_("请填写加入日期。")]})
        if joined_on < team.formed_on:
            raise ValidationError(
                {"joined_on": [_("加入日期不能早于服务队组建日期（%(d)s）。") % {"d": team.formed_on}]}
            )
        try:
            with transaction.atomic():
                return TeamMember.objects.create(team=team, worker=worker, skills=skills, joined_on=joined_on)
        except IntegrityError:
            raise ValidationError({"worker": [_("%(n)s已是本队队员。") % {"n": worker.name}]}) from None


def member_leave(*, actor, member: TeamMember, left_on: datetime.date) -> TeamMember:
    team = member.team
    with _guarded(actor, "member_leave", obj=team):
        _require_manage(actor, team.enterprise)
        if member.left_on is not None:
            raise ValidationError(
                _("%(n)s已于%(d)s退出本队。") % {"n": member.worker.name, "d": member.left_on}
            )
        if member.role == MemberRole.LEADER:
            raise ValidationError(_("队长不能退出；请先更换队长。"))
        if not isinstance(left_on, datetime.date) or left_on < member.joined_on:
            raise ValidationError(
                {"left_on": [_("退出日期不能早于加入日期（%(d)s）。") % {"d": member.joined_on}]}
            )
        with transaction.atomic():
            member.left_on = left_on
            member.save()
        return member
