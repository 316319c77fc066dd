"""The demo's near-duplicates (查重): a known handful of later items filed again from earlier
ones (the same idea in another year or by another unit), with the city's verdicts, and the whole
demo indexed, so the check flags these and nothing else (the yearly texts vary: `variation`).

Run by `seed_demo` after this year's items; safe to run again (the texts are rewritten to the
same words, the index rebuilt to the same rows, a verdict recorded once)."""

import random
from dataclasses import dataclass

from innovation.accounts.models import User

from ..duplicates.services import record_verdict, reindex_all
from ..models import Achievement, DuplicatePair, State, Verdict
from ..rules import build_search_text

BOILERPLATE = (
    "本成果经单位技术部门论证，效益数据经财务部门核实，申报单位承诺所报材料真实有效，无知识产权纠纷。"
)


@dataclass(frozen=True)
class Planted:
    later: int  # the n-th not-awarded item of 2021 (by import key)
    earlier_year: int
    how: str  # traditional | reorder | edit | boilerplate | problem
    verdict: str  # a Verdict, or "" (left for the city to decide)
    note: str = ""
    same_unit: bool = False


PLANTED = [
    Planted(3, 2018, "traditional", Verdict.DUPLICATE, "内容与2018年已申报成果一致，仅改为繁体字录入。"),
    Planted(
        11, 2019, "reorder", Verdict.RESUBMISSION, "本单位同一完成人将往年成果调整语序后再次申报。", True
    ),
    Planted(19, 2017, "edit", Verdict.EVOLVED, "在原成果基础上有实质改进，可作为新成果评审。"),
    Planted(27, 2019, "problem", Verdict.UNRELATED, "问题描述相近，但解决方案完全不同。"),
    Planted(35, 2020, "edit", Verdict.DUPLICATE, "与2020年其他单位成果实质相同。"),
    Planted(43, 2018, "boilerplate", ""),
]


def _sentences(text: str) -> list[str]:
    parts, current = [], ""
    for ch in text:
        current += ch
        if ch in "。；":
            parts.append(current)
            current = ""
    return parts + ([current] if current else [])


def _copy(
    earlier: Achievement, later: Achievement, how: str, rng: random.Random
) -> tuple[str, str, str, str]:
    """(title, problem, solution, effect) of the later item, filed again from the earlier one."""
    title, problem, solution, effect = earlier.title, earlier.problem, earlier.solution, earlier.effect
    if how == "traditional":
        import opencc

        convert = opencc.OpenCC("s2t").convert
        return convert(title), convert(problem), convert(solution), convert(effect)
    if how == "reorder":
        parts = _sentences(solution)
        rng.shuffle(parts)
        return title, effect, "".join(parts), problem
    if how == "edit":
        return (
            f"{title}（改进型）",
            problem,
            solution.replace("，", "，经反复试验，", 1) + "改进后增加了自动报警和数据记录功能。",
            effect.replace("。", "，运行稳定可靠。", 1),
        )
    if how == "boilerplate":
        return title, problem, solution, effect + BOILERPLATE
    if how == "problem":  # the same problem met, solved another way: a clerk calls it unrelated
        return later.title, problem, later.solution, effect
    raise ValueError(how)


def _earlier(later: Achievement, spec: Planted) -> Achievement:
    filed = Achievement.objects.filter(campaign__year=spec.earlier_year, submitted_at__isnull=False).exclude(
        import_key=None
    )
    if spec.same_unit:
        own = filed.filter(enterprise=later.enterprise).order_by("import_key").first()
        if own is not None:
            return own
    return filed.order_by("import_key")[spec.later]


def seed(stdout=None) -> int:
    city = User.objects.get(username="demo_city")
    later_items = list(
        Achievement.objects.filter(campaign__year=2021, state=State.NOT_AWARDED)
        .exclude(import_key=None)
        .order_by("import_key")
    )
    planted = []
    for spec in PLANTED:
        later = later_items[spec.later]
        earlier = _earlier(later, spec)
        texts = _copy(earlier, later, spec.how, random.Random(f"demo-duplicate-{spec.later}"))
        if Achievement.objects.filter(campaign=later.campaign, title=texts[0]).exclude(pk=later.pk).exists():
            texts = (later.title, *texts[1:])  # a title is filed once a year
        if texts != (later.title, later.problem, later.solution, later.effect):
            later.title, later.problem, later.solution, later.effect = texts
            names = [a.name for a in later.authors.select_related("worker")]
            later.search_text = build_search_text(later, names)
            later.save(update_fields=["title", "problem", "solution", "effect", "search_text"])
        planted.append((later, earlier, spec))
    reindex_all()
    for later, earlier, spec in planted:
        pair = DuplicatePair.objects.filter(newer=later, earlier=earlier).first()
        if pair is not None and spec.verdict and not pair.verdict:
            record_verdict(actor=city, pair=pair, verdict=spec.verdict, note=spec.note)
    pairs = DuplicatePair.objects.count()
    if stdout is not None:
        stdout.write(
            f"  near-duplicates: {pairs} pairs, {DuplicatePair.objects.exclude(verdict='').count()} judged"
        )
    return pairs
