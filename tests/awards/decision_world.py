"""Shared fixtures and helpers for the decision, notice and award tests (imported, never collected).

`ranked` is a campaign with twelve items under review and their ranks (ItemResult rows made
directly, as the review helper would compute them), spread over 义县 and 黑山县 so that there
are rows that could leak. The grades are those of tests/achievements/conftest.py:
一等奖 ¥5,000 ×1, 二等奖 ¥3,000 ×2, 三等奖 ¥2,000 ×3, 优秀奖 ¥1,000 ×4 — ten places, 12 items.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement, Campaign
from innovation.awards import services
from innovation.awards.models import Decision
from innovation.core import workflow as kernel
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine
from innovation.review.models import ItemResult
from tests.achievements.conftest import full_fields, make_campaign
from tests.factories import make_user

# rank -> unit of the item (its first author is that unit's worker 1)
UNITS = ["yx_a", "hs_a", "yx_b", "hs_b", "yx_a", "hs_a", "yx_b", "hs_b", "yx_a", "hs_a", "yx_b", "hs_b"]
EXPECTED_GRADES = ["first", "second", "second", "third", "third", "third"] + ["excellence"] * 4 + [None, None]
PRIZES = {"first": 500000, "second": 300000, "third": 200000, "excellence": 100000}
TOTAL_FEN = 500000 + 2 * 300000 + 3 * 200000 + 4 * 100000  # ¥21,000.00


def make_item(world, campaign: Campaign, unit_key: str, title: str, authors=None) -> Achievement:
    """An achievement moved through the workflow to under_review."""
    unit = world.units[unit_key]
    authors = authors or [{"worker": world.workers[f"{unit_key}_1"].pk, "share": 100}]
    item = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=unit,
        authors=authors,
        **full_fields(title=title, benefit_claimed="100000"),
    )
    for step in ("submit", "recommend", "pass", "assign"):
        kernel.run(obj=item, step=step, actor=None, pledge=True, notify_people=False, by_service=True)
    item.refresh_from_db()
    return item


def rank(item: Achievement, position: int, score: str) -> ItemResult:
    return ItemResult.objects.create(
        achievement=item,
        campaign=item.campaign,
        score=Decimal(score),
        raw_mean=Decimal(score),
        n_scores=3,
        spread=Decimal("2"),
        rank=position,
        field_rank=position,
        computed_at=timezone.now(),
        scope_path=item.scope_path,
    )


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@dataclass
class Ranked:
    campaign: Campaign
    items: list  # in rank order, items[0] is rank 1
    city: object
    city2: object
    line: BudgetLine


@pytest.fixture
def city2(world):
    return make_user("t_city2", (Role.CITY_ADMIN, world.city))


@pytest.fixture
def ranked(world, city2) -> Ranked:
    campaign = make_campaign(world)
    items = []
    for position, unit_key in enumerate(UNITS, start=1):
        item = make_item(world, campaign, unit_key, f"成果{position:02d}（{world.units[unit_key].name[:2]}）")
        rank(item, position, f"{100 - position * 2}.500")
        items.append(item)
    line = funds.line_create(
        actor=None,
        union=world.city,
        year=campaign.year,
        kind="five_smalls",
        name="五小专项经费",
        amount_fen=10_000_000,  # ¥100,000.00
    )
    return Ranked(campaign, items, world.users["city"], city2, line)


def to_locked(ranked: Ranked) -> Decision:
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.set_budget_line(decision=decision, line=ranked.line, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city)
    services.approve(decision=decision, actor=ranked.city2)
    return decision


def to_notice(ranked: Ranked, now=None) -> Decision:
    decision = to_locked(ranked)
    services.publish(decision=decision, actor=ranked.city, now=now or timezone.now())
    return decision


def after_notice(decision: Decision) -> datetime.datetime:
    decision.refresh_from_db()
    return decision.notice_ends + datetime.timedelta(minutes=1)


def line_of(decision: Decision, item: Achievement):
    return decision.lines.select_related("decision", "grade").get(achievement=item)
