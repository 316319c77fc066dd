"""The reads of the skills competitions, each starting from the scope filter, and the bridge to
the pure scoring core (`occupation_marks`).

Interface with the scoring core (innovation.competitions.scoring, I11-B): `occupation_marks`
builds exactly its input dataclasses (`scoring.inputs.Scheme` and `scoring.inputs.Contestant`)
from the models; the lead computes the results with it and writes them into the `Result` model
(models/results.py), clearing `Occupation.results_stale`. The mapping:

- Scheme.sections / aspects: the occupation's sections (code, weight, title) and aspects (code,
  section code, kind, max points as Decimal, title);
- theory_weight / practical_weight / tie_break / standardise: the occupation's fields as stored;
- places: (label, count) of `Occupation.places` (the prize in fen stays in the model's row, for
  the ledger);
- titles: TitleRule(from, to, title, promotion) of `Occupation.title_rules`; `promotion` is the
  skill level's label (技师, 高级工; `SkillLevel` maps it back for the skill-level history); a
  rule that only recommends a promotion (no title) is given the promotion's label as its title,
  since the core wants a title on every rule;
- judges: the fewest judges on any judgement aspect (3 when there is none); spread_limit: the
  occupation's `judgement_spread`;
- Contestant: id = the registration's id, label = the anonymous number, theory = the current
  theory score (None when none), marks = aspect code → the current marks of each judge (a judge
  who must stay away from the contestant has none), time_seconds = the largest time recorded
  with the contestant's current marks (None when none).
Only confirmed registrations are contestants.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Max, Min, QuerySet, Value

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.org.models import SkillLevel

from .models import (
    AspectKind,
    Competition,
    JudgeAssignment,
    Mark,
    Occupation,
    Registration,
    RegistrationState,
    TheoryScore,
)


def competitions_visible_to(user, action: str = Action.COMPETITION_VIEW) -> QuerySet:
    return restrict(Competition.objects.select_related("union"), user, action)


def registrations_visible_to(user, action: str = Action.COMPETITION_VIEW) -> QuerySet:
    """A unit sees its own contestants, the organiser all of its events' contestants."""
    return restrict(
        Registration.objects.select_related("occupation__competition", "worker", "enterprise"), user, action
    )


def confirmed_contestants(occupation: Occupation) -> list[Registration]:
    """The confirmed contestants of an occupation by anonymous number, with what the sheets and
    the conflict rules read (2,000 at scale): the rest of a row is loaded only when a cell of it
    is entered."""
    return list(
        Registration.objects.filter(occupation=occupation, state=RegistrationState.CONFIRMED)
        .select_related("enterprise")
        .only(
            "id",
            "occupation_id",
            "state",
            "scope_path",
            "anonymous_number",
            "worker_id",
            "enterprise__id",
            "enterprise__group_id",
        )
        .order_by("anonymous_number")
    )


def judge_sheet(user, occupation: Occupation) -> tuple[list, list]:
    """(aspects, contestants) a judge marks in an occupation: the aspects assigned to them and
    the confirmed contestants, by anonymous number, they need not stay away from."""
    from .services.judging import judge_clashes, judge_view

    assignment = (
        restrict(JudgeAssignment.objects.filter(occupation=occupation), user, Action.COMPETITION_JUDGE)
        .filter(judge=user)
        .select_related("expert", "unit")
        .first()
    )
    if assignment is None:
        return [], []
    regs = confirmed_contestants(occupation)
    view = judge_view(assignment)  # loaded once for all the contestants
    contestants = [r for r in regs if not judge_clashes(assignment, r, view)]
    return list(assignment.aspects.order_by("section__order", "order")), contestants


# Contestants per page of a judge's sheet: at most 40, and few enough that a page's cells (one per
# aspect, plus the time) stay under the fields a POST may carry (DATA_UPLOAD_MAX_NUMBER_FIELDS,
# 1,000: 29 contestants with 30 aspects). A page renders and saves at once whatever the size of
# the occupation (bench/competition_results.py times it); the API's sheet comes in the same pages.
SHEET_PAGE = 40
SHEET_FIELDS = 900


def sheet_page_size(n_aspects: int) -> int:
    return max(1, min(SHEET_PAGE, SHEET_FIELDS // (n_aspects + 1)))


def sheet_page(contestants: list, n_aspects: int, page: int) -> tuple[int, int, list]:
    """(the page, how many pages, its contestants) of a judge's sheet: a page out of range is the
    nearest one."""
    size = sheet_page_size(n_aspects)
    pages = max(1, -(-len(contestants) // size))
    page = min(max(page, 1), pages)
    return page, pages, contestants[(page - 1) * size : page * size]


def current_marks(occupation: Occupation) -> QuerySet:
    return Mark.objects.filter(registration__occupation=occupation, is_current=True)


def judge_marks(judge, registration_ids: list[int]) -> QuerySet:
    """A judge's current marks of the given contestants (a page of their sheet): found through the
    (registration, aspect, judge) index, unordered (Mark's ordering joins up to the event)."""
    return Mark.objects.filter(registration_id__in=registration_ids, judge=judge, is_current=True).order_by()


def flagged_cells(occupation: Occupation) -> list[tuple[int, int]]:
    """(registration id, aspect id) of every judgement cell whose judges differ by more than the
    occupation's spread, in contestant order: found by the database (grouped, highest less lowest)."""
    return list(
        current_marks(occupation)
        .filter(aspect__kind=AspectKind.JUDGEMENT)
        .values("registration_id", "aspect_id")
        .annotate(hi=Max("value"), lo=Min("value"), n=Count("id"))
        .filter(n__gt=1, hi__gt=F("lo") + Value(occupation.judgement_spread))
        .order_by("registration_id", "aspect_id")
        .values_list("registration_id", "aspect_id")
    )


def judgement_flags(occupation: Occupation, cells: list[tuple[int, int]] | None = None) -> list[dict]:
    """The flagged judgement cells with their marks, per contestant: {"registration": id,
    "anonymous_number", "aspect": code, "values": [...]}. `cells`: only these (a page of
    `flagged_cells`); only their marks are read."""
    cells = flagged_cells(occupation) if cells is None else cells
    if not cells:
        return []
    flagged = set(cells)
    by_cell: dict[tuple[int, str, str], list[Decimal]] = defaultdict(list)
    rows = Mark.objects.filter(
        registration_id__in={r for r, _a in flagged}, aspect_id__in={a for _r, a in flagged}, is_current=True
    ).values_list("registration_id", "aspect_id", "registration__anonymous_number", "aspect__code", "value")
    for reg_id, aspect_id, number, code, value in rows.order_by(
        "registration_id", "aspect__code", "judge_id"
    ):
        if (reg_id, aspect_id) in flagged:
            by_cell[(reg_id, number, code)].append(value)
    return [
        {"registration": reg_id, "anonymous_number": number, "aspect": code, "values": values}
        for (reg_id, number, code), values in by_cell.items()
    ]


def _skill_label(value: str) -> str:
    return str(SkillLevel(value).label) if value else ""


def occupation_marks(occupation: Occupation):
    """(Scheme, [Contestant]) of one occupation for the scoring core (see the module docstring)."""
    from .scoring.inputs import Aspect, Contestant, Place, Scheme, Section, TitleRule

    sections = list(occupation.sections.order_by("order", "id"))
    aspects = list(occupation.aspects.select_related("section").order_by("section__order", "order", "id"))
    judges_per_aspect = (
        JudgeAssignment.aspects.through.objects.filter(
            aspect__occupation=occupation, aspect__kind=AspectKind.JUDGEMENT
        )
        .values("aspect_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    scheme = Scheme(
        sections=[Section(code=s.code, weight=s.weight, name=s.title) for s in sections],
        aspects=[
            Aspect(code=a.code, section=a.section.code, kind=a.kind, max_points=a.max_points, name=a.title)
            for a in aspects
        ],
        theory_weight=occupation.theory_weight,
        practical_weight=occupation.practical_weight,
        tie_break=list(occupation.tie_break),
        standardise=occupation.standardise,
        places=[Place(label=p["label"], count=p["count"]) for p in occupation.places],
        titles=[
            TitleRule(
                from_rank=r["from"],
                to_rank=r["to"],
                title=r["title"] or _skill_label(r["promotion"]),
                promotion=_skill_label(r["promotion"]),
            )
            for r in occupation.title_rules
        ],
        judges=min(judges_per_aspect, default=3),
        spread_limit=occupation.judgement_spread,
    )
    registrations = list(
        Registration.objects.filter(occupation=occupation, state=RegistrationState.CONFIRMED).order_by("pk")
    )
    theory = dict(
        TheoryScore.objects.filter(registration__occupation=occupation, is_current=True).values_list(
            "registration_id", "score"
        )
    )
    marks: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    times: dict[int, int] = {}
    for reg_id, code, value, seconds in (
        current_marks(occupation)
        .order_by("registration_id", "aspect_id", "judge_id")
        .values_list("registration_id", "aspect__code", "value", "time_taken")
    ):
        marks[reg_id][code].append(value)
        if seconds is not None:
            times[reg_id] = max(times.get(reg_id, 0), seconds)
    contestants = [
        Contestant(
            id=r.pk,
            theory=theory.get(r.pk),
            marks={code: tuple(values) for code, values in marks.get(r.pk, {}).items()},
            time_seconds=times.get(r.pk),
            label=r.anonymous_number,
        )
        for r in registrations
    ]
    return scheme, contestants


def unpaid_prizes(competition: Competition) -> int:
    """How many of the competition's prizes are committed and not yet (wholly) paid."""
    return competition.awards.filter(
        commitment__isnull=False, commitment__paid_fen__lt=F("commitment__amount_fen")
    ).count()


def judge_pool(competition: Competition) -> QuerySet:
    """The experts who may judge the organiser's event: its union's pool and the pools of the
    unions above it (a county's or an industry's contest draws on the city's experts too)."""
    from django.db.models import Q

    from innovation.accounts.scope import ancestor_paths
    from innovation.experts.models import ExpertProfile

    union = competition.union
    where = Q(scope_path__startswith=union.path) | Q(scope_path__in=ancestor_paths(union.path))
    return (
        ExpertProfile.objects.filter(where, is_active=True, user__is_active=True)
        .select_related("employer")
        .order_by("name", "pk")
    )
