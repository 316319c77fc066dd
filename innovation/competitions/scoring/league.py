"""A league's season table: the rounds' scores added by the declared rule.

* `LeagueRule(rounds=M)`: the season total is the sum of every round's score;
  `LeagueRule(rounds=M, best_of=N)`: the sum of the contestant's N best rounds (all of them when
  fewer than N were contested). A round not contested counts nothing. Which rounds counted is
  reported (among equal scores the earlier round is the one counted).
* A round's score is whatever the round's results publish for the contestant (its total, or its
  standardised total: the caller chooses and keeps to it for the season).
* Ties on the season total go through the declared keys in order: "last_round" (the score of
  round M, higher first), "best_round" (the best single round), "round:<n>" (the score of round
  n); a round not contested loses to any score. Equal on every key: a shared rank (1, 2, 2, 4).
* Every figure is a Decimal rounded half-up to 3 places.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .numbers import ZERO, exact, q3, working_context
from .ranking import Key, rank_rows

LAST_ROUND = "last_round"
BEST_ROUND = "best_round"
ROUND_PREFIX = "round:"


def _refuse(field_name: str, message: str):
    raise ValidationError({field_name: [message]})


@dataclass(frozen=True)
class LeagueRule:
    rounds: int  # M, the rounds of the season
    best_of: int | None = None  # N: count the N best rounds; None: the sum of all rounds
    tie_break: Sequence[str] = (LAST_ROUND,)

    def __post_init__(self):
        object.__setattr__(self, "tie_break", tuple(self.tie_break))
        if not isinstance(self.rounds, int) or self.rounds < 1:
            _refuse("rounds", _("联赛至少要有1轮。"))
        if self.best_of is not None and not (
            isinstance(self.best_of, int) and 1 <= self.best_of <= self.rounds
        ):
            _refuse(
                "best_of",
                _("计入成绩的轮数须在1到%(m)d之间。") % {"m": self.rounds},
            )
        for key in self.tie_break:
            if key not in (LAST_ROUND, BEST_ROUND) and self._round_of(key) is None:
                _refuse(
                    "tie_break",
                    _("联赛决胜规则「%(k)s」无法识别：可用 last_round、best_round 或 round:<轮次>。")
                    % {"k": key},
                )
            if self.tie_break.count(key) > 1:
                _refuse("tie_break", _("联赛决胜规则「%(k)s」重复。") % {"k": key})

    def _round_of(self, key: str) -> int | None:
        if not key.startswith(ROUND_PREFIX) or not key[len(ROUND_PREFIX) :].isdigit():
            return None
        number = int(key[len(ROUND_PREFIX) :])
        return number if 1 <= number <= self.rounds else None


@dataclass(frozen=True)
class SeasonEntry:
    id: int
    scores: Mapping[int, int | Decimal] = field(default_factory=dict)  # round number -> score
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or f"#{self.id}"


@dataclass(frozen=True)
class SeasonRow:
    id: int
    label: str
    scores: Mapping[int, Decimal]  # the rounds contested
    counted: tuple[int, ...]  # the rounds in the total, in round order
    total: Decimal
    rank: int
    shared_with: tuple[int, ...]
    explanation: str


@dataclass(frozen=True)
class _Season:
    entry: SeasonEntry
    scores: dict[int, Decimal]
    counted: tuple[int, ...]
    total: Decimal


def _season(rule: LeagueRule, entry: SeasonEntry) -> _Season:
    scores = {}
    for number, value in entry.scores.items():
        if not (isinstance(number, int) and 1 <= number <= rule.rounds):
            _refuse("scores", _("%(who)s的成绩中有不存在的轮次%(n)s。") % {"who": entry.name, "n": number})
        scores[number] = q3(exact(value))
    best_first = sorted(scores, key=lambda n: (-scores[n], n))
    counted = tuple(sorted(best_first[: rule.best_of] if rule.best_of else best_first))
    return _Season(entry, scores, counted, q3(sum((scores[n] for n in counted), ZERO)))


def _keys(rule: LeagueRule) -> list[Key]:
    keys = []
    for code in rule.tie_break:
        if code == LAST_ROUND:
            keys.append(Key(code, _("最后一轮（第%(n)d轮）成绩") % {"n": rule.rounds}))
        elif code == BEST_ROUND:
            keys.append(Key(code, _("单轮最好成绩")))
        else:
            keys.append(Key(code, _("第%(n)s轮成绩") % {"n": code[len(ROUND_PREFIX) :]}))
    return keys


def _value(rule: LeagueRule):
    def value(season: _Season, key: Key) -> Decimal | None:
        if key.code == LAST_ROUND:
            return season.scores.get(rule.rounds)
        if key.code == BEST_ROUND:
            return max(season.scores.values(), default=None)
        return season.scores.get(int(key.code[len(ROUND_PREFIX) :]))

    return value


def season_table(rule: LeagueRule, entries: Iterable[SeasonEntry]) -> tuple[SeasonRow, ...]:
    """The season table, best first."""
    entries = list(entries)
    if len({e.id for e in entries}) != len(entries):
        _refuse("entries", _("同一选手出现了两次。"))
    with working_context():
        seasons = [_season(rule, e) for e in entries]
        ranked = rank_rows(
            seasons,
            ident=lambda s: s.entry.id,
            name=lambda s: s.entry.name,
            primary=lambda s: s.total,
            primary_label=_("赛季总成绩"),
            keys=_keys(rule),
            value=_value(rule),
        )
    return tuple(
        SeasonRow(
            id=r.row.entry.id,
            label=r.row.entry.label,
            scores=r.row.scores,
            counted=r.row.counted,
            total=r.row.total,
            rank=r.rank,
            shared_with=r.shared_with,
            explanation=r.explanation,
        )
        for r in ranked
    )
