"""Agreements: drafting, signatures, targets, the steps, and new versions of approved ones."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.org.models import Enterprise, TradeUnion, Worker

from .. import rules
from ..models import Agreement, Party, Side, State, Target
from ..models.agreements import REASON_MAX, TEXT_MAX
from .common import guarded, require_draft, require_manage, require_user, require_workers_visible


def _title(masters: Sequence[Worker], apprentices: Sequence[Worker]) -> str:
    return f"{'、'.join(w.name for w in masters)} — {'、'.join(w.name for w in apprentices)}"[:200]


def _unique(workers: Sequence[Worker]) -> list[Worker]:
    seen, out = set(), []
    for worker in workers:
        if worker.pk not in seen:
            seen.add(worker.pk)
            out.append(worker)
    return out


def _check_place(actor, enterprise: Enterprise, industry_union: TradeUnion | None) -> None:
    if not can_act_at(actor, Action.PAIR_MANAGE, enterprise.union):
        raise PermissionDenied(_("您无权为「%(e)s」办理师徒协议。") % {"e": enterprise})
    if industry_union is not None and not can_act_at(actor, Action.PAIR_MANAGE, industry_union):
        raise PermissionDenied(_("跨单位结对由%(i)s办理，您无权办理。") % {"i": industry_union})


def _check_all(*, actor, enterprise, industry_union, start_on, end_on, masters, apprentices, series_id=None):
    _check_place(actor, enterprise, industry_union)
    rules.check_dates(start_on, end_on)
    rules.check_parties(
        enterprise=enterprise, industry_union=industry_union, masters=masters, apprentices=apprentices
    )
    require_workers_visible(actor, masters, "masters")
    require_workers_visible(actor, apprentices, "apprentices")
    rules.check_cap(start_on=start_on, masters=masters, apprentices=apprentices, series_id=series_id)


def _set_parties(agreement: Agreement, masters, apprentices) -> None:
    """The parties as given, every signature cleared (they signed another text)."""
    for party in agreement.parties.all():
        party.delete()  # one by one: each is in the audit trail
    for side, workers in ((Side.MASTER, masters), (Side.APPRENTICE, apprentices)):
        for worker in workers:
            Party.objects.create(agreement=agreement, worker=worker, side=side)


def _clear_signatures(agreement: Agreement) -> None:
    for party in agreement.parties.filter(signed_on__isnull=False):
        party.signed_on = None
        party.save(update_fields=["signed_on"])


def agreement_create(
    *,
    actor,
    enterprise: Enterprise,
    start_on: datetime.date,
    end_on: datetime.date,
    masters: Sequence[Worker],
    apprentices: Sequence[Worker],
    industry_union: TradeUnion | None = None,
    notes: str = "",
) -> Agreement:
    """A draft agreement of a unit (or of units of one industry union)."""
    masters, apprentices = _unique(masters), _unique(apprentices)
    with guarded(actor=actor, step="create"), transaction.atomic():
        require_user(actor)
        notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        _check_all(
            actor=actor,
            enterprise=enterprise,
            industry_union=industry_union,
            start_on=start_on,
            end_on=end_on,
            masters=masters,
            apprentices=apprentices,
        )
        agreement = Agreement.objects.create(
            enterprise=enterprise,
            industry_union=industry_union,
            title=_title(masters, apprentices),
            start_on=start_on,
            end_on=end_on,
            notes=notes,
            created_by=actor,
        )
        _set_parties(agreement, masters, apprentices)
        return agreement


def agreement_update(
    *,
    actor,
    agreement: Agreement,
    start_on: datetime.date,
    end_on: datetime.date,
    masters: Sequence[Worker],
    apprentices: Sequence[Worker],
    industry_union: TradeUnion | None = None,
    notes: str = "",
) -> Agreement:
    """Change a draft (its unit stays); every signature is cleared: the parties sign again."""
    masters, apprentices = _unique(masters), _unique(apprentices)
    with guarded(actor=actor, step="update", obj=agreement), transaction.atomic():
        require_manage(actor, agreement)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        require_draft(agreement)
        notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        _check_all(
            actor=actor,
            enterprise=agreement.enterprise,
            industry_union=industry_union,
            start_on=start_on,
            end_on=end_on,
            masters=masters,
            apprentices=apprentices,
            series_id=agreement.series_id if agreement.parent_id else None,
        )
        agreement.start_on, agreement.end_on = start_on, end_on
        agreement.industry_union, agreement.notes = industry_union, notes
        agreement.title = _title(masters, apprentices)
        rules.check_targets_within(agreement)
        agreement.save()
        _set_parties(agreement, masters, apprentices)
        # Targets of an apprentice no longer in the agreement go with him.
        for target in agreement.targets.filter(apprentice__isnull=False).exclude(apprentice__in=apprentices):
            target.delete()
        return agreement


def party_sign(*, actor, party: Party, signed_on: datetime.date, today: datetime.date | None = None) -> Party:
    """Record the date a master or an apprentice signed the draft (the paper signature)."""
    today = today or timezone.localdate()
    with guarded(actor=actor, step="sign", obj=party.agreement), transaction.atomic():
        require_manage(actor, party.agreement)
        agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
        require_draft(agreement)
        if not isinstance(signed_on, datetime.date):
            raise ValidationError({"signed_on": [_("请填写签署日期。")]})
        if signed_on > today:
            raise ValidationError({"signed_on": [_("签署日期不能晚于今天。")]})
        party.signed_on = signed_on
        party.save(update_fields=["signed_on"])
        return party


def target_add(
    *,
    actor,
    agreement: Agreement,
    kind: str,
    due_on: datetime.date,
    apprentice: Worker | None = None,
    skill_level: str = "",
    quantity: int = 0,
    description: str = "",
) -> Target:
    with guarded(actor=actor, step="target_add", obj=agreement), transaction.atomic():
        require_manage(actor, agreement)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        require_draft(agreement)
        rules.check_target(
            agreement=agreement,
            kind=kind,
            due_on=due_on,
            apprentice=apprentice,
            skill_level=skill_level or "",
            quantity=quantity,
        )
        description = clean_text(description, field="description", limit=200)
        target = Target.objects.create(
            agreement=agreement,
            kind=kind,
            due_on=due_on,
            apprentice=apprentice,
            skill_level=skill_level or "",
            quantity=quantity if kind != "skill_level" else 0,
            description=description,
        )
        _clear_signatures(agreement)
        return target


def target_remove(*, actor, target: Target) -> None:
    with guarded(actor=actor, step="target_remove", obj=target.agreement), transaction.atomic():
        require_manage(actor, target.agreement)
        agreement = Agreement.objects.select_for_update().get(pk=target.agreement_id)
        require_draft(agreement)
        target.delete()
        _clear_signatures(agreement)


def agreement_revise(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """An approved agreement is never edited: a change is a new draft version (a copy of its
    parties, targets and joint achievements, unsigned), with the reason. The old one stays in
    force until the new one is approved, then it is superseded."""
    with guarded(actor=actor, step="revise", obj=agreement), transaction.atomic():
        require_manage(actor, agreement)
        old = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if old.state not in (State.APPROVED, State.ACTIVE):
            raise ValidationError(
                _("师徒协议当前为「%(s)s」，只有已审批或履行中的协议可以变更为新版本。")
                % {"s": old.get_state_display()},
                code="state",
            )
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required=_("请填写变更原因。"))
        series = old.series_id
        in_series = Agreement.objects.filter(Q(pk=series) | Q(root_id=series))
        pending = in_series.filter(state=State.DRAFT).first()
        if pending is not None:
            raise ValidationError(
                _("该协议已有待审批的第%(v)d版，请先处理该版本。") % {"v": pending.version}, code="pending"
            )
        new = Agreement.objects.create(
            enterprise=old.enterprise,
            industry_union=old.industry_union,
            title=old.title,
            start_on=old.start_on,
            end_on=old.end_on,
            notes=old.notes,
            version=(in_series.aggregate(v=Max("version"))["v"] or old.version) + 1,
            parent=old,
            root_id=series,
            change_reason=reason,
            created_by=actor,
        )
        for party in old.parties.all():
            Party.objects.create(agreement=new, worker_id=party.worker_id, side=party.side)
        for t in old.targets.all():
            Target.objects.create(
                agreement=new,
                kind=t.kind,
                apprentice_id=t.apprentice_id,
                skill_level=t.skill_level,
                quantity=t.quantity,
                description=t.description,
                due_on=t.due_on,
            )
        new.joint_achievements.set(old.joint_achievements.all())
        return new


# ---------------------------------------------------------------- the steps (the kernel runs them)


def agreement_approve(*, actor, agreement: Agreement, note: str = "") -> Agreement:
    return kernel.run(obj=agreement, step="approve", actor=actor, reason=note)


def agreement_start(*, actor, agreement: Agreement) -> Agreement:
    return kernel.run(obj=agreement, step="start", actor=actor)


def agreement_complete(
    *, actor, agreement: Agreement, result: str, on: datetime.date, notes: str = ""
) -> Agreement:
    """出师: the assessment (result, date, notes) completes the agreement."""
    return kernel.run(obj=agreement, step="complete", actor=actor, result=result, on=on, notes=notes)


def agreement_end(*, actor, agreement: Agreement, reason: str) -> Agreement:
    return kernel.run(obj=agreement, step="end", actor=actor, reason=reason)


def start_due(*, today: datetime.date | None = None) -> int:
    """Approved agreements whose start date has come begin (a daily job); the number started."""
    now = timezone.now()
    if today is not None:
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    today = timezone.localdate(now)
    started = 0
    for agreement in Agreement.objects.filter(state=State.APPROVED, start_on__lte=today).order_by("pk"):
        kernel.run(obj=agreement, step="start", actor=None, now=now, by_service=True, notify_people=False)
        started += 1
    return started
