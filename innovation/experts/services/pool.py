"""The expert pool: `expert_create` / `expert_update` (city admins), `conflict_add` /
`conflict_remove` and `availability_set` (city admins, or the expert for themself)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innovation.accounts import services as account_services
from innovation.accounts.models import User
from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can_act_at, restrict
from innovation.achievements.models import Campaign, Field
from innovation.core import pii
from innovation.core.validators import validate_phone
from innovation.org.models import Enterprise, Worker

from .. import assignment as solver
from ..models import Assignment, Availability, Conflict, ExpertProfile
from .assigning import Pool, item_of
from .replacing import Replacement, withdraw_and_replace

PROFILE_FIELDS = ("name", "employer", "employer_outside", "title", "fields", "tags", "is_active")


def _require_manage(actor, expert: ExpertProfile) -> None:
    if (
        actor is not None
        and not restrict(ExpertProfile.objects.filter(pk=expert.pk), actor, Action.EXPERT_MANAGE).exists()
    ):
        raise PermissionDenied(_("只有市总工会可以维护专家库。"))


def _require_self_or_manage(actor, expert: ExpertProfile) -> None:
    """City admins over the pool, or the expert for their own conflicts and availability."""
    if actor is None:
        return
    one = ExpertProfile.objects.filter(pk=expert.pk)
    if expert.user_id == actor.pk and restrict(one, actor, Action.EXPERT_VIEW).exists():
        return
    _require_manage(actor, expert)


def _clean_profile(expert: ExpertProfile, errors: dict) -> None:
    expert.name = (expert.name or "").strip()
    expert.title = (expert.title or "").strip()
    expert.tags = (expert.tags or "").strip()
    expert.employer_outside = (expert.employer_outside or "").strip()
    if not expert.name:
        errors["name"] = [_("请填写姓名。")]
    chosen = list(dict.fromkeys(expert.fields or []))
    if not chosen or any(f not in Field.values for f in chosen):
        errors["fields"] = [
            _("请至少选择一个专业领域（%(f)s）。") % {"f": "、".join(str(label) for label in Field.labels)}
        ]
    expert.fields = [f for f in Field.values if f in chosen]
    if expert.employer_id is None and not expert.employer_outside:
        errors["employer"] = [_("请选择本市工作单位，或填写外单位名称。")]
    if expert.employer_id is not None:
        expert.employer_outside = ""


def _apply_phone(expert: ExpertProfile, phone: str, errors: dict) -> None:
    """The phone three ways, as for workers (innovation.org.services)."""
    phone = (phone or "").strip()
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    expert.phone = phone
    expert.phone_hash = pii.keyed_hash(phone) if phone else ""
    expert.phone_masked = pii.mask_phone(phone)


def expert_create(
    *,
    actor,
    union,
    name: str,
    fields: list[str],
    username: str = "",
    employer: Enterprise | None = None,
    employer_outside: str = "",
    title: str = "",
    tags: str = "",
    phone: str = "",
    is_active: bool = True,
    worker: Worker | None = None,
) -> tuple[ExpertProfile, str | None]:
    """Add an expert to `union`'s pool with a login (role expert). A new account gets a generated
    first password that must be changed at first login; it is returned once (None when the expert
    is a registered worker who already has an account, which is reused)."""
    if actor is not None and not can_act_at(actor, Action.EXPERT_MANAGE, union):
        raise PermissionDenied(_("只有市总工会可以维护专家库。"))
    expert = ExpertProfile(
        union=union,
        name=name,
        fields=list(fields or []),
        employer=employer or (worker.enterprise if worker is not None else None),
        employer_outside=employer_outside,
        title=title,
        tags=tags,
        is_active=is_active,
    )
    errors: dict = {}
    _clean_profile(expert, errors)
    _apply_phone(expert, phone, errors)
    reuse = worker is not None and worker.user_id is not None
    username = (username or "").strip()
    if reuse:
        if ExpertProfile.objects.filter(user_id=worker.user_id).exists():
            errors["worker"] = [_("该职工已在专家库中。")]
    elif not username:
        errors["username"] = [_("请填写登录用户名。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该用户名已存在。")]
    if errors:
        raise ValidationError(errors)
    password = None
    with transaction.atomic():
        if reuse:
            user = worker.user
        else:
            user, password = account_services.user_create(
                actor=None, username=username, display_name=expert.name
            )
            if worker is not None:
                worker.user = user
                worker.save(update_fields=["user"])
        account_services.grant_role(actor=None, user=user, role=Role.EXPERT)
        expert.user = user
        expert.save()
    return expert, password


def expert_update(*, actor, expert: ExpertProfile, phone: str | None = None, **fields) -> ExpertProfile:
    _require_manage(actor, expert)
    for key, value in fields.items():
        if key in PROFILE_FIELDS:
            setattr(expert, key, value)
    errors: dict = {}
    _clean_profile(expert, errors)
    if phone is not None and phone.strip() and phone.strip() != expert.phone:
        _apply_phone(expert, phone, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        expert.save()
        if expert.user.display_name != expert.name:
            expert.user.display_name = expert.name
            expert.user.save(update_fields=["display_name"])
    return expert


def conflict_add(
    *,
    actor,
    expert: ExpertProfile,
    reason: str,
    enterprise: Enterprise | None = None,
    worker: Worker | None = None,
) -> tuple[Conflict, list["Replacement"]]:
    """Declare a conflict. The expert's pending assignments it now touches are withdrawn and given
    to other eligible experts (before the review deadline)."""
    _require_self_or_manage(actor, expert)
    reason = (reason or "").strip()
    errors: dict = {}
    if enterprise is None and worker is None:
        errors["enterprise"] = [_("请选择须回避的单位或人员。")]
    if not reason:
        errors["reason"] = [_("请填写回避理由。")]
    existing = expert.conflicts.all()
    if enterprise is not None and existing.filter(enterprise=enterprise, worker__isnull=True).exists():
        errors["enterprise"] = [_("已申报过回避该单位。")]
    if worker is not None and existing.filter(worker=worker).exists():
        errors["worker"] = [_("已申报过回避该人员。")]
    if errors:
        raise ValidationError(errors)
    conflict = Conflict(expert=expert, enterprise=enterprise, worker=worker, reason=reason[:200])
    replaced: list[Replacement] = []
    with transaction.atomic():
        conflict.save()
        pool = Pool.load_one(expert)
        touched = (
            Assignment.objects.filter(expert=expert, state=Assignment.State.ASSIGNED)
            .select_related("campaign__union", "achievement")
            .order_by("id")
        )
        for row in touched:
            if solver.clashes(item_of(row.achievement_id), pool):
                replaced.append(
                    withdraw_and_replace(
                        row,
                        state=Assignment.State.WITHDRAWN,
                        reason=_("专家申报回避：%(r)s") % {"r": reason},
                        actor=actor,
                    )
                )
    return conflict, replaced


def conflict_remove(*, actor, conflict: Conflict) -> None:
    _require_self_or_manage(actor, conflict.expert)
    with transaction.atomic():
        conflict.delete()


def availability_set(
    *,
    actor,
    expert: ExpertProfile,
    campaign: Campaign,
    available: bool,
    max_items: int | None = None,
    note: str = "",
) -> Availability:
    _require_self_or_manage(actor, expert)
    if max_items is not None and max_items < 1:
        raise ValidationError({"max_items": [_("最多评审项数须为正整数；不限请留空。")]})
    with transaction.atomic():
        row = Availability.objects.select_for_update().filter(campaign=campaign, expert=expert).first()
        row = row or Availability(campaign=campaign, expert=expert)
        row.available, row.max_items, row.note = bool(available), max_items, (note or "").strip()[:200]
        row.save()
    return row
