"""Rows of 金牌师徒: agreements, each with its master and apprentice (the parties are their own)."""

from innovation.experts.models import ExpertProfile
from innovation.pairs.models import (
    Agreement,
    Level,
    Nomination,
    PairAward,
    PairBenefit,
    PairObjection,
    PairScore,
    Party,
    Selection,
    Side,
)

from .base import DAY, WHEN, Placed


def pair_rows(p: Placed) -> None:
    """义县甲's pair is the studio lead (yx_a_2, master) and the worker (yx_a_1, apprentice);
    黑山丙's apprentice is the team lead (hs_a_1); the others are nobody's of the matrix."""
    pairs = {
        "yx_a": ("yx_a_2", "yx_a_1", ("lead", "worker")),
        "yx_b": ("yx_b_1", "yx_b_2", ()),
        "hs_a": ("hs_a_2", "hs_a_1", ("team",)),
        "hs_b": ("hs_b_1", "hs_b_2", ()),
        "edu": ("edu_1", "edu_2", ()),
        "outside_unit": ("out_1", None, ()),
    }
    agreements = {}
    for place, (master, apprentice, owners) in pairs.items():
        agreement = Agreement.objects.create(
            enterprise=p.units[place],
            title=f"{place} pair",
            start_on=DAY,
            end_on=DAY.replace(year=DAY.year + 2),
        )
        Party.objects.create(agreement=agreement, worker=p.workers[master], side=Side.MASTER)
        if apprentice is not None:
            Party.objects.create(agreement=agreement, worker=p.workers[apprentice], side=Side.APPRENTICE)
        p.add(agreement, place, *owners)
        # Its benefit record (名师带徒创效) is seen as the agreement is.
        p.add(
            PairBenefit.objects.create(
                agreement=agreement, title=f"{place} benefit", on=DAY, claimed_fen=100
            ),
            place,
            *owners,
        )
        agreements[place] = (agreement, master, apprentice, owners)
    selection_rows(p, agreements)


def selection_rows(p: Placed, agreements: dict) -> None:
    """Selections where their organiser hangs (the city, the industry union, a unit's own, another
    city's); a nomination of each pair (its people's own), a score sheet of each (the matrix's
    expert's own for 义县甲's and 黑山丙's), the awards of each person (theirs), an objection (the
    objector's own)."""

    def selection(place, level, union, enterprise=None):
        return p.add(
            Selection.objects.create(
                level=level,
                union=union,
                enterprise=enterprise,
                year=DAY.year,
                title=f"{place} selection",
                opens_on=DAY,
                closes_on=DAY,
                quota=5,
                criteria=[],
            ),
            place,
        )

    city = selection("city", Level.CITY, p.unions["city"])
    selection("industry", Level.INDUSTRY, p.unions["industry"])
    selection("yx_a", Level.ENTERPRISE, p.units["yx_a"].union, p.units["yx_a"])
    selection("hs_a", Level.ENTERPRISE, p.units["hs_a"].union, p.units["hs_a"])
    outside = selection("outside", Level.CITY, p.unions["outside"])
    mine = ExpertProfile.objects.get(user=p.users["expert"])
    other = ExpertProfile.objects.exclude(pk=mine.pk).order_by("pk").first()
    owners_of = {
        p.workers[k].pk: who for k, who in (("yx_a_2", "lead"), ("yx_a_1", "worker"), ("hs_a_1", "team"))
    }
    for place, (agreement, _master, _apprentice, owners) in agreements.items():
        nomination = p.add(
            Nomination.objects.create(
                selection=outside if place == "outside_unit" else city,
                agreement=agreement,
                series_id=agreement.series_id,
                enterprise=agreement.enterprise,
                title=agreement.title,
                summary="推荐",
            ),
            place,
            *owners,
        )
        expert = mine if place in ("yx_a", "hs_a") else other
        p.add(
            PairScore.objects.create(nomination=nomination, expert=expert),
            place,
            *(("expert",) if expert == mine else ()),
        )
        for party in agreement.parties.select_related("worker"):
            who = owners_of.get(party.worker_id)
            p.add(
                PairAward.objects.create(
                    nomination=nomination,
                    selection=nomination.selection,
                    worker=party.worker,
                    side=party.side,
                    name=party.worker.name,
                    unit=agreement.enterprise.name,
                    certificate_code=f"M{party.pk:09d}",
                    awarded_at=WHEN,
                    scope_path=nomination.scope_path,
                ),
                place,
                *((who,) if who else ()),
            )
        raiser = p.users["worker"] if place == "hs_a" else p.users["nobody"]
        p.add(
            PairObjection.objects.create(nomination=nomination, raised_by=raiser, reason="异议"),
            place,
            *(("worker",) if place == "hs_a" else ()),
        )
