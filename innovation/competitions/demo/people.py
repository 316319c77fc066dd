"""Who takes part in the demo's events: the contestants drawn from the generated register (every
county-level division in turn, at most the occupation's quota from one unit), the unit admins who
register them, and the judges from the city's expert pool."""

from __future__ import annotations

from collections import defaultdict

from innovation.accounts import services as account_services
from innovation.accounts.models import RoleGrant, User
from innovation.accounts.roles import Role
from innovation.experts.models import ExpertProfile
from innovation.org.models import Enterprise, TradeUnion, Worker, skill_rank

# The units whose admins are demo accounts keep their home pages as the other parts left them
# (a confirmed registration can still be withdrawn by the unit: it would wait on their pages).
DEMO_UNITS = ("锦州石化公司", "辽宁大唐国际锦州热电有限责任公司", "锦州天晟重工有限公司")


class Register:
    """The generated workers (no account, not the report's people, not of the demo units),
    handed out once each, by division in turn."""

    def __init__(self):
        self.used: set[int] = set()
        self.districts = list(TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT).order_by("sort", "id"))

    def draw(self, spec: dict, count: int, *, year: int) -> list[Worker]:
        rows = (
            Worker.objects.filter(is_active=True, user__isnull=True, post__in=spec["posts"])
            .exclude(enterprise__name__in=DEMO_UNITS)
            .exclude(pk__in=self.used)
            .select_related("enterprise__union")
            .order_by("id")
        )
        top = spec.get("max_skill_level")
        by_district: dict[int, list[Worker]] = defaultdict(list)
        for worker in rows:
            if top and skill_rank(worker.skill_level) > skill_rank(top):
                continue
            age = year - worker.birth_year
            if not spec.get("min_age", 0) <= age <= spec.get("max_age", 99):
                continue
            district = next((d for d in self.districts if worker.scope_path.startswith(d.path)), None)
            if district is not None:
                by_district[district.pk].append(worker)
        per_unit: dict[int, int] = defaultdict(int)
        chosen: list[Worker] = []
        queues = [by_district[d.pk] for d in self.districts]
        while len(chosen) < count and any(queues):
            for queue in queues:
                while queue:
                    worker = queue.pop(0)
                    if per_unit[worker.enterprise_id] < spec["quota_per_unit"]:
                        per_unit[worker.enterprise_id] += 1
                        chosen.append(worker)
                        break
                if len(chosen) == count:
                    break
        self.used.update(w.pk for w in chosen)
        return chosen


def unit_admin(unit: Enterprise) -> User:
    """The unit's union admin who registers its contestants: its existing admin account, else
    an account the city issues for the contest (no password yet, like the expert pool's)."""
    grant = (
        RoleGrant.objects.filter(role=Role.UNIT_ADMIN, node=unit.union_id)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if grant is not None:
        return grant.user
    user = User(username=f"unit{unit.pk:04d}", display_name=f"{unit.name}工会管理员"[:100])
    user.set_unusable_password()
    user.save()
    account_services.grant_role(actor=None, user=user, role=Role.UNIT_ADMIN, node=unit.union)
    return user


class Judges:
    """The city's expert pool, the experts working outside the units first (they never have to
    stay away from a contestant), handed out in turn; a panel gets no expert employed by a unit
    (or its group) it has contestants from."""

    def __init__(self):
        pool = ExpertProfile.objects.filter(is_active=True, user__is_active=True).exclude(
            user__username="demo_expert"  # his home page keeps this year's review only
        )
        self.pool = list(pool.filter(employer__isnull=True).order_by("id")) + list(
            pool.filter(employer__isnull=False).select_related("employer").order_by("id")
        )
        self.next = 0

    def panel(self, units: set[int], groups: set[int], size: int = 3) -> list[ExpertProfile]:
        chosen = []
        for _turn in range(2 * len(self.pool)):
            if len(chosen) == size:
                break
            expert = self.pool[self.next % len(self.pool)]
            self.next += 1
            employer = expert.employer
            if employer is not None and (
                employer.pk in units or employer.pk in groups or (employer.group_id or 0) in units
            ):
                continue
            chosen.append(expert)
        if len(chosen) < size:
            raise LookupError("the expert pool has too few judges outside the contestants' units")
        return chosen
