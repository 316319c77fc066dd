"""Reads for studios: the scoped querysets, the rank of a naming, incubated results and the
type × level × district counts (the lineage: naming/selectors.py).

Every page, export, API answer and figure starts from `studios_visible_to()` (the applications:
naming/selectors.py)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Achievement, Patent
from innovation.org.filters import AREA_KINDS
from innovation.org.models import TradeUnion

from .models import LEVEL_ORDER, AssessmentRubric, Member, Naming, Studio, StudioLevel, StudioType

# ---------------------------------------------------------------- scope


def studios_visible_to(user, action: str = Action.STUDIO_VIEW):
    return restrict(Studio.objects.all(), user, action)


def _count(qs):
    return Coalesce(
        Subquery(
            qs.order_by().values("studio").annotate(n=Count("id")).values("n"), output_field=IntegerField()
        ),
        0,
    )


def annotated_studios():
    """Studios with their current roster size and incubated (submitted) achievements counted."""
    members = Member.objects.filter(studio=OuterRef("pk"), left_on__isnull=True)
    incubated = Achievement.objects.filter(studio=OuterRef("pk"), submitted_at__isnull=False)
    return Studio.objects.select_related("enterprise", "leader").annotate(
        members_now=_count(members), incubated=_count(incubated)
    )


def my_studio_links(user) -> list:
    """The home page's links to the studios the person leads or is on the active roster of."""
    from django.db.models import Q
    from django.urls import reverse

    from innovation.core.mylinks import MyLink

    on_roster = Member.objects.filter(worker__user=user, left_on__isnull=True).values("studio_id")
    mine = (
        studios_visible_to(user)
        .filter(Q(leader__user=user) | Q(pk__in=on_roster), status=Studio.Status.ACTIVE)
        .select_related("leader")
        .order_by("name")
    )
    return [
        MyLink(
            label=_("我的工作室"),
            title=f"{studio.name}（{_('带头人') if studio.leader.user_id == user.pk else _('成员')}）",
            url=reverse("studios:detail", args=[studio.pk]),
        )
        for studio in mine
    ]


# ---------------------------------------------------------------- rank of a naming

# The chain 职工创新工作室 → 工匠创新工作室 → 劳模创新工作室: higher type last.
TYPE_ORDER = [StudioType.WORKER, StudioType.CRAFTSMAN, StudioType.MODEL_WORKER]


def rank(studio_type: str, level: str) -> tuple[int, int]:
    """Comparable rank of a (type, level): level first (全国 > 省级 > 市级 > 县区级), then type."""
    return (
        len(LEVEL_ORDER) - LEVEL_ORDER.index(StudioLevel(level)),
        TYPE_ORDER.index(StudioType(studio_type)),
    )


def dominated(studio_type: str, level: str, namings) -> Naming | None:
    """A naming the studio already holds that makes (type, level) no step up: the same type or a
    higher one, at the same level or a higher one. None when (type, level) would be new."""
    want_level, want_type = rank(studio_type, level)
    for naming in namings:
        have_level, have_type = rank(naming.type, naming.level)
        if have_level >= want_level and have_type >= want_type:
            return naming
    return None


def highest_naming(namings) -> Naming | None:
    namings = list(namings)
    return max(namings, key=lambda n: (rank(n.type, n.level), n.year, n.pk or 0)) if namings else None


# ---------------------------------------------------------------- policy rows


def current_rubric(year: int | None = None) -> AssessmentRubric | None:
    """The assessment rubric in force in `year` (this year by default): the latest one whose
    effective year is not after it."""
    year = year or timezone.localdate().year
    return AssessmentRubric.objects.filter(effective_year__lte=year).order_by("-effective_year").first()


def one_roster_only(year: int | None = None) -> bool:
    """Whether a worker may be on one studio's active roster only. The rubric row says; with no
    row yet, the regulation's default (the model field's default)."""
    rubric = current_rubric(year)
    if rubric is None:
        return bool(AssessmentRubric._meta.get_field("one_roster_only").default)
    return rubric.one_roster_only


# ---------------------------------------------------------------- incubated results


@dataclass
class Incubated:
    count: int = 0
    patents: int = 0
    verified: Decimal = field(default_factory=lambda: Decimal(0))


def incubated_achievements(studio_ids=None):
    """Achievements incubated in studios (the five-smalls link), filed ones only: a draft is not
    yet an achievement."""
    qs = Achievement.objects.filter(studio__isnull=False, submitted_at__isnull=False)
    if studio_ids is not None:
        qs = qs.filter(studio_id__in=studio_ids)
    return qs


def incubated_totals(studio_ids) -> dict[int, Incubated]:
    """Per studio: incubated achievements, their patents, their verified benefit (yuan/year).
    Two aggregate queries whatever the number of studios."""
    ids = list(studio_ids)
    result = {pk: Incubated() for pk in ids}
    if not ids:
        return result
    rows = (
        incubated_achievements(ids)
        .order_by()
        .values("studio_id")
        .annotate(n=Count("id"), verified=Sum("benefit_verified"))
    )
    for row in rows:
        result[row["studio_id"]].count = row["n"]
        result[row["studio_id"]].verified = row["verified"] or Decimal(0)
    patents = (
        Patent.objects.filter(achievement__in=incubated_achievements(ids))
        .order_by()
        .values("achievement__studio_id")
        .annotate(n=Count("id"))
    )
    for row in patents:
        result[row["achievement__studio_id"]].patents = row["n"]
    return result


def incubated_total(studio_ids) -> Incubated:
    total = Incubated()
    for item in incubated_totals(studio_ids).values():
        total.count += item.count
        total.patents += item.patents
        total.verified += item.verified
    return total


# ---------------------------------------------------------------- counts by type × level × district


@dataclass
class Cell:
    count: int
    params: dict  # the list filters that select exactly these studios


@dataclass
class MatrixRow:
    label: str
    params: dict
    cells: list[Cell]
    total: Cell


COLUMNS = [
    (t, lv) for t in (StudioType.MODEL_WORKER, StudioType.WORKER, StudioType.CRAFTSMAN) for lv in LEVEL_ORDER
]


def column_labels() -> list[dict]:
    return [{"type": t, "level": lv, "label": f"{lv.label}{t.label}"} for t, lv in COLUMNS]


def type_level_counts(queryset) -> dict[tuple[str, str], int]:
    rows = queryset.order_by().values("type", "level").annotate(n=Count("id"))
    return {(r["type"], r["level"]): r["n"] for r in rows}


def by_type_level_keys(queryset) -> dict[str, int]:
    """{"model_worker.provincial": 12, "worker.city": 25, …}: every type × level, zero included."""
    counts = type_level_counts(queryset)
    return {f"{t}.{lv}": counts.get((t, lv), 0) for t in StudioType.values for lv in StudioLevel.values}


def _row(label: str, params: dict, counts: dict) -> MatrixRow:
    cells = [Cell(counts.get((t, lv), 0), {**params, "type": t, "level": lv}) for t, lv in COLUMNS]
    return MatrixRow(label, params, cells, Cell(sum(c.count for c in cells), dict(params)))


def areas_for(user) -> list[TradeUnion]:
    """County-level and industry unions the user can see (the district filter's choices)."""
    return list(
        restrict(
            TradeUnion.objects.filter(kind__in=AREA_KINDS)
            .exclude(kind=TradeUnion.Kind.CITY)
            .order_by("path"),
            user,
            Action.UNION_VIEW,
        )
    )


def district_matrix(queryset, user) -> tuple[list[MatrixRow], MatrixRow]:
    """Rows per county-level / industry union (each studio counted in the deepest area above its
    unit), then the total row; each cell carries the filters that list its studios."""
    areas = areas_for(user)
    grouped = queryset.order_by().values("scope_path", "type", "level").annotate(n=Count("id"))
    per_area: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    direct: dict = defaultdict(int)
    for r in grouped:
        area = max(
            (a for a in areas if r["scope_path"].startswith(a.path)), key=lambda a: len(a.path), default=None
        )
        target = per_area[area.pk] if area is not None else direct
        target[(r["type"], r["level"])] += r["n"]
    rows = [_row(a.name, {"district": a.pk}, per_area[a.pk]) for a in areas if a.pk in per_area]
    if direct:
        rows.append(_row(str(_("市直单位及其他")), {"direct": "true"}, direct))
    total = _row(str(_("合计")), {}, type_level_counts(queryset))
    return rows, total
