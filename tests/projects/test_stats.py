"""Benefit by channel since 2019 (benefit_by_channel_yuan) and projects_total, exact and scoped:
each channel's set as the docstring of innovation.projects.stats defines it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement
from innovation.core.stats import stats_for
from innovation.pairs import services as pair_services
from innovation.projects import services
from tests.achievements.conftest import full_fields, make_campaign
from tests.pairs.builders import approved, cap

from .conftest import propose, run_to_concluded

pytestmark = pytest.mark.django_db


def _achievement(world, campaign, *, verified, unit="yx_a", moved_to=None):
    item = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=world.units[unit],
        authors=[{"worker": world.workers[f"{unit}_1"], "share": 100}],
        **full_fields(),
    )
    Achievement.objects.filter(pk=item.pk).update(
        submitted_at=timezone.now(), benefit_verified=verified, campaign=moved_to or campaign
    )
    return item


def build_every_channel(pw):
    """Rows of each channel, some inside the set and some outside it (see the comments)."""
    world = pw.world
    city = world.users["city"]
    # 技术攻关: verified 1,234,567.89 yuan; another concluded but not verified (not counted).
    one = run_to_concluded(pw, propose(pw), claimed=123_456_789)
    services.benefit_verify(actor=city, project=one, amount_fen=123_456_789)
    run_to_concluded(pw, propose(pw, title="未核实的项目"))
    # 岗位创新: 50,000.50 yuan → 50,001 (half up).
    post = run_to_concluded(pw, propose(pw, title="班组岗位创新", channel="post"), claimed=5_000_050)
    services.benefit_verify(actor=city, project=post, amount_fen=5_000_050)
    # A project concluded in 2018 is before the set.
    old = propose(pw, title="2018年的项目", start_on=datetime.date(2018, 1, 1))
    from innovation.core import workflow as kernel

    kernel.run(obj=old, step="approve", actor=world.users["yixian"])
    kernel.run(obj=old, step="start", actor=world.users["unit"])
    kernel.run(
        obj=old,
        step="conclude",
        actor=world.users["unit"],
        result="完成",
        benefit_claimed_fen=999_00,
        concluded_on=datetime.date(2018, 12, 1),
    )
    services.benefit_verify(actor=city, project=old, amount_fen=999_00)
    # 五小创新: this year's verified 300,000 + 黑山's 20,000; 2018's 7,000 is before the set.
    campaign = make_campaign(world)
    _achievement(world, campaign, verified=Decimal("300000.00"))
    _achievement(world, campaign, verified=Decimal("20000.00"), unit="hs_a")
    old_campaign = make_campaign(world, year=2018, opens=-3000, closes=-2900)
    _achievement(world, campaign, verified=Decimal("7000"), moved_to=old_campaign)
    # The project filed as an achievement: its benefit is the project's, never the achievement's too.
    filed = services.project_file(actor=world.users["unit"], project=one)
    Achievement.objects.filter(pk=filed.pk).update(
        submitted_at=timezone.now(), benefit_verified=Decimal("1234567.89")
    )
    # 名师带徒: 8,000 yuan verified of 10,000 claimed; an unverified record is not counted.
    cap()
    agreement = approved(
        world.users["unit"], world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["yx_a_2"]]
    )
    row = pair_services.benefit_add(
        actor=world.users["unit"],
        agreement=agreement,
        title="师徒合作改进刀具",
        on=timezone.localdate(),
        claimed_fen=1_000_000,
    )
    pair_services.benefit_verify(actor=world.users["yixian"], benefit=row, verified_fen=800_000)
    pair_services.benefit_add(
        actor=world.users["unit"],
        agreement=agreement,
        title="未核实",
        on=timezone.localdate(),
        claimed_fen=500_000,
    )


def test_benefit_by_channel_counts_each_set_once_within_scope(pw):
    world = pw.world
    city = world.users["city"]
    build_every_channel(pw)

    data = stats_for(city)
    assert data["benefit_by_channel_yuan"] == {
        "breakthrough": 1_234_568,
        "five_smalls": 320_000,
        "post": 50_001,
        "mentoring": 8_000,
    }
    assert data["projects_total"] == 4
    # 黑山县 sees its own 五小 only; the unit its own.
    assert stats_for(world.users["heishan"])["benefit_by_channel_yuan"] == {
        "breakthrough": 0,
        "five_smalls": 20_000,
        "post": 0,
        "mentoring": 0,
    }
    unit = stats_for(world.users["unit"])["benefit_by_channel_yuan"]
    assert unit == {"breakthrough": 1_234_568, "five_smalls": 300_000, "post": 50_001, "mentoring": 8_000}


def test_pair_benefit_refusals_change_nothing(pw):
    from django.core.exceptions import PermissionDenied, ValidationError

    world = pw.world
    cap()
    agreement = approved(
        world.users["unit"], world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["yx_a_2"]]
    )
    with pytest.raises(ValidationError, match="负数"):
        pair_services.benefit_add(
            actor=world.users["unit"], agreement=agreement, title="x", on=timezone.localdate(), claimed_fen=-1
        )
    row = pair_services.benefit_add(
        actor=world.users["unit"], agreement=agreement, title="x", on=timezone.localdate(), claimed_fen=100
    )
    with pytest.raises(ValidationError, match="不能超过申报效益"):
        pair_services.benefit_verify(actor=world.users["city"], benefit=row, verified_fen=101)
    with pytest.raises(PermissionDenied):
        pair_services.benefit_verify(actor=world.users["unit"], benefit=row, verified_fen=100)
    row.refresh_from_db()
    assert row.verified_fen is None


def test_the_api_stats_carry_the_keys(client, pw):
    propose(pw)
    client.force_login(pw.world.users["unit"])
    data = client.get("/api/v1/stats").json()
    assert data["projects_total"] == 1
    assert data["benefit_by_channel_yuan"] == {"breakthrough": 0, "five_smalls": 0, "post": 0, "mentoring": 0}
