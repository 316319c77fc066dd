"""Rows of every scoped model, placed by hand, for the scope matrix (tests/accounts/test_scope_matrix.py).

Each row is written with its *place* — the node of the union tree it belongs to ("yx_a",
"heishan", "city", "outside" …, or None for rows that hang nowhere) — and its *owners*: the
test users to whom it is "their own" (what a SELF scope must show them). These labels are the
expectations; they are written here from what each row is, not read from the scope registry.

Every model gets rows inside 义县 and 黑山县 (so each district and unit admin has rows to see
and rows it must not see), and rows under a second city's union tree ("outside": 葫芦岛) that
even the city admin must not see.
"""

from innovation.accounts.roles import Role
from tests.competitions.scope_rows import competition_rows
from tests.factories import make_user

from .base import SELF_USERS, SUBTREE_OF, Placed, Row, outside_city
from .five_smalls import achievement_part_rows, achievement_rows, campaign_rows
from .money import award_rows, ledger_rows
from .org import audit_rows, org_rows, skill_history_rows
from .pairs import pair_rows
from .plans import plan_rows
from .projects import project_rows
from .recommendations import recommendation_rows
from .review import review_rows
from .studios import studio_rows
from .volunteer import volunteer_rows

__all__ = ["SELF_USERS", "SUBTREE_OF", "Placed", "Row", "build"]


def build(world) -> Placed:
    root, out_unit, out_worker = outside_city(world)
    unions = {
        "city": world.city,
        "yixian": world.yixian,
        "heishan": world.heishan,
        "industry": world.industry,
        "outside": root,
        **{k: u.union for k, u in world.units.items()},
        "outside_unit": out_unit.union,
    }
    units = {**world.units, "outside_unit": out_unit}
    workers = {**world.workers, "out_1": out_worker}
    users = {
        **world.users,
        "lead": make_user(
            "t_lead", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=world.workers["yx_a_2"]
        ),
        "team": make_user(
            "t_team", (Role.TEAM_LEAD, world.units["hs_a"].union), worker=world.workers["hs_a_1"]
        ),
    }
    placed = Placed(world=world, unions=unions, units=units, workers=workers, users=users)
    org_rows(placed)
    campaigns = campaign_rows(placed)
    items = achievement_rows(placed, campaigns)
    achievement_part_rows(placed, campaigns, items)
    review_rows(placed, campaigns, items)
    ledger_rows(placed)
    award_rows(placed, campaigns, items)
    recommendation_rows(placed, items)
    studio_rows(placed)
    pair_rows(placed)
    competition_rows(placed)
    volunteer_rows(placed)
    project_rows(placed)
    plan_rows(placed)
    skill_history_rows(placed)
    audit_rows(placed)
    return placed
