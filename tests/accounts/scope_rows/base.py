"""The labels of the matrix rows and the world they are placed in."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from innovation.org.models import Enterprise, Region, TradeUnion, Worker
from tests.factories import make_enterprise, make_union, make_worker

# The test users of the matrix and what their single grant covers of the tree (by place).
SUBTREE_OF = {
    "city": {"city", "yixian", "heishan", "industry", "yx_a", "yx_b", "hs_a", "hs_b", "edu"},
    "yixian": {"yixian", "yx_a", "yx_b"},
    "heishan": {"heishan", "hs_a", "hs_b"},
    "unit": {"yx_a"},
}
# Users whose own rows a SELF scope shows: the worker (yx_a_1), the studio lead (yx_a_2), the
# team lead (hs_a_1) and the expert.
SELF_USERS = ("worker", "lead", "team", "expert")
WHEN = timezone.make_aware(datetime.datetime(2024, 5, 1, 9, 0))
DAY = datetime.date(2024, 5, 1)


@dataclass
class Row:
    pk: int
    place: str | None
    owners: frozenset[str]


@dataclass
class Placed:
    """The labelled rows of every model, and the world they live in."""

    world: object
    unions: dict  # place -> TradeUnion
    units: dict  # place -> Enterprise
    workers: dict  # key -> Worker (world's plus "out_1")
    users: dict  # key -> User (world's plus "lead", "team")
    rows: dict = field(default_factory=dict)  # model -> [Row]

    def add(self, obj, place: str | None, *owners: str):
        self.rows.setdefault(type(obj), []).append(Row(obj.pk, place, frozenset(owners)))
        return obj

    def path(self, place: str) -> str:
        return self.unions[place].path


def outside_city(world) -> tuple[TradeUnion, Enterprise, Worker]:
    """A second city's union tree: nothing of it belongs to 锦州's city admin."""
    province = Region.objects.get(code="210000")
    huludao = Region.objects.create(code="211400", name="葫芦岛市", level=Region.Level.CITY, parent=province)
    county = Region.objects.create(code="211421", name="绥中县", level=Region.Level.COUNTY, parent=huludao)
    root = make_union("葫芦岛市总工会", TradeUnion.Kind.CITY, None, huludao)
    unit = make_enterprise("葫芦岛甲石化有限公司", root, region=county)
    return root, unit, make_worker(unit, "葫芦岛职工一")
