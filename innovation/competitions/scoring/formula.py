"""One contestant's aspect points, section scores, practical and total (the formula of the package
docstring). Call inside `numbers.working_context()`."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .inputs import (
    JUDGE_SPREAD,
    JUDGEMENT,
    JUDGEMENT_TOP,
    MISSING_MARKS,
    MISSING_THEORY,
    Contestant,
    Flag,
    Scheme,
)
from .numbers import HUNDRED, ZERO, exact, q3

JUDGEMENT_MARKS = frozenset(range(JUDGEMENT_TOP + 1))
# The flag texts, translated once per computation (not once per flag: 60,000 flags are possible).
TEXTS = {
    "unmarked": gettext_noop("评分要素「%(c)s」尚无评分，按0分计。"),
    "few_judges": gettext_noop("评分要素「%(c)s」仅有%(n)d名裁判评分（应为%(j)d名），按已有评分计算。"),
    "spread": gettext_noop("评分要素「%(c)s」裁判评分相差超过%(s)d分（%(v)s）。"),
    "no_theory": gettext_noop("尚无理论成绩，按0分计。"),
}
_THREE = Decimal(JUDGEMENT_TOP)
_NO_POINTS = q3(ZERO)


@dataclass(frozen=True)
class Scores:
    theory: Decimal | None
    aspects: dict[str, Decimal]
    sections: dict[str, Decimal]
    practical: Decimal
    total: Decimal
    flags: tuple[Flag, ...]


class Prepared:
    """The scheme in the form the loop wants: Decimals made once, aspects grouped by section."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.aspects = [(a.code, a.kind == JUDGEMENT, Decimal(a.max_points)) for a in scheme.aspects]
        self.codes = frozenset(a.code for a in scheme.aspects)
        self.sections = []
        for s in scheme.sections:
            members = [a for a in scheme.aspects if a.section == s.code]
            top = sum((Decimal(a.max_points) for a in members), ZERO)
            self.sections.append((s.code, Decimal(s.weight), tuple(a.code for a in members), top))
        self.theory_weight = Decimal(scheme.theory_weight)
        self.practical_weight = Decimal(scheme.practical_weight)
        self.judges = scheme.judges
        self.spread_limit = scheme.spread_limit
        self.text = {key: _(message) for key, message in TEXTS.items()}


def _bad_mark(contestant: Contestant, code: str, message: str, **extra):
    raise ValidationError({"marks": [message % {"who": contestant.name, "c": code, **extra}]})


def _no_float(value) -> None:
    if isinstance(value, float | bool):
        raise TypeError(f"marks are int or Decimal, not {type(value).__name__}")


def aspect_points(prepared: Prepared, contestant: Contestant) -> tuple[dict[str, Decimal], list[Flag]]:
    """Points of every aspect (0 when no judge marked it), with the flags of partial or split marks."""
    marks = contestant.marks
    unknown = set(marks) - prepared.codes
    if unknown:
        _bad_mark(contestant, sorted(unknown)[0], _("考生%(who)s的评分中有不存在的评分要素「%(c)s」。"))
    points: dict[str, Decimal] = {}
    flags: list[Flag] = []
    for code, judged, top in prepared.aspects:
        values = marks.get(code) or ()
        n = len(values)
        if not n:
            points[code] = _NO_POINTS
            flags.append(Flag(MISSING_MARKS, prepared.text["unmarked"] % {"c": code}, code))
            continue
        if judged:
            for v in values:
                _no_float(v)
                if v not in JUDGEMENT_MARKS:
                    _bad_mark(contestant, code, _("评价分须为0到3的整数（考生%(who)s，评分要素「%(c)s」）。"))
            # mean of the judges' 0-3 marks / 3 x max points, in one division
            points[code] = q3(Decimal(sum(values)) * top / (_THREE * n))
            if n < prepared.judges:
                flags.append(
                    Flag(
                        MISSING_MARKS,
                        prepared.text["few_judges"] % {"c": code, "n": n, "j": prepared.judges},
                        code,
                    )
                )
            if max(values) - min(values) > prepared.spread_limit:
                flags.append(
                    Flag(
                        JUDGE_SPREAD,
                        prepared.text["spread"]
                        % {"c": code, "s": prepared.spread_limit, "v": "、".join(str(v) for v in values)},
                        code,
                    )
                )
        else:
            for v in values:
                _no_float(v)
                if not 0 <= v <= top:
                    _bad_mark(
                        contestant,
                        code,
                        _("测量分须在0到%(top)s之间（考生%(who)s，评分要素「%(c)s」）。"),
                        top=top,
                    )
            points[code] = q3(Decimal(sum(values)) / n)
    return points, flags


def score(prepared: Prepared, contestant: Contestant) -> Scores:
    points, flags = aspect_points(prepared, contestant)
    sections: dict[str, Decimal] = {}
    weighted = ZERO
    for code, weight, members, top in prepared.sections:
        section = q3(sum((points[c] for c in members), ZERO) / top * HUNDRED)
        sections[code] = section
        weighted += section * weight
    practical = q3(weighted / HUNDRED)
    theory = None
    if contestant.theory is not None:
        theory = exact(contestant.theory)
        if not 0 <= theory <= HUNDRED:
            raise ValidationError(
                {"theory": [_("理论成绩须在0到100之间（考生%(who)s）。") % {"who": contestant.name}]}
            )
        theory = q3(theory)
    elif prepared.theory_weight:
        flags.append(Flag(MISSING_THEORY, prepared.text["no_theory"]))
    total = q3(((theory or ZERO) * prepared.theory_weight + practical * prepared.practical_weight) / HUNDRED)
    return Scores(theory, points, sections, practical, total, tuple(flags))
