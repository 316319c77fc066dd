"""Rows of the expert review: profiles, availability, conflicts, assignments, sheets, results, closures."""

from decimal import Decimal

from innovation.accounts.roles import Role
from innovation.experts.models import Assignment, Availability, Conflict, ExpertProfile
from innovation.review.models import ItemResult, ScoreSheet, ScoringClosure
from tests.factories import make_user

from .base import WHEN, Placed


def review_rows(p: Placed, campaigns: dict, items: dict) -> None:
    profiles = {
        "city": ExpertProfile.objects.create(user=p.users["expert"], name="专家王一", union=p.unions["city"]),
        "yixian": ExpertProfile.objects.create(
            user=make_user("t_m_expert_yx", (Role.EXPERT, None)), name="专家义县", union=p.unions["yixian"]
        ),
        "heishan": ExpertProfile.objects.create(
            user=make_user("t_m_expert_hs", (Role.EXPERT, None)), name="专家黑山", union=p.unions["heishan"]
        ),
        "outside": ExpertProfile.objects.create(
            user=make_user("t_m_expert_out", (Role.EXPERT, None)),
            name="专家葫芦岛",
            union=p.unions["outside"],
        ),
    }
    for place, profile in profiles.items():
        own = ("expert",) if place == "city" else ()
        p.add(profile, place, *own)
        p.add(Availability.objects.create(campaign=campaigns["city"], expert=profile), place, *own)
        p.add(
            Conflict.objects.create(expert=profile, enterprise=p.units["yx_b"], reason="曾在该单位任职"),
            place,
            *own,
        )
    # The city's expert reviews 黑山丙's item (theirs by SELF, 黑山's by place); 义县's expert
    # reviews 义县甲's; the outside expert the outside item.
    pairs = [
        ("hs_a", "city", ("expert",)),
        ("yx_a", "yixian", ()),
        ("hs_b", "heishan", ()),
        ("outside_unit", "outside", ()),
    ]
    for place, expert_place, own in pairs:
        item = items[place]
        assignment = Assignment.objects.create(
            campaign=item.campaign,
            achievement=item,
            expert=profiles[expert_place],
            scope_path=item.scope_path,
        )
        p.add(assignment, place, *own)
        p.add(ScoreSheet.objects.create(assignment=assignment, comment="意见"), place, *own)
        result = ItemResult.objects.create(
            achievement=item,
            campaign=item.campaign,
            score=Decimal("80"),
            raw_mean=Decimal("80"),
            n_scores=1,
            spread=Decimal("0"),
            rank=1,
            field_rank=1,
            computed_at=WHEN,
            scope_path=item.scope_path,
        )
        p.add(result, place)
    for place in ("city", "yixian", "heishan", "outside"):
        closure = ScoringClosure.objects.create(
            campaign=campaigns[place],
            reason="评审期满",
            closed_by=p.users["city"],
            closed_at=WHEN,
            assigned=5,
            submitted=1,
            scope_path=p.path(place),
        )
        p.add(closure, place)
