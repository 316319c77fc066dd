"""The issue's bad input for agreements: each refused in plain Chinese, nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.accounts.roles import Role
from innovation.pairs import services
from innovation.pairs.models import Agreement, Party, State, Target
from tests.factories import make_enterprise, make_user, make_worker

from .builders import END, START, approved, cap, draft, sign_all


def _create(actor, enterprise, masters, apprentices, **kw):
    return services.agreement_create(
        actor=actor,
        enterprise=enterprise,
        start_on=kw.pop("start_on", START),
        end_on=kw.pop("end_on", END),
        masters=masters,
        apprentices=apprentices,
        **kw,
    )


def test_an_apprentice_who_is_his_own_master(world):
    w = world.workers["yx_a_1"]
    with pytest.raises(ValidationError) as err:
        _create(world.users["unit"], world.units["yx_a"], [w], [w, world.workers["yx_a_2"]])
    assert err.value.message_dict == {"apprentices": ["义县职工一不能既是师傅又是徒弟（不能拜自己为师）。"]}
    assert not Agreement.objects.exists() and not Party.objects.exists()


def test_a_pair_across_districts_without_an_industry_union(world):
    with pytest.raises(ValidationError) as err:
        _create(
            world.users["yixian"], world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["hs_a_1"]]
        )
    assert err.value.message_dict == {
        "apprentices": [
            "黑山职工一所在单位「黑山丙化工有限公司」与「义县甲机械有限公司」不在同一县(市、区)："
            "跨地区结对须由同一产业工会组织，请选择产业工会。"
        ]
    }
    assert not Agreement.objects.exists()


def test_a_worker_out_of_reach_is_refused(world):
    """The county union pairs a worker of its own unit with one of 教育工会's school: the school is
    in 义县 but not under the county union."""
    with pytest.raises(ValidationError) as err:
        _create(
            world.users["yixian"],
            world.units["yx_a"],
            [world.workers["yx_a_1"]],
            [world.workers["edu_1"]],
            industry_union=None,
        )
    assert err.value.message_dict == {
        "apprentices": [
            "锦州职工一不是「义县甲机械有限公司」的职工：跨单位结对须由同一产业工会组织，请选择产业工会。"
        ]
    }
    assert not Agreement.objects.exists()


def test_a_pair_across_units_of_one_industry_union_is_approved_by_it(world):
    second_school = make_enterprise("锦州市第二中学", world.industry, region=world.units["edu"].region)
    teacher, pupil = world.workers["edu_1"], make_worker(second_school, "二中青年教师")
    industry_admin = make_user("t_edu", (Role.DISTRICT_ADMIN, world.industry))
    agreement = approved(
        industry_admin, world.units["edu"], [teacher], [pupil], industry_union=world.industry
    )
    assert agreement.state == State.APPROVED
    # Across units without naming the industry union: refused.
    with pytest.raises(ValidationError) as err:
        _create(industry_admin, world.units["edu"], [teacher], [make_worker(second_school, "二中教师二")])
    assert err.value.message_dict == {
        "apprentices": [
            "二中教师二不是「锦州市第一中学」的职工：跨单位结对须由同一产业工会组织，请选择产业工会。"
        ]
    }
    # A unit admin cannot organise a pair across units.
    with pytest.raises(PermissionDenied) as err:
        _create(
            world.users["unit"],
            world.units["yx_a"],
            [world.workers["yx_a_1"]],
            [world.workers["yx_a_2"]],
            industry_union=world.industry,
        )
    assert str(err.value) == "跨单位结对由锦州市教育工会办理，您无权办理。"


def test_the_cap_of_apprentices_per_master(world):
    cap(1)
    unit = world.users["unit"]
    master = world.workers["yx_a_2"]
    extra = make_worker(world.units["yx_a"], "义县职工三")
    approved(unit, world.units["yx_a"], [master], [world.workers["yx_a_1"]])
    with pytest.raises(ValidationError) as err:
        _create(unit, world.units["yx_a"], [master], [extra])
    assert err.value.message_dict == {
        "apprentices": [
            "超过带徒人数上限：义县职工二已带徒1人，加上本协议共2人，每位师傅最多1人（锦州市金牌师徒管理办法）。"
        ]
    }
    assert Agreement.objects.count() == 1


def test_the_cap_is_checked_again_at_approval(world):
    cap(1)
    unit = world.users["unit"]
    master = world.workers["yx_a_2"]
    first = draft(unit, world.units["yx_a"], [master], [world.workers["yx_a_1"]])
    second = draft(unit, world.units["yx_a"], [master], [make_worker(world.units["yx_a"], "义县职工三")])
    for agreement in (first, second):
        sign_all(unit, agreement)
    services.agreement_approve(actor=unit, agreement=first)
    with pytest.raises(ValidationError) as err:
        services.agreement_approve(actor=unit, agreement=second)
    assert "超过带徒人数上限" in err.value.messages[0]
    second.refresh_from_db()
    assert second.state == State.DRAFT


def test_a_target_due_before_the_start(world):
    unit = world.users["unit"]
    agreement = draft(
        unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]], target=False
    )
    early = START - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.target_add(actor=unit, agreement=agreement, kind="patents", quantity=2, due_on=early)
    assert err.value.message_dict == {"due_on": [f"完成期限（{early}）早于协议开始日期（{START}）。"]}
    with pytest.raises(ValidationError) as err:
        services.target_add(actor=unit, agreement=agreement, kind="patents", quantity=0, due_on=END)
    assert err.value.message_dict == {"quantity": ["请填写大于0的数量、名次或学时。"]}
    assert not Target.objects.exists()


def test_dates_in_the_wrong_order(world):
    with pytest.raises(ValidationError) as err:
        _create(
            world.users["unit"],
            world.units["yx_a"],
            [world.workers["yx_a_2"]],
            [world.workers["yx_a_1"]],
            start_on=END,
            end_on=START,
        )
    assert err.value.message_dict == {"end_on": ["结束日期须晚于开始日期。"]}


def test_a_worker_cannot_draft_an_agreement(world):
    with pytest.raises(PermissionDenied):
        _create(
            world.users["worker"], world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]]
        )
    assert not Agreement.objects.exists()


def test_an_industry_union_the_unit_is_not_under(world):
    industry_admin = make_user("t_edu2", (Role.DISTRICT_ADMIN, world.city))
    with pytest.raises(ValidationError) as err:
        _create(
            industry_admin,
            world.units["yx_a"],
            [world.workers["yx_a_1"]],
            [world.workers["yx_a_2"]],
            industry_union=world.industry,
        )
    assert err.value.message_dict == {"industry_union": ["「义县甲机械有限公司」不属于锦州市教育工会。"]}
