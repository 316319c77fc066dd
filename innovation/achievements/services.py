"""Writes for campaigns and achievements. Views, the API and the Excel import call these."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
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
    percent,
)
from .uploads import check_upload

ACHIEVEMENT_FIELDS = (
    "title",
    "kind",
    "field",
    "post",
    "problem",
    "solution",
    "effect",
    "started_on",
    "completed_on",
    "benefit_type",
    "benefit_claimed",
    "benefit_basis",
    "studio",
)


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


# ---------------------------------------------------------------- achievements

MAX_BENEFIT = Decimal("10000000000")  # 100亿元/年: anything above is a typing error


def _clean_amount(value, errors: dict, field: str):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = [_("请输入金额（元），如 272000 或 272000.50。")]
        return None
    if amount < 0:
        errors[field] = [_("经济效益不能为负数。")]
    elif amount > MAX_BENEFIT:
        errors[field] = [_("经济效益超过100亿元/年，请核对单位（元）是否填写正确。")]
    return amount


OUTSIDE_NAME_MAX = Author._meta.get_field("outside_name").max_length
OUTSIDE_UNIT_MAX = Author._meta.get_field("outside_unit").max_length


def author_candidates(enterprise: Enterprise):
    """The workers who may be named as authors of an achievement of `enterprise`: its active
    workers (a unit the actor drafts for, so inside the actor's scope). Anyone else is named as
    an outside co-author in free text. The form's choices come from here too."""
    return Worker.objects.filter(enterprise=enterprise, is_active=True)


def _is_candidate(worker: Worker, enterprise: Enterprise) -> bool:
    return worker.enterprise_id == enterprise.pk and worker.is_active


def _given_id(value) -> int | None:
    """An id as given by a form, the API or the import: None when absent, -1 when not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Model):
        # A caller inside the code may pass the worker itself; it is still checked against
        # the candidates like any id, so it grants nothing an id would not.
        value = value.pk
    if isinstance(value, bool) or not isinstance(value, int | str):
        return -1
    try:
        number = int(value)
    except ValueError:
        return -1
    return number if 0 < number < 2**63 else -1


def _authors_from(
    data: list[dict], enterprise: Enterprise, errors: dict, *, known: dict[int, Worker] | None = None
) -> list[dict]:
    """Normalise authors given as [{worker: worker id | None, outside_name, outside_unit, share}]
    into [{worker: Worker | None, outside_name, outside_unit, share}] in order.

    A worker id must name one of `author_candidates(enterprise)`; any other id (another unit,
    another district, or no worker at all) gets the same message, so that an answer never tells
    whether a worker outside the scope exists. `known`: workers the caller already loaded (the
    Excel import), checked by the same rule instead of being read again.
    """
    ids = {i for i in (_given_id(row.get("worker")) for row in data) if i is not None and i > 0}
    found = {pk: w for pk, w in (known or {}).items() if pk in ids and _is_candidate(w, enterprise)}
    if ids - found.keys():
        found.update(author_candidates(enterprise).defer("id_number", "phone").in_bulk(ids - found.keys()))
    authors = []
    seen_workers = set()
    skipped = False  # a row refused as a whole: its share would only confuse the total
    for index, row in enumerate(data, start=1):
        worker_id = _given_id(row.get("worker"))
        name = (row.get("outside_name") or "").strip()
        try:
            share = Decimal(str(row.get("share"))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError, TypeError):
            errors.setdefault("authors", []).append(_("第%(i)d位完成人的份额无效。") % {"i": index})
            skipped = True
            continue
        if share <= 0 or share > 100:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人的份额须大于0且不超过100。") % {"i": index}
            )
        worker = None
        if worker_id is not None:
            worker = found.get(worker_id)
            if worker is None:
                errors.setdefault("authors", []).append(
                    _("第%(i)d位完成人不存在或不是申报单位的在职职工；其他单位人员请填写为外单位完成人。")
                    % {"i": index}
                )
                skipped = True
                continue
        elif not name:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人须选择本单位职工或填写外单位完成人姓名。") % {"i": index}
            )
            skipped = True
            continue
        elif len(name) > OUTSIDE_NAME_MAX or len((row.get("outside_unit") or "").strip()) > OUTSIDE_UNIT_MAX:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人：外单位完成人姓名不超过%(n)d字，单位名称不超过%(u)d字。")
                % {"i": index, "n": OUTSIDE_NAME_MAX, "u": OUTSIDE_UNIT_MAX}
            )
            skipped = True
            continue
        if worker is not None:
            if worker.pk in seen_workers:
                errors.setdefault("authors", []).append(_("完成人「%(n)s」重复。") % {"n": worker.name})
            seen_workers.add(worker.pk)
        authors.append(
            {
                "worker": worker,
                "outside_name": "" if worker else name,
                "outside_unit": "" if worker else (row.get("outside_unit") or "").strip(),
                "share": share,
            }
        )
    if authors:
        first = authors[0]["worker"]
        if first is None or first.enterprise_id != enterprise.pk:
            errors.setdefault("authors", []).append(_("第一完成人须是本单位职工。"))
        total = sum(a["share"] for a in authors)
        if total != 100 and not skipped:
            errors.setdefault("authors", []).append(
                _("完成人贡献份额合计须为100%%，现为%(t)s%%。") % {"t": percent(total)}
            )
    return authors


def _patents_from(data: list[dict], errors: dict) -> list[dict]:
    patents, numbers = [], set()
    for row in data:
        number = (row.get("number") or "").strip().upper()
        if not number:
            continue
        if row.get("type") not in Patent.Type.values or row.get("status") not in Patent.Status.values:
            errors.setdefault("patents", []).append(_("专利「%(n)s」的类型或状态无效。") % {"n": number})
            continue
        if number in numbers:
            errors.setdefault("patents", []).append(_("专利号「%(n)s」重复。") % {"n": number})
        numbers.add(number)
        patents.append({"type": row["type"], "number": number, "status": row["status"]})
    return patents


def build_search_text(achievement: Achievement, author_names: list[str]) -> str:
    parts = [
        achievement.title,
        achievement.problem,
        achievement.solution,
        achievement.effect,
        achievement.post,
        achievement.enterprise.name,
        " ".join(author_names),
    ]
    return "\n".join(p for p in parts if p).lower()


# The longest texts an achievement takes (characters); the model's CharFields have their own.
TEXT_LIMITS = {"problem": 5000, "solution": 5000, "effect": 5000, "benefit_basis": 2000}


def text_limit(key: str) -> int | None:
    return TEXT_LIMITS.get(key) or Achievement._meta.get_field(key).max_length


def incubator_candidates(enterprise: Enterprise):
    """The studios an achievement of `enterprise` may name as its incubator: the unit's active
    studios (the form's choices come from here too)."""
    from innovation.studios.models import Studio

    return Studio.objects.filter(enterprise=enterprise, status=Studio.Status.ACTIVE)


def _studio(value, achievement: Achievement, errors: dict):
    """The incubating studio from its id: one of incubator_candidates(), or an error that reads the
    same whether the id names another unit's studio, a revoked one, or nothing."""
    if value in (None, ""):
        return None
    studio_id = _given_id(value)
    studio = (
        incubator_candidates(achievement.enterprise).filter(pk=studio_id).first() if studio_id > 0 else None
    )
    if studio is None:
        errors["studio"] = [_("所选工作室不存在，或不是申报单位在册的创新工作室。")]
    return studio


def _apply(achievement: Achievement, fields: dict, errors: dict) -> None:
    for key in ACHIEVEMENT_FIELDS:
        if key in fields:
            value = fields[key]
            if key == "benefit_claimed":
                value = _clean_amount(value, errors, key)
            elif key == "studio":
                value = _studio(value, achievement, errors)
            elif isinstance(value, str):
                value = value.strip()
                limit = text_limit(key)
                if limit and len(value) > limit:
                    errors[key] = [_("不能超过%(n)d个字（现为%(m)d个字）。") % {"n": limit, "m": len(value)}]
                    continue
            setattr(
                achievement,
                key,
                value
                if value is not None or key in ("benefit_claimed", "started_on", "completed_on", "studio")
                else "",
            )
    if (
        achievement.started_on
        and achievement.completed_on
        and achievement.completed_on < achievement.started_on
    ):
        errors["completed_on"] = [_("完成日期不能早于开始日期。")]
    if achievement.completed_on and achievement.completed_on > timezone.localdate():
        errors["completed_on"] = [_("完成日期不能晚于今天。")]
    campaign = achievement.campaign
    if achievement.kind and achievement.kind not in campaign.kinds:
        errors["kind"] = [_("本次活动不征集该类别的成果。")]
    if achievement.field and achievement.field not in campaign.fields:
        errors["field"] = [_("本次活动不征集该领域的成果。")]


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
    _apply(achievement, fields, errors)
    author_rows = _authors_from(authors or [], enterprise, errors) if authors else []
    patent_rows = _patents_from(patents or [], errors)
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
    _apply(achievement, fields, errors)
    author_rows = _authors_from(authors, achievement.enterprise, errors) if authors is not None else None
    patent_rows = _patents_from(patents, errors) if patents is not None else None
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
    value = _clean_amount(amount, errors, "benefit_verified")
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
