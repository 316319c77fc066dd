"""Rows of 金牌师徒: agreements, each with its master and apprentice (the parties are their own)."""

from innovation.pairs.models import Agreement, Party, Side

from .base import DAY, Placed


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
