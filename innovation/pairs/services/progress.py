"""Progress of an agreement in force: teaching, training, skill levels, patents, joint
achievements. The 出师 assessment is the `complete` step (services.agreements)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Achievement, Patent
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core.validators import clean_text
from innovation.org import services as org_services
from innovation.org.models import SkillLevelRecord, Worker

from ..models import Agreement, PairPatent, Side, SkillLevelChange, TeachingRecord, Training
from ..models.agreements import TEXT_MAX
from ..models.progress import MAX_HOURS
from .common import guarded, require_live, require_manage


def _open(actor, agreement: Agreement, step: str):
    return guarded(actor=actor, step=step, obj=agreement)


def _check(actor, agreement: Agreement) -> Agreement:
    require_manage(actor, agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require_live(agreement)
    return agreement


def _clean_date(on, agreement: Agreement, *, field: str = "on", today: datetime.date | None = None):
    today = today or timezone.localdate()
    if not isinstance(on, datetime.date):
        raise ValidationError({field: [_("请填写日期。")]})
    if on > today:
        raise ValidationError({field: [_("日期不能晚于今天。")]})
    if on < agreement.start_on:
        raise ValidationError({field: [_("日期不能早于协议开始日期（%(d)s）。") % {"d": agreement.start_on}]})
    return on


def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours)) if not isinstance(hours, bool) else None
        if value is None or not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"hours": [_("请填写学时。")]}) from None
    if value <= 0:
        raise ValidationError({"hours": [_("学时须大于0。")]})
    if value > MAX_HOURS:
        raise ValidationError({"hours": [_("学时过大，请核对。")]})
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError({"hours": [_("学时最多一位小数。")]})
    return value


def _apprentice(agreement: Agreement, worker: Worker | None, *, required: bool) -> Worker | None:
    if worker is None:
        if required:
            raise ValidationError({"worker": [_("请选择徒弟。")]})
        return None
    if not agreement.parties.filter(worker=worker, side=Side.APPRENTICE).exists():
        raise ValidationError({"worker": [_("%(n)s不是本协议的徒弟。") % {"n": worker.name}]})
    return worker


def teaching_add(
    *, actor, agreement: Agreement, on: datetime.date, kind: str, hours, content: str
) -> TeachingRecord:
    with _open(actor, agreement, "teaching_add"), transaction.atomic():
        agreement = _check(actor, agreement)
        if kind not in TeachingRecord.Kind.values:
            raise ValidationError({"kind": [_("请选择带教形式。")]})
        return TeachingRecord.objects.create(
            agreement=agreement,
            on=_clean_date(on, agreement),
            kind=kind,
            hours=_clean_hours(hours),
            content=clean_text(content, field="content", limit=TEXT_MAX, required=_("请填写带教内容。")),
            recorded_by=actor,
        )


def training_add(
    *,
    actor,
    agreement: Agreement,
    kind: str,
    hours,
    on: datetime.date,
    apprentice: Worker | None = None,
    content: str = "",
) -> Training:
    with _open(actor, agreement, "training_add"), transaction.atomic():
        agreement = _check(actor, agreement)
        if kind not in Training.Kind.values:
            raise ValidationError({"kind": [_("请选择培训类型（入职培训、适应性培训或技能提升培训）。")]})
        return Training.objects.create(
            agreement=agreement,
            apprentice=_apprentice(agreement, apprentice, required=False),
            kind=kind,
            hours=_clean_hours(hours),
            on=_clean_date(on, agreement),
            content=clean_text(content, field="content", limit=200),
            recorded_by=actor,
        )


def skill_change_record(
    *, actor, agreement: Agreement, worker: Worker, to_level: str, certificate_no: str, on: datetime.date
) -> SkillLevelChange:
    """An apprentice's promotion (证书): written to the worker's skill-level history by the
    organisation's service (which checks it is a promotion and sets the level), and linked to
    the agreement it was reached in."""
    with _open(actor, agreement, "skill_change"), transaction.atomic():
        agreement = _check(actor, agreement)
        worker = Worker.objects.select_for_update().get(pk=_apprentice(agreement, worker, required=True).pk)
        on = _clean_date(on, agreement)
        entry = org_services.skill_level_record(
            actor=actor,
            worker=worker,
            to_level=to_level,
            certificate_no=certificate_no,
            on=on,
            source=SkillLevelRecord.Source.PAIR,
            source_title=str(agreement),
        )
        return SkillLevelChange.objects.create(record=entry, agreement=agreement, recorded_by=actor)


def patent_add(
    *,
    actor,
    agreement: Agreement,
    type: str,
    number: str,
    title: str,
    holder: str,
    patent: Patent | None = None,
) -> PairPatent:
    with _open(actor, agreement, "patent_add"), transaction.atomic():
        agreement = _check(actor, agreement)
        errors = {}
        if type not in PairPatent.Type.values:
            errors["type"] = [_("请选择专利类型（发明或实用新型）。")]
        if holder not in PairPatent.Holder.values:
            errors["holder"] = [_("请选择权利人（师傅、徒弟或师徒共有）。")]
        if errors:
            raise ValidationError(errors)
        number = clean_text(number, field="number", limit=40, required=_("请填写专利号。"))
        title = clean_text(title, field="title", limit=200, required=_("请填写专利名称。"))
        if patent is not None:
            visible = restrict(
                Achievement.objects.filter(pk=patent.achievement_id), actor, Action.ACHIEVEMENT_VIEW
            )
            if not visible.exists():
                raise PermissionDenied(_("该专利所属成果不在您的权限范围内。"))
            if patent.type != type:
                raise ValidationError({"patent": [_("所选成果库专利的类型与填写的不一致。")]})
        series = agreement.series_id
        if PairPatent.objects.filter(
            Q(agreement_id=series) | Q(agreement__root_id=series), number=number
        ).exists():
            raise ValidationError({"number": [_("专利号%(n)s已登记在本师徒协议中。") % {"n": number}]})
        try:
            with transaction.atomic():
                return PairPatent.objects.create(
                    agreement=agreement,
                    type=type,
                    number=number,
                    title=title,
                    holder=holder,
                    patent=patent,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ValidationError(
                {"number": [_("专利号%(n)s已登记在本师徒协议中。") % {"n": number}]}
            ) from None


def joint_achievement_link(*, actor, agreement: Agreement, achievement: Achievement) -> None:
    """Link a five-smalls achievement that the pair did together: a party must be its author."""
    with _open(actor, agreement, "joint_link"), transaction.atomic():
        agreement = _check(actor, agreement)
        if not restrict(
            Achievement.objects.filter(pk=achievement.pk), actor, Action.ACHIEVEMENT_VIEW
        ).exists():
            raise PermissionDenied(_("该成果不在您的权限范围内。"))
        workers = agreement.parties.values("worker_id")
        if not achievement.authors.filter(worker_id__in=workers).exists():
            raise ValidationError(
                {"achievement": [_("「%(t)s」的完成人中没有本协议的师傅或徒弟。") % {"t": achievement.title}]}
            )
        agreement.joint_achievements.add(achievement)
        record(
            action=AuditAction.UPDATE,
            obj=agreement,
            actor=actor,
            detail=f"joint achievement +{achievement.pk}",
        )


def joint_achievement_unlink(*, actor, agreement: Agreement, achievement: Achievement) -> None:
    with _open(actor, agreement, "joint_unlink"), transaction.atomic():
        agreement = _check(actor, agreement)
        agreement.joint_achievements.remove(achievement)
        record(
            action=AuditAction.UPDATE,
            obj=agreement,
            actor=actor,
            detail=f"joint achievement -{achievement.pk}",
        )
