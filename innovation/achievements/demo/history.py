"""One historical year's items, drawn from the year's own random stream: their states and the
path of steps that led there, benefits, patents, the year's best and 李营's invention."""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from innovation.accounts.models import RoleGrant, User
from innovation.accounts.roles import Role
from innovation.org.models import Enterprise, Worker

from ..models import Achievement, Campaign, Field, Kind, Patent, State
from . import data
from .figures import (
    BENEFIT_CREATED_SHARE,
    BEST_PER_YEAR,
    BEST_RANGE,
    BEST_TOTAL,
    HISTORY,
    LIYING,
    MODEST_RANGE,
    PATENT_ODDS,
    PHYSICAL,
    SEED,
    SUG,
)
from .texts import basis, draw_authors, draw_topic, item_texts, log_uniform, patent_number, wan, yuan
from .variation import vary


@dataclass
class Item:
    key: str
    achievement: Achievement
    authors: list = field(default_factory=list)  # [(worker | None, outside_name, outside_unit, share)]
    patents: list = field(default_factory=list)  # [(type, number, status)]
    steps: list = field(default_factory=list)  # [(action, from, to, actor, reason, at)]
    best: bool = False
    hands_on: bool = False  # about equipment or operations (not a service), so a candidate for the best


# ---------------------------------------------------------------- small helpers


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(rng: random.Random, day: date, latest: date) -> datetime:
    day = min(_workday(day), latest)
    moment = time(rng.randint(8, 16), rng.randrange(0, 60, 1), rng.randrange(0, 60))
    return timezone.make_aware(datetime.combine(day, moment))


def import_key(year: int, n) -> str:
    return hashlib.sha256(f"demo:{year}:{n}".encode()).hexdigest()


@dataclass
class Actors:
    city: User | None
    district_of: dict  # union path -> demo district admin
    unit_admin_of: dict  # enterprise id -> demo unit admin

    def district(self, enterprise: Enterprise) -> User | None:
        for path, user in self.district_of.items():
            if enterprise.scope_path.startswith(path):
                return user
        return None


def demo_actors() -> Actors:
    demo = RoleGrant.objects.filter(user__username__startswith="demo_").select_related("user", "node")
    district_of = {g.node.path: g.user for g in demo.filter(role=Role.DISTRICT_ADMIN).order_by("node__path")}
    unit_admin_of = {}
    for grant in demo.filter(role=Role.UNIT_ADMIN).order_by("id"):
        enterprise = Enterprise.objects.filter(union=grant.node).first()
        if enterprise:
            unit_admin_of.setdefault(enterprise.pk, grant.user)
    city = demo.filter(role=Role.CITY_ADMIN).order_by("id").first()
    return Actors(city=city.user if city else None, district_of=district_of, unit_admin_of=unit_admin_of)


# ---------------------------------------------------------------- the award benefits


def award_benefits() -> dict[int, list[Decimal]]:
    """The verified benefits of the BEST_PER_YEAR items of each year (李营's included in 2020),
    scaled so that all of them together sum to about BEST_TOTAL. Drawn from their own stream."""
    rng = random.Random(f"{SEED}-best")
    slots = {year: BEST_PER_YEAR - (1 if year == LIYING["year"] else 0) for year in HISTORY}
    raw = {year: [log_uniform(rng, *BEST_RANGE) for _ in range(n)] for year, n in slots.items()}
    scale = float(BEST_TOTAL - LIYING["benefit"]) / sum(sum(values) for values in raw.values())
    return {year: [yuan(v * scale) for v in values] for year, values in raw.items()}


# ---------------------------------------------------------------- one year's items


def _path(
    rng: random.Random, state: str, enterprise: Enterprise, actors: Actors, submitted: datetime, latest: date
):
    """The transitions that bring an item from draft to `state`, in order, inside the window."""
    unit = actors.unit_admin_of.get(enterprise.pk)
    district = actors.district(enterprise)
    steps = [("submit", State.DRAFT, State.SUBMITTED, unit, "", submitted)]
    recommended = _at(rng, submitted.date() + timedelta(days=rng.randint(2, 15)), latest)
    if state == State.DISTRICT_REJECTED:
        steps.append(
            (
                "district_reject",
                State.SUBMITTED,
                state,
                district,
                rng.choice(data.texts()["district_reject_reasons"]),
                recommended,
            )
        )
        return steps
    if state == State.RETURNED and rng.random() < 0.65:
        steps.append(
            (
                "district_return",
                State.SUBMITTED,
                state,
                district,
                rng.choice(data.texts()["return_reasons"]),
                recommended,
            )
        )
        return steps
    steps.append(("recommend", State.SUBMITTED, State.RECOMMENDED, district, "", recommended))
    checked = _at(rng, recommended.date() + timedelta(days=rng.randint(3, 20)), latest)
    if checked <= recommended:
        checked = recommended + timedelta(minutes=rng.randint(30, 300))
    action, reason = {
        State.READY_FOR_REVIEW: ("pass", ""),
        State.CITY_REJECTED: ("fail", rng.choice(data.texts()["city_fail_reasons"])),
        State.RETURNED: ("city_return", rng.choice(data.texts()["return_reasons"])),
    }[state]
    steps.append((action, State.RECOMMENDED, state, actors.city, reason, checked))
    return steps


def _states(rng: random.Random, count: int) -> list[str]:
    returned, city, district = round(count * 0.03), round(count * 0.04), round(count * 0.06)
    states = (
        [State.RETURNED] * returned
        + [State.CITY_REJECTED] * city
        + [State.DISTRICT_REJECTED] * district
        + [State.READY_FOR_REVIEW] * (count - returned - city - district)
    )
    rng.shuffle(states)
    return states


def _benefit(rng: random.Random, item: Item, field_: str, kind: str) -> None:
    achievement = item.achievement
    if rng.random() < (0.3 if kind == SUG else 0.12):
        return
    achievement.benefit_type = (
        Achievement.BenefitType.CREATED
        if rng.random() < BENEFIT_CREATED_SHARE[field_]
        else Achievement.BenefitType.SAVED
    )
    claimed = yuan(log_uniform(rng, *MODEST_RANGE))
    achievement.benefit_claimed = claimed
    achievement.benefit_basis = basis(rng, field_, achievement.benefit_type, claimed)
    if rng.random() < 0.65:
        achievement._verified = claimed
    else:
        achievement._verified = min(claimed, yuan(float(claimed) * rng.uniform(0.6, 0.95)))


def _make_best(rng: random.Random, item: Item, field_: str, amount: Decimal) -> None:
    achievement = item.achievement
    item.best = True
    if not achievement.benefit_type:
        achievement.benefit_type = (
            Achievement.BenefitType.CREATED
            if rng.random() < BENEFIT_CREATED_SHARE[field_]
            else Achievement.BenefitType.SAVED
        )
    claimed = amount if rng.random() < 0.75 else yuan(float(amount) * rng.uniform(1.05, 1.3))
    achievement.benefit_claimed = claimed
    achievement.benefit_basis = basis(rng, field_, achievement.benefit_type, claimed)
    achievement._verified = amount


def _liying_item(
    campaign: Campaign, enterprise: Enterprise, worker: Worker, actors: Actors, rng: random.Random
) -> Item:
    benefit = LIYING["benefit"]
    texts = data.texts()["liying"]
    achievement = Achievement(
        campaign=campaign,
        enterprise=enterprise,
        post=worker.post,
        title=LIYING["title"],
        kind=Kind.INVENTION,
        field=Field.EFFICIENCY,
        problem=texts["problem"],
        solution=texts["solution"],
        effect=texts["effect"],
        started_on=date(2019, 6, 1),
        completed_on=date(2020, 3, 20),
        benefit_type=Achievement.BenefitType.CREATED,
        benefit_claimed=benefit,
        benefit_basis=texts["basis"].format(benefit=wan(benefit)),
        scope_path=enterprise.scope_path,
        import_key=import_key(LIYING["year"], "liying"),
    )
    achievement._verified = benefit
    submitted = timezone.make_aware(datetime(2020, 5, 12, 9, 36, 0))
    latest = date(2020, 9, 29)
    item = Item(key=achievement.import_key, achievement=achievement, best=True)
    item.authors = [(worker, "", "", Decimal(100))]
    item.patents = [(Patent.Type.UTILITY, patent_number(rng, 2020, 2), Patent.Status.GRANTED)]
    item.steps = _path(rng, State.READY_FOR_REVIEW, enterprise, actors, submitted, latest)
    return item


def year_items(year, count, campaign, units, weights, staff_of, actors, best_amounts) -> list[Item]:
    rng = random.Random(f"{SEED}-{year}")
    opens, closes = campaign.opens_at, campaign.closes_at
    first_day = timezone.localtime(opens).date() + timedelta(days=5)
    last_submit_day = date(year, 8, 25)
    latest = timezone.localtime(closes).date() - timedelta(days=1)
    special = year == LIYING["year"]
    states = _states(rng, count - (1 if special else 0))
    used: set[str] = {LIYING["title"]} if special else set()
    items = []
    for n, state in enumerate(states, start=1):
        enterprise = rng.choices(units, weights)[0]
        field_, template, obj, cats, title = draw_topic(rng, enterprise, used)
        kind = template[1]
        authors = draw_authors(rng, staff_of[enterprise.pk], bool(set(cats) & set(PHYSICAL)))
        post = authors[0][0].post
        problem, solution, effect = item_texts(rng, field_, obj, cats, template)
        # The item's own circumstances, from a stream of its own (the year's draws stay as they were).
        problem, solution, effect = vary(
            random.Random(f"{SEED}-{year}-text-{n}"),
            problem,
            solution,
            effect,
            obj=obj,
            unit=enterprise.name,
            post=post,
        )
        submitted = _at(
            rng, first_day + timedelta(days=rng.randint(0, (last_submit_day - first_day).days)), latest
        )
        completed = submitted.date() - timedelta(days=rng.randint(3, 75))
        started = completed - timedelta(days=rng.randint(30, 300))
        achievement = Achievement(
            campaign=campaign,
            enterprise=enterprise,
            post=post,
            title=title,
            kind=kind,
            field=field_,
            problem=problem,
            solution=solution,
            effect=effect,
            started_on=started,
            completed_on=completed,
            scope_path=enterprise.scope_path,
            import_key=import_key(year, n),
        )
        achievement._verified = None
        item = Item(
            key=achievement.import_key,
            achievement=achievement,
            authors=authors,
            hands_on=bool(set(cats) & set(PHYSICAL)) and kind != SUG,
        )
        _benefit(rng, item, field_, kind)
        if rng.random() < PATENT_ODDS[kind]:
            for _p in range(2 if rng.random() < 0.1 else 1):
                roll = rng.random()
                ptype, digit = (
                    (Patent.Type.UTILITY, 2)
                    if roll < 0.78
                    else (Patent.Type.INVENTION, 1)
                    if roll < 0.9
                    else (Patent.Type.DESIGN, 3)
                )
                applied = rng.choice((year - 1, year))
                status = (
                    Patent.Status.GRANTED if applied < year or rng.random() < 0.4 else Patent.Status.APPLIED
                )
                item.patents.append((ptype, patent_number(rng, applied, digit), status))
        item.steps = _path(rng, state, enterprise, actors, submitted, latest)
        items.append(item)
    # The year's best: ready items on equipment or operations, given the award-sized benefits.
    ready = [i for i in items if i.steps[-1][2] == State.READY_FOR_REVIEW and i.hands_on]
    for item, amount in zip(rng.sample(ready, len(best_amounts)), best_amounts, strict=True):
        _make_best(rng, item, item.achievement.field, amount)
    if special:
        enterprise = Enterprise.objects.get(name=LIYING["unit"])
        worker = Worker.objects.get(enterprise=enterprise, name=LIYING["worker"])
        items.append(_liying_item(campaign, enterprise, worker, actors, rng))
    return items
