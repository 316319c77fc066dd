"""The public notice and its objections, the second award in a year, the internal selection
feeding the city's, the figures of /api/v1/stats."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from innovation.accounts.roles import Role
from innovation.experts.models import ExpertProfile
from innovation.pairs import services
from innovation.pairs.models import Level, NominationState, PairAward, SelectionState

from ..factories import make_user
from .selection_builders import (
    LATER,
    RUBRIC,
    TODAY,
    YEAR,
    active_pairs,
    city_selection,
    experts,
    master_apprentice_line,
    prize_2020,
    run_to_notice,
)


@pytest.fixture
def second_city(world):
    return make_user("t_city_2", (Role.CITY_ADMIN, world.city))


@pytest.fixture
def noticed(world, second_city):
    prize_2020()
    pairs = active_pairs(world, 2)
    experts(world, 2, employer=world.units["hs_a"])
    selection = city_selection(world, quota=2)
    nominations = run_to_notice(world, pairs, selection, second_city=second_city)
    return selection, nominations, pairs


def test_an_objection_upheld_takes_the_pair_out_and_the_decision_back(world, noticed, second_city):
    selection, (first, second), _pairs = noticed
    city, worker = world.users["city"], world.users["worker"]
    objection = services.objection_raise(actor=worker, nomination=first, reason="徒弟技能等级证书日期有误")
    with pytest.raises(ValidationError, match="还有1条异议未答复"):
        services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    services.objection_answer(actor=city, objection=objection, upheld=True, answer="经核实，证书日期有误")
    selection.refresh_from_db()
    first.refresh_from_db()
    assert (selection.state, selection.version, selection.first_approver) == (SelectionState.RANKED, 2, None)
    assert first.state == NominationState.RANKED
    # the committee decides again without the pair: two approvers, a new notice
    services.selection_step(actor=city, selection=selection, step="approve")
    services.selection_step(actor=second_city, selection=selection, step="approve")
    services.selection_step(actor=city, selection=selection, step="publish")
    line = master_apprentice_line(world, 10_000)
    services.budget_line_set(actor=city, selection=selection, line=line)
    services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    first.refresh_from_db()
    assert first.state == NominationState.NOT_AWARDED
    assert PairAward.objects.filter(selection=selection).count() == 2  # one pair: master and apprentice
    line.refresh_from_db()
    assert line.committed_fen == 500_000


def test_objections_outside_the_notice_or_the_list_are_refused(world, noticed):
    selection, (first, _second), _pairs = noticed
    with pytest.raises(ValidationError, match="不在公示期内"):
        services.objection_raise(actor=world.users["worker"], nomination=first, reason="迟到", now=LATER)


def test_a_second_award_to_the_same_pair_in_one_year_is_refused(world, noticed):
    selection, _nominations, pairs = noticed
    city = world.users["city"]
    services.budget_line_set(actor=city, selection=selection, line=master_apprentice_line(world, 10_000))
    services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    again = services.selection_create(
        actor=city,
        level=Level.CITY,
        union=world.city,
        year=YEAR,
        title=f"{YEAR}年金牌师徒补充评选",
        opens_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=5),
        quota=3,
        criteria=RUBRIC,
    )
    with pytest.raises(ValidationError) as refused:
        services.nominate(actor=world.users["unit"], selection=again, agreement=pairs[0], summary="再推")
    assert "同一年度不能再次授奖" in refused.value.messages[0]
    assert again.nominations.count() == 0


def test_an_internal_selection_is_decided_by_its_unit_and_feeds_the_city(world):
    unit = world.users["unit"]
    pairs = active_pairs(world, 1)
    enterprise = world.units["yx_a"]
    internal = services.selection_create(
        actor=unit,
        level=Level.ENTERPRISE,
        union=enterprise.union,
        enterprise=enterprise,
        year=YEAR,
        title="义县甲机械内部金牌师徒评选",
        opens_on=TODAY - datetime.timedelta(days=3),
        closes_on=TODAY,
        quota=1,
        criteria=RUBRIC,
        experts_per_item=1,
    )
    n = services.nominate(actor=unit, selection=internal, agreement=pairs[0], summary="内部推荐")
    assert n.state == NominationState.RECOMMENDED  # no county step inside a unit
    services.selection_step(actor=unit, selection=internal, step="close_call")
    internal.refresh_from_db()
    assert internal.state == SelectionState.SCORING
    expert_user = make_user("t_unit_expert", (Role.EXPERT, None))
    expert = ExpertProfile.objects.create(
        user=expert_user, name="内部专家", union=enterprise.union, employer=world.units["hs_a"], fields=[]
    )
    services.experts_assign(actor=unit, nomination=n, experts=[expert])
    sheet = n.scores.get()
    services.score_submit(
        actor=expert_user, sheet=sheet, scores={"skill": 90, "innovation": 90, "teaching": 50}
    )
    services.selection_step(actor=unit, selection=internal, step="rank")
    with pytest.raises(ValidationError, match="内部评选由组织单位直接审定"):
        services.selection_step(actor=unit, selection=internal, step="approve")
    services.selection_step(actor=unit, selection=internal, step="decide")
    services.selection_step(actor=unit, selection=internal, step="publish")
    services.selection_step(actor=unit, selection=internal, step="finalise", now=LATER)
    n.refresh_from_db()
    assert n.state == NominationState.AWARDED
    awards = PairAward.objects.filter(selection=internal)
    assert [(a.side, a.amount_fen, a.commitment_id) for a in awards] == [
        ("master", 0, None),
        ("apprentice", 0, None),
    ]
    # the unit nominates its internal winner to the city's selection
    city = city_selection(world)
    fed = services.nominate(
        actor=unit, selection=city, agreement=pairs[0], summary="企业内部评选第一名", source=n
    )
    assert (fed.source, fed.state) == (n, NominationState.NOMINATED)


def test_an_internal_selection_draws_on_the_city_pool_without_the_pairs_own_unit(world):
    unit = world.users["unit"]
    pairs = active_pairs(world, 1)
    enterprise = world.units["yx_a"]
    internal = services.selection_create(
        actor=unit,
        level=Level.ENTERPRISE,
        union=enterprise.union,
        enterprise=enterprise,
        year=YEAR,
        title="义县甲机械内部金牌师徒评选",
        opens_on=TODAY - datetime.timedelta(days=3),
        closes_on=TODAY,
        quota=1,
        criteria=RUBRIC,
        experts_per_item=2,
    )
    n = services.nominate(actor=unit, selection=internal, agreement=pairs[0], summary="内部推荐")
    services.selection_step(actor=unit, selection=internal, step="close_call")
    outside = experts(world, 2, employer=world.units["hs_a"])  # the city's pool, other units
    own = experts(world, 1, employer=enterprise)  # the city's pool, the pair's own unit
    sibling_user = make_user("t_sibling_expert", (Role.EXPERT, None))
    ExpertProfile.objects.create(  # another unit's own pool: not above this unit
        user=sibling_user, name="他企专家", union=world.units["hs_a"].union, fields=[]
    )
    assert services.experts_auto_assign(actor=unit, selection=internal) == 2
    assert sorted(n.scores.values_list("expert_id", flat=True)) == sorted(e.pk for e in outside)
    with pytest.raises(ValidationError, match="须回避"):
        services.experts_assign(actor=unit, nomination=n, experts=own)
