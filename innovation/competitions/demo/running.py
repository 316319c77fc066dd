"""One demo event from its draft to its prizes, through the services and the kernel, every date
in the past: the occupations and schemes, the registrations by the units confirmed by the city,
the panels (3 experts each: the chief marks the measurement aspects, all three the judgement
aspects), the marks and theory scores, the chief judges' sign-off, the results, publication,
finalisation (awards, certificates, prizes committed, honours, promotion recommendations) and
the prizes paid."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from innovation.org.models import Worker

from .. import services
from ..models import Aspect, AspectKind, Competition, Occupation
from .people import Judges, unit_admin

HALF = Decimal("0.5")
# The occupations where two contestants are equal on every mark and the theory score: in 车工
# their times differ (the declared order practical → time puts the quicker one first); in 钳工
# their times are the same too, so they share a rank. (code, ability position copied from, to)
TIE_BY_TIME = ("CG", 2, 3)
SHARED_RANK = ("QG", 8, 9)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Sheet:
    """One contestant's marks before they are entered: theory, {aspect code: [a mark per judge]},
    the time of the practical task (seconds)."""

    theory: Decimal
    marks: dict[str, list[Decimal]] = field(default_factory=dict)
    time: int = 0


def _measure(rng: random.Random, ability: float, top: Decimal) -> Decimal:
    share = min(1.0, max(0.0, ability + rng.uniform(-0.06, 0.06)))
    return (top * Decimal(str(round(share, 3)))).quantize(HALF)


def _judge(rng: random.Random, ability: float) -> list[Decimal]:
    base = min(3, max(0, round(ability * 3 + rng.uniform(-0.5, 0.5))))
    other = base + rng.choice((-1, 1)) if 0 < base < 3 else (1 if base == 0 else 2)
    return [Decimal(v) for v in rng.sample([base, base, other], 3)]


def sheet(rng: random.Random, ability: float, aspects: list[Aspect], time_range: tuple[int, int]) -> Sheet:
    theory = Decimal(str(min(99.5, max(35.0, ability * 100 + rng.uniform(-6, 6))))).quantize(HALF)
    out = Sheet(theory=theory, time=rng.randint(*time_range))
    for aspect in aspects:
        if aspect.kind == AspectKind.MEASUREMENT:
            out.marks[aspect.code] = [_measure(rng, ability, aspect.max_points)]
        else:
            out.marks[aspect.code] = _judge(rng, ability)
    return out


def create_occupation(actor, competition: Competition, spec: dict) -> Occupation:
    values = {
        key: spec[key]
        for key in (
            "quota_per_unit",
            "theory_weight",
            "practical_weight",
            "places",
            "title_rules",
            "max_skill_level",
            "min_age",
            "max_age",
            "standardise",
        )
        if key in spec
    }
    occupation = services.occupation_create(
        actor=actor, competition=competition, code=spec["code"], title=spec["title"], **values
    )
    services.scheme_set(actor=actor, occupation=occupation, sections=spec["scheme"])
    # the tie-break order may name an aspect: set once the scheme is there
    return services.occupation_update(actor=actor, occupation=occupation, tie_break=spec["tie_break"])


def register_all(city_admin, occupation: Occupation, workers: list[Worker], *, opens: datetime.date, closes):
    """The units register their workers during the window; the city confirms each a few days
    later (card and anonymous numbers given in confirmation order)."""
    span = max(1, (closes - opens).days - 3)
    registrations = []
    for i, worker in enumerate(workers):
        day = opens + datetime.timedelta(days=i * span // max(1, len(workers)))
        registrations.append(
            (
                services.register(
                    actor=unit_admin(worker.enterprise), occupation=occupation, worker=worker, today=day
                ),
                day,
            )
        )
    out = []
    for registration, day in registrations:
        services.registration_step(
            actor=city_admin,
            registration=registration,
            step="confirm",
            now=at(min(day + datetime.timedelta(days=2), closes), 15),
        )
        registration.refresh_from_db()
        out.append(registration)
    return out


def seat_panel(city_admin, occupation: Occupation, judges: Judges, panel=None):
    """Three judges: the chief marks the measurement aspects and, with the other two, each
    judgement aspect (3 judges per judgement aspect)."""
    if panel is None:
        regs = occupation.registrations.all()
        units = set(regs.values_list("enterprise_id", flat=True))
        groups = {g for g in regs.values_list("enterprise__group_id", flat=True) if g}
        panel = judges.panel(units, groups)
    aspects = list(occupation.aspects.all())
    judged = [a for a in aspects if a.kind == AspectKind.JUDGEMENT]
    seats = []
    for n, expert in enumerate(panel):
        seats.append(
            services.judge_assign(
                actor=city_admin,
                occupation=occupation,
                expert=expert,
                aspects=aspects if n == 0 else judged,
                chief=n == 0,
            )
        )
    return seats


def mark_all(city_admin, occupation: Occupation, seats, registrations, sheets: dict[int, Sheet], day):
    """Every judge's marks and the theory scores, then the chief judge's sign-off."""
    aspects = {a.code: a for a in occupation.aspects.all()}
    chief = seats[0].judge
    for k, registration in enumerate(registrations):
        s = sheets[registration.pk]
        services.theory_enter(actor=city_admin, registration=registration, score=s.theory, now=at(day, 9))
        when = at(day, 11, k % 60)
        for code, values in s.marks.items():
            aspect = aspects[code]
            if aspect.kind == AspectKind.MEASUREMENT:
                services.mark_enter(
                    actor=chief,
                    registration=registration,
                    aspect=aspect,
                    value=values[0],
                    time_taken=s.time if code == "M1" else None,
                    now=when,
                )
            else:
                for seat, value in zip(seats, values, strict=True):
                    services.mark_enter(
                        actor=seat.judge, registration=registration, aspect=aspect, value=value, now=when
                    )
    services.marks_sign_off(actor=chief, occupation=occupation, now=at(day, 17))


def sheets_for(rng: random.Random, occupation: Occupation, registrations, abilities: dict[int, float], spec):
    """The marks each contestant will get, from their ability (drawn by their place in the draw;
    a driver's is the same in every round of the league) and the event's random stream; with the
    two demonstration ties of TIE_BY_TIME and SHARED_RANK copied in."""
    aspects = list(occupation.aspects.order_by("section__order", "order"))
    sheets = {r.pk: sheet(rng, abilities[r.worker_id], aspects, spec["time"]) for r in registrations}
    by_ability = sorted(registrations, key=lambda r: (-abilities[r.worker_id], r.pk))
    for code, source, target, same_time in ((*TIE_BY_TIME, False), (*SHARED_RANK, True)):
        if occupation.code == code:
            a = sheets[by_ability[source].pk]
            time = a.time if same_time else a.time + 37
            sheets[by_ability[target].pk] = Sheet(theory=a.theory, marks=dict(a.marks), time=time)
    return sheets


def results_and_close(city_admin, competition: Competition, *, marked: datetime.date, paid_on, voucher):
    """Lock the marking, compute, publish, finalise, pay the prizes."""
    services.competition_step(
        actor=city_admin, competition=competition, step="lock_marking", now=at(marked, 18)
    )
    for occupation in competition.occupations.order_by("order"):
        services.results_compute(
            actor=city_admin, occupation=occupation, now=at(marked + datetime.timedelta(days=1), 10)
        )
    services.competition_step(
        actor=city_admin,
        competition=competition,
        step="publish",
        now=at(marked + datetime.timedelta(days=3), 9),
    )
    services.competition_step(
        actor=city_admin,
        competition=competition,
        step="finalise",
        now=at(marked + datetime.timedelta(days=10), 9),
    )
    competition.refresh_from_db()
    return services.prizes_pay_all(
        actor=city_admin, competition=competition, paid_on=paid_on, voucher_prefix=voucher
    )


def close_and_start(city_admin, competition, *, closes, starts):
    services.competition_step(
        actor=city_admin, competition=competition, step="close_registration", now=at(closes, 18)
    )
    services.competition_step(actor=city_admin, competition=competition, step="start", now=at(starts, 8))
