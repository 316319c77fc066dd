"""The naming workflow under the management regulation (命名管理办法): the steps as data, and
the one function that moves an application.

draft → submitted (the unit, with its results so far and its plan)
submitted → recommended | returned (the county / industry union, with its opinion)
recommended → named | declined | returned (the city: inspection record, panel opinion and a
    document number; or reasons)
returned → submitted (the unit revises and submits again)

Naming creates the Studio (a new one) or a new Naming of the studio applied for (an upgrade,
e.g. a city worker studio becoming a model-worker studio: the same studio, its earlier namings,
lineage and grew_from kept), makes the leader a member with role leader and issues the
plaque's certificate code. `transition()` is the only code that writes StudioApplication.state.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.models import RoleGrant
from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.notifications.services import notify

from . import services
from .models import ApplicationStep, Studio, StudioApplication

State = StudioApplication.State

TEXT_MAX = 5000


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    action: Action
    needs_reason: bool = False
    style: str = "primary"
    reason_label: str = ""


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step(
            "submit",
            gettext_lazy("提交申请"),
            (State.DRAFT, State.RETURNED),
            State.SUBMITTED,
            Action.STUDIO_APPLY,
        ),
        Step(
            "recommend",
            gettext_lazy("推荐"),
            (State.SUBMITTED,),
            State.RECOMMENDED,
            Action.STUDIO_RECOMMEND,
            True,
            "success",
            gettext_lazy("推荐意见"),
        ),
        Step(
            "return",
            gettext_lazy("退回修改"),
            (State.SUBMITTED,),
            State.RETURNED,
            Action.STUDIO_RECOMMEND,
            True,
            "warning",
            gettext_lazy("退回理由"),
        ),
        Step(
            "name",
            gettext_lazy("命名"),
            (State.RECOMMENDED,),
            State.NAMED,
            Action.STUDIO_MANAGE,
            False,
            "success",
            gettext_lazy("审核意见"),
        ),
        Step(
            "decline",
            gettext_lazy("不予命名"),
            (State.RECOMMENDED,),
            State.DECLINED,
            Action.STUDIO_MANAGE,
            True,
            "danger",
            gettext_lazy("不予命名理由"),
        ),
        Step(
            "city_return",
            gettext_lazy("退回修改"),
            (State.RECOMMENDED,),
            State.RETURNED,
            Action.STUDIO_MANAGE,
            True,
            "warning",
            gettext_lazy("退回理由"),
        ),
    )
}

FINAL_STATES = (State.NAMED, State.DECLINED)

# Which queue an application waits in, and whose action it awaits.
QUEUE_OF_ACTION = {
    Action.STUDIO_APPLY: (State.DRAFT, State.RETURNED),
    Action.STUDIO_RECOMMEND: (State.SUBMITTED,),
    Action.STUDIO_MANAGE: (State.RECOMMENDED,),
}


def steps_for(application: StudioApplication, user) -> list[Step]:
    """The steps this user may take on this application now (for buttons)."""
    one = StudioApplication.objects.filter(pk=application.pk)
    return [
        step
        for step in STEPS.values()
        if application.state in step.sources and restrict(one, user, step.action).exists()
    ]


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _admins_over(application: StudioApplication, roles: tuple[str, ...]):
    from innovation.accounts.models import User

    ids = RoleGrant.objects.filter(
        role__in=roles, node__path__in=_ancestor_paths(application.scope_path)
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def _recipients(application: StudioApplication, step: Step) -> list:
    if step.name == "submit":
        return list(_admins_over(application, (Role.DISTRICT_ADMIN,)))
    if step.name == "recommend":
        return list(_admins_over(application, (Role.CITY_ADMIN,)))
    people = list(_admins_over(application, (Role.UNIT_ADMIN,))) + [application.created_by]
    if step.name == "name" and application.leader.user_id:
        people.append(application.leader.user)
    return people


def _name(app: StudioApplication, *, actor, document_no: str, named_on: datetime.date) -> Studio:
    """Create the Studio (new) or the new Naming (upgrade); the leader joins as leader."""
    city = services.city_union_over(app.enterprise)
    named_by = city.name if city is not None else _("市总工会")
    studio = app.studio
    if studio is None:
        studio = Studio(
            name=app.name.strip(),
            type=app.type,
            level=app.level,
            enterprise=app.enterprise,
            leader=app.leader,
            field=app.field,
            founded_on=app.founded_on,
            address=app.address,
            named_year=named_on.year,
            document_no=document_no,
            named_by=named_by,
        )
        studio.save()
    else:
        studio = Studio.objects.select_for_update().get(pk=studio.pk)
        changed = []
        for key in ("name", "field", "address"):
            value = getattr(app, key)
            if value and getattr(studio, key) != value:
                setattr(studio, key, value)
                changed.append(key)
        if changed:
            studio.save(update_fields=[*changed, "updated_at"])
    services.make_leader(studio=studio, leader=app.leader, on=named_on)
    services.create_naming(
        studio=studio,
        studio_type=app.type,
        level=app.level,
        year=named_on.year,
        document_no=document_no,
        named_by=named_by,
        named_on=named_on,
        actor=actor,
        application=app,
    )
    return studio


def transition(
    *,
    application: StudioApplication,
    step: str,
    actor,
    reason: str = "",
    inspection_record: str = "",
    panel_opinion: str = "",
    document_no: str = "",
    named_on: datetime.date | None = None,
    now=None,
    notify_people: bool = True,
) -> StudioApplication:
    """Move one application one step: checks the rule and the actor's scope, saves, records the
    step and the audit entry, names the studio and notifies, all in one transaction. A second
    click on the same button finds the state already moved and is refused."""
    spec = STEPS.get(step)
    if spec is None:
        raise ValidationError({"step": [_("未知的操作。")]})
    now = now or timezone.now()
    reason = (reason or "").strip()
    with (
        services.audited(actor=actor, obj=application, step=f"application.{spec.name}"),
        transaction.atomic(),
    ):
        app = (
            StudioApplication.objects.select_for_update(of=("self",))
            .select_related("enterprise__union", "leader", "studio", "created_by")
            .get(pk=application.pk)
        )
        if (
            actor is not None
            and not restrict(StudioApplication.objects.filter(pk=app.pk), actor, spec.action).exists()
        ):
            raise PermissionDenied(_("您无权对该申请执行「%(s)s」。") % {"s": spec.label})
        if app.state not in spec.sources:
            raise ValidationError(
                _("该申请当前状态为「%(state)s」，不能执行「%(step)s」。可能已被他人处理，请刷新页面。")
                % {"state": app.get_state_display(), "step": spec.label},
                code="state",
            )
        if spec.needs_reason and not reason:
            raise ValidationError({"reason": [_("请填写%(l)s。") % {"l": spec.reason_label or _("理由")}]})
        if len(reason) > TEXT_MAX:
            raise ValidationError({"reason": [_("意见过长（不超过%(n)d字）。") % {"n": TEXT_MAX}]})
        fields = ["state", "updated_at"]
        studio = None
        if spec.name == "submit":
            services.check_application(app, stage="submit")
            app.submitted_at = now
            fields.append("submitted_at")
        elif spec.name in ("recommend", "return"):
            app.district_opinion = reason
            fields.append("district_opinion")
        elif spec.name in ("decline", "city_return"):
            app.decision_reason = reason
            app.decided_at = now if spec.name == "decline" else app.decided_at
            fields += ["decision_reason", "decided_at"]
        elif spec.name == "name":
            named_on = named_on or timezone.localdate(now)
            errors: dict[str, list] = {}
            texts = {
                "inspection_record": (inspection_record or "").strip(),
                "panel_opinion": (panel_opinion or "").strip(),
                "document_no": (document_no or "").strip(),
            }
            labels = {
                "inspection_record": _("现场考察记录"),
                "panel_opinion": _("评审组意见"),
                "document_no": _("命名文号"),
            }
            for key, value in texts.items():
                if not value:
                    errors[key] = [_("命名须填写%(l)s。") % {"l": labels[key]}]
                elif len(value) > (60 if key == "document_no" else TEXT_MAX):
                    errors[key] = [_("%(l)s过长。") % {"l": labels[key]}]
            if named_on > timezone.localdate(now):
                errors["named_on"] = [_("命名日期不能晚于今天。")]
            if errors:
                raise ValidationError(errors)
            services.check_application(app, stage="name")
            app.inspection_record = texts["inspection_record"]
            app.panel_opinion = texts["panel_opinion"]
            app.document_no = texts["document_no"]
            app.decision_reason = reason
            app.decided_at = now
            fields += [
                "inspection_record",
                "panel_opinion",
                "document_no",
                "decision_reason",
                "decided_at",
            ]
            studio = _name(app, actor=actor, document_no=texts["document_no"], named_on=named_on)
        old = app.state
        app.state = spec.target
        app._audit_detail = f"{spec.name}: {reason}" if reason else spec.name
        app.save(update_fields=fields)
        ApplicationStep.objects.create(
            application=app,
            action=spec.name,
            from_state=old,
            to_state=spec.target,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason or (_("命名文号：%(d)s") % {"d": app.document_no} if spec.name == "name" else ""),
            at=now,
        )
        if studio is not None:
            record(
                action=AuditAction.CREATE if app.studio_id is None else AuditAction.UPDATE,
                obj=studio,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                detail=f"named by application {app.pk}, document {app.document_no}",
            )
        if notify_people:
            notify(
                users=_recipients(app, spec),
                title=_("工作室命名申请「%(t)s」：%(s)s") % {"t": app.name[:60], "s": spec.label},
                body=reason,
                url=reverse("studios:application_detail", args=[app.pk]),
            )
    application.state = app.state
    application.submitted_at = app.submitted_at
    return app
