"""Writes for the organisation. Views, the API, the admin and the seeders call these;
nothing else creates or changes unions, enterprises or workers.

Each function takes the acting user, checks the scope for the target place, validates,
writes inside one transaction (the audit rows are written by the change tracker in the
same transaction) and returns the saved object.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import pii
from innovation.core.validators import (
    id_number_birth_year,
    id_number_gender,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

from .models import Enterprise, Honour, SkillLevel, SkillLevelRecord, TradeUnion, Worker, skill_rank

# Which kinds of union may hang under which.
ALLOWED_CHILDREN = {
    None: {TradeUnion.Kind.PROVINCE, TradeUnion.Kind.CITY},
    TradeUnion.Kind.PROVINCE: {TradeUnion.Kind.CITY, TradeUnion.Kind.INDUSTRY},
    TradeUnion.Kind.CITY: {TradeUnion.Kind.DISTRICT, TradeUnion.Kind.INDUSTRY, TradeUnion.Kind.UNIT},
    TradeUnion.Kind.DISTRICT: {TradeUnion.Kind.UNIT, TradeUnion.Kind.INDUSTRY},
    TradeUnion.Kind.INDUSTRY: {TradeUnion.Kind.UNIT},
    TradeUnion.Kind.UNIT: {TradeUnion.Kind.SUB_UNIT},
    TradeUnion.Kind.SUB_UNIT: {TradeUnion.Kind.SUB_UNIT},
}


def _require(actor, action: str, node: TradeUnion | None) -> None:
    if actor is None:  # system jobs (seeding, migrations) act without a user
        return
    if node is None or not can_act_at(actor, action, node):
        raise PermissionDenied(_("您无权在该组织下进行此操作。"))


def _check_parent(kind: str, parent: TradeUnion | None) -> None:
    allowed = ALLOWED_CHILDREN.get(parent.kind if parent else None, set())
    if kind not in allowed:
        raise ValidationError({"parent": _("该类别的工会不能设在所选上级工会之下。")})


def union_create(
    *, actor, name: str, kind: str, parent: TradeUnion | None, region=None, sort: int = 0
) -> TradeUnion:
    if parent is None:
        if actor is not None:
            raise PermissionDenied(_("只有系统初始化可以创建顶级工会。"))
    else:
        _require(actor, Action.UNION_CHANGE, parent)
    _check_parent(kind, parent)
    with transaction.atomic():
        union = TradeUnion(name=name.strip(), kind=kind, parent=parent, region=region, sort=sort)
        union.full_clean(exclude=["path"])
        union.save()
        # The path needs the new id; written once, straight after the insert.
        union.path = f"{parent.path if parent else '/'}{union.pk}/"
        union.depth = parent.depth + 1 if parent else 0
        TradeUnion.objects.filter(pk=union.pk).update(path=union.path, depth=union.depth)
    return union


def union_update(*, actor, union: TradeUnion, name: str, region=None, sort: int | None = None) -> TradeUnion:
    _require(actor, Action.UNION_CHANGE, union)
    union.name = name.strip()
    union.region = region
    if sort is not None:
        union.sort = sort
    union.full_clean(exclude=["path"])
    with transaction.atomic():
        union.save(update_fields=["name", "region", "sort", "updated_at"])
    return union


def union_move(*, actor, union: TradeUnion, new_parent: TradeUnion) -> TradeUnion:
    """Re-attach a union (with everything under it) to another parent.

    Rewrites the materialised paths of the subtree and of every row that carries one.
    """
    _require(actor, Action.UNION_CHANGE, union)
    _require(actor, Action.UNION_CHANGE, new_parent)
    if new_parent.path.startswith(union.path):
        raise ValidationError({"parent": _("不能把工会移到它自己的下级之下。")})
    _check_parent(union.kind, new_parent)
    old_prefix = union.path
    new_prefix = f"{new_parent.path}{union.pk}/"
    depth_delta = new_parent.depth + 1 - union.depth
    with transaction.atomic():
        union.parent = new_parent
        union.save(update_fields=["parent", "updated_at"])
        for model, field in ((TradeUnion, "path"), (Enterprise, "scope_path"), (Worker, "scope_path")):
            rows = list(model.objects.filter(**{f"{field}__startswith": old_prefix}).only("pk", field))
            for row in rows:
                setattr(row, field, new_prefix + getattr(row, field)[len(old_prefix) :])
                if model is TradeUnion:
                    row.depth += depth_delta
            model.objects.bulk_update(
                rows, [field, "depth"] if model is TradeUnion else [field], batch_size=1000
            )
        record(
            action=AuditAction.UPDATE,
            obj=union,
            changes={"path": [old_prefix, new_prefix]},
            detail=_("调整上级工会"),
        )
    union.refresh_from_db()
    return union


ENTERPRISE_FIELDS = ("name", "uscc", "size", "industry", "region", "group", "address", "is_active")


def _clean_enterprise(enterprise: Enterprise) -> None:
    errors = {}
    if enterprise.uscc:
        try:
            enterprise.uscc = validate_uscc(enterprise.uscc)
        except ValidationError as exc:
            errors["uscc"] = exc.messages
    else:
        enterprise.uscc = None
    if enterprise.uscc and Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists():
        errors["uscc"] = [_("该统一社会信用代码已被其他单位使用。")]
    if enterprise.group_id and enterprise.pk and enterprise.group_id == enterprise.pk:
        errors["group"] = [_("单位不能以自己为上级单位。")]
    if errors:
        raise ValidationError(errors)
    enterprise.full_clean(exclude=["union", "scope_path", "uscc"])


def enterprise_create(*, actor, parent_union: TradeUnion, union_name: str = "", **fields) -> Enterprise:
    """Create a unit together with its base union under `parent_union`."""
    _require(actor, Action.ENTERPRISE_CHANGE, parent_union)
    enterprise = Enterprise(**{k: v for k, v in fields.items() if k in ENTERPRISE_FIELDS})
    enterprise.name = (enterprise.name or "").strip()
    _clean_enterprise(enterprise)
    kind = (
        TradeUnion.Kind.SUB_UNIT
        if parent_union.kind in (TradeUnion.Kind.UNIT, TradeUnion.Kind.SUB_UNIT)
        else TradeUnion.Kind.UNIT
    )
    with transaction.atomic():
        union = union_create(
            actor=None,  # the enterprise permission above already covers its own union
            name=union_name or f"{enterprise.name}工会",
            kind=kind,
            parent=parent_union,
            region=enterprise.region,
        )
        enterprise.union = union
        enterprise.scope_path = union.path
        enterprise.save()
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, **fields) -> Enterprise:
    _require(actor, Action.ENTERPRISE_CHANGE, enterprise.union)
    for key, value in fields.items():
        if key in ENTERPRISE_FIELDS:
            setattr(enterprise, key, value)
    enterprise.name = enterprise.name.strip()
    _clean_enterprise(enterprise)
    with transaction.atomic():
        enterprise.save()
    return enterprise


def _apply_personal_data(worker: Worker, *, id_number: str | None, phone: str | None, errors: dict) -> None:
    if id_number is not None:
        try:
            number = validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        else:
            digest = pii.keyed_hash(number)
            if Worker.objects.filter(id_number_hash=digest).exclude(pk=worker.pk).exists():
                errors["id_number"] = [_("该身份证号码已登记，同一职工不能重复登记。")]
            worker.id_number = number
            worker.id_number_hash = digest
            worker.id_number_masked = pii.mask_id_number(number)
    if phone is not None:
        phone = phone.strip()
        if phone:
            try:
                phone = validate_phone(phone)
            except ValidationError as exc:
                errors["phone"] = exc.messages
        worker.phone = phone
        worker.phone_hash = pii.keyed_hash(phone) if phone else ""
        worker.phone_masked = pii.mask_phone(phone)


WORKER_FIELDS = ("name", "gender", "birth_year", "post", "skill_level", "is_active")


def _derive_from_id(worker: Worker, errors: dict) -> None:
    if "id_number" in errors or not worker.id_number:
        return
    gender = id_number_gender(worker.id_number)
    year = id_number_birth_year(worker.id_number)
    if worker.gender and worker.gender != gender:
        errors["gender"] = [_("性别与身份证号码不一致。")]
    if worker.birth_year and worker.birth_year != year:
        errors["birth_year"] = [_("出生年份与身份证号码不一致。")]
    worker.gender = worker.gender or gender
    worker.birth_year = worker.birth_year or year


def worker_create(*, actor, enterprise: Enterprise, id_number: str, phone: str = "", **fields) -> Worker:
    _require(actor, Action.WORKER_CHANGE, enterprise.union)
    worker = Worker(enterprise=enterprise, **{k: v for k, v in fields.items() if k in WORKER_FIELDS})
    worker.name = (worker.name or "").strip()
    errors: dict = {}
    _apply_personal_data(worker, id_number=id_number, phone=phone, errors=errors)
    _derive_from_id(worker, errors)
    if errors:
        raise ValidationError(errors)
    worker.scope_path = enterprise.union.path
    worker.full_clean(
        exclude=["id_number_hash", "id_number_masked", "phone_hash", "phone_masked", "scope_path", "user"]
    )
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:  # two clerks registering the same person at once
        raise ValidationError({"id_number": [_("该身份证号码已登记，同一职工不能重复登记。")]}) from None
    return worker


def worker_update(
    *,
    actor,
    worker: Worker,
    enterprise: Enterprise | None = None,
    id_number: str | None = None,
    phone: str | None = None,
    **fields,
) -> Worker:
    _require(actor, Action.WORKER_CHANGE, worker.enterprise.union)
    if enterprise is not None and enterprise.pk != worker.enterprise_id:
        _require(actor, Action.WORKER_CHANGE, enterprise.union)
        worker.enterprise = enterprise
        worker.scope_path = enterprise.union.path
    for key, value in fields.items():
        if key in WORKER_FIELDS:
            setattr(worker, key, value)
    worker.name = worker.name.strip()
    errors: dict = {}
    if id_number is not None and id_number.strip() and id_number.strip().upper() != worker.id_number:
        _apply_personal_data(worker, id_number=id_number, phone=None, errors=errors)
    if phone is not None and phone.strip() != worker.phone:
        _apply_personal_data(worker, id_number=None, phone=phone, errors=errors)
    _derive_from_id(worker, errors)
    if errors:
        raise ValidationError(errors)
    worker.full_clean(
        exclude=["id_number_hash", "id_number_masked", "phone_hash", "phone_masked", "scope_path", "user"]
    )
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise ValidationError({"id_number": [_("该身份证号码已登记，同一职工不能重复登记。")]}) from None
    return worker


REVEALABLE = {"id_number": _("身份证号码"), "phone": _("联系电话")}


def worker_reveal(*, actor, worker: Worker, field: str) -> str:
    """The full value of a personal field, for someone entitled; every reveal is audited.

    The caller must have fetched `worker` through the WORKER_REVEAL scope.
    """
    if field not in REVEALABLE:
        raise ValidationError({"field": _("只能查看身份证号码或联系电话。")})
    with transaction.atomic():
        record(action=AuditAction.REVEAL, obj=worker, actor=actor, detail=f"field={field}")
    return getattr(worker, field)


def skill_level_record(
    *,
    actor,
    worker: Worker,
    to_level: str,
    certificate_no: str,
    on: datetime.date,
    source: str = SkillLevelRecord.Source.OTHER,
    source_title: str = "",
) -> SkillLevelRecord:
    """A promotion, kept in the worker's skill-level history: the level must rise, the
    certificate is named, and the worker's level is set in the same transaction. The caller
    holds a row lock on `worker` when it races (pairs and competitions do)."""
    errors: dict = {}
    if not to_level or to_level not in SkillLevel.values:
        errors["to_level"] = [_("请选择新的技能等级。")]
    elif skill_rank(to_level) <= skill_rank(worker.skill_level):
        errors["to_level"] = [
            _("%(n)s现为「%(a)s」，新等级须高于现有等级。")
            % {"n": worker.name, "a": worker.get_skill_level_display()}
        ]
    certificate_no = (certificate_no or "").strip()
    if not certificate_no:
        errors["certificate_no"] = [_("请填写职业技能等级证书编号。")]
    elif len(certificate_no) > 40:
        errors["certificate_no"] = [_("证书编号不能超过40个字符。")]
    if not isinstance(on, datetime.date):
        errors["on"] = [_("请填写取证日期。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = SkillLevelRecord.objects.create(
            worker=worker,
            from_level=worker.skill_level,
            to_level=to_level,
            certificate_no=certificate_no,
            on=on,
            source=source,
            source_title=source_title[:200],
            recorded_by=actor,
        )
        worker_update(actor=actor, worker=worker, skill_level=to_level)
    return entry


def honour_add(*, actor, worker: Worker, kind: str, level: str, year: int, title: str = "") -> Honour:
    _require(actor, Action.WORKER_CHANGE, worker.enterprise.union)
    honour = Honour(worker=worker, kind=kind, level=level, year=year, title=title.strip())
    honour.full_clean()
    with transaction.atomic():
        honour.save()
    return honour


def honour_remove(*, actor, honour: Honour) -> None:
    _require(actor, Action.WORKER_CHANGE, honour.worker.enterprise.union)
    with transaction.atomic():
        honour.delete()
