"""The rules of a marking scheme and of eligibility, as plain checks (no writes).

A scheme: the theory and practical weights add up to 100; the practical sections' weights add
up to 100, each section has at least one aspect; an aspect's maximum is above 0 (a judgement
aspect is marked 0–3 and is worth its maximum at 3) and a judgement aspect has a written
descriptor for each of the levels 0, 1, 2 and 3; the tie-break order names only "practical",
"theory", "time" and "aspect:<code>" of an aspect of the scheme; places and title rules are
well formed. Each refusal names its field, in Chinese."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from innovation.org.models import SkillLevel, Worker, skill_rank

from .models import JUDGEMENT_LEVELS, AspectKind, Competition, Occupation

CODE_RE = re.compile(r"^[A-Za-z0-9]{1,8}$")
ASPECT_CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,16}$")
MAX_POINTS = Decimal("100")
TIE_BREAK_WORDS = ("practical", "theory", "time")
DESCRIPTOR_MAX = 500


def skill_label(value: str) -> str:
    return str(SkillLevel(value).label)


def check_weights(theory, practical) -> None:
    if not isinstance(theory, int) or not isinstance(practical, int) or theory < 0 or practical < 0:
        raise ValidationError({"theory_weight": [_("理论和实操权重须为0到100的整数。")]})
    if theory + practical != 100:
        raise ValidationError(
            {
                "theory_weight": [
                    _("理论与实操权重之和须为100，现为%(t)d + %(p)d = %(s)d。")
                    % {"t": theory, "p": practical, "s": theory + practical}
                ]
            }
        )


def clean_points(value, *, field: str, label: str) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("「%(a)s」的满分须为数字。") % {"a": label}]}) from None
    if (
        not points.is_finite()
        or points <= 0
        or points > MAX_POINTS
        or points != points.quantize(Decimal("0.01"))
    ):
        raise ValidationError(
            {field: [_("「%(a)s」的满分须大于0、不超过100，最多两位小数。") % {"a": label}]}
        )
    return points


def clean_descriptors(kind: str, descriptors, *, label: str) -> dict:
    if kind == AspectKind.MEASUREMENT:
        return {}
    descriptors = descriptors if isinstance(descriptors, dict) else {}
    out, missing = {}, []
    for level in JUDGEMENT_LEVELS:
        text = descriptors.get(level, descriptors.get(int(level)))
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            missing.append(level)
        elif len(text) > DESCRIPTOR_MAX:
            raise ValidationError(
                {"descriptors": [_("评价等级描述不能超过%(n)d个字。") % {"n": DESCRIPTOR_MAX}]}
            )
        out[level] = text
    if missing:
        raise ValidationError(
            {
                "descriptors": [
                    _("评价评分项「%(a)s」须为0、1、2、3每个等级写明描述，缺少：%(m)s。")
                    % {"a": label, "m": "、".join(missing)}
                ]
            }
        )
    return out


def clean_sections(sections) -> list[dict]:
    """The practical scheme as given to `services.scheme_set`: a list of sections, each
    {"code", "title", "weight", "aspects": [{"code", "title", "kind", "max_points",
    "descriptors"}]}. Returns it cleaned, or raises with the field and a Chinese message."""
    if not isinstance(sections, list | tuple) or not sections:
        raise ValidationError({"sections": [_("请至少设置一个实操评分模块。")]})
    out, section_codes, aspect_codes = [], set(), set()
    for row in sections:
        row = row if isinstance(row, dict) else {}
        code, title = str(row.get("code") or "").strip(), str(row.get("title") or "").strip()
        if not CODE_RE.match(code) or code in section_codes:
            raise ValidationError({"sections": [_("模块代码须为1到8位不重复的字母或数字。")]})
        section_codes.add(code)
        if not title or len(title) > 100:
            raise ValidationError({"sections": [_("模块「%(c)s」须有名称（不超过100字）。") % {"c": code}]})
        weight = row.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 < weight <= 100:
            raise ValidationError({"weight": [_("模块「%(t)s」的权重须为1到100的整数。") % {"t": title}]})
        aspects = row.get("aspects")
        if not isinstance(aspects, list | tuple) or not aspects:
            raise ValidationError({"aspects": [_("模块「%(t)s」至少须有一个评分项。") % {"t": title}]})
        cleaned_aspects = []
        for aspect in aspects:
            aspect = aspect if isinstance(aspect, dict) else {}
            a_code = str(aspect.get("code") or "").strip()
            a_title = str(aspect.get("title") or "").strip()
            if not ASPECT_CODE_RE.match(a_code) or a_code in aspect_codes:
                raise ValidationError({"aspects": [_("评分项代码须为1到16位不重复的字母、数字、点或横线。")]})
            aspect_codes.add(a_code)
            if not a_title or len(a_title) > 200:
                raise ValidationError(
                    {"aspects": [_("评分项「%(c)s」须有名称（不超过200字）。") % {"c": a_code}]}
                )
            kind = aspect.get("kind")
            if kind not in AspectKind.values:
                raise ValidationError(
                    {"kind": [_("评分项「%(a)s」的评分方式须为测量评分或评价评分。") % {"a": a_title}]}
                )
            cleaned_aspects.append(
                {
                    "code": a_code,
                    "title": a_title,
                    "kind": kind,
                    "max_points": clean_points(aspect.get("max_points"), field="max_points", label=a_title),
                    "descriptors": clean_descriptors(kind, aspect.get("descriptors"), label=a_title),
                }
            )
        out.append({"code": code, "title": title, "weight": weight, "aspects": cleaned_aspects})
    total = sum(s["weight"] for s in out)
    if total != 100:
        raise ValidationError(
            {
                "weight": [
                    _("各实操模块权重之和须为100，现为%(w)s = %(s)d。")
                    % {"w": " + ".join(str(s["weight"]) for s in out), "s": total}
                ]
            }
        )
    return out


def clean_tie_break(order, aspect_codes) -> list[str]:
    if not isinstance(order, list | tuple):
        raise ValidationError({"tie_break": [_("并列决胜顺序须为一个列表。")]})
    out = []
    for word in order:
        word = str(word)
        if word.startswith("aspect:"):
            if word[7:] not in aspect_codes:
                raise ValidationError(
                    {"tie_break": [_("并列决胜顺序中的评分项「%(c)s」不在评分方案中。") % {"c": word[7:]}]}
                )
        elif word not in TIE_BREAK_WORDS:
            raise ValidationError(
                {
                    "tie_break": [
                        _("并列决胜顺序只能包含实操成绩、理论成绩、用时或某一评分项，「%(w)s」无效。")
                        % {"w": word}
                    ]
                }
            )
        if word in out:
            raise ValidationError({"tie_break": [_("并列决胜顺序中「%(w)s」重复。") % {"w": word}]})
        out.append(word)
    return out


def clean_places(places) -> list[dict]:
    if not isinstance(places, list | tuple):
        raise ValidationError({"places": [_("名次设置须为一个列表。")]})
    out = []
    for row in places:
        row = row if isinstance(row, dict) else {}
        label = str(row.get("label") or "").strip()
        count, fen = row.get("count"), row.get("prize_fen", 0)
        if not label or len(label) > 50:
            raise ValidationError({"places": [_("每个名次须有名称（如一等奖，不超过50字）。")]})
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1000:
            raise ValidationError({"places": [_("「%(l)s」的人数须为1到1000的整数。") % {"l": label}]})
        if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
            raise ValidationError({"places": [_("「%(l)s」的奖金须为不小于0的整数（分）。") % {"l": label}]})
        out.append({"label": label, "count": count, "prize_fen": fen})
    return out


def clean_title_rules(rules) -> list[dict]:
    if not isinstance(rules, list | tuple):
        raise ValidationError({"title_rules": [_("称号与晋级规则须为一个列表。")]})
    out, last = [], 0
    for row in rules:
        row = row if isinstance(row, dict) else {}
        start, end = row.get("from"), row.get("to")
        title, promotion = str(row.get("title") or "").strip(), str(row.get("promotion") or "")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not (
            last < start <= end
        ):
            raise ValidationError(
                {
                    "title_rules": [
                        _("称号与晋级规则的名次区间须从小到大、互不重叠（如第1至5名、第6至15名）。")
                    ]
                }
            )
        if promotion not in SkillLevel.values or (not title and not promotion):
            raise ValidationError(
                {"title_rules": [_("第%(a)d至%(b)d名须给出称号或晋升的技能等级。") % {"a": start, "b": end}]}
            )
        out.append({"from": start, "to": end, "title": title[:50], "promotion": promotion})
        last = end
    return out


def clean_eligibility(*, min_skill_level, max_skill_level, min_age, max_age) -> None:
    for field, value in (("min_skill_level", min_skill_level), ("max_skill_level", max_skill_level)):
        if value not in SkillLevel.values:
            raise ValidationError({field: [_("技能等级无效。")]})
    if min_skill_level and max_skill_level and skill_rank(min_skill_level) > skill_rank(max_skill_level):
        raise ValidationError({"max_skill_level": [_("最高技能等级不能低于最低技能等级。")]})
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and (not isinstance(value, int) or not 16 <= value <= 70):
            raise ValidationError({field: [_("年龄限制须为16到70之间的整数。")]})
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError({"max_age": [_("最高年龄不能小于最低年龄。")]})


def check_occupation_scheme(occupation: Occupation) -> None:
    """The whole scheme of an occupation as stored (before registration opens, before start)."""
    check_weights(occupation.theory_weight, occupation.practical_weight)
    sections = list(occupation.sections.prefetch_related("aspects"))
    if occupation.practical_weight and not sections:
        raise ValidationError(
            {"sections": [_("工种「%(o)s」尚未设置实操评分方案。") % {"o": occupation.title}]}
        )
    if sections:
        clean_sections(
            [
                {
                    "code": s.code,
                    "title": s.title,
                    "weight": s.weight,
                    "aspects": [
                        {
                            "code": a.code,
                            "title": a.title,
                            "kind": a.kind,
                            "max_points": a.max_points,
                            "descriptors": a.descriptors,
                        }
                        for a in s.aspects.all()
                    ],
                }
                for s in sections
            ]
        )


def check_dates(*, registration_opens_on, registration_closes_on, starts_on, ends_on) -> None:
    dates = (registration_opens_on, registration_closes_on, starts_on, ends_on)
    if not all(isinstance(d, datetime.date) for d in dates):
        raise ValidationError({"starts_on": [_("请填写报名起止日期和比赛起止日期。")]})
    if registration_closes_on < registration_opens_on:
        raise ValidationError({"registration_closes_on": [_("报名截止日期不能早于报名开始日期。")]})
    if starts_on < registration_closes_on:
        raise ValidationError({"starts_on": [_("比赛开始日期不能早于报名截止日期。")]})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("比赛结束日期不能早于开始日期。")]})


def age_in(competition: Competition, worker: Worker) -> int:
    """The worker's age in the year the event starts (the register keeps the birth year only)."""
    return competition.starts_on.year - worker.birth_year


def check_eligible(occupation: Occupation, worker: Worker) -> None:
    """The worker may compete in the occupation: in the organiser's scope, an active worker,
    within the skill levels and the ages. Raises with the field "worker"."""
    competition = occupation.competition
    if not worker.is_active:
        raise ValidationError({"worker": [_("%(n)s已不在职，不能报名。") % {"n": worker.name}]})
    if not worker.scope_path.startswith(competition.union.path):
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s不在%(u)s的范围内，不能报名该赛事。") % {"n": worker.name, "u": competition.union}
                ]
            }
        )
    rank = skill_rank(worker.skill_level)
    if occupation.min_skill_level and rank < skill_rank(occupation.min_skill_level):
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s的技能等级为「%(l)s」，该工种要求不低于「%(m)s」。")
                    % {
                        "n": worker.name,
                        "l": skill_label(worker.skill_level),
                        "m": skill_label(occupation.min_skill_level),
                    }
                ]
            }
        )
    if occupation.max_skill_level and rank > skill_rank(occupation.max_skill_level):
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s的技能等级为「%(l)s」，该工种限「%(m)s」及以下。")
                    % {
                        "n": worker.name,
                        "l": skill_label(worker.skill_level),
                        "m": skill_label(occupation.max_skill_level),
                    }
                ]
            }
        )
    age = age_in(competition, worker)
    if occupation.min_age is not None and age < occupation.min_age:
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s比赛当年%(a)d岁，该工种要求年满%(m)d岁。")
                    % {"n": worker.name, "a": age, "m": occupation.min_age}
                ]
            }
        )
    if occupation.max_age is not None and age > occupation.max_age:
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s比赛当年%(a)d岁，该工种限%(m)d岁及以下。")
                    % {"n": worker.name, "a": age, "m": occupation.max_age}
                ]
            }
        )
