"""Writes for campaigns and achievements. Views, the API and the Excel import call these."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, Worker

from .models import (
    Achievement,
    Attachment,
    Author,
    AwardGrade,
    Campaign,
    Field,
    Kind,
    Patent,
    RubricCriterion,
)
from .rules import (
    apply_fields,
    authors_from,
    build_search_text,
    clean_amount,
    patents_from,
)
from .uploads import check_upload


def _require_at(actor, action: str, node, message: str) -> None:
    if actor is not None and not can_act_at(actor, action, node):
        raise PermissionDenied(message)


# ---------------------------------------------------------------- campaigns


def _clean_campaign(campaign: Campaign, grades: list[dict], criteria: list[dict]) -> None:
    errors: dict[str, list] = {}
    if not campaign.kinds or any(k not in Kind.values for k in campaign.kinds):
        errors["kinds"] = [_("请至少选择一个成果类别。")]
    if not campaign.fields or any(f not in Field.values for f in campaign.fields):
        errors["fields"] = [_("请至少选择一个领域。")]
    if campaign.opens_at and campaign.closes_at and campaign.closes_at <= campaign.opens_at:
        errors["closes_at"] = [_("截止时间须晚于开始时间。")]
    if (
        campaign.opens_at
        and campaign.opens_at.astimezone(timezone.get_current_timezone()).year != campaign.year
    ):
        errors["opens_at"] = [_("申报开始时间须在活动年度内。")]
    codes = [g["code"] for g in grades]
    if not grades or len(codes) != len(set(codes)):
        errors["grades"] = [_("请设置奖项，每个奖项只能出现一次。")]
    for g in grades:
        if int(g.get("quota", 0)) < 0 or int(g.get("prize_fen", 0)) < 0:
            errors["grades"] = [_("奖金和名额不能为负数。")]
    if not criteria:
        errors["criteria"] = [_("请设置评分标准。")]
    elif sum(Decimal(str(c["weight"])) for c in criteria) != 100:
        errors["criteria"] = [_("评分标准权重合计须为100。")]
    if errors:
        raise ValidationError(errors)
    campaign.full_clean(exclude=["union"], validate_unique=False)
    if Campaign.objects.filter(union=campaign.union, year=campaign.year).exclude(pk=campaign.pk).exists():
        raise ValidationError({"year": [_("该工会本年度已有征集活动，每年只能有一个。")]})


def _write_rules(campaign: Campaign, grades: list[dict], criteria: list[dict]) -> None:
    campaign.grades.all().delete()
    campaign.criteria.all().delete()
    AwardGrade.objects.bulk_create(
        [
            AwardGrade(
                campaign=campaign,
                code=g["code"],
                prize_fen=int(g["prize_fen"]),
                quota=int(g["quota"]),
                order=i,
            )
            for i, g in enumerate(grades)
        ]
    )
    RubricCriterion.objects.bulk_create(
        [
            RubricCriterion(
                campaign=campaign,
                name=c["name"],
                weight=Decimal(str(c["weight"])),
                max_score=int(c["max_score"]),
                order=i,
            )
            for i, c in enumerate(criteria)
        ]
    )


def campaign_create(*, actor, union, grades: list[dict], criteria: list[dict], **fields) -> Campaign:
    _require_at(actor, Action.CAMPAIGN_MANAGE, union, _("只有市总工会可以发布征集活动。"))
    campaign = Campaign(union=union, **fields)
    _clean_campaign(campaign, grades, criteria)
    with transaction.atomic():
        campaign.save()
        _write_rules(campaign, grades, criteria)
    return campaign


def campaign_update(
    *, actor, campaign: Campaign, grades: list[dict], criteria: list[dict], now=None, **fields
) -> Campaign:
    _require_at(actor, Action.CAMPAIGN_MANAGE, campaign.union, _("只有市总工会可以修改征集活动。"))
    if campaign.is_frozen(now):
        raise ValidationError(_("征集活动已开始，规则已冻结，不能再修改。"), code="frozen")
    for key, value in fields.items():
        setattr(campaign, key, value)
    _clean_campaign(campaign, grades, criteria)
    with transaction.atomic():
        campaign.save()
        _write_rules(campaign, grades, criteria)
    return campaign


def _save_children(achievement: Achievement, authors: list[dict] | None, patents: list[dict] | None) -> None:
    if authors is not None:
        achievement.authors.all().delete()
        Author.objects.bulk_create(
            [Author(achievement=achievement, order=i, **a) for i, a in enumerate(authors, start=1)]
        )
    if patents is not None:
        achievement.patents.all().delete()
        Patent.objects.bulk_create([Patent(achievement=achievement, **p) for p in patents])
    names = [a.name for a in achievement.authors.select_related("worker")]
    achievement.search_text = build_search_text(achievement, names)
    Achievement.objects.filter(pk=achievement.pk).update(search_text=achievement.search_text)


def _check_draft_rights(actor, enterprise: Enterprise, authors: list[dict]) -> None:
    """A unit admin drafts for its unit; a worker drafts only work they are an author of."""
    if actor is None:
        return
    if can_act_at(actor, Action.ACHIEVEMENT_EDIT, enterprise.union):
        return
    own = Worker.objects.filter(user=actor).first()
    if (
        own
        and own.enterprise_id == enterprise.pk
        and any(a["worker"] and a["worker"].pk == own.pk for a in authors)
    ):
        return
    raise PermissionDenied(_("您无权为该单位填报成果。"))


def achievement_create(
    *,
    actor,
    campaign: Campaign,
    enterprise: Enterprise,
    authors: list[dict] | None = None,
    patents: list[dict] | None = None,
    **fields,
) -> Achievement:
    errors: dict = {}
    achievement = Achievement(
        campaign=campaign, enterprise=enterprise, created_by=actor, scope_path=enterprise.scope_path
    )
    apply_fields(achievement, fields, errors)
    author_rows = authors_from(authors or [], enterprise, errors) if authors else []
    patent_rows = patents_from(patents or [], errors)
    _check_draft_rights(actor, enterprise, author_rows)
    if not achievement.title:
        errors["title"] = [_("请填写成果名称。")]
    if errors:
        raise ValidationError(errors)
    if campaign.closes_at <= timezone.now():
        raise ValidationError(_("%(c)s 已截止申报，不能再新建成果。") % {"c": campaign.title}, code="window")
    with transaction.atomic():
        achievement.save()
        _save_children(achievement, author_rows, patent_rows)
    return achievement


def achievement_update(
    *,
    actor,
    achievement: Achievement,
    authors: list[dict] | None = None,
    patents: list[dict] | None = None,
    **fields,
) -> Achievement:
    if (
        actor is not None
        and not restrict(
            Achievement.objects.filter(pk=achievement.pk), actor, Action.ACHIEVEMENT_EDIT
        ).exists()
    ):
        raise PermissionDenied(_("您无权修改该成果。"))
    if not achievement.is_editable:
        raise ValidationError(
            _("成果已提交（%(s)s），不能再修改；如需修改请由审核方退回。")
            % {"s": achievement.get_state_display()},
            code="state",
        )
    errors: dict = {}
    apply_fields(achievement, fields, errors)
    author_rows = authors_from(authors, achievement.enterprise, errors) if authors is not None else None
    patent_rows = patents_from(patents, errors) if patents is not None else None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        achievement.save()
        _save_children(achievement, author_rows, patent_rows)
    return achievement


def attachment_add(
    *, actor, achievement: Achievement, upload, purpose: str = Attachment.Purpose.MATERIAL
) -> Attachment:
    if (
        actor is not None
        and not restrict(
            Achievement.objects.filter(pk=achievement.pk), actor, Action.ACHIEVEMENT_EDIT
        ).exists()
    ):
        raise PermissionDenied(_("您无权修改该成果。"))
    if not achievement.is_editable:
        raise ValidationError(_("成果已提交，不能再上传附件。"), code="state")
    if achievement.attachments.count() >= settings.ATTACHMENTS_PER_ACHIEVEMENT:
        raise ValidationError(
            _("每项成果最多上传%(n)d个附件。") % {"n": settings.ATTACHMENTS_PER_ACHIEVEMENT}
        )
    extension, content_type, digest = check_upload(upload)
    if achievement.attachments.filter(sha256=digest).exists():
        raise ValidationError(_("同一文件已上传过。"), code="duplicate")
    attachment = Attachment(
        achievement=achievement,
        purpose=purpose,
        original_name=upload.name[:200],
        extension=extension,
        content_type=content_type,
        size=upload.size,
        sha256=digest,
        uploaded_by=actor,
    )
    with transaction.atomic():
        attachment.file.save(f"upload.{extension}", upload, save=False)
        attachment.save()
        record(
            action=AuditAction.CREATE,
            obj=achievement,
            detail=f"attachment {attachment.original_name} ({digest[:12]})",
        )
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    achievement = attachment.achievement
    if (
        actor is not None
        and not restrict(
            Achievement.objects.filter(pk=achievement.pk), actor, Action.ACHIEVEMENT_EDIT
        ).exists()
    ):
        raise PermissionDenied(_("您无权修改该成果。"))
    if not achievement.is_editable:
        raise ValidationError(_("成果已提交，不能再删除附件。"), code="state")
    with transaction.atomic():
        record(action=AuditAction.DELETE, obj=achievement, detail=f"attachment {attachment.original_name}")
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def benefit_verify(*, actor, achievement: Achievement, amount, note: str = "") -> Achievement:
    if (
        actor is not None
        and not restrict(Achievement.objects.filter(pk=achievement.pk), actor, Action.BENEFIT_VERIFY).exists()
    ):
        raise PermissionDenied(_("只有市总工会可以核定经济效益。"))
    if achievement.benefit_locked:
        raise ValidationError(_("成果已获奖，核定效益已锁定，不能再修改。"), code="locked")
    if achievement.submitted_at is None:
        raise ValidationError(_("成果尚未提交，不能核定效益。"), code="state")
    errors: dict = {}
    value = clean_amount(amount, errors, "benefit_verified")
    if value is None and not errors:
        errors["benefit_verified"] = [_("请填写核定金额。")]
    if errors:
        raise ValidationError(errors)
    achievement.benefit_verified = value
    achievement.benefit_verified_note = note.strip()
    achievement.benefit_verified_by = actor
    achievement.benefit_verified_at = timezone.now()
    with transaction.atomic():
        achievement.save(
            update_fields=[
                "benefit_verified",
                "benefit_verified_note",
                "benefit_verified_by",
                "benefit_verified_at",
                "updated_at",
            ]
        )
    return achievement


def bulk_transition(*, actor, achievements, step: str, reason: str = "") -> tuple[int, list[str]]:
    """Apply one step to many items; each goes through the workflow kernel. Returns (done, problems)."""
    done, problems = 0, []
    for achievement in achievements:
        try:
            kernel.run(obj=achievement, step=step, actor=actor, reason=reason)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            problems.append(f"{achievement.title}：{message}")
    return done, problems


def parse_datetime_local(value: str) -> datetime | None:
    """'2026-03-01T08:00' from a datetime-local input, in Asia/Shanghai."""
    if not value:
        return None
    return timezone.make_aware(datetime.fromisoformat(value))
