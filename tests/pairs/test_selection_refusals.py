"""The selections' bad input: each refused with a clear Chinese message, nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.pairs import services
from innovation.pairs.models import Nomination, NominationState, PairScore

from .selection_builders import TODAY, active_pairs, city_selection, experts


def _scoring(world, n=1):
    city = world.users["city"]
    pairs = active_pairs(world, n)
    selection = city_selection(world)
    nominations = []
    for a in pairs:
        nomination = services.nominate(
            actor=world.users["unit"], selection=selection, agreement=a, summary="推荐"
        )
        services.nomination_step(actor=world.users["yixian"], nomination=nomination, step="recommend")
        nominations.append(nomination)
    services.selection_step(actor=city, selection=selection, step="close_call")
    return selection, nominations


def test_a_nomination_after_the_call_closed_is_refused(world):
    pairs = active_pairs(world, 1)
    selection = city_selection(
        world, opens=TODAY - datetime.timedelta(days=40), closes=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.nominate(actor=world.users["unit"], selection=selection, agreement=pairs[0], summary="推荐")
    assert "征集已于" in refused.value.messages[0] and "截止，不能再推荐" in refused.value.messages[0]
    assert Nomination.objects.count() == 0


def test_the_same_pair_twice_and_a_draft_pair_are_refused(world):
    pairs = active_pairs(world, 1)
    selection = city_selection(world)
    services.nominate(actor=world.users["unit"], selection=selection, agreement=pairs[0], summary="推荐")
    with pytest.raises(ValidationError, match="不能重复推荐"):
        services.nominate(actor=world.users["unit"], selection=selection, agreement=pairs[0], summary="推荐")
    assert Nomination.objects.count() == 1


def test_another_countys_union_may_not_recommend(world):
    pairs = active_pairs(world, 1)
    selection = city_selection(world)
    n = services.nominate(actor=world.users["unit"], selection=selection, agreement=pairs[0], summary="推荐")
    with pytest.raises(PermissionDenied):
        services.nomination_step(actor=world.users["heishan"], nomination=n, step="recommend")
    services.nomination_step(actor=world.users["yixian"], nomination=n, step="return", reason="材料不全")
    n.refresh_from_db()
    assert (n.state, n.return_reason) == (NominationState.RETURNED, "材料不全")
    services.nomination_step(actor=world.users["unit"], nomination=n, step="resubmit")
    n.refresh_from_db()
    assert n.state == NominationState.NOMINATED


def test_a_score_outside_the_rubric_range_is_refused(world):
    selection, (n,) = _scoring(world)
    experts(world, 2, employer=world.units["hs_a"])
    services.experts_auto_assign(actor=world.users["city"], selection=selection)
    sheet = PairScore.objects.filter(nomination=n).select_related("expert__user").first()
    with pytest.raises(ValidationError) as refused:
        services.score_submit(
            actor=sheet.expert.user, sheet=sheet, scores={"skill": 101, "innovation": 50, "teaching": 20}
        )
    assert "「技能等级提升」的得分须在0至100分之间，填写的是101。" in refused.value.messages
    with pytest.raises(ValidationError, match="传帮带成效」的得分须在0至50分之间"):
        services.score_submit(
            actor=sheet.expert.user, sheet=sheet, scores={"skill": 90, "innovation": 50, "teaching": 51}
        )
    with pytest.raises(ValidationError):
        services.score_submit(
            actor=sheet.expert.user, sheet=sheet, scores={"skill": -1, "innovation": 1, "teaching": 1}
        )
    sheet.refresh_from_db()
    assert (sheet.submitted_at, sheet.total, sheet.scores) == (None, None, {})
    other = PairScore.objects.filter(nomination=n).exclude(pk=sheet.pk).get()
    with pytest.raises(PermissionDenied):  # never another expert's sheet
        services.score_submit(
            actor=other.expert.user, sheet=sheet, scores={"skill": 1, "innovation": 1, "teaching": 1}
        )
    services.score_submit(
        actor=sheet.expert.user, sheet=sheet, scores={"skill": 80, "innovation": 70, "teaching": 45}
    )
    sheet.refresh_from_db()
    assert str(sheet.total) == "78.000"  # 80×40/100 + 70×40/100 + 45×20/50 = 32 + 28 + 18


def test_an_expert_of_the_pairs_own_unit_is_refused(world):
    selection, (n,) = _scoring(world)
    (own,) = experts(world, 1, employer=world.units["yx_a"])
    with pytest.raises(ValidationError) as refused:
        services.experts_assign(actor=world.users["city"], nomination=n, experts=[own])
    assert "须回避：专家本单位的成果" in refused.value.messages[0]
    assert PairScore.objects.count() == 0
    with pytest.raises(ValidationError, match="可回避后的评审专家不足"):
        services.experts_auto_assign(actor=world.users["city"], selection=selection)
    assert PairScore.objects.count() == 0


def test_a_rubric_whose_weights_do_not_add_up_is_refused(world):
    with pytest.raises(ValidationError, match="权重合计须为100，现为90"):
        services.selection_create(
            actor=world.users["city"],
            level="city",
            union=world.city,
            year=TODAY.year,
            title="测试",
            opens_on=TODAY,
            closes_on=TODAY,
            quota=3,
            criteria=[{"key": "a", "label": "甲", "weight": 90, "max": 100}],
        )
    with pytest.raises(PermissionDenied):
        services.selection_create(
            actor=world.users["unit"],
            level="city",
            union=world.city,
            year=TODAY.year,
            title="测试",
            opens_on=TODAY,
            closes_on=TODAY,
            quota=3,
            criteria=[{"key": "a", "label": "甲", "weight": 100, "max": 100}],
        )
