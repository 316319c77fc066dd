"""Budget amendments (预算调整): 调增 raises a line's amount, 调减 lowers it, each by a document
(文号), on a date, for a reason, approved by a person who may manage the line's funds.

`amend` is the one writer. Like a commitment it takes the line's row lock and moves the
line's counters with F() updates (innovation.funds.ledger.bump), so an amendment and a
commitment racing for the same line serialise: a 调减 that would leave less than is committed
is refused, and so is the commitment that no longer fits after a 调减. The CHECK constraints
(amount = base + amendments, committed ≤ amount) are the backstop; a violation becomes the
same refusal. A refused attempt changes nothing and leaves an audit row.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.models import User
from innovation.accounts.policy import POLICY, Action, Scope
from innovation.accounts.scope import ancestor_paths, can_act_at
from innovation.audit.services import refusals_recorded

from .ledger import bump, whole_fen
from .models import MAX_FEN, BudgetAmendment, BudgetLine, money

DOCUMENT_MAX = 60
REASON_MAX = 500
Direction = BudgetAmendment.Direction


def approvers_for(union):
    """Active users who may approve an amendment of `union`'s lines: those whose role grants
    FUNDS_MANAGE everywhere, or over a subtree that holds `union` (the choices of the form)."""
    everywhere = [role for role, actions in POLICY.items() if actions.get(Action.FUNDS_MANAGE) is Scope.ALL]
    subtree = [role for role, actions in POLICY.items() if actions.get(Action.FUNDS_MANAGE) is Scope.SUBTREE]
    above = ancestor_paths(union.path)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(grants__role__in=everywhere) | Q(grants__role__in=subtree, grants__node__path__in=above))
        .distinct()
        .order_by("username")
    )


def check_decrease(line: BudgetLine, amount_fen: int) -> None:
    """Raise the refusal when a 调减 of `amount_fen` would leave the (locked) line with less
    than is committed."""
    if line.amount_fen - amount_fen < line.committed_fen:
        raise _below_committed_error(line, amount_fen)


def _below_committed_error(line: BudgetLine, amount_fen: int) -> ValidationError:
    return ValidationError(
        {
            "amount_fen": [
                _(
                    "预算科目「%(l)s」调减%(a)s后预算金额为%(n)s，低于已承诺的%(c)s，不能调减；"
                    "最多可调减%(m)s。"
                )
                % {
                    "l": line,
                    "a": money(amount_fen),
                    "n": money(line.amount_fen - amount_fen),
                    "c": money(line.committed_fen),
                    "m": money(max(line.amount_fen - line.committed_fen, 0)),
                }
            ]
        },
        code="below_committed",
    )


def _clean(*, line, direction, amount_fen, document_no, decided_on, reason, approved_by) -> dict:
    errors: dict[str, list] = {}
    if direction not in Direction.values:
        errors["direction"] = [_("请选择调整方向（调增或调减）。")]
    try:
        amount_fen = whole_fen(amount_fen, "amount_fen", minimum=1)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    texts = {
        "document_no": (document_no, DOCUMENT_MAX, _("请填写批准调整的文件文号。")),
        "reason": (reason, REASON_MAX, _("请填写调整理由。")),
    }
    cleaned: dict = {}
    for field, (value, limit, message) in texts.items():
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[field] = [message]
        elif len(value) > limit:
            errors[field] = [_("不能超过%(n)d个字。") % {"n": limit}]
        cleaned[field] = value
    if not isinstance(decided_on, datetime.date) or isinstance(decided_on, datetime.datetime):
        errors["decided_on"] = [_("请填写批准日期。")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("批准日期不能晚于今天。")]
    elif decided_on.year != line.year:
        errors["decided_on"] = [
            _("批准日期须在该科目的预算年度（%(y)d年）内；年度开始前的安排请修改预算基数。")
            % {"y": line.year}
        ]
    if (
        not isinstance(approved_by, User)
        or not approved_by.is_active
        or not can_act_at(approved_by, Action.FUNDS_MANAGE, line.union)
    ):
        errors["approved_by"] = [
            _("批准人须为有权管理「%(u)s」经费的管理员。") % {"u": line.union},
        ]
    if errors:
        raise ValidationError(errors)
    cleaned["amount_fen"] = amount_fen
    return cleaned


def amend(
    *,
    actor,
    line: BudgetLine,
    direction: str,
    amount_fen: int,
    document_no: str,
    decided_on: datetime.date,
    reason: str,
    approved_by,
) -> BudgetAmendment:
    """Record a 调增 or 调减 of `line` and move its amount (amount = base + amendments).

    Refused, with a Chinese message and nothing changed, when: the actor may not manage the
    line's funds; the direction, amount, document number, date, reason or approver is missing
    or wrong; the document has already amended this line; a 调减 would leave less than is
    committed."""
    with refusals_recorded(actor=actor, obj=line, step="funds.amend"):
        if actor is None or not can_act_at(actor, Action.FUNDS_MANAGE, line.union):
            raise PermissionDenied(_("您无权管理「%(u)s」的经费。") % {"u": line.union})
        data = _clean(
            line=line,
            direction=direction,
            amount_fen=amount_fen,
            document_no=document_no,
            decided_on=decided_on,
            reason=reason,
            approved_by=approved_by,
        )
        amount_fen = data["amount_fen"]
        delta = amount_fen if direction == Direction.INCREASE else -amount_fen
        try:
            with transaction.atomic():
                locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
                if BudgetAmendment.objects.filter(line=locked, document_no=data["document_no"]).exists():
                    raise _duplicate_document_error(locked, data["document_no"])
                if direction == Direction.DECREASE:
                    check_decrease(locked, amount_fen)
                elif locked.amount_fen + amount_fen > MAX_FEN:
                    raise ValidationError(
                        {"amount_fen": [_("调增后预算金额超过1000亿元，请核对单位是否正确。")]}
                    )
                label = Direction(direction).label
                bump(
                    BudgetLine,
                    locked.pk,
                    before={
                        "amount_fen": locked.amount_fen,
                        "amended_fen": locked.amended_fen,
                        "repr": locked,
                    },
                    deltas={"amount_fen": delta, "amended_fen": delta},
                    actor=actor,
                    detail=_("%(k)s %(a)s（%(d)s）：%(r)s")
                    % {"k": label, "a": money(amount_fen), "d": data["document_no"], "r": data["reason"]},
                )
                amendment = BudgetAmendment.objects.create(
                    line=locked,
                    direction=direction,
                    amount_fen=amount_fen,
                    document_no=data["document_no"],
                    decided_on=decided_on,
                    reason=data["reason"],
                    approved_by=approved_by,
                    recorded_by=actor,
                    scope_path=locked.scope_path,
                )
        except IntegrityError:
            # The CHECK or the unique constraint caught what the lock should have: same refusal.
            fresh = BudgetLine.objects.get(pk=line.pk)
            if BudgetAmendment.objects.filter(line=fresh, document_no=data["document_no"]).exists():
                raise _duplicate_document_error(fresh, data["document_no"]) from None
            raise _below_committed_error(fresh, amount_fen) from None
    for name in ("amount_fen", "amended_fen"):
        setattr(line, name, getattr(locked, name) + delta)
    return amendment


def _duplicate_document_error(line: BudgetLine, document_no: str) -> ValidationError:
    return ValidationError(
        {
            "document_no": [
                _("文号「%(d)s」已登记过「%(l)s」的预算调整，不能重复登记。") % {"d": document_no, "l": line}
            ]
        },
        code="duplicate_document",
    )
