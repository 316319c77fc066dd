"""The writes after a project's conclusion: the union verifies its benefit, and the unit files it
as a five-smalls achievement (once; the benefit stays the project's). Reached through
`projects.services` like the other writes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.core import workflow as kernel
from innovation.core.money import money_text
from innovation.core.validators import clean_text

from . import rules
from .models import TEXT_MAX, Project, ProjectState
from .services import _guarded, _require


def benefit_verify(*, actor, project: Project, amount_fen: int, note: str = "") -> Project:
    """The union verifies the benefit of a concluded project (at most what was claimed)."""
    with _guarded(actor, "benefit_verify", project), transaction.atomic():
        project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
        _require(actor, project, Action.PROJECT_APPROVE, _("只有工会可以核实攻关项目的经济效益。"))
        if project.state != ProjectState.CONCLUDED:
            raise ValidationError(
                _("项目当前为「%(s)s」，结题后才能核实效益。") % {"s": project.get_state_display()},
                code="state",
            )
        amount_fen = rules.check_fen(amount_fen, "benefit_verified_fen", required=True)
        claimed = project.benefit_claimed_fen or 0
        if amount_fen > claimed:
            raise ValidationError(
                {
                    "benefit_verified_fen": [
                        _("核实效益（%(v)s）不能超过申报效益（%(c)s）。")
                        % {"v": money_text(amount_fen), "c": money_text(claimed)}
                    ]
                }
            )
        note = clean_text(note, field="note", limit=TEXT_MAX)
        project.benefit_verified_fen = amount_fen
        project.benefit_verified_note = note
        project.benefit_verified_by = actor
        project.benefit_verified_at = timezone.now()
        kernel.save_noted(
            project,
            actor=actor,
            detail=_("核实效益%(v)s") % {"v": money_text(amount_fen)},
            fields=[
                "benefit_verified_fen",
                "benefit_verified_note",
                "benefit_verified_by",
                "benefit_verified_at",
            ],
        )
    return project


def _shares(count: int) -> list[Decimal]:
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [base] * (count - 1) + [Decimal(100) - base * (count - 1)]


def project_file(*, actor, project: Project, kind: str = "", field: str = "", now=None):
    """File a concluded project as a five-smalls achievement: a draft of the open campaign with
    the project's members as authors, its texts and its benefit; the project keeps the link (and
    the achievement, `achievement.project`), so the benefit is counted once. Filing twice, or a
    project not concluded, is refused."""
    from innovation.achievements import services as achievements
    from innovation.achievements.models import Field, Kind

    with _guarded(actor, "project_file", project), transaction.atomic():
        project = (
            Project.objects.select_for_update(of=("self",))
            .select_related("enterprise", "achievement")
            .get(pk=project.pk)
        )
        _require(actor, project, Action.PROJECT_MANAGE, _("您无权申报该项目。"))
        if project.achievement_id is not None:
            raise ValidationError(
                _("该项目已申报为五小成果「%(a)s」，不能重复申报。") % {"a": project.achievement.title},
                code="filed",
            )
        if project.state != ProjectState.CONCLUDED:
            raise ValidationError(
                _("项目当前为「%(s)s」，结题后才能申报为五小成果。") % {"s": project.get_state_display()},
                code="state",
            )
        campaign = rules.open_campaign(project, now)
        if campaign is None:
            raise ValidationError(_("当前没有正在征集的五小创新成果活动，暂不能申报。"), code="window")
        kind = kind or next(
            (k for k in (Kind.RENOVATION, Kind.INVENTION, Kind.CREATION) if k in campaign.kinds), ""
        )
        field = field or (Field.TECHNOLOGY if Field.TECHNOLOGY in campaign.fields else "")
        members = list(project.memberships.select_related("worker").order_by("order", "pk"))
        benefit = (
            project.benefit_verified_fen
            if project.benefit_verified_fen is not None
            else project.benefit_claimed_fen
        )
        achievement = achievements.achievement_create(
            actor=actor,
            campaign=campaign,
            enterprise=project.enterprise,
            authors=[
                {"worker": m.worker.pk, "share": s}
                for m, s in zip(members, _shares(len(members)), strict=True)
            ],
            title=project.title,
            kind=kind,
            field=field,
            post=members[0].worker.post if members else "",
            problem=project.problem,
            solution="\n\n".join(t for t in (project.goal, project.plan) if t),
            effect=project.result,
            started_on=project.start_on,
            completed_on=project.concluded_on,
            studio=project.studio,
            benefit_type="created" if benefit is not None else "",
            benefit_claimed=(Decimal(benefit) / 100).quantize(Decimal("0.01"))
            if benefit is not None
            else None,
            benefit_basis=project.benefit_basis,
        )
        project.achievement = achievement
        kernel.save_noted(
            project,
            actor=actor,
            detail=_("申报为五小成果「%(a)s」") % {"a": achievement.title},
            fields=["achievement"],
        )
    return achievement
