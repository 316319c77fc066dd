"""Selections: the call, the nominations, the county / industry union's recommendation, the
experts assigned from the pool (never one of the pair's own unit) and their score sheets.

Every write takes the acting user keyword-only; a refusal changes nothing and is in the audit
trail. State steps go through the workflow kernel (innovation.pairs.selection_workflow)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import ancestor_paths, can_act_at, restrict
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.experts import assignment as solver
from innovation.experts.models import ExpertProfile
from innovation.experts.services.assigning import Pool, group_of
from innovation.org.models import TradeUnion

from ..models import (
    Agreement,
    Level,
    Nomination,
    NominationState,
    PairScore,
    Selection,
    SelectionState,
    State,
)
from ..models.agreements import TEXT_MAX
from .common import guarded, require_user

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
THREE = Decimal("0.001")


# ---------------------------------------------------------------- the call


def clean_criteria(criteria) -> list[dict]:
    """The rubric: criteria with a key, a label, a weight (the weights add up to 100) and the
    highest score of the criterion."""
    if not isinstance(criteria, list | tuple) or not criteria:
        raise ValidationError({"criteria": [_("请至少设置一项评分细则。")]})
    out, keys = [], set()
    for row in criteria:
        row = row if isinstance(row, dict) else {}
        key, label = str(row.get("key") or ""), str(row.get("label") or "").strip()
        weight, top = row.get("weight"), row.get("max")
        if not _KEY.match(key) or key in keys:
            raise ValidationError({"criteria": [_("评分细则的代码须为不重复的小写英文字母、数字或下划线。")]})
        if not label or len(label) > 50:
            raise ValidationError({"criteria": [_("请填写评分细则名称（不超过50个字）。")]})
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 < weight <= 100:
            raise ValidationError({"criteria": [_("「%(l)s」的权重须为1至100的整数。") % {"l": label}]})
        if isinstance(top, bool) or not isinstance(top, int) or not 0 < top <= 1000:
            raise ValidationError({"criteria": [_("「%(l)s」的满分须为1至1000的整数。") % {"l": label}]})
        keys.add(key)
        out.append({"key": key, "label": label, "weight": weight, "max": top})
    total = sum(r["weight"] for r in out)
    if total != 100:
        raise ValidationError({"criteria": [_("各项评分细则的权重合计须为100，现为%(n)d。") % {"n": total}]})
    return out


def _organiser_place(level: str, union: TradeUnion, enterprise) -> None:
    if level == Level.CITY and union.kind != TradeUnion.Kind.CITY:
        raise ValidationError({"union": [_("全市评选由市总工会组织。")]})
    if level == Level.INDUSTRY and union.kind != TradeUnion.Kind.INDUSTRY:
        raise ValidationError({"union": [_("产业内部评选由产业工会组织。")]})
    if level == Level.ENTERPRISE and (enterprise is None or enterprise.union_id != union.pk):
        raise ValidationError({"enterprise": [_("企业内部评选须写明企业，组织单位为该企业的工会。")]})
    if level != Level.ENTERPRISE and enterprise is not None:
        raise ValidationError({"enterprise": [_("只有企业内部评选写明企业。")]})


def selection_create(
    *,
    actor,
    level: str,
    union: TradeUnion,
    year: int,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    quota: int,
    criteria: Sequence[dict],
    enterprise=None,
    experts_per_item: int = 2,
    notice_days: int = 5,
) -> Selection:
    """A selection's call, open for nominations from `opens_on` to `closes_on`."""
    with guarded(actor=actor, step="selection_create", model=Selection), transaction.atomic():
        require_user(actor)
        if level not in Level.values:
            raise ValidationError({"level": [_("请选择评选级别。")]})
        if not can_act_at(actor, Action.PAIR_SELECTION, union):
            raise PermissionDenied(_("您无权组织「%(u)s」的金牌师徒评选。") % {"u": union})
        _organiser_place(level, union, enterprise)
        title = clean_text(title, field="title", limit=200, required=_("请填写评选名称。"))
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("年度须在2000至2100之间。")]})
        if not isinstance(opens_on, datetime.date) or not isinstance(closes_on, datetime.date):
            raise ValidationError({"closes_on": [_("请填写征集开始和截止日期。")]})
        if closes_on < opens_on:
            raise ValidationError({"closes_on": [_("征集截止日期不能早于开始日期。")]})
        if isinstance(quota, bool) or not isinstance(quota, int) or not 1 <= quota <= 500:
            raise ValidationError({"quota": [_("名额须为1至500的整数。")]})
        # A union may run a second (supplementary) selection in a year; a pair is still awarded
        # once a year at one level (refuse_second_award).
        return Selection.objects.create(
            level=level,
            union=union,
            enterprise=enterprise,
            year=year,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            quota=quota,
            criteria=clean_criteria(criteria),
            experts_per_item=experts_per_item,
            notice_days=notice_days,
            created_by=actor,
        )


def selection_step(*, actor, selection: Selection, step: str, reason: str = "", now=None, **payload):
    """One step of the selection (close_call, rank, approve, decide, return, publish, finalise)."""
    return kernel.run(obj=selection, step=step, actor=actor, reason=reason, now=now, **payload)


# ---------------------------------------------------------------- nominations


def _today(now) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def _already_awarded(series_id: int, selection: Selection) -> Nomination | None:
    return (
        Nomination.objects.filter(
            series_id=series_id,
            state=NominationState.AWARDED,
            selection__level=selection.level,
            selection__year=selection.year,
        )
        .select_related("selection")
        .first()
    )


def refuse_second_award(series_id: int, selection: Selection) -> None:
    earlier = _already_awarded(series_id, selection)
    if earlier is not None and earlier.selection_id != selection.pk:
        raise ValidationError(
            _("该师徒已在%(y)d年「%(s)s」获奖，同一年度不能再次授奖。")
            % {"y": selection.year, "s": earlier.selection},
            code="second_award",
        )


def nominate(
    *,
    actor,
    selection: Selection,
    agreement: Agreement,
    summary: str,
    source: Nomination | None = None,
    now: datetime.datetime | None = None,
) -> Nomination:
    """The unit nominates one of its pairs (active or completed), directly or as the winner of an
    internal selection (`source`), while the call is open. An internal selection's nomination is
    recommended at once (its organiser is the unit or the industry itself)."""
    with guarded(actor=actor, step="nominate", obj=selection), transaction.atomic():
        require_user(actor)
        if not restrict(
            Agreement.objects.filter(pk=agreement.pk), actor, Action.PAIR_NOMINATE
        ).exists() and not (
            selection.level != Level.CITY
            and restrict(Selection.objects.filter(pk=selection.pk), actor, Action.PAIR_SELECTION).exists()
        ):
            raise PermissionDenied(_("您无权推荐该师徒。"))
        selection = Selection.objects.select_for_update().get(pk=selection.pk)
        today = _today(now)
        if selection.state != SelectionState.OPEN or today > selection.closes_on:
            raise ValidationError(
                _("「%(s)s」征集已于%(d)s截止，不能再推荐。") % {"s": selection, "d": selection.closes_on},
                code="closed",
            )
        if today < selection.opens_on:
            raise ValidationError(
                _("「%(s)s」征集自%(d)s开始，尚不能推荐。") % {"s": selection, "d": selection.opens_on},
                code="not_open",
            )
        if agreement.state not in (State.ACTIVE, State.COMPLETED):
            raise ValidationError(
                _("师徒协议当前为「%(s)s」，只有履行中或已出师的师徒可以推荐。")
                % {"s": agreement.get_state_display()},
                code="agreement_state",
            )
        path = selection.scope_path
        if not agreement.enterprise.scope_path.startswith(path):
            raise ValidationError(
                _("「%(e)s」不在「%(s)s」的范围内。") % {"e": agreement.enterprise, "s": selection}
            )
        series = agreement.series_id
        if Nomination.objects.filter(selection=selection, series_id=series).exists():
            raise ValidationError(
                _("该师徒已推荐参加「%(s)s」，不能重复推荐。") % {"s": selection}, code="twice"
            )
        refuse_second_award(series, selection)
        if source is not None and (
            source.series_id != series
            or source.state != NominationState.AWARDED
            or source.selection.level == Level.CITY
        ):
            raise ValidationError({"source": [_("所选内部评选结果不是该师徒的获奖记录。")]})
        summary = clean_text(summary, field="summary", limit=TEXT_MAX, required=_("请填写推荐理由。"))
        nomination = Nomination.objects.create(
            selection=selection,
            agreement=agreement,
            series_id=series,
            enterprise=agreement.enterprise,
            source=source,
            title=agreement.title or str(agreement),
            summary=summary,
            nominated_by=actor,
        )
    if selection.level != Level.CITY:
        kernel.run(
            obj=nomination, step="recommend", actor=actor, reason=_("内部评选"), by_service=True, now=now
        )
    return nomination


def nomination_step(*, actor, nomination: Nomination, step: str, reason: str = "", now=None) -> Nomination:
    """recommend / return (the county or industry union), resubmit (the unit, after a return)."""
    return kernel.run(obj=nomination, step=step, actor=actor, reason=reason, now=now)


# ---------------------------------------------------------------- experts


def _item(nomination: Nomination) -> solver.Item:
    enterprise = nomination.enterprise
    workers = frozenset(nomination.agreement.parties.values_list("worker_id", flat=True))
    return solver.Item(
        id=nomination.pk,
        field="",
        unit_id=enterprise.pk,
        group_id=group_of(enterprise.pk, enterprise.group_id),
        author_worker_ids=workers,
    )


def expert_clashes(nomination: Nomination, expert: ExpertProfile) -> list[str]:
    """Why this expert may not score this pair (the five-smalls conflict rules: the pair's own
    unit or group, a declared unit or person, the expert is a party); empty: none."""
    return [str(solver.CLASH_LABELS[c]) for c in solver.clashes(_item(nomination), Pool.load_one(expert))]


def _pool(selection: Selection):
    """The organiser's experts; an enterprise's or an industry's internal selection also draws on
    the pools of the unions above it (few units keep experts of their own: the city lends its
    pool), the conflict rules keeping the pair's own unit out as everywhere."""
    where = Q(scope_path__startswith=selection.union.path)
    if selection.level != Level.CITY:
        where |= Q(scope_path__in=ancestor_paths(selection.union.path))
    return ExpertProfile.objects.filter(where, is_active=True, user__is_active=True)


def experts_assign(*, actor, nomination: Nomination, experts: Sequence[ExpertProfile]) -> list[PairScore]:
    """Assign experts of the organiser's pool to score one recommended nomination."""
    nomination = Nomination.objects.select_related("enterprise").get(pk=nomination.pk)
    selection = Selection.objects.get(pk=nomination.selection_id)
    with guarded(actor=actor, step="experts_assign", obj=nomination), transaction.atomic():
        _require_organiser(actor, selection)
        if selection.state != SelectionState.SCORING:
            raise ValidationError(
                _("评选当前为「%(s)s」，征集截止后才能分配专家。") % {"s": selection.get_state_display()}
            )
        if nomination.state != NominationState.RECOMMENDED:
            raise ValidationError(_("只有上级工会已推荐的师徒才能分配评审专家。"))
        pool = set(_pool(selection).values_list("pk", flat=True))
        rows = []
        for expert in experts:
            if expert.pk not in pool:
                raise ValidationError({"experts": [_("%(n)s不在本次评选的专家库中。") % {"n": expert.name}]})
            clash = expert_clashes(nomination, expert)
            if clash:
                raise ValidationError(
                    {"experts": [_("%(n)s须回避：%(c)s。") % {"n": expert.name, "c": "、".join(clash)}]},
                    code="conflict",
                )
            if PairScore.objects.filter(nomination=nomination, expert=expert).exists():
                raise ValidationError({"experts": [_("%(n)s已分配评审该师徒。") % {"n": expert.name}]})
            rows.append(PairScore.objects.create(nomination=nomination, expert=expert))
        return rows


def experts_auto_assign(*, actor, selection: Selection) -> int:
    """Give every recommended nomination its experts (`experts_per_item`), the least loaded
    eligible experts of the pool first; returns how many sheets were made."""
    made = 0
    with guarded(actor=actor, step="experts_auto_assign", obj=selection), transaction.atomic():
        _require_organiser(actor, selection)
        experts = list(_pool(selection).order_by("pk"))
        loads = dict(
            PairScore.objects.filter(nomination__selection=selection)
            .values("expert_id")
            .annotate(n=Count("id"))
            .values_list("expert_id", "n")
        )
        for nomination in selection.nominations.filter(state=NominationState.RECOMMENDED).select_related(
            "enterprise"
        ):
            have = set(nomination.scores.values_list("expert_id", flat=True))
            need = selection.experts_per_item - len(have)
            candidates = sorted(
                (e for e in experts if e.pk not in have and not expert_clashes(nomination, e)),
                key=lambda e: (loads.get(e.pk, 0), e.pk),
            )
            if need > len(candidates):
                raise ValidationError(
                    _("「%(t)s」可回避后的评审专家不足：需%(n)d位，仅有%(m)d位。")
                    % {"t": nomination.title, "n": need, "m": len(candidates)}
                )
            for expert in candidates[: max(need, 0)]:
                PairScore.objects.create(nomination=nomination, expert=expert)
                loads[expert.pk] = loads.get(expert.pk, 0) + 1
                made += 1
    return made


def _require_organiser(actor, selection: Selection) -> None:
    require_user(actor)
    if not restrict(Selection.objects.filter(pk=selection.pk), actor, Action.PAIR_SELECTION).exists():
        raise PermissionDenied(_("您无权办理「%(s)s」。") % {"s": selection})


def sheet_total(criteria: Sequence[dict], scores: dict) -> Decimal:
    total = sum((Decimal(str(scores[c["key"]])) * c["weight"] / c["max"] for c in criteria), Decimal(0))
    return total.quantize(THREE, rounding=ROUND_HALF_UP)


def score_submit(*, actor, sheet: PairScore, scores: dict, notes: str = "", now=None) -> PairScore:
    """The expert's sheet: one score per criterion within 0..max, and the on-site notes. When the
    last sheet of a nomination is in, the nomination is scored."""
    nomination = Nomination.objects.get(pk=sheet.nomination_id)
    selection = Selection.objects.get(pk=nomination.selection_id)
    with guarded(actor=actor, step="score", obj=sheet), transaction.atomic():
        require_user(actor)
        if sheet.expert.user_id != actor.pk:
            raise PermissionDenied(_("只能填写分配给您本人的评分表。"))
        if selection.state != SelectionState.SCORING:
            raise ValidationError(_("评选当前为「%(s)s」，不能评分。") % {"s": selection.get_state_display()})
        if nomination.state != NominationState.RECOMMENDED or sheet.submitted_at is not None:
            raise ValidationError(_("该评分表已提交或该师徒已评分完毕，不能再修改。"))
        scores = scores if isinstance(scores, dict) else {}
        errors, clean = {}, {}
        for c in selection.criteria:
            raw = scores.get(c["key"])
            try:
                value = Decimal(str(raw))
                if not value.is_finite():
                    raise ValueError
            except (ArithmeticError, ValueError, TypeError):
                errors[c["key"]] = [_("请填写「%(l)s」的得分。") % {"l": c["label"]}]
                continue
            if value < 0 or value > c["max"]:
                errors[c["key"]] = [
                    _("「%(l)s」的得分须在0至%(m)d分之间，填写的是%(v)s。")
                    % {"l": c["label"], "m": c["max"], "v": raw}
                ]
                continue
            clean[c["key"]] = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        unknown = set(scores) - {c["key"] for c in selection.criteria}
        if unknown:
            errors["scores"] = [_("评分细则中没有：%(k)s。") % {"k": "、".join(sorted(map(str, unknown)))}]
        if errors:
            raise ValidationError(errors, code="score_range")
        sheet.scores = clean
        sheet.total = sheet_total(selection.criteria, clean)
        sheet.notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        sheet.submitted_at = now or timezone.now()
        sheet.save()
    if not nomination.scores.filter(submitted_at__isnull=True).exists():
        kernel.run(obj=nomination, step="score", actor=actor, by_service=True, now=now)
    return sheet
