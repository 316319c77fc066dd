"""The rules an agreement must satisfy, each refusal in plain Chinese: who may be a party, the
dates, the cap of apprentices per master, the targets, and which union approves.

Used by the services (saving a draft) and by the workflow's approval check (the same rules hold
again when the union approves, since another agreement may have taken a master's last place)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action, Scope, scope_for
from innovation.accounts.roles import Role
from innovation.org.models import Enterprise, SkillLevel, TradeUnion, Worker

from .models import Agreement, ApprenticeCapPolicy, Party, Side, TargetKind
from .models.agreements import LIVE_STATES

MAX_YEARS = 10


def check_dates(start_on: datetime.date | None, end_on: datetime.date | None) -> None:
    errors = {}
    if start_on is None:
        errors["start_on"] = [_("请填写开始日期。")]
    if end_on is None:
        errors["end_on"] = [_("请填写结束日期。")]
    if not errors and end_on <= start_on:
        errors["end_on"] = [_("结束日期须晚于开始日期。")]
    elif not errors and (end_on - start_on).days > MAX_YEARS * 366:
        errors["end_on"] = [_("师徒协议期限不能超过%(n)d年。") % {"n": MAX_YEARS}]
    if errors:
        raise ValidationError(errors)


def check_parties(
    *,
    enterprise: Enterprise,
    industry_union: TradeUnion | None,
    masters: Sequence[Worker],
    apprentices: Sequence[Worker],
) -> None:
    """At least one master and one apprentice, nobody on both sides, every party a worker in
    service of the unit — or, for a pair across units, of units under the named industry union."""
    errors: dict[str, list] = {}
    if not masters:
        errors.setdefault("masters", []).append(_("至少须有一位师傅。"))
    if not apprentices:
        errors.setdefault("apprentices", []).append(_("至少须有一位徒弟。"))
    both = {w.pk for w in masters} & {w.pk for w in apprentices}
    if both:
        names = "、".join(sorted({w.name for w in masters if w.pk in both}))
        errors.setdefault("apprentices", []).append(
            _("%(n)s不能既是师傅又是徒弟（不能拜自己为师）。") % {"n": names}
        )
    if industry_union is not None and industry_union.kind != TradeUnion.Kind.INDUSTRY:
        errors.setdefault("industry_union", []).append(_("跨单位结对须选择产业工会。"))
    elif industry_union is not None and not enterprise.scope_path.startswith(industry_union.path):
        errors.setdefault("industry_union", []).append(
            _("「%(e)s」不属于%(i)s。") % {"e": enterprise, "i": industry_union}
        )
    for field, people in (("masters", masters), ("apprentices", apprentices)):
        for worker in people:
            if not worker.is_active:
                errors.setdefault(field, []).append(_("%(n)s已不在职。") % {"n": worker.name})
            elif worker.enterprise_id == enterprise.pk:
                continue
            elif industry_union is None:
                errors.setdefault(field, []).append(_cross_unit_message(worker, enterprise))
            elif not worker.scope_path.startswith(
                industry_union.path
            ) or not enterprise.scope_path.startswith(industry_union.path):
                errors.setdefault(field, []).append(
                    _("%(n)s所在单位「%(u)s」不属于%(i)s，不能跨单位结对。")
                    % {"n": worker.name, "u": worker.enterprise, "i": industry_union}
                )
    if errors:
        raise ValidationError(errors)


def _cross_unit_message(worker: Worker, enterprise: Enterprise) -> str:
    if worker.enterprise.region_id != enterprise.region_id:
        return _(
            "%(n)s所在单位「%(u)s」与「%(e)s」不在同一县(市、区)：跨地区结对须由同一产业工会组织，请选择产业工会。"
        ) % {"n": worker.name, "u": worker.enterprise, "e": enterprise}
    return _("%(n)s不是「%(e)s」的职工：跨单位结对须由同一产业工会组织，请选择产业工会。") % {
        "n": worker.name,
        "e": enterprise,
    }


def cap_in_force(on: datetime.date) -> ApprenticeCapPolicy | None:
    return ApprenticeCapPolicy.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def check_cap(
    *,
    start_on: datetime.date,
    masters: Sequence[Worker],
    apprentices: Sequence[Worker],
    series_id: int | None = None,
) -> None:
    """Each master's apprentices — in agreements in force, and in this one — stay within the cap
    in force at the start date (a new version of the same agreement does not count twice)."""
    policy = cap_in_force(start_on)
    if policy is None:
        return
    mine = {w.pk for w in apprentices}
    live = Party.objects.filter(side=Side.APPRENTICE, agreement__state__in=LIVE_STATES)
    if series_id is not None:
        live = live.exclude(Q(agreement_id=series_id) | Q(agreement__root_id=series_id))
    for master in masters:
        taught = set(
            live.filter(
                agreement__in=Party.objects.filter(worker=master, side=Side.MASTER).values("agreement_id")
            ).values_list("worker_id", flat=True)
        )
        total = len(taught | mine)
        if total > policy.max_apprentices:
            raise ValidationError(
                {
                    "apprentices": [
                        _(
                            "超过带徒人数上限：%(m)s已带徒%(a)d人，加上本协议共%(t)d人，每位师傅最多%(n)d人（%(p)s）。"
                        )
                        % {
                            "m": master.name,
                            "a": len(taught),
                            "t": total,
                            "n": policy.max_apprentices,
                            "p": policy.note or policy.effective_from,
                        }
                    ]
                }
            )


def check_target(
    *,
    agreement: Agreement,
    kind: str,
    due_on: datetime.date | None,
    apprentice: Worker | None,
    skill_level: str,
    quantity: int,
) -> None:
    errors: dict[str, list] = {}
    if kind not in TargetKind.values:
        errors["kind"] = [_("请选择目标类型。")]
    if due_on is None:
        errors["due_on"] = [_("请填写完成期限。")]
    elif due_on < agreement.start_on:
        errors["due_on"] = [
            _("完成期限（%(d)s）早于协议开始日期（%(s)s）。") % {"d": due_on, "s": agreement.start_on}
        ]
    elif due_on > agreement.end_on:
        errors["due_on"] = [
            _("完成期限（%(d)s）晚于协议结束日期（%(e)s）。") % {"d": due_on, "e": agreement.end_on}
        ]
    if (
        apprentice is not None
        and not agreement.parties.filter(worker=apprentice, side=Side.APPRENTICE).exists()
    ):
        errors["apprentice"] = [_("%(n)s不是本协议的徒弟。") % {"n": apprentice.name}]
    if kind == TargetKind.SKILL_LEVEL:
        if skill_level not in SkillLevel.values or not skill_level:
            errors["skill_level"] = [_("技能等级目标须选择要达到的等级。")]
    elif isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        errors["quantity"] = [_("请填写大于0的数量、名次或学时。")]
    if errors:
        raise ValidationError(errors)


def check_targets_within(agreement: Agreement) -> None:
    """The targets of an agreement whose dates changed still fall within them."""
    for target in agreement.targets.all():
        if not agreement.start_on <= target.due_on <= agreement.end_on:
            raise ValidationError(
                {
                    "start_on": [
                        _("目标「%(t)s」的完成期限%(d)s不在协议期限内，请先调整目标。")
                        % {"t": target.get_kind_display(), "d": target.due_on}
                    ]
                }
            )


def approving_union(agreement: Agreement) -> TradeUnion:
    """The union that approves: the unit's, or the industry union of a pair across units."""
    return agreement.industry_union or agreement.enterprise.union


def may_approve(user, agreement: Agreement) -> bool:
    """Held at the approving union itself (or, for a unit's pair, as the admin of its group's
    union above it): a county union does not approve a unit's pair."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    union = approving_union(agreement)
    for grant in user.active_grants():
        if scope_for(grant.role, Action.PAIR_APPROVE) is not Scope.SUBTREE or not grant.node_id:
            continue
        if grant.node_id == union.pk:
            return True
        if (
            agreement.industry_union_id is None
            and grant.role == Role.UNIT_ADMIN
            and union.path.startswith(grant.node.path)
        ):
            return True
    return False
