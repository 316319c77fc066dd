"""Rows of the volunteer service: a team at each unit, led by one of its workers; 义县甲's has the
worker and the studio lead on its roster, 黑山丙's the team lead (their own teams)."""

from innovation.volunteer.models import MemberRole, ServiceTeam, TeamMember

from .base import DAY, Placed


def volunteer_rows(p: Placed) -> None:
    teams = {
        "yx_a": ("yx_a_2", ["yx_a_1"], ("lead", "worker")),
        "yx_b": ("yx_b_1", [], ()),
        "hs_a": ("hs_a_1", [], ("team",)),
        "hs_b": ("hs_b_1", ["hs_b_2"], ()),
        "edu": ("edu_1", [], ()),
        "outside_unit": ("out_1", [], ()),
    }
    for place, (leader, members, owners) in teams.items():
        team = ServiceTeam.objects.create(
            name=f"{place} team",
            enterprise=p.units[place],
            leader=p.workers[leader],
            categories=["process"],
            formed_on=DAY,
        )
        TeamMember.objects.create(team=team, worker=p.workers[leader], role=MemberRole.LEADER, joined_on=DAY)
        for key in members:
            TeamMember.objects.create(team=team, worker=p.workers[key], joined_on=DAY)
        p.add(team, place, *owners)
