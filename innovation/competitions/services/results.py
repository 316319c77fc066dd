"""An occupation's results computed from its locked marks by the scoring core, stored as the
latest run; a recomputation after corrections adds a run with its reason and what moved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.org.models import SkillLevel

from .. import scoring, selectors
from ..models import (
    FIRST_RUN_REASON,
    Competition,
    CompetitionState,
    League,
    Mark,
    Occupation,
    Registration,
    Result,
    ResultRun,
    TheoryScore,
)
from ..models import LeagueRule as LeagueRuleKind
from ..models.events import REASON_MAX
from .common import guarded, require_organiser

# The competition states in which results may be (re)computed: the marks are signed off per
# occupation while the event runs; once final, the awards stand on the results.
COMPUTE_STATES = (
    CompetitionState.IN_PROGRESS,
    CompetitionState.MARKING_LOCKED,
    CompetitionState.RESULTS_PUBLISHED,
)
MOVES_SHOWN = 10
# The rounds whose results count in a season table: published (or final) ones only.
PUBLISHED_STATES = (CompetitionState.RESULTS_PUBLISHED, CompetitionState.FINAL)


def _level_value(label: str | None) -> str:
    """The scoring core names a promotion by the level's label (技师): back to its value."""
    if not label:
        return ""
    for value, text in SkillLevel.choices:
        if value and str(text) == label:
            return value
    return ""


def _rule_title(occupation: Occupation, rank: int) -> str:
    """The title of the rule covering `rank` as the organiser wrote it: a rule that only
    recommends a promotion has none (the scoring core is given the promotion's label in its
    place, see selectors.occupation_marks)."""
    for rule in occupation.title_rules:
        if rule["from"] <= rank <= rule["to"]:
            return rule["title"] or ""
    return ""


def _corrections_since(occupation: Occupation, since) -> str:
    """The reasons of the corrections entered after the last run (marks, theory scores)."""
    marks = (
        Mark.objects.filter(registration__occupation=occupation, entered_at__gt=since)
        .exclude(reason="")
        .order_by("entered_at", "id")
        .values_list("registration__anonymous_number", "aspect__code", "reason")
    )
    theory = (
        TheoryScore.objects.filter(registration__occupation=occupation, entered_at__gt=since)
        .exclude(reason="")
        .order_by("entered_at", "id")
        .values_list("registration__anonymous_number", "reason")
    )
    parts = [_("选手%(n)s %(a)s：%(r)s") % {"n": n, "a": a, "r": r} for n, a, r in marks]
    parts += [_("选手%(n)s 理论成绩：%(r)s") % {"n": n, "r": r} for n, r in theory]
    return "；".join(parts)


def _row(result) -> dict:
    return {
        "total": str(result.total),
        "rank": result.rank,
        "place": result.place or "",
        "title": result.title or "",
    }


def _moves(before: dict[int, dict], after: dict[int, dict], numbers: dict[int, str]) -> list[dict]:
    moves = []
    for reg_id in sorted(set(before) | set(after), key=lambda i: (after.get(i, {}).get("rank", 0), i)):
        old, new = before.get(reg_id, {}), after.get(reg_id, {})
        if old == new:
            continue
        move = {"registration": reg_id, "number": numbers.get(reg_id, "")}
        for key in ("total", "rank", "place", "title"):
            if old.get(key) != new.get(key):
                move[key] = [old.get(key), new.get(key)]
        moves.append(move)
    return moves


def _describe(move: dict) -> str:
    parts = []
    if "rank" in move:
        parts.append(_("名次%(o)s→%(n)s") % {"o": move["rank"][0] or "—", "n": move["rank"][1] or "—"})
    if "place" in move:
        parts.append(_("奖项%(o)s→%(n)s") % {"o": move["place"][0] or "无", "n": move["place"][1] or "无"})
    if "total" in move:
        parts.append(_("总成绩%(o)s→%(n)s") % {"o": move["total"][0] or "—", "n": move["total"][1] or "—"})
    return f"{move['number']} " + "，".join(parts)


def results_compute(*, actor, occupation: Occupation, reason: str = "", now=None) -> ResultRun:
    """Compute the occupation's results from its current marks (after the chief judge's lock)
    and store them as a new run, replacing the previous run's results. The first run's reason is
    首次计算; a later one's is the given reason, else the corrections entered since; a
    recomputation with nothing corrected and no reason is refused. Clears `results_stale`."""
    now = now or timezone.now()
    with guarded(actor=actor, step="results_compute", obj=occupation), transaction.atomic():
        occupation = Occupation.objects.select_for_update().get(pk=occupation.pk)
        competition = Competition.objects.select_related("union").get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        if not occupation.marks_locked:
            raise ValidationError(
                _("工种「%(o)s」的评分尚未经裁判长确认锁定，不能计算成绩。") % {"o": occupation},
                code="not_locked",
            )
        if competition.state not in COMPUTE_STATES:
            raise ValidationError(
                _("赛事当前为「%(s)s」，不能计算成绩。") % {"s": competition.get_state_display()},
                code="state",
            )
        reason = clean_text(reason, field="reason", limit=REASON_MAX)
        last = occupation.result_runs.order_by("-number").first()
        if last is None:
            reason = reason or FIRST_RUN_REASON
        else:
            corrections = _corrections_since(occupation, last.computed_at)
            if not reason and not occupation.results_stale:
                raise ValidationError(
                    {"reason": [_("评分自上次计算后没有更正；如需重新计算，请填写原因。")]},
                    code="unchanged",
                )
            reason = reason or corrections or _("评分变动后重新计算")
        scheme, contestants = selectors.occupation_marks(occupation)
        if not contestants:
            raise ValidationError(_("工种「%(o)s」没有已确认的选手，无法计算成绩。") % {"o": occupation})
        outcome = scoring.compute(scheme, contestants)

        before = {r.registration_id: _row(r) for r in Result.objects.filter(occupation=occupation)}
        regs = dict(
            Registration.objects.filter(pk__in=[r.id for r in outcome.results]).values_list(
                "pk", "scope_path"
            )
        )
        numbers = {c.id: c.label for c in contestants}
        after = {r.id: {**_row(r), "title": _rule_title(occupation, r.rank)} for r in outcome.results}
        moves = _moves(before, after, numbers) if last is not None else []
        run = ResultRun.objects.create(
            occupation=occupation,
            number=(last.number + 1) if last else 1,
            computed_by=actor,
            computed_at=now,
            reason=reason,
            contestants=len(outcome.results),
            changes=moves,
        )
        Result.objects.filter(occupation=occupation).delete()
        Result.objects.bulk_create(
            [
                Result(
                    registration_id=r.id,
                    occupation=occupation,
                    run=run,
                    run_number=run.number,
                    computed_at=now,
                    theory=r.theory,
                    practical=r.practical,
                    total=r.total,
                    standardised=r.standardised,
                    rank=r.rank,
                    rank_shared=bool(r.shared_with),
                    place=r.place or "",
                    title=_rule_title(occupation, r.rank),
                    promotion=_level_value(r.promotion),
                    flags=[{"code": f.code, "message": f.message, "aspect": f.aspect} for f in r.flags],
                    explanation=r.explanation,
                    aspects={k: str(v) for k, v in r.aspects.items()},
                    sections={k: str(v) for k, v in r.sections.items()},
                    time_seconds=r.time_seconds,
                    scope_path=regs[r.id],
                )
                for r in outcome.results
            ],
            batch_size=1000,
        )
        shown = "；".join(_describe(m) for m in moves[:MOVES_SHOWN])
        record(
            action=AuditAction.CREATE,
            obj=run,
            actor=actor,
            detail=_("工种「%(o)s」第%(n)d次计算成绩（%(k)d名选手），原因：%(r)s%(m)s")
            % {
                "o": occupation,
                "n": run.number,
                "k": run.contestants,
                "r": reason,
                "m": (
                    _("；变动%(c)d人：%(s)s%(more)s")
                    % {"c": len(moves), "s": shown, "more": _("等") if len(moves) > MOVES_SHOWN else ""}
                    if moves
                    else ""
                ),
            },
        )
        occupation.results_stale = False
        kernel.save_noted(
            occupation,
            actor=actor,
            detail=_("成绩已计算（第%(n)d次）") % {"n": run.number},
            fields=["results_stale"],
        )
        return run


def place_prizes(occupation: Occupation) -> dict[str, int]:
    """The prize (fen) of each place label of the occupation."""
    return {p["label"]: int(p.get("prize_fen") or 0) for p in occupation.places}


def league_table(league: League) -> dict[str, tuple[scoring.SeasonRow, ...]]:
    """The league's season table per occupation code, computed on read from its rounds'
    published results (nothing stored): a contestant is the worker (one registration per
    round), a round's score is the contestant's total (0–100; never the standardised score, so
    that rounds with and without standardisation add alike), added by the league's rule (the sum
    of all rounds, or the best N of M) through `scoring.season_table`; ties by the last round."""
    rule = scoring.LeagueRule(
        rounds=league.rounds_total,
        best_of=league.best_n if league.rule == LeagueRuleKind.BEST_OF else None,
    )
    rows = (
        Result.objects.filter(
            occupation__competition__league=league,
            occupation__competition__state__in=PUBLISHED_STATES,
        )
        .order_by("occupation__code", "registration__worker_id", "occupation__competition__round_no")
        .values_list(
            "occupation__code",
            "registration__worker_id",
            "registration__worker__name",
            "occupation__competition__round_no",
            "total",
        )
    )
    entries: dict[str, dict[int, dict]] = {}
    for code, worker_id, name, round_no, total in rows:
        entry = entries.setdefault(code, {}).setdefault(worker_id, {"label": name, "scores": {}})
        entry["scores"][round_no] = total
    return {
        code: scoring.season_table(
            rule,
            [scoring.SeasonEntry(id=w, scores=e["scores"], label=e["label"]) for w, e in workers.items()],
        )
        for code, workers in sorted(entries.items())
    }
