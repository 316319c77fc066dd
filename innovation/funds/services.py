"""The money rules. This module (with innovation.funds.amendments, the budget amendments, which
shares its lock, counters and refusals) is the ONLY code that writes budget lines, commitments
and payments: pages, the API, the admin and other apps' services (awards, studios, …) call it.

A line's committed and paid totals are kept on the row. Every change to them takes the
row lock (`select_for_update`) and adds with an F() update, so two approvals racing for the
last yuan of a line serialise: the second sees the first's commitment and is refused. The
CHECK constraints on the tables are the backstop; a violation is turned into the same
refusal. Lock order is always commitment → line (commit only locks the line), so two
payments cannot deadlock.

A refused attempt changes nothing and is written to the audit trail after its transaction
(or savepoint) has rolled back, so the record survives the refusal.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.core.money import money_text
from innovation.notifications.services import notify

from .ledger import audit_refused, bump, require_manage, whole_fen

# The limits and the money formatter live with the models; other modules and apps still reach
# them here (funds.services.money, MAX_FEN).
from .models import (  # noqa: F401
    MAX_FEN,
    MAX_YEAR,
    MIN_YEAR,
    BudgetLine,
    Commitment,
    LineKind,
    Payment,
    money,
    yuan,
    yuan_text,
)

# ---------------------------------------------------------------- budget lines


def line_create(
    *, actor, union, year: int, kind: str, name: str, amount_fen: int, note: str = ""
) -> BudgetLine:
    require_manage(actor=actor, union=union, step="line_create", model=BudgetLine)
    try:
        errors: dict[str, list] = {}
        name = (name or "").strip()
        if not name:
            errors["name"] = [_("请填写预算科目名称。")]
        elif len(name) > 100:
            errors["name"] = [_("预算科目名称不能超过100个字。")]
        if kind not in LineKind.values:
            errors["kind"] = [_("请选择经费类别。")]
        if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            errors["year"] = [_("年度须在%(a)d至%(b)d之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}]
        try:
            amount_fen = whole_fen(amount_fen, "amount_fen", minimum=0)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        if BudgetLine.objects.filter(union=union, year=year, kind=kind).exists():
            raise ValidationError(
                {
                    "kind": [
                        _("「%(u)s」%(y)d年已有「%(k)s」预算科目，请修改原科目的金额。")
                        % {"u": union, "y": year, "k": LineKind(kind).label}
                    ]
                }
            )
        with transaction.atomic():
            # A new line's amount is its base; amendments move the amount later (amendments.py).
            line = BudgetLine(
                union=union,
                year=year,
                kind=kind,
                name=name,
                base_fen=amount_fen,
                amount_fen=amount_fen,
                note=note or "",
            )
            line.save()
    except IntegrityError:
        error = ValidationError(
            {"kind": [_("「%(u)s」%(y)d年已有该类别的预算科目。") % {"u": union, "y": year}]}
        )
        audit_refused(actor=actor, model=BudgetLine, step="line_create", error=error)
        raise error from None
    except ValidationError as error:
        audit_refused(actor=actor, model=BudgetLine, step="line_create", error=error)
        raise
    return line


def line_update(
    *,
    actor,
    line: BudgetLine,
    base_fen: int | None = None,
    name: str | None = None,
    note: str | None = None,
) -> BudgetLine:
    """Change a line's base (correcting the budget as first set), name or note. The amount
    moves with the base (amount = base + amendments) and may never go below what is committed.
    Changes during the year are amendments (innovation.funds.amendments), not base changes."""
    require_manage(actor=actor, union=line.union, step="line_update", obj=line)
    try:
        with transaction.atomic():
            locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
            fields = []
            if base_fen is not None:
                base_fen = whole_fen(base_fen, "base_fen", minimum=0)
                amount_fen = base_fen + locked.amended_fen
                if amount_fen < locked.committed_fen:
                    raise ValidationError(
                        {
                            "base_fen": [
                                _(
                                    "预算金额不能低于已承诺金额：「%(l)s」已承诺%(c)s，"
                                    "按预算基数%(b)s（另有调整%(d)s）计，预算金额将为%(a)s。"
                                )
                                % {
                                    "l": locked,
                                    "c": money(locked.committed_fen),
                                    "b": money(base_fen),
                                    "d": money(locked.amended_fen),
                                    "a": money(amount_fen),
                                }
                            ]
                        }
                    )
                locked.base_fen = base_fen
                locked.amount_fen = amount_fen
                fields += ["base_fen", "amount_fen"]
            if name is not None:
                name = name.strip()
                if not name or len(name) > 100:
                    raise ValidationError({"name": [_("请填写预算科目名称（不超过100个字）。")]})
                locked.name = name
                fields.append("name")
            if note is not None:
                locked.note = note
                fields.append("note")
            if fields:
                # Only the named columns: committed/paid are never written from a stale copy.
                locked.save(update_fields=[*fields, "updated_at"])
    except ValidationError as error:
        audit_refused(actor=actor, obj=line, step="line_update", error=error)
        raise
    except IntegrityError:
        error = ValidationError({"base_fen": [_("预算金额不能低于已承诺金额。")]})
        audit_refused(actor=actor, obj=line, step="line_update", error=error)
        raise error from None
    for name_ in (
        "base_fen",
        "amended_fen",
        "amount_fen",
        "name",
        "note",
        "committed_fen",
        "paid_fen",
        "updated_at",
    ):
        setattr(line, name_, getattr(locked, name_))
    return line


# ---------------------------------------------------------------- commitments


def _overcommit_error(line: BudgetLine, amount_fen: int) -> ValidationError:
    available = line.amount_fen - line.committed_fen
    return ValidationError(
        {
            "amount_fen": [
                _(
                    "预算科目「%(l)s」余额不足：本次承诺%(a)s，预算%(b)s，已承诺%(c)s，尚余%(r)s，不能超额承诺。"
                )
                % {
                    "l": line,
                    "a": money(amount_fen),
                    "b": money(line.amount_fen),
                    "c": money(line.committed_fen),
                    "r": money(max(available, 0)),
                }
            ]
        },
        code="overcommitted",
    )


def _duplicate_source_error(source_kind: str, source_id: int) -> ValidationError:
    existing = (
        Commitment.objects.filter(source_kind=source_kind, source_id=source_id)
        .exclude(state=Commitment.State.CANCELLED)
        .first()
    )
    detail = (
        _("（承诺#%(n)d，%(s)s）") % {"n": existing.pk, "s": existing.get_state_display()} if existing else ""
    )
    return ValidationError(
        _("来源 %(k)s#%(i)s 已有经费承诺%(d)s，不能重复承诺。")
        % {"k": source_kind, "i": source_id, "d": detail},
        code="duplicate_source",
    )


def _clean_commit(
    *, amount_fen, payee, purpose, source_kind, source_id, policy_ref, decision_ref, approved_by
) -> dict:
    errors: dict[str, list] = {}
    try:
        amount_fen = whole_fen(amount_fen, "amount_fen", minimum=1)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    texts = {
        "payee": (payee, 100, _("请填写收款人。")),
        "purpose": (purpose, 200, _("请填写用途。")),
        "source_kind": (source_kind, 32, _("请注明经费来源类型。")),
        "policy_ref": (policy_ref, 200, _("请注明政策依据，每一笔经费都须可追溯到政策。")),
        "decision_ref": (decision_ref, 200, _("请注明决定依据，每一笔经费都须可追溯到决定。")),
    }
    cleaned: dict = {}
    for field, (value, limit, message) in texts.items():
        value = (value or "").strip() if isinstance(value, str) else ""
        if not value:
            errors[field] = [message]
        elif len(value) > limit:
            errors[field] = [_("不能超过%(n)d个字。") % {"n": limit}]
        cleaned[field] = value
    if isinstance(source_id, bool) or not isinstance(source_id, int) or source_id <= 0:
        errors["source_id"] = [_("来源编号须为正整数。")]
    if approved_by is None or not getattr(approved_by, "pk", None):
        errors["approved_by"] = [_("请注明批准人，每一笔经费都须可追溯到批准人。")]
    if errors:
        raise ValidationError(errors)
    cleaned["amount_fen"] = amount_fen
    return cleaned


def commit(
    *,
    line: BudgetLine,
    amount_fen: int,
    payee: str,
    payee_worker=None,
    purpose: str,
    source_kind: str,
    source_id: int,
    policy_ref: str,
    decision_ref: str,
    approved_by,
) -> Commitment:
    """Promise `amount_fen` from `line` to `payee`, traced to its policy, decision and approver.

    Called by other apps' services (awards, studios, …), which check their own actor's
    rights; `approved_by` is the person whose approval makes this money due. Refuses an
    amount above what is left on the line, and a second commitment for the same source.
    """
    try:
        data = _clean_commit(
            amount_fen=amount_fen,
            payee=payee,
            purpose=purpose,
            source_kind=source_kind,
            source_id=source_id,
            policy_ref=policy_ref,
            decision_ref=decision_ref,
            approved_by=approved_by,
        )
        amount_fen = data["amount_fen"]
        with transaction.atomic():
            locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
            if (
                Commitment.objects.filter(source_kind=data["source_kind"], source_id=source_id)
                .exclude(state=Commitment.State.CANCELLED)
                .exists()
            ):
                raise _duplicate_source_error(data["source_kind"], source_id)
            check_available(locked, amount_fen)
            bump(
                BudgetLine,
                locked.pk,
                before={"committed_fen": locked.committed_fen, "repr": locked},
                deltas={"committed_fen": amount_fen},
                actor=approved_by,
                detail=_("承诺 %(a)s 给 %(p)s（%(k)s#%(i)s）")
                % {"a": money(amount_fen), "p": data["payee"], "k": data["source_kind"], "i": source_id},
            )
            commitment = Commitment.objects.create(
                line=locked,
                amount_fen=amount_fen,
                payee=data["payee"],
                payee_worker=payee_worker,
                purpose=data["purpose"],
                source_kind=data["source_kind"],
                source_id=source_id,
                policy_ref=data["policy_ref"],
                decision_ref=data["decision_ref"],
                approved_by=approved_by,
                scope_path=locked.scope_path,
            )
    except ValidationError as error:
        audit_refused(actor=approved_by, obj=line, step="commit", error=error)
        raise
    except IntegrityError:
        # The CHECK or the unique constraint caught what the lock should have: same refusal.
        if Commitment.objects.filter(source_kind=source_kind, source_id=source_id).exists():
            error = _duplicate_source_error(source_kind, source_id)
        else:
            error = _overcommit_error(BudgetLine.objects.get(pk=line.pk), amount_fen)
        audit_refused(actor=approved_by, obj=line, step="commit", error=error)
        raise error from None
    line.committed_fen = locked.committed_fen + amount_fen
    return commitment


def check_available(line: BudgetLine, amount_fen: int) -> None:
    """Raise the over-commit refusal when `amount_fen` does not fit on the (locked) line."""
    if amount_fen > line.amount_fen - line.committed_fen:
        raise _overcommit_error(line, amount_fen)


# ---------------------------------------------------------------- payments


def pay(
    *, commitment: Commitment, amount_fen: int, paid_on: datetime.date, voucher_no: str, actor
) -> Payment:
    """Record a payment (date, voucher number) against an open commitment."""
    if actor is None:
        raise ValidationError(_("须指明经办人。"))
    line = commitment.line
    require_manage(actor=actor, union=line.union, step="pay", obj=commitment)
    try:
        errors: dict[str, list] = {}
        try:
            amount_fen = whole_fen(amount_fen, "amount_fen", minimum=1)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        voucher_no = (voucher_no or "").strip() if isinstance(voucher_no, str) else ""
        if not voucher_no:
            errors["voucher_no"] = [_("请填写凭证号。")]
        elif len(voucher_no) > 40:
            errors["voucher_no"] = [_("凭证号不能超过40个字符。")]
        if not isinstance(paid_on, datetime.date) or isinstance(paid_on, datetime.datetime):
            errors["paid_on"] = [_("请填写支付日期。")]
        elif paid_on > timezone.localdate():
            errors["paid_on"] = [_("支付日期不能晚于今天。")]
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            c = Commitment.objects.select_for_update().get(pk=commitment.pk)
            locked_line = BudgetLine.objects.select_for_update().get(pk=c.line_id)
            if c.state == Commitment.State.CANCELLED:
                raise ValidationError(_("该经费承诺已撤销，不能再支付。"), code="cancelled")
            remaining = c.amount_fen - c.paid_fen
            if amount_fen > remaining:
                raise ValidationError(
                    {
                        "amount_fen": [
                            _("支付金额%(a)s超过承诺未付余额：承诺%(c)s，已支付%(p)s，尚余%(r)s。")
                            % {
                                "a": money(amount_fen),
                                "c": money(c.amount_fen),
                                "p": money(c.paid_fen),
                                "r": money(remaining),
                            }
                        ]
                    },
                    code="overpaid",
                )
            if Payment.objects.filter(voucher_no=voucher_no).exists():
                raise _duplicate_voucher_error(voucher_no)
            payment = Payment.objects.create(
                commitment=c,
                amount_fen=amount_fen,
                paid_on=paid_on,
                voucher_no=voucher_no,
                recorded_by=actor,
                scope_path=c.scope_path,
            )
            new_state = Commitment.State.PAID if amount_fen == remaining else Commitment.State.PART_PAID
            detail = _("支付 %(a)s，凭证号 %(v)s") % {"a": money(amount_fen), "v": voucher_no}
            bump(
                Commitment,
                c.pk,
                before={"paid_fen": c.paid_fen, "state": c.state, "repr": c},
                deltas={"paid_fen": amount_fen},
                set_fields={"state": new_state},
                actor=actor,
                detail=detail,
            )
            bump(
                BudgetLine,
                locked_line.pk,
                before={"paid_fen": locked_line.paid_fen, "repr": locked_line},
                deltas={"paid_fen": amount_fen},
                actor=actor,
                detail=detail,
            )
    except ValidationError as error:
        audit_refused(actor=actor, obj=commitment, step="pay", error=error)
        raise
    except IntegrityError:
        if Payment.objects.filter(voucher_no=voucher_no).exists():
            error = _duplicate_voucher_error(voucher_no)
        else:
            error = ValidationError({"amount_fen": [_("支付金额超过承诺未付余额。")]})
        audit_refused(actor=actor, obj=commitment, step="pay", error=error)
        raise error from None
    commitment.paid_fen = c.paid_fen + amount_fen
    commitment.state = new_state
    _tell_payee(c, amount_fen, paid_on)
    return payment


def _tell_payee(commitment: Commitment, amount_fen: int, paid_on: datetime.date) -> None:
    """The worker paid is told (an award's author, a studio's lead): what for, how much, when."""
    worker = commitment.payee_worker
    if worker is None or worker.user_id is None:
        return
    notify(
        users=[worker.user],
        title=_("已向您支付%(a)s") % {"a": money_text(amount_fen)},
        body=_("%(p)s，%(d)s支付。") % {"p": commitment.purpose, "d": paid_on.isoformat()},
    )


def _duplicate_voucher_error(voucher_no: str) -> ValidationError:
    return ValidationError(
        {"voucher_no": [_("凭证号「%(v)s」已登记过支付，不能重复使用。") % {"v": voucher_no}]},
        code="duplicate_voucher",
    )


def cancel(*, commitment: Commitment, actor, reason: str) -> Commitment:
    """Cancel an unpaid commitment; its amount goes back to the line."""
    if actor is not None:
        require_manage(actor=actor, union=commitment.line.union, step="cancel", obj=commitment)
    try:
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("请填写撤销理由。")]})
        with transaction.atomic():
            c = Commitment.objects.select_for_update().get(pk=commitment.pk)
            locked_line = BudgetLine.objects.select_for_update().get(pk=c.line_id)
            if c.state == Commitment.State.CANCELLED:
                raise ValidationError(_("该经费承诺已撤销。"), code="cancelled")
            if c.paid_fen > 0:
                raise ValidationError(
                    _("该经费承诺已支付%(p)s，不能撤销。") % {"p": money(c.paid_fen)}, code="paid"
                )
            detail = _("撤销承诺 %(a)s：%(r)s") % {"a": money(c.amount_fen), "r": reason}
            bump(
                Commitment,
                c.pk,
                before={"state": c.state, "repr": c},
                deltas={},
                set_fields={"state": Commitment.State.CANCELLED},
                actor=actor,
                detail=detail,
            )
            bump(
                BudgetLine,
                locked_line.pk,
                before={"committed_fen": locked_line.committed_fen, "repr": locked_line},
                deltas={"committed_fen": -c.amount_fen},
                actor=actor,
                detail=detail,
            )
    except ValidationError as error:
        audit_refused(actor=actor, obj=commitment, step="cancel", error=error)
        raise
    commitment.state = Commitment.State.CANCELLED
    return commitment
