"""The demo's words, read from the files in `data/`: what units innovate on (objects.csv), the
title/problem/solution templates per field (templates.json), how an effect reads (effects.json),
the reasons and fixed texts (texts.json) and this year's drafts (drafts.json).

The files keep the order of the lists: the seed draws from them with fixed random streams, so
reordering a line changes the demo."""

import csv
import json
from functools import cache
from importlib import resources

from ..models import Field, Kind


def _open(name: str):
    return resources.files(__package__).joinpath("data", name).open(encoding="utf-8")


def _json(name: str):
    with _open(name) as fh:
        return json.load(fh)


@cache
def texts() -> dict:
    return _json("texts.json")


@cache
def objects() -> tuple[list[tuple[str, list[tuple[str, str]]]], list[tuple[str, str]]]:
    """(by unit name: [(fragment of the unit's name, [(object, categories)])], generic objects).

    Categories: m motor-driven machine, h thermal equipment, x industrial electrical equipment or
    instrument, o office / public device, l manufacturing or construction operation, w handling /
    logistics work, p continuous process unit, s service or management task. A unit of "*" lists
    the objects of a unit that matches nothing."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    generic: list[tuple[str, str]] = []
    with _open("objects.csv") as fh:
        for row in csv.DictReader(fh):
            pair = (row["object"], row["categories"])
            if row["unit"] == "*":
                generic.append(pair)
            else:
                by_name.setdefault(row["unit"], []).append(pair)
    return list(by_name.items()), generic


@cache
def templates() -> dict[str, list[tuple]]:
    """Per field: (title, kind, categories it fits, problem, solution); {obj} is the object, the
    other placeholders are numbers."""
    return {
        Field(field_): [(t["title"], Kind(t["kind"]), t["fits"], t["problem"], t["solution"]) for t in rows]
        for field_, rows in _json("templates.json").items()
    }


@cache
def effects() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Per field: how an effect reads for equipment and devices (m h x o), for operations
    (l p w) and for services (s)."""
    return {
        Field(field_): (e["equipment"], e["operations"], e["service"])
        for field_, e in _json("effects.json").items()
    }


@cache
def drafts() -> list[tuple[str, str, list[tuple[str, int]], dict]]:
    """This year's drafts: (username, unit, [(author, share)], the achievement's fields)."""
    return [
        (
            d["username"],
            d["unit"],
            [(a["name"], a["share"]) for a in d["authors"]],
            {**d["fields"], "kind": Kind(d["fields"]["kind"]), "field": Field(d["fields"]["field"])},
        )
        for d in _json("drafts.json")
    ]


@cache
def in_progress() -> list[dict]:
    """This year's items on their way (in_progress.json): unit, authors, steps and fields."""
    return _json("in_progress.json")
