"""Reads for naming: the visible applications, and the lineage of studios (the chain of one
studio, and the city's yearly figures)."""

from dataclasses import dataclass

from django.db.models import Count, Min

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict

from ..selectors import studios_visible_to
from .models import Naming, Studio, StudioApplication


def applications_visible_to(user, action: str = Action.STUDIO_VIEW):
    return restrict(StudioApplication.objects.all(), user, action)


# ---------------------------------------------------------------- lineage


@dataclass
class Lineage:
    posts: list
    earlier: list  # the studios this one grew from, oldest first
    studio: Studio
    namings: list
    later: list  # the studios that grew from this one (and from those), breadth first


MAX_CHAIN = 20  # a guard: the services refuse cycles, this keeps a bad row from looping


def lineage_of(studio: Studio, user) -> Lineage:
    """posts → earlier studios → this one (its namings: the upgrades) → later ones. Studios the
    user may not see are left out of the chain."""
    visible = studios_visible_to(user)
    earlier = []
    current = studio
    seen = {studio.pk}
    while current.grew_from_id and len(earlier) < MAX_CHAIN and current.grew_from_id not in seen:
        seen.add(current.grew_from_id)
        current = Studio.objects.select_related("enterprise").get(pk=current.grew_from_id)
        earlier.append(current)
    earlier.reverse()
    visible_ids = set(visible.filter(pk__in=[s.pk for s in earlier]).values_list("pk", flat=True))
    later: list[Studio] = []
    frontier = [studio.pk]
    while frontier and len(later) < MAX_CHAIN:
        children = list(
            visible.filter(grew_from_id__in=frontier).exclude(pk__in=seen).select_related("enterprise")
        )
        seen.update(c.pk for c in children)
        later.extend(children)
        frontier = [c.pk for c in children]
    posts = list(studio.demonstration_posts.select_related("enterprise").order_by("year", "post"))
    return Lineage(
        posts=posts,
        earlier=[s for s in earlier if s.pk in visible_ids],
        studio=studio,
        namings=list(studio.namings.order_by("named_on", "id")),
        later=later,
    )


@dataclass
class LineageYear:
    year: int
    new_studios: int = 0  # studios first named this year
    from_posts: int = 0  # of them: grown from demonstration posts
    posts: int = 0  # demonstration posts that became (part of) those studios
    from_studios: int = 0  # new studios grown from an earlier studio
    upgrades: int = 0  # namings that raised an existing studio (type or level)

    @property
    def upgraded(self) -> int:
        return self.from_studios + self.upgrades


def lineage_years(queryset) -> list[LineageYear]:
    """Per year, for the studios of `queryset`: new studios, how many of them grew from
    demonstration posts (and how many posts), from an earlier studio, and upgrades of existing
    studios (a later naming of the same studio at a higher type or level)."""
    ids = queryset.values("pk")
    firsts = dict(
        Naming.objects.filter(studio__in=ids)
        .values("studio_id")
        .annotate(y=Min("year"))
        .values_list("studio_id", "y")
    )
    years: dict[int, LineageYear] = {}

    def at(y: int) -> LineageYear:
        return years.setdefault(y, LineageYear(y))

    studios = queryset.order_by().values("pk", "grew_from_id").annotate(posts=Count("demonstration_posts"))
    for s in studios:
        first = firsts.get(s["pk"])
        if first is None:
            continue
        row = at(first)
        row.new_studios += 1
        if s["posts"]:
            row.from_posts += 1
            row.posts += s["posts"]
        if s["grew_from_id"]:
            row.from_studios += 1
    namings = Naming.objects.filter(studio__in=ids).order_by().values("studio_id", "year")
    for n in namings:
        if n["year"] > firsts.get(n["studio_id"], n["year"]):
            at(n["year"]).upgrades += 1
    # A studio named twice in its first year (e.g. city, then provincial the same year) was
    # upgraded that year too.
    same_year = (
        Naming.objects.filter(studio__in=ids)
        .order_by()
        .values("studio_id", "year")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for row in same_year:
        if row["year"] == firsts.get(row["studio_id"]):
            at(row["year"]).upgrades += row["n"] - 1
    return [years[y] for y in sorted(years)]
