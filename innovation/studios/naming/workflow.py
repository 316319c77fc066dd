"""The naming workflow under the management regulation (命名管理办法): the steps as data, and
the hooks the workflow kernel calls.

draft → submitted (the unit, with its results so far and its plan)
submitted → recommended | returned (the county / industry union, with its opinion)
recommended → named | declined | returned (the city: inspection record, panel opinion and a
    document number; or reasons)
returned → submitted (the unit revises and submits again)

Naming creates the Studio (a new one) or a new Naming of the studio applied for (an upgrade,
e.g. a city worker studio becoming a model-worker studio: the same studio, its earlier namings,
lineage and grew_from kept), makes the leader a member with role leader and issues the
plaque's certificate code. Every step is taken by `innovation.core.workflow.run(obj=application,
step=…, actor=…)`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import users_over
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core.workflow import Context, Step, Workflow

from ..models import Studio
from . import rules, services
from .models import StudioApplication

State = StudioApplication.State

TEXT_MAX = 5000

FINAL_STATES = (State.NAMED, State.DECLINED)


def _submit(ctx: Context) -> None:
    rules.check_application(ctx.obj, stage="submit")
    ctx.set("submitted_at", ctx.now)


def _district_opinion(ctx: Context) -> None:
    ctx.set("district_opinion", ctx.reason)


def _decline(ctx: Context) -> None:
    ctx.set("decision_reason", ctx.reason)
    ctx.set("decided_at", ctx.now)


def _city_return(ctx: Context) -> None:
    ctx.set("decision_reason", ctx.reason)


def _check_naming(ctx: Context) -> None:
    payload = ctx.payload
    named_on = payload.get("named_on") or timezone.localdate(ctx.now)
    errors: dict[str, list] = {}
    texts = {
        key: (payload.get(key) or "").strip() for key in ("inspection_record", "panel_opinion", "document_no")
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
    if named_on > timezone.localdate(ctx.now):
        errors["named_on"] = [_("命名日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    rules.check_application(ctx.obj, stage="name")
    payload.update(texts, named_on=named_on)


def _name_effect(ctx: Context) -> None:
    app, payload = ctx.obj, ctx.payload
    had_studio = app.studio_id is not None
    for key in ("inspection_record", "panel_opinion", "document_no"):
        ctx.set(key, payload[key])
    ctx.set("decision_reason", ctx.reason)
    ctx.set("decided_at", ctx.now)
    studio = _name(app, actor=ctx.actor, document_no=payload["document_no"], named_on=payload["named_on"])
    ctx.log_reason = ctx.reason or _("命名文号：%(d)s") % {"d": app.document_no}
    record(
        action=AuditAction.UPDATE if had_studio else AuditAction.CREATE,
        obj=studio,
        actor=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None,
        detail=f"named by application {app.pk}, document {app.document_no}",
    )


def _to_unit(ctx: Context) -> list:
    """The city's answer: the unit union, whoever applied, and (when named) the leader."""
    app = ctx.obj
    people = list(users_over(app.scope_path, roles=(Role.UNIT_ADMIN,))) + [app.created_by]
    if ctx.step.name == "name" and app.leader.user_id:
        people.append(app.leader.user)
    return people


STEPS = [
    Step(
        "submit",
        gettext_lazy("提交申请"),
        (State.DRAFT, State.RETURNED),
        State.SUBMITTED,
        Action.STUDIO_APPLY,
        check=_submit,
    ),
    Step(
        "recommend",
        gettext_lazy("推荐"),
        (State.SUBMITTED,),
        State.RECOMMENDED,
        Action.STUDIO_RECOMMEND,
        needs_reason=True,
        reason_label=gettext_lazy("推荐意见"),
        style="success",
        effect=_district_opinion,
    ),
    Step(
        "return",
        gettext_lazy("退回修改"),
        (State.SUBMITTED,),
        State.RETURNED,
        Action.STUDIO_RECOMMEND,
        needs_reason=True,
        reason_label=gettext_lazy("退回理由"),
        style="warning",
        effect=_district_opinion,
    ),
    Step(
        "name",
        gettext_lazy("命名"),
        (State.RECOMMENDED,),
        State.NAMED,
        Action.STUDIO_MANAGE,
        reason_label=gettext_lazy("审核意见"),
        style="success",
        check=_check_naming,
        effect=_name_effect,
        recipients=_to_unit,
    ),
    Step(
        "decline",
        gettext_lazy("不予命名"),
        (State.RECOMMENDED,),
        State.DECLINED,
        Action.STUDIO_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("不予命名理由"),
        style="danger",
        effect=_decline,
        recipients=_to_unit,
    ),
    Step(
        "city_return",
        gettext_lazy("退回修改"),
        (State.RECOMMENDED,),
        State.RETURNED,
        Action.STUDIO_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("退回理由"),
        style="warning",
        effect=_city_return,
        recipients=_to_unit,
    ),
]

WORKFLOW = Workflow(
    name="studio_application",
    label=gettext_lazy("工作室命名申请"),
    model=StudioApplication,
    steps=STEPS,
    url=lambda app: reverse("studios:application_detail", args=[app.pk]),
    title=lambda app: app.name,
    queue_url=lambda: reverse("studios:applications") + "?awaiting=me",
    people=lambda app: [app.created_by, app.leader.user if app.leader.user_id else None],
    lock_related=("enterprise__union", "leader", "studio", "created_by"),
)


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
