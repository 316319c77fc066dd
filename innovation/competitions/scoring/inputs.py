"""The shapes going into and coming out of the scoring core: frozen dataclasses, no Django models.

A `Scheme` refuses to exist when it is inconsistent (weights that do not sum to 100, an aspect of
an unknown section, an unknown tie-break key, overlapping title ranges...): its constructor raises
`ValidationError({field: [Chinese message]})`, so a service can hand the error straight to a form.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MEASUREMENT = "measurement"
JUDGEMENT = "judgement"
KINDS = (MEASUREMENT, JUDGEMENT)
JUDGEMENT_TOP = 3  # judgement marks are 0, 1, 2 or 3 on written descriptors

# Tie-break keys, compared in the declared order after the (standardised) total.
PRACTICAL = "practical"
THEORY = "theory"
TIME = "time"  # lower is better; a missing time loses
ASPECT_PREFIX = "aspect:"

# Flag codes of a Result.
MISSING_THEORY = "missing_theory"
MISSING_MARKS = "missing_marks"
JUDGE_SPREAD = "judge_spread"
MISSING_TIME = "missing_time"
SHARED_AT_BOUNDARY = "shared_at_boundary"


def _refuse(field_name: str, message: str):
    raise ValidationError({field_name: [message]})


@dataclass(frozen=True)
class Section:
    code: str
    weight: int  # share of the practical score; a scheme's section weights sum to 100
    name: str = ""


@dataclass(frozen=True)
class Aspect:
    code: str
    section: str  # a Section.code
    kind: str  # MEASUREMENT or JUDGEMENT
    max_points: int | Decimal
    name: str = ""


@dataclass(frozen=True)
class Place:
    label: str  # 一等奖
    count: int  # how many places of this label, before ties


@dataclass(frozen=True)
class TitleRule:
    from_rank: int
    to_rank: int
    title: str  # 技术能手
    promotion: str = ""  # the skill level recommended, e.g. 技师


@dataclass(frozen=True)
class Scheme:
    """One occupation's marking scheme and its result rules."""

    sections: Sequence[Section]
    aspects: Sequence[Aspect]
    theory_weight: int = 30
    practical_weight: int = 70
    tie_break: Sequence[str] = (PRACTICAL,)
    standardise: bool = False
    places: Sequence[Place | tuple[str, int]] = ()
    titles: Sequence[TitleRule | tuple] = ()
    judges: int = 3  # judges expected on each judgement aspect
    spread_limit: int = 1  # flag a judgement aspect when its judges differ by more than this

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "sections", tuple(self.sections))
        set_(self, "aspects", tuple(self.aspects))
        set_(self, "tie_break", tuple(self.tie_break))
        set_(self, "places", tuple(p if isinstance(p, Place) else Place(*p) for p in self.places))
        set_(self, "titles", tuple(t if isinstance(t, TitleRule) else TitleRule(*t) for t in self.titles))
        check_scheme(self)

    def aspect(self, code: str) -> Aspect:
        return next(a for a in self.aspects if a.code == code)


def _is_weight(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100


def check_scheme(scheme: Scheme) -> None:
    """Every rule a scheme must satisfy, each refused with the field it concerns."""
    if not (_is_weight(scheme.theory_weight) and _is_weight(scheme.practical_weight)):
        _refuse("theory_weight", _("理论与实操权重须为0到100的整数。"))
    if scheme.theory_weight + scheme.practical_weight != 100:
        _refuse(
            "theory_weight",
            _("理论与实操权重之和须为100，现为%(n)d。")
            % {"n": scheme.theory_weight + scheme.practical_weight},
        )
    _check_sections(scheme)
    _check_tie_break(scheme)
    _check_places(scheme)
    _check_titles(scheme)
    if not isinstance(scheme.judges, int) or scheme.judges < 1:
        _refuse("judges", _("每个评价要素至少需要1名裁判。"))
    if not isinstance(scheme.spread_limit, int) or not 0 <= scheme.spread_limit <= JUDGEMENT_TOP:
        _refuse("spread_limit", _("裁判评分允许差距须为0到3的整数。"))


def _check_sections(scheme: Scheme) -> None:
    codes = [s.code for s in scheme.sections]
    for code in codes:
        if codes.count(code) > 1:
            _refuse("sections", _("模块代码「%(c)s」重复。") % {"c": code})
    if any(not _is_weight(s.weight) for s in scheme.sections):
        _refuse("sections", _("模块权重须为0到100的整数。"))
    if scheme.practical_weight and not scheme.sections:
        _refuse("sections", _("实操成绩至少需要一个模块。"))
    if scheme.sections and sum(s.weight for s in scheme.sections) != 100:
        _refuse(
            "sections",
            _("各模块权重之和须为100，现为%(n)d。") % {"n": sum(s.weight for s in scheme.sections)},
        )
    seen = set()
    for a in scheme.aspects:
        if a.code in seen:
            _refuse("aspects", _("评分要素代码「%(c)s」重复。") % {"c": a.code})
        seen.add(a.code)
        if a.section not in codes:
            _refuse(
                "aspects", _("评分要素「%(c)s」所属模块「%(s)s」不存在。") % {"c": a.code, "s": a.section}
            )
        if a.kind not in KINDS:
            _refuse("aspects", _("评分要素「%(c)s」的类型须为测量或评价。") % {"c": a.code})
        if isinstance(a.max_points, bool) or not isinstance(a.max_points, int | Decimal) or a.max_points <= 0:
            _refuse("aspects", _("评分要素「%(c)s」的满分须为大于0的数。") % {"c": a.code})
    for s in scheme.sections:
        if not any(a.section == s.code for a in scheme.aspects):
            _refuse("sections", _("模块「%(s)s」没有评分要素。") % {"s": s.code})


def _check_tie_break(scheme: Scheme) -> None:
    aspects = {a.code for a in scheme.aspects}
    for key in scheme.tie_break:
        known = key in (PRACTICAL, THEORY, TIME) or (
            key.startswith(ASPECT_PREFIX) and key[len(ASPECT_PREFIX) :] in aspects
        )
        if not known:
            _refuse(
                "tie_break",
                _("决胜规则「%(k)s」无法识别：可用 practical、theory、time 或 aspect:<评分要素代码>。")
                % {"k": key},
            )
        if scheme.tie_break.count(key) > 1:
            _refuse("tie_break", _("决胜规则「%(k)s」重复。") % {"k": key})


def _check_places(scheme: Scheme) -> None:
    labels = [p.label for p in scheme.places]
    for p in scheme.places:
        if not p.label:
            _refuse("places", _("奖项名称不能为空。"))
        if labels.count(p.label) > 1:
            _refuse("places", _("奖项「%(l)s」重复。") % {"l": p.label})
        if isinstance(p.count, bool) or not isinstance(p.count, int) or p.count < 1:
            _refuse("places", _("奖项「%(l)s」的名额须为正整数。") % {"l": p.label})


def _check_titles(scheme: Scheme) -> None:
    for t in scheme.titles:
        if not t.title:
            _refuse("titles", _("称号名称不能为空。"))
        if not (
            isinstance(t.from_rank, int) and isinstance(t.to_rank, int) and 1 <= t.from_rank <= t.to_rank
        ):
            _refuse("titles", _("称号「%(t)s」的名次范围须满足 1 ≤ 起始名次 ≤ 截止名次。") % {"t": t.title})
    ordered = sorted(scheme.titles, key=lambda t: t.from_rank)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.from_rank <= a.to_rank:
            _refuse(
                "titles",
                _("称号「%(a)s」（第%(af)d–%(at)d名）与「%(b)s」（第%(bf)d–%(bt)d名）的名次范围重叠。")
                % {
                    "a": a.title,
                    "af": a.from_rank,
                    "at": a.to_rank,
                    "b": b.title,
                    "bf": b.from_rank,
                    "bt": b.to_rank,
                },
            )


@dataclass(frozen=True)
class Contestant:
    id: int
    theory: int | Decimal | None = None  # 0..100; None: no theory score (yet)
    marks: Mapping[str, Sequence[int | Decimal]] = field(default_factory=dict)  # aspect -> one per judge
    time_seconds: int | Decimal | None = None
    label: str = ""  # how explanations name the contestant (e.g. the anonymous number); "#id" if empty

    @property
    def name(self) -> str:
        return self.label or f"#{self.id}"


# ---- outputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str  # MISSING_THEORY, MISSING_MARKS, JUDGE_SPREAD, MISSING_TIME, SHARED_AT_BOUNDARY
    message: str
    aspect: str = ""


@dataclass(frozen=True)
class Result:
    id: int
    label: str
    theory: Decimal | None
    practical: Decimal
    total: Decimal
    standardised: Decimal | None
    rank: int
    shared_with: tuple[int, ...]  # the other ids of the same rank (equal on every key)
    place: str | None
    title: str | None
    promotion: str | None
    flags: tuple[Flag, ...]
    explanation: str  # how the tie-break ordered this contestant; "" when the total alone did
    aspects: Mapping[str, Decimal]  # aspect code -> points
    sections: Mapping[str, Decimal]  # section code -> score 0..100
    time_seconds: Decimal | None = None

    def flagged(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)


@dataclass(frozen=True)
class PlaceTally:
    label: str
    count: int  # configured
    awarded: int  # given, after shared ranks took the better place

    @property
    def exceeded(self) -> bool:
        return self.awarded > self.count


@dataclass(frozen=True)
class Standardisation:
    """The occupation's figures the scale was built from (raw totals)."""

    mean: Decimal
    sd: Decimal
    median: Decimal


@dataclass(frozen=True)
class Outcome:
    results: tuple[Result, ...]  # best first; shared ranks by id
    places: tuple[PlaceTally, ...]
    standardisation: Standardisation | None

    def by_id(self) -> dict[int, Result]:
        return {r.id: r for r in self.results}

    @property
    def places_exceeded(self) -> tuple[str, ...]:
        return tuple(p.label for p in self.places if p.exceeded)
