"""`compute(scheme, contestants)`: one occupation's results, from marks to places and titles."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .formula import Prepared, Scores, score
from .inputs import (
    ASPECT_PREFIX,
    MISSING_TIME,
    PRACTICAL,
    SHARED_AT_BOUNDARY,
    THEORY,
    TIME,
    Contestant,
    Flag,
    Outcome,
    Result,
    Scheme,
)
from .numbers import ZERO, exact, working_context
from .ranking import Key, assign_places, rank_rows, title_for
from .standardise import standardise


@dataclass(frozen=True)
class _Entry:
    contestant: Contestant
    scores: Scores
    primary: Decimal
    time: Decimal | None


def tie_keys(scheme: Scheme) -> list[Key]:
    """The scheme's tie-break keys with their labels, in the declared order."""
    keys = []
    for code in scheme.tie_break:
        if code == PRACTICAL:
            keys.append(Key(code, _("实操成绩")))
        elif code == THEORY:
            keys.append(Key(code, _("理论成绩")))
        elif code == TIME:
            keys.append(Key(code, _("用时"), lower_is_better=True, unit=_("秒")))
        else:
            aspect = scheme.aspect(code[len(ASPECT_PREFIX) :])
            label = f"{aspect.code} {aspect.name}".strip()
            keys.append(Key(code, _("评分要素「%(a)s」") % {"a": label}))
    return keys


def _value(entry: _Entry, key: Key) -> Decimal | None:
    if key.code == PRACTICAL:
        return entry.scores.practical
    if key.code == THEORY:
        return entry.scores.theory if entry.scores.theory is not None else ZERO
    if key.code == TIME:
        return entry.time
    return entry.scores.aspects[key.code[len(ASPECT_PREFIX) :]]


def _time(contestant: Contestant) -> Decimal | None:
    if contestant.time_seconds is None:
        return None
    seconds = exact(contestant.time_seconds)
    if seconds < 0:
        raise ValidationError(
            {"time_seconds": [_("用时不能为负数（考生%(who)s）。") % {"who": contestant.name}]}
        )
    return seconds


def compute(scheme: Scheme, contestants: Iterable[Contestant]) -> Outcome:
    """Every contestant's scores, the optional standardisation, ranks, places and titles."""
    contestants = list(contestants)
    ids = [c.id for c in contestants]
    if len(set(ids)) != len(ids):
        raise ValidationError({"contestants": [_("同一考生出现了两次。")]})
    with working_context():
        prepared = Prepared(scheme)
        scored = [(c, score(prepared, c)) for c in contestants]
        standardised, stats = {}, None
        if scheme.standardise:
            standardised, stats = standardise({c.id: s.total for c, s in scored})
        entries = [
            _Entry(c, s, standardised[c.id] if scheme.standardise else s.total, _time(c)) for c, s in scored
        ]
        ranked = rank_rows(
            entries,
            ident=lambda e: e.contestant.id,
            name=lambda e: e.contestant.name,
            primary=lambda e: e.primary,
            primary_label=_("标准化成绩") if scheme.standardise else _("总成绩"),
            keys=tie_keys(scheme),
            value=_value,
        )
        places, tallies, straddling = assign_places(ranked, scheme.places, lambda e: e.contestant.id)
        results = []
        for r in ranked:
            entry: _Entry = r.row
            c, s = entry.contestant, entry.scores
            flags = list(s.flags)
            if TIME in scheme.tie_break and entry.time is None:
                flags.append(Flag(MISSING_TIME, _("未记录用时，按用时决胜时排在后面。")))
            if c.id in straddling:
                flags.append(
                    Flag(
                        SHARED_AT_BOUNDARY,
                        _("并列第%(r)d名跨越「%(p)s」名额界线，并列者均获该奖次，名额因此超出。")
                        % {"r": r.rank, "p": places[c.id]},
                    )
                )
            title = title_for(r.rank, scheme.titles)
            results.append(
                Result(
                    id=c.id,
                    label=c.label,
                    theory=s.theory,
                    practical=s.practical,
                    total=s.total,
                    standardised=standardised.get(c.id),
                    rank=r.rank,
                    shared_with=r.shared_with,
                    place=places[c.id],
                    title=title.title if title else None,
                    promotion=(title.promotion or None) if title else None,
                    flags=tuple(flags),
                    explanation=r.explanation,
                    aspects=s.aspects,
                    sections=s.sections,
                    time_seconds=entry.time,
                )
            )
    return Outcome(results=tuple(results), places=tallies, standardisation=stats)
