"""Writes for studios: namings recorded from the province or the nation, members (the roster
policy), lineage, and the unit's naming applications (their steps: naming/workflow.py; the rules they check: naming/rules.py).

Views, the API and the demo loader call these. Each write checks the actor's scope, checks the
rule, and either changes everything it names in one transaction or nothing; a refusal is
written to the audit trail after the rollback.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import ancestor_paths, can_act_at, restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.org.models import TradeUnion, Worker

from .. import selectors
from ..models import Studio, StudioLevel, StudioType
from .models import (
    CITY_LEVEL,
    EDITABLE_APPLICATION_STATES,
    RECORDED_LEVELS,
    Member,
    Naming,
    StudioApplication,
)
from .rules import (
    APPLICATION_FIELDS,
    CODE_ALPHABET,
    CODE_LENGTH,
    audited,
    check_application,
    check_date,
    check_leader,
    check_not_named,
    check_roster,
    may_keep,
    require,
)

# ---------------------------------------------------------------- helpers


def new_certificate_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Naming.objects.filter(certificate_code=code).exists():
            return code


def refresh_rank(studio: Studio) -> None:
    """Studio type, level, naming year, document and naming body = those of the highest naming
    it holds."""
    top = selectors.highest_naming(Naming.objects.filter(studio_id=studio.pk))
    if top is None:
        return
    studio.type, studio.level = top.type, top.level
    studio.named_year, studio.document_no, studio.named_by = top.year, top.document_no, top.named_by
    studio.save(update_fields=["type", "level", "named_year", "document_no", "named_by", "updated_at"])


def city_union_over(enterprise) -> TradeUnion | None:
    """The city federation above a unit (it names city-level studios)."""
    return (
        TradeUnion.objects.filter(path__in=ancestor_paths(enterprise.union.path), kind=TradeUnion.Kind.CITY)
        .order_by("-depth")
        .first()
    )


def _join(*, studio: Studio, worker: Worker, role: str, joined_on: datetime.date) -> Member:
    # The worker's row is locked so that two studios cannot both take a one-roster worker at once
    # (callers hold the transaction).
    Worker.objects.select_for_update().only("pk").get(pk=worker.pk)
    check_roster(studio=studio, worker=worker, on=joined_on)
    return Member.objects.create(studio=studio, worker=worker, role=role, joined_on=joined_on)


def make_leader(*, studio: Studio, leader: Worker, on: datetime.date) -> None:
    """The leader is on the roster with role leader; a previous leader stays as a core member."""
    Member.objects.filter(studio=studio, role=Member.Role.LEADER, left_on__isnull=True).exclude(
        worker=leader
    ).update(role=Member.Role.CORE)
    current = Member.objects.filter(studio=studio, worker=leader, left_on__isnull=True).first()
    if current is None:
        _join(studio=studio, worker=leader, role=Member.Role.LEADER, joined_on=on)
    elif current.role != Member.Role.LEADER:
        current.role = Member.Role.LEADER
        current.save(update_fields=["role"])
    if studio.leader_id != leader.pk:
        studio.leader = leader
        studio.save(update_fields=["leader", "updated_at"])


def create_naming(
    *,
    studio: Studio,
    studio_type: str,
    level: str,
    year: int,
    document_no: str,
    named_by: str,
    named_on: datetime.date,
    actor,
    application: StudioApplication | None = None,
) -> Naming:
    """One naming row (caller holds the transaction and has checked the rules)."""
    check_not_named(studio=studio, studio_type=studio_type, level=level)
    try:
        with transaction.atomic():
            naming = Naming.objects.create(
                studio=studio,
                type=studio_type,
                level=level,
                year=year,
                document_no=document_no,
                named_by=named_by,
                named_on=named_on,
                application=application,
                certificate_code=new_certificate_code(),
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # a concurrent naming got there first
        raise ValidationError(
            _("「%(name)s」已获得%(level)s%(type)s命名，同一工作室同类型同级别只能命名一次。")
            % {"name": studio.name, "level": StudioLevel(level).label, "type": StudioType(studio_type).label},
            code="duplicate_naming",
        ) from None
    refresh_rank(studio)
    return naming


# ---------------------------------------------------------------- recording a naming


def studio_record(
    *,
    actor,
    studio_type: str,
    level: str,
    year: int,
    document_no: str,
    named_by: str,
    named_on: datetime.date,
    studio: Studio | None = None,
    enterprise=None,
    name: str = "",
    leader: Worker | None = None,
    field: str = "",
    founded_on: datetime.date | None = None,
    address: str = "",
) -> Naming:
    """Record a provincial or national naming with its document: of a studio already on the
    platform (an upgrade), or of a studio new to it. The city names its own (市级) only through
    an application."""
    with audited(actor=actor, obj=studio, step="record"):
        node = (studio.enterprise if studio else enterprise).union if (studio or enterprise) else None
        if node is None:
            raise ValidationError({"enterprise": [_("请选择工作室所在单位。")]})
        require(
            actor is None or can_act_at(actor, Action.STUDIO_MANAGE, node),
            _("只有市总工会可以录入省级、全国命名。"),
        )
        errors: dict[str, list] = {}
        document_no, named_by, name = (
            (document_no or "").strip(),
            (named_by or "").strip(),
            (name or "").strip(),
        )
        if studio_type not in StudioType.values:
            errors["type"] = [_("请选择工作室类型。")]
        if level not in RECORDED_LEVELS:
            errors["level"] = [_("此处只录入省级、全国命名；市级工作室须经申请、推荐、审核后命名。")]
        if not document_no:
            errors["document_no"] = [_("请填写命名文号。")]
        if not named_by:
            errors["named_by"] = [_("请填写命名单位（如辽宁省总工会）。")]
        today = timezone.localdate()
        if not year or year < 1950 or year > today.year:
            errors["year"] = [_("命名年度须在1950年至今年之间。")]
        if named_on is None:
            errors["named_on"] = [_("请填写命名日期。")]
        else:
            check_date(named_on, "named_on", errors, label=_("命名日期"))
        if studio is None:
            if not name:
                errors["name"] = [_("请填写工作室名称。")]
            if leader is None:
                errors["leader"] = [_("请选择带头人。")]
            elif leader.enterprise_id != enterprise.pk:
                errors["leader"] = [_("带头人须是本单位职工。")]
            check_date(founded_on, "founded_on", errors, label=_("成立日期"))
            if (
                name
                and Studio.objects.filter(
                    enterprise=enterprise, name=name, status=Studio.Status.ACTIVE
                ).exists()
            ):
                errors["name"] = [
                    _("本单位已有同名工作室「%(n)s」；如为它的新命名，请在该工作室页面录入。") % {"n": name}
                ]
        elif studio.status != Studio.Status.ACTIVE:
            errors["studio"] = [_("「%(n)s」已摘牌，不能再录入命名。") % {"n": studio.name}]
        if errors:
            raise ValidationError(errors)
        check_leader(studio_type=studio_type, leader=leader if studio is None else studio.leader)
        with transaction.atomic():
            if studio is None:
                studio = Studio(
                    name=name,
                    type=studio_type,
                    level=level,
                    enterprise=enterprise,
                    leader=leader,
                    field=field or "",
                    founded_on=founded_on,
                    named_year=year,
                    document_no=document_no,
                    named_by=named_by,
                    address=(address or "").strip(),
                )
                studio.save()
                make_leader(studio=studio, leader=leader, on=founded_on or named_on)
            naming = create_naming(
                studio=studio,
                studio_type=studio_type,
                level=level,
                year=year,
                document_no=document_no,
                named_by=named_by,
                named_on=named_on,
                actor=actor,
            )
            record(
                action=AuditAction.CREATE,
                obj=naming,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                detail=f"recorded {level} {studio_type} naming {document_no}",
            )
    return naming


# ---------------------------------------------------------------- members


def member_add(
    *, actor, studio: Studio, worker: Worker, role: str = Member.Role.MEMBER, joined_on=None
) -> Member:
    with audited(actor=actor, obj=studio, step="member_add"):
        require(may_keep(actor, studio), _("您无权管理该工作室的成员。"))
        joined_on = joined_on or timezone.localdate()
        errors: dict[str, list] = {}
        if studio.status != Studio.Status.ACTIVE:
            errors["studio"] = [_("「%(n)s」已摘牌，不能再增加成员。") % {"n": studio.name}]
        if role not in (Member.Role.CORE, Member.Role.MEMBER):
            errors["role"] = [_("带头人由命名确定，此处只能增加骨干成员或成员。")]
        # The scope first: a worker outside it is never named in the answer.
        if worker is None:
            errors["worker"] = [_("请选择职工。")]
        elif (
            actor is not None
            and worker.enterprise_id != studio.enterprise_id
            and not restrict(Worker.objects.filter(pk=worker.pk), actor, Action.WORKER_VIEW).exists()
        ):
            errors["worker"] = [_("只能从本单位或您管理范围内的职工中选择成员。")]
        elif not worker.is_active:
            errors["worker"] = [_("%(w)s已不在职。") % {"w": worker.name}]
        check_date(joined_on, "joined_on", errors, label=_("加入日期"))
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            member = _join(studio=studio, worker=worker, role=role, joined_on=joined_on)
    return member


def member_leave(*, actor, member: Member, left_on=None) -> Member:
    studio = member.studio
    with audited(actor=actor, obj=member, step="member_leave"):
        require(may_keep(actor, studio), _("您无权管理该工作室的成员。"))
        left_on = left_on or timezone.localdate()
        if member.left_on is not None:
            raise ValidationError(_("%(w)s已于%(d)s退出。") % {"w": member.worker.name, "d": member.left_on})
        if member.role == Member.Role.LEADER:
            raise ValidationError(_("带头人不能直接退出；更换带头人须经命名程序。"))
        errors: dict[str, list] = {}
        if left_on < member.joined_on:
            errors["left_on"] = [_("退出日期不能早于加入日期（%(d)s）。") % {"d": member.joined_on}]
        check_date(left_on, "left_on", errors, label=_("退出日期"))
        if errors:
            raise ValidationError(errors)
        member.left_on = left_on
        member.save(update_fields=["left_on"])
    return member


# ---------------------------------------------------------------- lineage


def _first_year(studio: Studio) -> int:
    years = list(Naming.objects.filter(studio_id=studio.pk).values_list("year", flat=True))
    return min(years) if years else studio.named_year


def lineage_set(*, actor, studio: Studio, grew_from: Studio | None, demonstration_posts) -> Studio:
    """Record where a studio came from: the earlier studio it grew from, and the demonstration
    posts (职工创新示范岗) it grew out of."""
    from innovation.achievements.models import DemonstrationPost

    posts = list(demonstration_posts or [])
    with audited(actor=actor, obj=studio, step="lineage"):
        require(may_keep(actor, studio), _("您无权修改该工作室的发展脉络。"))
        errors: dict[str, list] = {}
        first = _first_year(studio)
        if grew_from is not None:
            if grew_from.pk == studio.pk:
                errors["grew_from"] = [_("前身工作室不能是它自己。")]
            else:
                seen, current = {studio.pk}, grew_from
                while current is not None and len(seen) < 1000:
                    if current.pk in seen:
                        errors["grew_from"] = [
                            _("前身关系不能成环：「%(n)s」已由本工作室发展而来。") % {"n": grew_from.name}
                        ]
                        break
                    seen.add(current.pk)
                    current = current.grew_from
                if "grew_from" in errors:
                    pass
                elif (
                    actor is not None
                    and not restrict(
                        Studio.objects.filter(pk=grew_from.pk), actor, Action.STUDIO_VIEW
                    ).exists()
                ):
                    errors["grew_from"] = [_("前身工作室不在您的查看范围内。")]
                elif _first_year(grew_from) > first:
                    errors["grew_from"] = [_("前身工作室的命名不能晚于本工作室（%(y)d年）。") % {"y": first}]
        if actor is not None and posts:
            visible = set(
                restrict(
                    DemonstrationPost.objects.filter(pk__in=[p.pk for p in posts]),
                    actor,
                    Action.DEMO_POST_VIEW,
                ).values_list("pk", flat=True)
            )
            if len(visible) != len({p.pk for p in posts}):
                errors["demonstration_posts"] = [_("所选示范岗不在您的查看范围内。")]
        late = [p for p in posts if p.year > first]
        if late:
            errors.setdefault("demonstration_posts", []).append(
                _("示范岗「%(p)s」（%(y)d年）晚于本工作室命名（%(f)d年），不能作为来源。")
                % {"p": late[0].post, "y": late[0].year, "f": first}
            )
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            studio.grew_from = grew_from
            studio.save(update_fields=["grew_from", "updated_at"])
            studio.demonstration_posts.set(posts)
            record(
                action=AuditAction.UPDATE,
                obj=studio,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                detail=f"lineage: grew_from={grew_from.pk if grew_from else None}, posts={[p.pk for p in posts]}",
            )
    return studio


# ---------------------------------------------------------------- applications


# ---------------------------------------------------------------- applications


def _apply_fields(app: StudioApplication, fields: dict) -> None:
    for key in APPLICATION_FIELDS:
        if key in fields:
            value = fields[key]
            if isinstance(value, str):
                value = value.strip()
            if value is None and key in ("name", "field", "address", "results_so_far", "plan"):
                value = ""
            setattr(app, key, value)


def application_create(*, actor, enterprise, created_by=None, **fields) -> StudioApplication:
    """A unit drafts an application (a new studio, or an upgrade of one of its studios).

    `actor=None` is the system (the demo loader), which names the account the application is
    filed under with `created_by`."""
    app = StudioApplication(enterprise=enterprise, level=CITY_LEVEL, created_by=created_by or actor)
    with audited(actor=actor, obj=None, step="application_create", model=StudioApplication):
        require(
            enterprise is not None
            and (actor is None or can_act_at(actor, Action.STUDIO_APPLY, enterprise.union)),
            _("只有本单位工会可以为本单位申请工作室命名。"),
        )
        if app.created_by_id is None:
            raise ValidationError(_("申请须记录提交账号。"))
        _apply_fields(app, fields)
        check_application(app, stage="draft")
        app.scope_path = enterprise.scope_path
        app.save()
    return app


def application_update(*, actor, application: StudioApplication, **fields) -> StudioApplication:
    with audited(actor=actor, obj=application, step="application_update"):
        require(
            actor is None
            or restrict(
                StudioApplication.objects.filter(pk=application.pk), actor, Action.STUDIO_APPLY
            ).exists(),
            _("只有申请单位工会可以修改申请。"),
        )
        if application.state not in EDITABLE_APPLICATION_STATES:
            raise ValidationError(
                _("申请当前状态为「%(s)s」，不能修改。") % {"s": application.get_state_display()},
                code="state",
            )
        fields.pop("enterprise", None)
        fields.pop("level", None)
        with transaction.atomic():
            app = StudioApplication.objects.select_for_update().get(pk=application.pk)
            if app.state not in EDITABLE_APPLICATION_STATES:
                raise ValidationError(_("申请已提交，不能修改。"), code="state")
            _apply_fields(app, fields)
            check_application(app, stage="draft")
            app.save()
    return app
