"""This year's work in progress: a few items of the open campaign on their way through the
workflow, so that every role of the demo has something waiting (its home page's to-dos) and
the people the items are about have their notices.

From `data/in_progress.json`: items submitted in 义县 (awaiting 义县总工会's recommendation),
items recommended by 黑山县 and 太和区 (awaiting the city's formal check), 李营's and 锦州石化's
items past the formal check (the review seeder gives them to the experts) and an item of 大唐
returned by the city with its reason (awaiting the unit's resubmission).

Every step goes through the services and the workflow kernel, as a user's click would, with its
time some days back. A step's actor is a demo account, "district" (the demo district admin over
the unit; the city's for a unit directly under the city union) or null (a unit without a demo account: the system). Idempotent: an item whose title
the campaign already has is left as it is. It runs as the last seeder but one (the experts'
assignments of this year are the last), after the studios: their random draws read the filed
achievements and must not see these.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from innovation.accounts.models import User
from innovation.accounts.roles import Role
from innovation.accounts.scope import users_over
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, TradeUnion, Worker

from .. import services
from ..models import Achievement, Campaign, Field, Kind
from . import data
from .figures import CITY_UNION


def _unit(spec: dict) -> Enterprise | None:
    if "name" in spec:
        return Enterprise.objects.filter(name=spec["name"]).first()
    district = TradeUnion.objects.filter(name=spec["district"]).first()
    if district is None:
        return None
    with_demo_admin = User.objects.filter(username__startswith="demo_", grants__role=Role.UNIT_ADMIN)
    units = [
        unit
        for unit in Enterprise.objects.filter(scope_path__startswith=district.path)
        .exclude(union__grants__user__in=with_demo_admin)
        .order_by("id")
        if Worker.objects.filter(enterprise=unit, is_active=True, user__isnull=True).count() >= 2
    ]
    return units[spec["index"]] if spec["index"] < len(units) else None


def _authors(unit: Enterprise, spec) -> list[tuple[Worker, int]] | None:
    """`spec` is a count (the unit's first workers, equal shares) or [name or null, share, …]
    (null: the unit's next worker without an account)."""
    pool = list(Worker.objects.filter(enterprise=unit, is_active=True, user__isnull=True).order_by("id"))
    if isinstance(spec, int):
        shares = [100 // spec + (1 if i < 100 % spec else 0) for i in range(spec)]
        return list(zip(pool[:spec], shares, strict=True)) if len(pool) >= spec else None
    chosen: list[tuple[Worker, int]] = []
    for name, share in zip(spec[::2], spec[1::2], strict=True):
        if name is None:
            taken = {w.pk for w, _s in chosen}
            worker = next((w for w in pool if w.pk not in taken and w.name not in spec), None)
        else:
            worker = Worker.objects.filter(enterprise=unit, name=name, is_active=True).first()
        if worker is None:
            return None
        chosen.append((worker, share))
    return chosen


def _actor(name: str | None, unit: Enterprise) -> User | None:
    if name is None:
        return None
    if name == "district":
        over = users_over(unit.scope_path, roles=(Role.DISTRICT_ADMIN,)).filter(username__startswith="demo_")
        user = over.order_by("pk").first()
        if user is not None:
            return user
        name = "demo_city"  # a unit directly under the city union: the city recommends
    return User.objects.get(username=name)


def _at(now: datetime, campaign: Campaign, days: int) -> datetime:
    """`days` before now, and never before the campaign opened (the order of the steps kept)."""
    return max(now - timedelta(days=days), campaign.opens_at + timedelta(hours=100 - days))


def seed(stdout=None) -> int:
    """The items of this year's open campaign of the city union (see the module docstring)."""
    campaign = (
        Campaign.objects.filter(union__name=CITY_UNION, year=timezone.localdate().year).order_by("pk").first()
    )
    moved = _seed(campaign) if campaign is not None else 0
    if stdout is not None:
        stdout.write(f"  this year: {moved} items on their way")
    return moved


def _seed(campaign: Campaign) -> int:
    now = timezone.now()
    moved = 0
    for spec in data.in_progress():
        fields = {
            **spec["fields"],
            "kind": Kind(spec["fields"]["kind"]),
            "field": Field(spec["fields"]["field"]),
        }
        if Achievement.objects.filter(campaign=campaign, title=fields["title"]).exists():
            continue
        unit = _unit(spec["unit"])
        authors = _authors(unit, spec["authors"]) if unit else None
        if not authors:
            continue
        first_step = spec["steps"][0]
        item = services.achievement_create(
            actor=_actor(first_step[1], unit),
            campaign=campaign,
            enterprise=unit,
            authors=[{"worker": w.pk, "share": share} for w, share in authors],
            post=authors[0][0].post,
            **fields,
        )
        for step, actor, days, *reason in spec["steps"]:
            kernel.run(
                obj=item,
                step=step,
                actor=_actor(actor, unit),
                reason=reason[0] if reason else "",
                now=_at(now, campaign, days),
                pledge=step == "submit",
            )
        moved += 1
    return moved
