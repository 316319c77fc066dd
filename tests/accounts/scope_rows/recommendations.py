"""Rows of the upward recommendations: a contest of the city's, 义县's, 黑山's and the outside
city's; the awarded items of 义县甲 and 黑山甲 recommended to the city's and to their county's
(their paths are the items'), the outside item to the outside contest; a package of each contest
and objections (at the contest's union)."""

from innovation.awards.models import Award
from innovation.recommendations.models import (
    Contest,
    ContestCategory,
    PackageBuild,
    Recommendation,
    RecommendationObjection,
)

from .base import DAY, Placed


def recommendation_rows(p: Placed, items: dict) -> None:
    contests = {}
    for place in ("city", "yixian", "heishan", "outside"):
        contest = Contest.objects.create(
            union=p.unions[place],
            name="职工创新大赛",
            organiser="省总工会",
            level="provincial",
            year=DAY.year,
            deadline=DAY,
            eligible_grades=["first"],
        )
        category = ContestCategory.objects.create(contest=contest, name="职工组", quota=5)
        contests[place] = (p.add(contest, place), category)
        p.add(
            PackageBuild.objects.create(contest=contest, requested_by=p.users["city"]),
            place,
        )
    for item_place, contest_place in (
        ("yx_a", "city"),
        ("hs_a", "city"),
        ("yx_a", "yixian"),
        ("hs_a", "heishan"),
        ("outside_unit", "outside"),
    ):
        contest, category = contests[contest_place]
        item = items[item_place]
        recommendation = p.add(
            Recommendation.objects.create(
                contest=contest,
                category=category,
                achievement=item,
                award=Award.objects.get(achievement=item),
            ),
            item_place,
        )
        if (item_place, contest_place) != ("hs_a", "city"):
            p.add(
                RecommendationObjection.objects.create(
                    recommendation=recommendation, public_name="张三", reason="成果不是原创"
                ),
                contest_place,
            )
