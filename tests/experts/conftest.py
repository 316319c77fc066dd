"""Experts and items ready for review in the `world` city.

Items (field): yx_a 提高效率, yx_b 提高效率, hs_a 安全生产, hs_b 安全生产 — all ready_for_review.
Experts: 甲 works at yx_a (efficiency, safety), 乙 at the school `edu` (efficiency, safety),
丙 outside the city (efficiency, safety), 丁 at hs_a (safety only)."""

import pytest

from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement, Campaign, Field
from innovation.core import workflow as kernel
from innovation.experts import services

from ..achievements.conftest import full_fields, make_campaign


def make_item(world, in_campaign, unit_key, field=Field.EFFICIENCY, title=None, authors=None):
    item = achievement_services.achievement_create(
        actor=None,
        campaign=in_campaign,
        enterprise=world.units[unit_key],
        authors=authors or [{"worker": world.workers[f"{unit_key}_1"].pk, "share": 100}],
        **full_fields(title=title or f"{unit_key}成果", field=field),
    )
    kernel.run(obj=item, step="submit", actor=None, pledge=True)
    kernel.run(obj=item, step="recommend", actor=None)
    kernel.run(obj=item, step="pass", actor=None)
    item.refresh_from_db()
    return item


def make_expert(world, username, name, *, unit_key=None, outside="", fields=("efficiency", "safety"), **kw):
    expert, _password = services.expert_create(
        actor=None,
        union=world.city,
        username=username,
        name=name,
        fields=list(fields),
        employer=world.units[unit_key] if unit_key else None,
        employer_outside=outside,
        **kw,
    )
    expert.user.must_change_password = False  # as if they had changed the first password
    expert.user.save(update_fields=["must_change_password"])
    return expert


@pytest.fixture
def campaign(world):
    return make_campaign(world)


@pytest.fixture
def items(world, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(experts_per_item=2)
    campaign.refresh_from_db()
    return {
        "yx_a": make_item(world, campaign, "yx_a"),
        "yx_b": make_item(world, campaign, "yx_b"),
        "hs_a": make_item(world, campaign, "hs_a", Field.SAFETY),
        "hs_b": make_item(world, campaign, "hs_b", Field.SAFETY),
    }


@pytest.fixture
def experts(world):
    return {
        "jia": make_expert(world, "e_jia", "专家甲", unit_key="yx_a"),
        "yi": make_expert(world, "e_yi", "专家乙", unit_key="edu"),
        "bing": make_expert(world, "e_bing", "专家丙", outside="沈阳工业大学"),
        "ding": make_expert(world, "e_ding", "专家丁", unit_key="hs_a", fields=("safety",)),
    }


def state_of(item) -> str:
    return Achievement.objects.values_list("state", flat=True).get(pk=item.pk)
