"""The formula registry: an indicator's `formula` code → how its actual is computed LIVE from the
modules, always through their scoped querysets (`restrict` with the module's view action), so a
caller sees the actual of the rows they may see — a county union its own district's.

`compute(user, year, district)` → int, where `district` is a county-level union or None (the
whole of the caller's scope). `link(year, district)` → the filtered list of the rows behind the
figure, or "" when that list has no filter for it. A code that is not registered here is an
indicator whose module does not provide it yet: its actual is None (shown as "该模块尚未提供此指标",
never 0).

What each formula counts, precisely ("the year" is `year`):

- achievements_filed: achievements submitted at least once, in a campaign of the year;
- achievements_awarded: awards of the year's campaigns;
- benefit_verified_yuan: verified benefit (whole yuan, half up) of the achievements filed in the
  year's campaigns;
- studios_named and studios_named_<type>_<level>: studios named in the year (`named_year`),
  revoked later or not (the naming happened), of that type and level;
- studio_subsidies_paid_yuan: what was paid (whole yuan) on the studio subsidy commitments of
  the year's budget lines;
- pairs_awarded: nominations awarded in the city's 金牌师徒 selection of the year;
- service_orders_solved: service orders posted in the year that the enterprise confirmed solved;
- people_trained: people trained at the sessions of the service orders posted in the year (not
  cancelled);
- contestants: confirmed registrations in the competitions of the year;
- skill_promotions: skill-level promotions recommended in the competitions of the year;
- recommendations: items recommended upward to the contests of the year (not withdrawn);
- projects_concluded: technical breakthrough projects concluded in the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict, spec_for

UNAVAILABLE_TEXT = "该模块尚未提供此指标"


@dataclass(frozen=True)
class Formula:
    code: str
    compute: Callable[[object, int, object], int]
    link: Callable[[int, object], str] | None = None


REGISTRY: dict[str, Formula] = {}


def register(code: str, compute, link=None) -> None:
    REGISTRY[code] = Formula(code=code, compute=compute, link=link)


def is_available(code: str) -> bool:
    return code in REGISTRY


def actual(code: str, user, year: int, district=None) -> int | None:
    """The live actual, or None when no module provides the formula."""
    formula = REGISTRY.get(code)
    return None if formula is None else int(formula.compute(user, year, district))


def link(code: str, year: int, district=None) -> str:
    formula = REGISTRY.get(code)
    return formula.link(year, district) if formula is not None and formula.link else ""


def _scoped(queryset, user, action: str, district):
    """The queryset within the user's scope, narrowed to a district's subtree."""
    qs = restrict(queryset, user, action)
    if district is not None:
        qs = qs.filter(**{f"{spec_for(queryset.model).path}__startswith": district.path})
    return qs


def _url(name: str, district=None, **params) -> str:
    if district is not None:
        params["district"] = district.pk
    return reverse(name) + "?" + urlencode(params)


def _yuan(value) -> int:
    return int(Decimal(value or 0).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# ----------------------------------------------------------------------- five smalls and awards


def _filed(user, year, district):
    from innovation.achievements.models import Achievement

    return _scoped(
        Achievement.objects.filter(submitted_at__isnull=False, campaign__year=year),
        user,
        Action.ACHIEVEMENT_VIEW,
        district,
    )


register(
    "achievements_filed",
    lambda user, year, district: _filed(user, year, district).count(),
    lambda year, district: _url("achievements:list", district, filed="true", year=year),
)
register(
    "benefit_verified_yuan",
    lambda user, year, district: _yuan(
        _filed(user, year, district).aggregate(s=Sum("benefit_verified"))["s"]
    ),
    lambda year, district: _url("achievements:list", district, filed="true", verified="true", year=year),
)


def _awarded(user, year, district) -> int:
    from innovation.awards.models import Award

    return _scoped(Award.objects.filter(campaign__year=year), user, Action.AWARD_VIEW, district).count()


register(
    "achievements_awarded",
    _awarded,
    lambda year, district: _url("awards:list", district, year=year),
)

# ----------------------------------------------------------------------- studios and their money


def _studios(user, year, district, **kinds):
    from innovation.studios.models import Studio

    return _scoped(Studio.objects.filter(named_year=year, **kinds), user, Action.STUDIO_VIEW, district)


def _register_studios() -> None:
    from innovation.studios.models import StudioLevel, StudioType

    register(
        "studios_named",
        lambda user, year, district: _studios(user, year, district).count(),
        lambda year, district: _url("studios:list", district, named_year=year),
    )
    for kind in StudioType.values:
        for level in StudioLevel.values:

            def compute(user, year, district, kind=kind, level=level):
                return _studios(user, year, district, type=kind, level=level).count()

            def url(year, district, kind=kind, level=level):
                return _url("studios:list", district, named_year=year, type=kind, level=level)

            register(f"studios_named_{kind}_{level}", compute, url)


_register_studios()


def _subsidies_paid(user, year, district) -> int:
    from innovation.funds.models import Commitment
    from innovation.studios.subsidies.models import SOURCE_KIND, SubsidyLine

    # Commitments hang at their budget line (the city's); a district's are its studios'.
    qs = restrict(
        Commitment.objects.filter(source_kind=SOURCE_KIND, line__year=year), user, Action.FUNDS_VIEW
    )
    if district is not None:
        lines = SubsidyLine.objects.filter(studio__scope_path__startswith=district.path)
        qs = qs.filter(pk__in=lines.values("commitment_id"))
    return int(qs.aggregate(fen=Sum("paid_fen"))["fen"] or 0) // 100


def _subsidies_link(year, district) -> str:
    from innovation.studios.subsidies.models import SOURCE_KIND

    # The commitment list has no district filter: a district's figure has no list of its own.
    return "" if district is not None else _url("funds:commitments", year=year, source_kind=SOURCE_KIND)


register("studio_subsidies_paid_yuan", _subsidies_paid, _subsidies_link)

# ----------------------------------------------------------------------- 金牌师徒


def _pairs_awarded(user, year, district) -> int:
    from innovation.pairs.models import Level, Nomination, NominationState

    qs = Nomination.objects.filter(
        state=NominationState.AWARDED, selection__level=Level.CITY, selection__year=year
    )
    return _scoped(qs, user, Action.PAIR_VIEW, district).count()


register(
    "pairs_awarded",
    _pairs_awarded,
    lambda year, district: _url("pairs:nominations", district, year=year, level="city", state="awarded"),
)

# ----------------------------------------------------------------------- volunteer service


def _orders(user, year, district):
    from innovation.volunteer.models import ServiceOrder

    return _scoped(ServiceOrder.objects.filter(posted_at__year=year), user, Action.SERVICE_VIEW, district)


def _solved(user, year, district) -> int:
    from innovation.volunteer.stats import solved_orders

    return solved_orders(_orders(user, year, district)).count()


def _trained(user, year, district) -> int:
    from innovation.volunteer.stats import trained_people

    return trained_people(_orders(user, year, district))


register(
    "service_orders_solved",
    _solved,
    lambda year, district: _url("volunteer:orders", district, year=year, solved="true"),
)
register(
    "people_trained",
    _trained,
    lambda year, district: _url("volunteer:orders", district, year=year, trained="true"),
)

# ----------------------------------------------------------------------- skills competitions


def _contestants(user, year, district) -> int:
    from innovation.competitions.models import Registration, RegistrationState

    qs = Registration.objects.filter(state=RegistrationState.CONFIRMED, occupation__competition__year=year)
    return _scoped(qs, user, Action.COMPETITION_VIEW, district).count()


def _promotions(user, year, district) -> int:
    from innovation.competitions.models import PromotionRecommendation

    qs = PromotionRecommendation.objects.filter(competition__year=year)
    return _scoped(qs, user, Action.COMPETITION_VIEW, district).count()


register(
    "contestants",
    _contestants,
    lambda year, district: _url("competitions:registrations", district, year=year, state="confirmed"),
)
register(
    "skill_promotions",
    _promotions,
    lambda year, district: _url("competitions:promotions", district, year=year),
)

# ----------------------------------------------------------------------- recommendations, projects


def _recommendations(user, year, district) -> int:
    from innovation.recommendations.models import ACTIVE_STATES, Recommendation

    qs = Recommendation.objects.filter(contest__year=year, state__in=ACTIVE_STATES)
    return _scoped(qs, user, Action.RECOMMENDATION_VIEW, district).count()


def _projects(user, year, district) -> int:
    from innovation.projects.models import Project, ProjectState

    qs = Project.objects.filter(state=ProjectState.CONCLUDED, concluded_on__year=year)
    return _scoped(qs, user, Action.PROJECT_VIEW, district).count()


# The recommendation list's state filter takes one state (this figure is three): no link.
register("recommendations", _recommendations)
# The project list filters by the year a project started, not the one it concluded in: no link.
register("projects_concluded", _projects)
