"""The writes of projects: proposing and editing one, its milestones, the support it receives
(funds committed and paid through the ledger, experts' help), the union's verification of its
benefit, and filing a concluded project as a five-smalls achievement. The steps themselves are
the workflow kernel's (`projects.workflow`). Each write checks the actor, refuses bad input with a
Chinese message and changes nothing, writes in one transaction (audited) and records a refusal."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, can_act_at, restrict
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.org.models import Enterprise, Worker

from . import rules
from .models import (
    MAX_MEMBERS,
    MAX_MILESTONES,
    PROJECT_CHANNELS,
    SUPPORTED_STATES,
    TEXT_MAX,
    MemberRole,
    Milestone,
    OwnerKind,
    Project,
    ProjectMember,
    ProjectState,
    ProjectSupport,
    SupportKind,
)


def _guarded(actor, step: str, obj=None):
    from innovation.audit.services import refusals_recorded

    return refusals_recorded(actor=actor, obj=obj, model=Project, step=f"projects.{step}")


def _signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))


def in_scope(actor, project: Project, action: str) -> bool:
    return restrict(Project.objects.filter(pk=project.pk), actor, action).exists()


def _require(actor, project: Project, action: str, message: str) -> None:
    _signed_in(actor)
    if not in_scope(actor, project, action):
        raise PermissionDenied(message)


def _require_editable(project: Project, what: str) -> None:
    if not project.is_editable:
        raise ValidationError(
            _("项目当前为「%(s)s」，不能%(w)s。") % {"s": project.get_state_display(), "w": what},
            code="state",
        )


def _may_propose(actor, enterprise: Enterprise, studio) -> bool:
    if can_act_at(actor, Action.PROJECT_MANAGE, enterprise.union):
        return True
    # A studio's lead proposes the projects of the studios he leads.
    return studio is not None and studio.leader.user_id == actor.pk and can(actor, Action.PROJECT_MANAGE)


def _clean(data: dict, enterprise: Enterprise, errors: dict) -> dict:
    """The project's own fields (not the members), each refusal under its field."""
    from innovation.studios.models import Studio

    cleaned = {}
    for field, limit, required in (
        ("title", 100, _("请填写项目名称。")),
        ("problem", TEXT_MAX, _("请填写攻关难题。")),
        ("goal", TEXT_MAX, _("请填写攻关目标。")),
        ("plan", TEXT_MAX, None),
        ("team_name", 60, None),
    ):
        if field in data:
            try:
                cleaned[field] = clean_text(data[field], field=field, limit=limit, required=required)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if "channel" in data:
        if data["channel"] not in PROJECT_CHANNELS:
            errors["channel"] = [_("请选择创效渠道（技术攻关或岗位创新）。")]
        cleaned["channel"] = data["channel"]
    if "owner_kind" in data:
        if data["owner_kind"] not in OwnerKind.values:
            errors["owner_kind"] = [_("请选择承担主体（工作室、班组或单位）。")]
        cleaned["owner_kind"] = data["owner_kind"]
    for field in ("start_on", "end_on"):
        if field in data:
            if not rules.is_date(data[field]):
                errors[field] = [_("请填写日期。")]
            cleaned[field] = data[field]
    studio = data.get("studio")
    if studio is not None and (not isinstance(studio, Studio) or studio.enterprise_id != enterprise.pk):
        errors["studio"] = [_("所选工作室不属于%(e)s。") % {"e": enterprise.name}]
    if "studio" in data:
        cleaned["studio"] = studio
    return cleaned


def _check_owner(project: Project, errors: dict) -> None:
    if project.owner_kind == OwnerKind.STUDIO and project.studio_id is None:
        errors.setdefault("studio", []).append(_("工作室承担的项目须选择工作室。"))
    if project.owner_kind == OwnerKind.TEAM and not project.team_name:
        errors.setdefault("team_name", []).append(_("班组承担的项目须填写班组名称。"))
    if project.owner_kind != OwnerKind.STUDIO:
        project.studio = None
    if project.owner_kind != OwnerKind.TEAM:
        project.team_name = ""
    if (
        rules.is_date(project.start_on)
        and rules.is_date(project.end_on)
        and project.end_on < project.start_on
    ):
        errors.setdefault("end_on", []).append(_("计划完成日期不能早于开始日期。"))


def _members(enterprise: Enterprise, members, errors: dict) -> list[Worker]:
    """The members in order (the first leads): at least one, the unit's workers, each once."""
    members = list(members or [])
    if not members:
        errors["members"] = [_("项目至少须有一名成员（第一位为项目负责人）。")]
        return []
    if len(members) > MAX_MEMBERS:
        errors["members"] = [_("项目成员不能超过%(n)d人。") % {"n": MAX_MEMBERS}]
        return []
    if any(not isinstance(w, Worker) or w.enterprise_id != enterprise.pk or not w.is_active for w in members):
        errors["members"] = [_("项目成员须为%(e)s的在职职工。") % {"e": enterprise.name}]
        return []
    if len({w.pk for w in members}) != len(members):
        errors["members"] = [_("项目成员不能重复。")]
        return []
    return members


def _save_members(project: Project, members: list[Worker]) -> None:
    project.memberships.all().delete()
    ProjectMember.objects.bulk_create(
        [
            ProjectMember(
                project=project, worker=w, order=i, role=MemberRole.LEAD if i == 1 else MemberRole.MEMBER
            )
            for i, w in enumerate(members, start=1)
        ]
    )


def project_create(
    *,
    actor,
    enterprise: Enterprise,
    members,
    milestones: list[dict] | None = None,
    now: datetime.datetime | None = None,
    **fields,
) -> Project:
    """A project proposed by its unit (or its studio's lead), with its members (the first leads)
    and its plan's milestones; it waits for the union's approval."""
    now = now or timezone.now()
    with _guarded(actor, "project_create"):
        _signed_in(actor)
        if not isinstance(enterprise, Enterprise):
            raise ValidationError({"enterprise": [_("请选择承担单位。")]})
        if not _may_propose(actor, enterprise, fields.get("studio")):
            raise PermissionDenied(
                _("%(e)s不在您的管理范围内，不能为其申报攻关项目。") % {"e": enterprise.name}
            )
        errors: dict[str, list] = {}
        for required in ("title", "problem", "goal", "channel", "owner_kind", "start_on", "end_on"):
            fields.setdefault(required, None)
        cleaned = _clean(fields, enterprise, errors)
        project = Project(enterprise=enterprise, created_by=actor, **cleaned)
        _check_owner(project, errors)
        workers = _members(enterprise, members, errors)
        milestones = list(milestones or [])
        if len(milestones) > MAX_MILESTONES:
            errors["milestones"] = [_("里程碑不能超过%(n)d个。") % {"n": MAX_MILESTONES}]
        if errors:
            raise ValidationError(errors)
        rows = [_milestone(project, m.get("title"), m.get("due_on"), m.get("done_on")) for m in milestones]
        with transaction.atomic():
            project.save()
            _save_members(project, workers)
            for row in rows:
                row.project = project
            Milestone.objects.bulk_create(rows)
            kernel.load_history(
                Project, [(project, [("propose", "", ProjectState.PROPOSED, actor, "", now)])]
            )
    return project


def project_update(*, actor, project: Project, members=None, **fields) -> Project:
    """Change the plan while the project runs (not once concluded or stopped)."""
    with _guarded(actor, "project_update", project), transaction.atomic():
        project = (
            Project.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=project.pk)
        )
        _require(actor, project, Action.PROJECT_MANAGE, _("您无权修改该项目。"))
        _require_editable(project, _("修改"))
        errors: dict[str, list] = {}
        for name, value in _clean(fields, project.enterprise, errors).items():
            setattr(project, name, value)
        _check_owner(project, errors)
        workers = _members(project.enterprise, members, errors) if members is not None else None
        if rules.is_date(project.end_on):
            late = project.milestones.filter(due_on__gt=project.end_on).order_by("due_on").first()
            if late is not None:
                errors.setdefault("end_on", []).append(
                    _("里程碑「%(m)s」（%(d)s）晚于新的计划完成日期。") % {"m": late.title, "d": late.due_on}
                )
        if errors:
            raise ValidationError(errors)
        project.save()
        if workers is not None:
            _save_members(project, workers)
    return project


# ---------------------------------------------------------------- milestones


def _milestone(project: Project, title, due_on, done_on=None) -> Milestone:
    title = clean_text(title, field="title", limit=100, required=_("请填写里程碑名称。"))
    rules.check_milestone_date(project, due_on)
    if done_on is not None and not rules.is_date(done_on):
        raise ValidationError({"done_on": [_("日期格式不正确。")]})
    return Milestone(project=project, title=title, due_on=due_on, done_on=done_on)


def milestone_add(*, actor, project: Project, title: str, due_on: datetime.date) -> Milestone:
    with _guarded(actor, "milestone_add", project), transaction.atomic():
        project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
        _require(actor, project, Action.PROJECT_MANAGE, _("您无权修改该项目的计划。"))
        _require_editable(project, _("增加里程碑"))
        if project.milestones.count() >= MAX_MILESTONES:
            raise ValidationError(_("里程碑不能超过%(n)d个。") % {"n": MAX_MILESTONES})
        row = _milestone(project, title, due_on)
        row.save()
    return row


def milestone_done(*, actor, milestone: Milestone, done_on: datetime.date | None) -> Milestone:
    """Mark a milestone done on a day (or not done again: None)."""
    project = milestone.project
    with _guarded(actor, "milestone_done", project), transaction.atomic():
        _require(actor, project, Action.PROJECT_MANAGE, _("您无权修改该项目的计划。"))
        _require_editable(project, _("登记里程碑完成情况"))
        if done_on is not None:
            if not rules.is_date(done_on):
                raise ValidationError({"done_on": [_("日期格式不正确。")]})
            if done_on > timezone.localdate():
                raise ValidationError({"done_on": [_("完成日期不能晚于今天。")]})
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
    return milestone


# ---------------------------------------------------------------- support


def _require_supported(project: Project) -> None:
    if project.state not in SUPPORTED_STATES:
        raise ValidationError(
            _("项目当前为「%(s)s」，不能登记支持。") % {"s": project.get_state_display()}, code="state"
        )


def expert_help_add(*, actor, project: Project, on: datetime.date, content: str, expert=None, helper_name=""):
    """An expert's help to the project (an expert of the pool, or someone named)."""
    with _guarded(actor, "expert_help_add", project), transaction.atomic():
        _signed_in(actor)
        if not (
            in_scope(actor, project, Action.PROJECT_APPROVE)
            or in_scope(actor, project, Action.PROJECT_MANAGE)
        ):
            raise PermissionDenied(_("您无权为该项目登记专家指导。"))
        _require_supported(project)
        errors: dict[str, list] = {}
        if not rules.is_date(on):
            errors["on"] = [_("请填写日期。")]
        try:
            content = clean_text(content, field="content", limit=200, required=_("请填写指导内容。"))
            helper_name = clean_text(helper_name, field="helper_name", limit=50)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if expert is None and not helper_name:
            errors["helper_name"] = [_("请选择专家或填写指导人姓名。")]
        if errors:
            raise ValidationError(errors)
        row = ProjectSupport(
            project=project,
            kind=SupportKind.EXPERT,
            on=on,
            expert=expert,
            helper_name=helper_name or (expert.name if expert else ""),
            content=content,
            recorded_by=actor,
        )
        row.save()
    return row


def funds_commit(
    *,
    actor,
    project: Project,
    amount_fen: int,
    content: str,
    payee: str = "",
    on: datetime.date | None = None,
) -> ProjectSupport:
    """The union supports the project with money: committed on the city union's 「其他」 line of
    the year through the ledger (paid later through the ledger: `funds_pay`)."""
    from innovation.funds import services as funds

    on = on or timezone.localdate()
    with _guarded(actor, "funds_commit", project), transaction.atomic():
        _require(actor, project, Action.PROJECT_APPROVE, _("只有工会可以为攻关项目列支经费。"))
        _require_supported(project)
        errors: dict[str, list] = {}
        try:
            amount_fen = rules.check_fen(amount_fen, "amount_fen", required=True, minimum=1)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            content = clean_text(content, field="content", limit=200, required=_("请填写经费用途。"))
            payee = clean_text(payee, field="payee", limit=100) or project.enterprise.name
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not rules.is_date(on):
            errors["on"] = [_("请填写日期。")]
        if errors:
            raise ValidationError(errors)
        line = rules.support_line(project, on)
        if not can_act_at(actor, Action.FUNDS_MANAGE, line.union):
            raise PermissionDenied(_("您无权使用%(l)s列支经费。") % {"l": line})
        row = ProjectSupport(
            project=project,
            kind=SupportKind.FUNDS,
            on=on,
            amount_fen=amount_fen,
            payee=payee,
            content=content,
            recorded_by=actor,
        )
        row.save()
        row.commitment = funds.commit(
            line=line,
            amount_fen=amount_fen,
            payee=payee,
            purpose=_("技术攻关：%(t)s") % {"t": project.title[:60]},
            source_kind=rules.SUPPORT_SOURCE,
            source_id=row.pk,
            policy_ref=_("锦州市总工会服务振兴发展加强职工创新创造三年工作方案"),
            decision_ref=_("攻关项目经费支持（项目%(c)s）") % {"c": project.code},
            approved_by=actor,
        )
        row.save(update_fields=["commitment"])
    return row


def funds_pay(*, actor, support: ProjectSupport, paid_on: datetime.date, voucher_no: str):
    """Pay a committed support through the ledger (what is left of it)."""
    from innovation.funds import services as funds

    if support.commitment_id is None:
        with _guarded(actor, "funds_pay", support.project):
            raise ValidationError(_("该项支持没有经费承诺，无需支付。"))
    return funds.pay(
        commitment=support.commitment,
        amount_fen=support.commitment.amount_fen - support.commitment.paid_fen,
        paid_on=paid_on,
        voucher_no=voucher_no,
        actor=actor,
    )


# The conclusion's writes (the benefit's verification, the filing), importable from here.
from .filing import benefit_verify, project_file  # noqa: E402,F401
