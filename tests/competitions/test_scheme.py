"""The marking scheme: its rules, refused with the field and a Chinese message, nothing
changed; locked once the event starts."""

import copy

import pytest
from django.core.exceptions import ValidationError

from innovation.audit.models import AuditEntry
from innovation.competitions import services
from innovation.competitions.models import Aspect, CompetitionState, Occupation, Section

from .builders import SCHEME, competition, occupation, started


def test_a_scheme_is_stored_with_its_weights_and_descriptors(world):
    occ = occupation(world, competition(world))
    occ.refresh_from_db()
    assert (occ.theory_weight, occ.practical_weight) == (30, 70)
    assert list(Section.objects.filter(occupation=occ).values_list("code", "weight")) == [
        ("A", 60),
        ("B", 40),
    ]
    b1 = Aspect.objects.get(occupation=occ, code="B1")
    assert b1.kind == "judgement" and sorted(b1.descriptors) == ["0", "1", "2", "3"]
    assert str(Aspect.objects.get(occupation=occ, code="A2").max_points) == "5.50"


def test_section_weights_that_do_not_sum_to_100_are_refused(world):
    occ = occupation(world, competition(world), scheme=None)
    bad = copy.deepcopy(SCHEME)
    bad[1]["weight"] = 30
    with pytest.raises(ValidationError) as refused:
        services.scheme_set(actor=world.users["city"], occupation=occ, sections=bad)
    assert refused.value.message_dict == {"weight": ["各实操模块权重之和须为100，现为60 + 30 = 90。"]}
    assert Section.objects.filter(occupation=occ).count() == 0
    assert AuditEntry.objects.filter(detail__startswith="competitions.scheme_set refused").count() == 1


def test_theory_and_practical_weights_must_sum_to_100(world):
    comp = competition(world)
    with pytest.raises(ValidationError) as refused:
        services.occupation_create(
            actor=world.users["city"],
            competition=comp,
            code="FL",
            title="叉车司机",
            theory_weight=40,
            practical_weight=70,
        )
    assert refused.value.message_dict == {"theory_weight": ["理论与实操权重之和须为100，现为40 + 70 = 110。"]}
    assert Occupation.objects.count() == 0


def test_a_judgement_aspect_needs_a_descriptor_for_every_level(world):
    occ = occupation(world, competition(world), scheme=None)
    bad = copy.deepcopy(SCHEME)
    del bad[1]["aspects"][0]["descriptors"]["2"]
    with pytest.raises(ValidationError) as refused:
        services.scheme_set(actor=world.users["city"], occupation=occ, sections=bad)
    assert refused.value.message_dict == {
        "descriptors": ["评价评分项「安全规范」须为0、1、2、3每个等级写明描述，缺少：2。"]
    }
    assert Aspect.objects.count() == 0


def test_an_aspect_without_points_is_refused(world):
    occ = occupation(world, competition(world), scheme=None)
    bad = copy.deepcopy(SCHEME)
    bad[0]["aspects"][0]["max_points"] = 0
    with pytest.raises(ValidationError) as refused:
        services.scheme_set(actor=world.users["city"], occupation=occ, sections=bad)
    assert refused.value.message_dict == {
        "max_points": ["「绕桩行驶」的满分须大于0、不超过100，最多两位小数。"]
    }


def test_a_tie_break_naming_an_unknown_aspect_is_refused(world):
    occ = occupation(world, competition(world))
    with pytest.raises(ValidationError) as refused:
        services.occupation_update(
            actor=world.users["city"], occupation=occ, tie_break=["practical", "aspect:Z9"]
        )
    assert refused.value.message_dict == {"tie_break": ["并列决胜顺序中的评分项「Z9」不在评分方案中。"]}
    services.occupation_update(
        actor=world.users["city"], occupation=occ, tie_break=["practical", "aspect:B1", "time"]
    )
    occ.refresh_from_db()
    assert occ.tie_break == ["practical", "aspect:B1", "time"]


def test_registration_cannot_open_without_a_practical_scheme(world):
    comp = competition(world)
    occupation(world, comp, scheme=None)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=world.users["city"], competition=comp, step="open_registration")
    assert refused.value.message_dict == {"sections": ["工种「叉车司机」尚未设置实操评分方案。"]}
    comp.refresh_from_db()
    assert comp.state == CompetitionState.DRAFT


def test_the_scheme_is_locked_once_the_event_starts(world):
    comp, occ, _regs, _judges = started(world)
    assert comp.state == CompetitionState.IN_PROGRESS and comp.scheme_locked_at is not None
    with pytest.raises(ValidationError) as refused:
        services.scheme_set(actor=world.users["city"], occupation=occ, sections=SCHEME)
    assert refused.value.messages == ["赛事当前为「比赛中」，比赛开始后评分方案已锁定，不能修改。"]
    with pytest.raises(ValidationError) as refused:
        services.occupation_update(
            actor=world.users["city"], occupation=occ, theory_weight=40, practical_weight=60
        )
    assert refused.value.messages == ["赛事当前为「比赛中」，比赛开始后评分方案已锁定，不能修改。"]
    occ.refresh_from_db()
    assert (occ.theory_weight, occ.practical_weight) == (30, 70)
    assert Aspect.objects.filter(occupation=occ).count() == 3
