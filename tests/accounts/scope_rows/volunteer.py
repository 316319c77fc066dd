"""Rows of the volunteer service: a team at each unit, led by one of its workers; 义县甲's has the
worker and the studio lead on its roster, 黑山丙's the team lead (their own teams).

An order at each unit: 义县甲's is with 义县甲's team (the worker's and the studio lead's own: they
serve on it), 黑山丙's waits triaged in 黑山县, which 黑山丙's team serves (the team lead's own: he
may claim it), 黑山丁's is with 黑山丁's team (nobody's of the matrix). An expense of 义县甲's order
(the studio lead's own: he leads the team), of 黑山丁's and of the other city's."""

from innovation.volunteer.models import (
    MemberRole,
    OrderState,
    ServiceExpense,
    ServiceOrder,
    ServiceTeam,
    TeamMember,
)

from .base import DAY, WHEN, Placed


def volunteer_rows(p: Placed) -> None:
    teams = {
        "yx_a": ("yx_a_2", ["yx_a_1"], ("lead", "worker")),
        "yx_b": ("yx_b_1", [], ()),
        "hs_a": ("hs_a_1", [], ("team",)),
        "hs_b": ("hs_b_1", ["hs_b_2"], ()),
        "edu": ("edu_1", [], ()),
        "outside_unit": ("out_1", [], ()),
    }
    made = {}
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
        made[place] = team
    # 黑山丙's team serves its county: a triaged order there, with no team yet, is its leader's to claim.
    made["hs_a"].districts.set([p.units["hs_a"].region])
    orders = {
        "yx_a": (OrderState.ACCEPTED, "yx_a", ("lead", "worker")),
        "yx_b": (OrderState.POSTED, None, ()),
        "hs_a": (OrderState.TRIAGED, None, ("team",)),
        "hs_b": (OrderState.IN_SERVICE, "hs_b", ()),
        "edu": (OrderState.CLOSED, "edu", ()),
        "outside_unit": (OrderState.ACCEPTED, "outside_unit", ()),
    }
    placed_orders = {}
    for place, (state, team, owners) in orders.items():
        unit = p.units[place]
        order = ServiceOrder.objects.create(
            enterprise=unit,
            district=unit.region,
            category="process",
            title=f"{place} order",
            description="技术难题",
            contact_name="联系人",
            contact_phone="13812345678",
            state=state,
            team=made[team] if team else None,
            posted_at=WHEN,
        )
        p.add(order, place, *owners)
        placed_orders[place] = order
    for place, owners in (("yx_a", ("lead",)), ("hs_b", ()), ("outside_unit", ())):
        expense = ServiceExpense.objects.create(
            order=placed_orders[place], kind="transport", amount_fen=100, note="交通费", payee="收款人"
        )
        p.add(expense, place, *owners)
