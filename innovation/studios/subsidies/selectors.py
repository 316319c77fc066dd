"""Reads for subsidies: the policy in force and its cap, the references written on the ledger, the lines a round would hold, a round's total and shortfall, the visible rounds and lines, and what was paid."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.funds.models import BudgetLine, Payment
from innovation.funds.services import money

from ..models import Assessment, Naming, Studio, StudioLevel
from .models import (
    SOURCE_KIND,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)

Kind = SubsidyPolicy.Kind


def _ranked(policies: Iterable[SubsidyPolicy], *, studio_type: str, level: str, on: datetime.date):
    fitting = [
        p
        for p in policies
        if p.effective_from <= on and level in (p.levels or []) and p.studio_type in ("", studio_type)
    ]
    # Latest date first; on the same date the row for this type before the row for every type.
    fitting.sort(key=lambda p: (p.effective_from, p.studio_type == studio_type, p.pk), reverse=True)
    return fitting[0] if fitting else None


def policy_in_force(*, kind: str, studio_type: str, level: str, on: datetime.date) -> SubsidyPolicy | None:
    return _ranked(SubsidyPolicy.objects.filter(kind=kind), studio_type=studio_type, level=level, on=on)


def cap_of(policy: SubsidyPolicy) -> int:
    """The most one line may get under this policy (a naming: its one-off amount)."""
    return policy.cap_fen if policy.cap_fen is not None else policy.amount_fen


def policy_ref(policy: SubsidyPolicy) -> str:
    """The policy row the amount comes from, in words (with its number)."""
    return (
        f"{policy.document}（{policy.effective_from:%Y-%m-%d}起）{policy.get_kind_display()}"
        f"（补助政策第{policy.pk}号）"
    )[:200]


def round_ref(round_: SubsidyRound) -> str:
    def who(user) -> str:
        return str(user) if user else "—"  # User.__str__: the display name, else the username

    return (
        f"{round_.year}年工作室补助批次第{round_.pk}号，"
        f"审批：{who(round_.first_approver)}、{who(round_.second_approver)}"
    )[:200]


def reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _already_named_subsidy(studio_ids, year: int, exclude_round: int | None) -> set[int]:
    qs = SubsidyLine.objects.filter(studio_id__in=studio_ids, kind=Kind.NAMING, round__year__gte=year)
    if exclude_round:
        qs = qs.exclude(round_id=exclude_round)
    return set(qs.values_list("studio_id", flat=True))


def candidate_lines(*, union, year: int, on: datetime.date, exclude_round: int | None = None):
    """(lines, notes): unsaved SubsidyLine rows the policy gives for `year`, and why others got none."""
    policies = list(SubsidyPolicy.objects.all())
    naming_policies = [p for p in policies if p.kind == Kind.NAMING]
    yearly_policies = [p for p in policies if p.kind == Kind.YEARLY]
    lines: list[SubsidyLine] = []
    notes: list[str] = []

    # One-off naming subsidies: studios the city named this year, not yet subsidised.
    namings = (
        Naming.objects.filter(
            year=year,
            level=StudioLevel.CITY,
            studio__status=Studio.Status.ACTIVE,
            studio__scope_path__startswith=union.path,
        )
        .select_related("studio")
        .order_by("studio__name", "studio_id", "named_on", "pk")
    )
    namings = list(namings)
    done = _already_named_subsidy([n.studio_id for n in namings], year, exclude_round)
    chosen: dict[int, SubsidyLine] = {}
    for naming in namings:
        studio = naming.studio
        if studio.pk in done:
            notes.append(_("「%(s)s」已发放过命名补助。") % {"s": studio})
            continue
        policy = _ranked(naming_policies, studio_type=naming.type, level=naming.level, on=naming.named_on)
        if policy is None:
            notes.append(
                _("「%(s)s」%(d)s命名时没有适用的命名补助政策。") % {"s": studio, "d": naming.named_on}
            )
            continue
        amount = min(policy.amount_fen, cap_of(policy))
        basis = _(
            "%(y)d年命名为%(l)s%(t)s（%(n)s，%(d)s）· 补助政策#%(p)d（%(doc)s，%(f)s起）一次性%(a)s"
        ) % {
            "y": naming.year,
            "l": naming.get_level_display(),
            "t": naming.get_type_display(),
            "n": naming.document_no,
            "d": naming.named_on,
            "p": policy.pk,
            "doc": policy.document,
            "f": policy.effective_from,
            "a": money(amount),
        }
        line = SubsidyLine(
            studio=studio,
            kind=Kind.NAMING,
            policy=policy,
            proposed_fen=amount,
            amount_fen=amount,
            basis=basis[:300],
            use_scope=policy.use_scope,
        )
        # A studio named twice in a year (e.g. upgraded) gets the larger one-off subsidy once.
        if studio.pk not in chosen or chosen[studio.pk].amount_fen < amount:
            chosen[studio.pk] = line
    lines.extend(chosen.values())

    # Yearly subsidies: existing active studios, by last year's assessed result.
    studios = (
        Studio.objects.filter(
            status=Studio.Status.ACTIVE, named_year__lt=year, scope_path__startswith=union.path
        )
        .select_related("enterprise")
        .order_by("name", "pk")
    )
    assessed = {a.studio_id: a for a in Assessment.objects.filter(studio__in=studios, year=year - 1)}
    for studio in studios:
        policy = _ranked(yearly_policies, studio_type=studio.type, level=studio.level, on=on)
        if policy is None:
            continue  # not a level the plan subsidises yearly (or no plan yet)
        assessment = assessed.get(studio.pk)
        if assessment is None:
            notes.append(_("「%(s)s」没有%(y)d年度考核结果，不予年度补助。") % {"s": studio, "y": year - 1})
            continue
        amount = min(int(policy.by_result_fen.get(assessment.result, 0)), cap_of(policy))
        if amount <= 0:
            notes.append(
                _("「%(s)s」%(y)d年度考核%(r)s，按政策不予年度补助。")
                % {"s": studio, "y": year - 1, "r": assessment.get_result_display()}
            )
            continue
        basis = _(
            "%(y)d年度考核%(r)s（%(sc)s分）· 补助政策#%(p)d（%(doc)s，%(f)s起）：%(r)s%(a)s，每年最高%(c)s"
        ) % {
            "y": year - 1,
            "r": assessment.get_result_display(),
            "sc": assessment.score,
            "p": policy.pk,
            "doc": policy.document,
            "f": policy.effective_from,
            "a": money(int(policy.by_result_fen.get(assessment.result, 0))),
            "c": money(cap_of(policy)),
        }
        lines.append(
            SubsidyLine(
                studio=studio,
                kind=Kind.YEARLY,
                policy=policy,
                proposed_fen=amount,
                amount_fen=amount,
                basis=basis[:300],
                use_scope=policy.use_scope,
            )
        )
    return lines, notes


def round_total_fen(round_: SubsidyRound) -> int:
    return round_.lines.aggregate(t=Sum("amount_fen"))["t"] or 0


def shortfall_fen(round_: SubsidyRound) -> int:
    """How much the budget line lacks for the round's lines (0 when it has enough)."""
    if round_.state == SubsidyRound.State.APPROVED:
        return 0
    line = BudgetLine.objects.get(pk=round_.budget_line_id)
    return max(round_total_fen(round_) - line.available_fen, 0)


def rounds_visible_to(user):
    return restrict(SubsidyRound.objects.all(), user, Action.SUBSIDY_MANAGE)


def lines_visible_to(user):
    return SubsidyLine.objects.filter(round__in=rounds_visible_to(user).values("pk"))


def subsidies_paid_fen(user, action: str = Action.FUNDS_VIEW) -> int:
    """Studio subsidies paid, within the user's scope of the ledger (for /api/v1/stats)."""
    paid = restrict(Payment.objects.filter(commitment__source_kind=SOURCE_KIND), user, action)
    return paid.aggregate(t=Sum("amount_fen"))["t"] or 0
