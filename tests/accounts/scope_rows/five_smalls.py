"""Rows of the five-smalls campaigns: campaigns, achievements, attachments, posts, import batches."""

import datetime
from decimal import Decimal

from django.utils import timezone

from innovation.achievements.models import (
    Achievement,
    Attachment,
    Author,
    AwardGrade,
    Campaign,
    DemonstrationPost,
    DuplicatePair,
    ImportBatch,
)
from tests.achievements.conftest import make_campaign

from .base import WHEN, Placed


def campaign_rows(p: Placed) -> dict:
    year = timezone.localdate().year
    campaigns = {"city": make_campaign(p.world)}
    for place in ("yixian", "heishan", "outside"):
        campaigns[place] = Campaign.objects.create(
            union=p.unions[place],
            year=year,
            title=f"{p.unions[place].name}{year}年五小活动",
            opens_at=WHEN,
            closes_at=WHEN + datetime.timedelta(days=30),
        )
    for place, campaign in campaigns.items():
        p.add(campaign, place)
    for place in ("yixian", "heishan", "outside"):
        AwardGrade.objects.create(campaign=campaigns[place], code="first", prize_fen=100_000, quota=1)
    return campaigns


def achievement_rows(p: Placed, campaigns: dict) -> dict:
    """One item per unit (and one outside), authored by the unit's workers; 义县乙's item was
    drafted by the worker of 义县甲 (created_by makes it theirs too)."""
    items = {}
    authors = {
        "yx_a": ["yx_a_1", "yx_a_2"],
        "yx_b": ["yx_b_1"],
        "hs_a": ["hs_a_1"],
        "hs_b": ["hs_b_1"],
        "edu": ["edu_1"],
        "outside_unit": ["out_1"],
    }
    owner_of = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}
    for place, keys in authors.items():
        campaign = campaigns["outside" if place == "outside_unit" else "city"]
        unit = p.units[place]
        item = Achievement.objects.create(
            campaign=campaign,
            enterprise=unit,
            post="钳工",
            title=f"{unit.name}的成果",
            kind="invention",
            field="safety",
            state="under_review",
            created_by=p.users["worker"] if place == "yx_b" else None,
            scope_path=unit.scope_path,
        )
        for order, key in enumerate(keys, start=1):
            Author.objects.create(
                achievement=item, order=order, worker=p.workers[key], share=Decimal(100) / len(keys)
            )
        owners = {owner_of[k] for k in keys if k in owner_of} | ({"worker"} if place == "yx_b" else set())
        p.add(item, place, *owners)
        items[place] = item
    return items


def achievement_part_rows(p: Placed, campaigns: dict, items: dict) -> None:
    owners = {"yx_a": ("worker", "lead"), "yx_b": ("worker",), "hs_a": ("team",)}
    for place in ("yx_a", "hs_a", "hs_b", "outside_unit"):
        item = items[place]
        attachment = Attachment.objects.create(
            achievement=item,
            file=f"attachments/{item.pk}/x.pdf",
            original_name="材料.pdf",
            extension="pdf",
            content_type="application/pdf",
            size=10,
            sha256="a" * 64,
            uploaded_by=p.users["city"],
        )
        p.add(attachment, place, *owners.get(place, ()))
    posts = {"yx_a": ["yx_a_1"], "hs_a": ["hs_a_1"], "hs_b": ["hs_b_1"], "outside_unit": ["out_1"]}
    for place, keys in posts.items():
        post = DemonstrationPost.objects.create(
            enterprise=p.units[place],
            post="钳工",
            year=2024,
            first_achievement=items[place],
            scope_path=p.units[place].scope_path,
        )
        post.workers.set([p.workers[k] for k in keys])
        p.add(post, place, *{"yx_a_1": ("worker",), "hs_a_1": ("team",)}.get(keys[0], ()))
    batches = [
        ("yx_a", "unit", ()),
        ("yx_b", "worker", ("worker",)),
        ("hs_a", "heishan", ()),
        ("outside_unit", "city", ()),
    ]
    for place, creator, own in batches:
        batch = ImportBatch.objects.create(
            campaign=campaigns["city"],
            file=f"imports/{place}.xlsx",
            original_name=f"{place}.xlsx",
            sha256=place.ljust(64, "0"),
            created_by=p.users[creator],
            scope_path=p.path(place),
        )
        p.add(batch, place, *own)
    # Near-duplicate pairs (查重) hang where their newer item hangs; nobody owns one (no SELF scope).
    for newer, earlier in (("yx_a", "hs_a"), ("hs_a", "yx_a"), ("hs_b", "yx_a"), ("outside_unit", "yx_a")):
        pair = DuplicatePair.objects.create(
            newer=items[newer], earlier=items[earlier], jaccard=0.8, found_at=items[newer].created_at
        )
        p.add(pair, newer)
