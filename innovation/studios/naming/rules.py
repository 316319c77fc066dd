"""The rules of naming studios, as data and as checks: the honour a studio type requires of its
leader, the levels recorded from another body's document, the roster policy, what an application
must hold, and who may keep a studio. The writes in services.py and the application workflow
(workflow.py) call these; they change nothing themselves."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, can_act_at
from innovation.audit.services import refusals_recorded
from innovation.org.models import Honour, Worker

from .. import selectors
from ..models import Studio, StudioLevel, StudioType
from .models import (
    CITY_LEVEL,
    IN_REVIEW_STATES,
    TEXT_MAX,
    Member,
    Naming,
    StudioApplication,
)

# ---------------------------------------------------------------- the rules as data

# The honour a studio type requires of its leader (any level of it). A type not listed here
# (职工创新工作室) requires none.
LEADER_HONOUR: dict[str, str] = {
    StudioType.MODEL_WORKER: Honour.Kind.MODEL_WORKER,
    StudioType.CRAFTSMAN: Honour.Kind.CRAFTSMAN,
}

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read right from a plaque
CODE_LENGTH = 12


# ---------------------------------------------------------------- refusals and rights


def audited(*, actor, obj, step: str, model=Studio):
    """The audit writer's refusal recorder, for the studio steps."""
    return refusals_recorded(actor=actor, obj=obj, model=model, step=f"studios.{step}")


def may_manage(actor, studio: Studio) -> bool:
    """The city's duty: record namings, set lineage, keep any studio's roster."""
    if actor is None:
        return True
    return can_act_at(actor, Action.STUDIO_MANAGE, studio.enterprise.union)


def may_keep(actor, studio: Studio) -> bool:
    """Who keeps a studio's roster and lineage: the city, the unit (STUDIO_REPORT over the
    unit), or the studio's own leader (a studio lead's SELF grant) — not a mere member."""
    if actor is None or may_manage(actor, studio):
        return True
    if can_act_at(actor, Action.STUDIO_REPORT, studio.enterprise.union):
        return True
    leader_user_id = Worker.objects.filter(pk=studio.leader_id).values_list("user_id", flat=True).first()
    return leader_user_id == actor.pk and can(actor, Action.STUDIO_REPORT)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# ---------------------------------------------------------------- the checks


def check_leader(*, studio_type: str, leader: Worker) -> None:
    """A model-worker studio needs a leader holding a 劳动模范 honour, a craftsman studio a 工匠
    honour (any level); LEADER_HONOUR says which."""
    kind = LEADER_HONOUR.get(studio_type)
    if kind is None or leader is None:
        return
    if not Honour.objects.filter(worker=leader, kind=kind).exists():
        raise ValidationError(
            {
                "leader": [
                    _("%(type)s的带头人须获得“%(honour)s”荣誉称号（任一级别），%(name)s没有该荣誉记录。")
                    % {
                        "type": StudioType(studio_type).label,
                        "honour": Honour.Kind(kind).label,
                        "name": leader.name,
                    }
                ]
            }
        )


def check_not_named(*, studio: Studio, studio_type: str, level: str) -> None:
    """A second naming of the same studio at the same type and level is refused (the Naming
    unique constraint backs this)."""
    if Naming.objects.filter(studio=studio, type=studio_type, level=level).exists():
        raise ValidationError(
            _("「%(name)s」已获得%(level)s%(type)s命名，同一工作室同类型同级别只能命名一次。")
            % {"name": studio.name, "level": StudioLevel(level).label, "type": StudioType(studio_type).label},
            code="duplicate_naming",
        )


def check_roster(*, studio: Studio | None, worker: Worker, on: datetime.date | None = None) -> None:
    """The roster policy: when the rubric in force says one roster only, a worker on another
    active studio's active roster is refused (with that studio's name)."""
    current = Member.objects.filter(worker=worker, left_on__isnull=True).select_related("studio")
    if studio is not None and studio.pk and current.filter(studio=studio).exists():
        raise ValidationError(
            {"worker": [_("%(w)s已是「%(s)s」的在册成员。") % {"w": worker.name, "s": studio.name}]}
        )
    year = (on or timezone.localdate()).year
    if not selectors.one_roster_only(year):
        return
    other = current.filter(studio__status=Studio.Status.ACTIVE).exclude(studio=studio).first()
    if other is not None:
        raise ValidationError(
            {
                "worker": [
                    _(
                        "%(w)s已是「%(s)s」的在册成员；按现行考核办法，职工只能在一个工作室在册，请先办理退出。"
                    )
                    % {"w": worker.name, "s": other.studio.name}
                ]
            }
        )


def check_date(value, field: str, errors: dict, *, label: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(field, []).append(_("%(l)s不能晚于今天。") % {"l": label})


APPLICATION_FIELDS = (
    "name",
    "type",
    "leader",
    "field",
    "founded_on",
    "address",
    "results_so_far",
    "plan",
    "studio",
)


def check_application(app: StudioApplication, *, stage: str) -> None:
    """The rules of an application. stage "draft": what must hold for it to be saved at all;
    "submit" and "name": everything, checked again when the city names it."""
    errors: dict[str, list] = {}
    if app.level != CITY_LEVEL:
        errors["level"] = [_("市总工会只命名市级工作室；省级、全国命名由市总工会录入命名文件。")]
    if app.type not in StudioType.values:
        errors["type"] = [_("请选择申请类型。")]
    if not (app.name or "").strip():
        errors["name"] = [_("请填写工作室名称。")]
    if app.leader_id is None:
        errors["leader"] = [_("请选择带头人。")]
    elif app.leader.enterprise_id != app.enterprise_id:
        errors["leader"] = [_("带头人须是申请单位的职工。")]
    if app.founded_on is not None and app.founded_on > timezone.localdate():
        errors["founded_on"] = [_("成立日期不能晚于今天。")]
    for key in ("results_so_far", "plan"):
        if len(getattr(app, key) or "") > TEXT_MAX:
            errors[key] = [_("内容过长（不超过%(n)d字）。") % {"n": TEXT_MAX}]
    studio = app.studio
    if studio is not None:
        if studio.enterprise_id != app.enterprise_id:
            errors["studio"] = [_("只能为本单位的工作室申请升级。")]
        elif studio.status != Studio.Status.ACTIVE:
            errors["studio"] = [_("「%(n)s」已摘牌，不能申请升级。") % {"n": studio.name}]
        elif app.type in StudioType.values:
            held = selectors.dominated(app.type, app.level, Naming.objects.filter(studio_id=studio.pk))
            if held is not None:
                errors["type"] = [
                    _("「%(n)s」已获得%(l)s%(t)s命名，申请%(wl)s%(wt)s不是升级。")
                    % {
                        "n": studio.name,
                        "l": held.get_level_display(),
                        "t": held.get_type_display(),
                        "wl": StudioLevel(app.level).label,
                        "wt": StudioType(app.type).label,
                    }
                ]
    if errors:
        raise ValidationError(errors)
    if app.leader_id is not None and app.type in StudioType.values:
        check_leader(studio_type=app.type, leader=app.leader)
    if stage == "draft":
        return
    for key, label in (("results_so_far", _("已取得成果")), ("plan", _("建设计划"))):
        if not (getattr(app, key) or "").strip():
            errors.setdefault(key, []).append(_("提交前须填写“%(l)s”。") % {"l": label})
    # Another application already with the district or the city (drafts do not block).
    others = StudioApplication.objects.filter(state__in=IN_REVIEW_STATES).exclude(pk=app.pk)
    name = app.name.strip()
    if stage == "submit" and studio is not None and others.filter(studio=studio).exists():
        errors.setdefault("studio", []).append(_("该工作室已有一份进行中的升级申请。"))
    if studio is None:
        if (
            stage == "submit"
            and others.filter(enterprise=app.enterprise, name=name, studio__isnull=True).exists()
        ):
            errors.setdefault("name", []).append(_("本单位已有一份同名的进行中申请。"))
        if Studio.objects.filter(enterprise=app.enterprise, name=name, status=Studio.Status.ACTIVE).exists():
            errors.setdefault("name", []).append(
                _("本单位已有同名工作室「%(n)s」；如申请升级，请选择“升级的工作室”。") % {"n": name}
            )
    if stage == "name" and studio is None and app.leader_id is not None:
        try:
            check_roster(studio=None, worker=app.leader)
        except ValidationError as exc:
            errors.setdefault("leader", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- the five-smalls link


def check_incubator(*, studio: Studio | None, enterprise) -> None:
    """An achievement may name the studio it was incubated in: an active studio of its own unit.
    (For innovation.achievements.services when it sets Achievement.studio.)"""
    if studio is None:
        return
    if studio.status != Studio.Status.ACTIVE:
        raise ValidationError({"studio": [_("「%(n)s」已摘牌，不能再登记孵化成果。") % {"n": studio.name}]})
    if studio.enterprise_id != enterprise.pk:
        raise ValidationError({"studio": [_("孵化工作室须是申报单位的工作室。")]})
