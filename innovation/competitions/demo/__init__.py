"""The skills competitions (职工职业技能大赛) in the demo, for `seed_demo`, through the services
and the workflow kernel, every date in the past:

- the 2021 锦州市“叉车联赛”: a league of 3 rounds (April, July, October), the season table the
  best 2 of 3 rounds' totals (a driver who misses a round stays in the season), one occupation
  叉车司机 (theory 20 : practical 80, sections 场地驾驶 60 / 安全作业 40 of measurement and
  judgement aspects), 45 drivers of the ports' and logistics units, each round without some of them;
- the 2021 锦州市“状元杯”职工职业技能大赛 (September): 电工 (standardised on the 700 scale), 焊工,
  车工, 钳工, 40 contestants each, theory : practical 3 : 7, places 1/2/3 with 5,000/3,000/2,000
  yuan, rank 1–3 技术能手 and a 技师 recommendation, 4–10 a 高级工 recommendation; in 车工 two
  contestants equal on every mark are ordered by their time (the declared order practical →
  time), in 钳工 two equal on everything share a rank;
- the 2021 锦州市物流和物业行业消防安全技能大赛 (9 November, the national fire-safety day): 消防设施
  操作员 (property-management units) and 物流仓储消防安全员 (logistics), 25 contestants each;
- every event's contestants from the generated register, every county-level division in turn,
  registered by their units' admins (accounts issued for the contest where a unit had none),
  confirmed by demo_city; 3 judges of the expert pool per panel (never from a contestant's unit);
  results computed, published, finalised (certificates, 技术能手 honours, promotion
  recommendations), the prizes committed and paid from 2021's 技能竞赛经费 line; the 技师
  recommendations confirmed with the 人社 certificate numbers, the 高级工 ones still waiting;
- this year's 状元杯 (电工, 焊工) open for registration.

The units whose admins are demo accounts (石化, 大唐, 天晟重工) and the demo's workers take no part
(their home pages stay as the other parts left them). Deterministic but for the anonymous
numbers (drawn from each event's secret seed); idempotent: when the league exists nothing is
done. It runs last (nothing after it draws from what it writes)."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import TradeUnion

from .. import services
from ..models import Competition, League, LeagueRule, Level, PromotionRecommendation, PromotionState
from . import data
from .people import Judges, Register
from .running import (
    at,
    close_and_start,
    create_occupation,
    mark_all,
    register_all,
    results_and_close,
    seat_panel,
    sheets_for,
)


def _ability(key: str) -> float:
    """A contestant's skill, drawn from their place in the draw (not a row id, which another
    database numbers differently); a driver keeps his in every round of the league."""
    return random.Random(f"{data.SEED}-{key}").uniform(0.45, 0.95)


def _budget_line(city, actor) -> BudgetLine:
    line = BudgetLine.objects.filter(union=city, year=2021, kind=LineKind.COMPETITION).first()
    return line or funds.line_create(
        actor=actor,
        union=city,
        year=2021,
        kind=LineKind.COMPETITION,
        **data.BUDGET,
        note="职工职业技能大赛奖金",
    )


def _event(
    city_admin,
    competition,
    specs,
    register: Register,
    judges: Judges,
    rng,
    *,
    marked,
    paid_on,
    voucher,
    workers=None,
    keys=None,
    panel=None,
) -> None:
    """One event from its draft: occupations, registrations, judging, results, prizes."""
    opens, closes = competition.registration_opens_on, competition.registration_closes_on
    occupations = [create_occupation(city_admin, competition, spec) for spec in specs]
    services.competition_step(
        actor=city_admin, competition=competition, step="open_registration", now=at(opens, 8)
    )
    entered, keys = [], dict(keys or {})
    for occupation, spec in zip(occupations, specs, strict=True):
        chosen = (
            workers
            if workers is not None
            else register.draw(spec, spec["contestants"], year=competition.year)
        )
        for i, worker in enumerate(chosen):
            keys.setdefault(worker.pk, f"{spec['code']}-{i}")
        entered.append(register_all(city_admin, occupation, chosen, opens=opens, closes=closes))
    close_and_start(city_admin, competition, closes=closes, starts=competition.starts_on)
    for occupation, spec, registrations in zip(occupations, specs, entered, strict=True):
        seats = seat_panel(city_admin, occupation, judges, panel)
        abilities = {r.worker_id: _ability(keys[r.worker_id]) for r in registrations}
        sheets = sheets_for(rng, occupation, registrations, abilities, spec)
        mark_all(city_admin, occupation, seats, registrations, sheets, competition.ends_on)
    results_and_close(city_admin, competition, marked=marked, paid_on=paid_on, voucher=voucher)


def _league(city, city_admin, register: Register, judges: Judges, rng) -> League:
    spec = data.FORKLIFT
    league = services.league_create(
        actor=city_admin,
        union=city,
        year=2021,
        title=data.LEAGUE["title"],
        rule=LeagueRule.BEST_OF,
        rounds_total=len(data.LEAGUE["rounds"]),
        best_n=data.LEAGUE["best_n"],
    )
    drivers = register.draw(spec, data.LEAGUE["drivers"], year=2021)
    # one panel for the season, none of them from a driver's unit
    panel = judges.panel(
        {d.enterprise_id for d in drivers}, {d.enterprise.group_id for d in drivers if d.enterprise.group_id}
    )
    for round_no, opens, closes, day, venue in data.LEAGUE["rounds"]:
        competition = services.competition_create(
            actor=city_admin,
            union=city,
            year=2021,
            title=f"{data.LEAGUE['title']}第{round_no}站",
            starts_on=day,
            ends_on=day,
            registration_opens_on=opens,
            registration_closes_on=closes,
            venue=venue,
            league=league,
            round_no=round_no,
        )
        # each round some drivers are away (shifts, the port's peak season): driver i misses
        # round r when i + 3r is a multiple of 8
        here = [d for i, d in enumerate(drivers) if (i + 3 * round_no) % 8]
        _event(
            city_admin,
            competition,
            [spec],
            register,
            judges,
            rng,
            marked=day,
            paid_on=day + datetime.timedelta(days=30),
            voucher=f"JZJS2021CC{round_no}",
            workers=here,
            keys={d.pk: f"CC-{i}" for i, d in enumerate(drivers)},
            panel=panel,
        )
    return league


def _single(city, city_admin, event: dict, specs, register, judges, rng, *, level=Level.CITY, voucher: str):
    competition = services.competition_create(
        actor=city_admin,
        union=city,
        year=2021,
        title=event["title"],
        level=level,
        starts_on=event["days"][0],
        ends_on=event["days"][1],
        registration_opens_on=event["registration"][0],
        registration_closes_on=event["registration"][1],
        venue=event["venue"],
    )
    _event(
        city_admin,
        competition,
        specs,
        register,
        judges,
        rng,
        marked=event["days"][1],
        paid_on=event["days"][1] + datetime.timedelta(days=40),
        voucher=voucher,
    )
    return competition


def _confirm_technicians(city_admin, competition: Competition) -> int:
    """The 人社 office granted 技师 to the recommended winners: the city confirms with the
    certificate numbers; the 高级工 recommendations still wait for the office."""
    rows = PromotionRecommendation.objects.filter(
        competition=competition, state=PromotionState.RECOMMENDED, to_level="2"
    ).order_by("occupation__order", "rank", "id")
    for n, row in enumerate(rows, start=1):
        services.promotion_confirm(
            actor=city_admin,
            recommendation=row,
            certificate_no=f"2021210700{n:06d}",
            now=at(datetime.date(2021, 12, 20), 10),
        )
    return len(rows)


def _this_year(city, city_admin, today: datetime.date) -> Competition:
    event = data.this_year(today)
    competition = services.competition_create(
        actor=city_admin,
        union=city,
        year=today.year,
        title=event["title"],
        starts_on=event["days"][0],
        ends_on=event["days"][1],
        registration_opens_on=event["registration"][0],
        registration_closes_on=event["registration"][1],
        venue=event["venue"],
    )
    for spec in event["occupations"]:
        create_occupation(city_admin, competition, spec)
    services.competition_step(
        actor=city_admin,
        competition=competition,
        step="open_registration",
        now=at(event["registration"][0], 8),
    )
    return competition


def seed(stdout=None) -> dict:
    city = TradeUnion.objects.get(name=data.CITY, kind=TradeUnion.Kind.CITY)
    if League.objects.filter(union=city, year=2021, title=data.LEAGUE["title"]).exists():
        return {}
    city_admin = User.objects.get(username="demo_city")
    rng = random.Random(data.SEED)
    register, judges = Register(), Judges()
    with transaction.atomic():
        _budget_line(city, city_admin)
        league = _league(city, city_admin, register, judges, rng)
        zhuangyuan = _single(
            city,
            city_admin,
            data.ZHUANGYUAN,
            data.ZHUANGYUAN_OCCUPATIONS,
            register,
            judges,
            rng,
            voucher="JZJS2021ZY",
        )
        fire = _single(
            city,
            city_admin,
            data.FIRE,
            data.FIRE_OCCUPATIONS,
            register,
            judges,
            rng,
            level=Level.INDUSTRY,
            voucher="JZJS2021XF",
        )
        confirmed = _confirm_technicians(city_admin, zhuangyuan)
        _this_year(city, city_admin, timezone.localdate())
    summary = {
        "league_rounds": league.rounds.count(),
        "competitions": Competition.objects.exclude(state="draft").count(),
        "contestants": sum(c.occupations.get().registrations.count() for c in league.rounds.all())
        + sum(o.registrations.count() for c in (zhuangyuan, fire) for o in c.occupations.all()),
        "promotions_confirmed": confirmed,
    }
    if stdout is not None:
        stdout.write(
            f"  competitions: {summary['competitions']} events (the league's {summary['league_rounds']} rounds), "
            f"{summary['contestants']} contestants, {confirmed} promotions confirmed"
        )
    return summary
