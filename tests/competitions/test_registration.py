"""Registration by the unit admins: the window, the quota, eligibility, the same worker twice;
the organiser's confirmation with card and anonymous numbers; the registration's steps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.competitions import services
from innovation.competitions.models import Registration, RegistrationState
from innovation.competitions.workflow import anonymous_numbers
from innovation.core.models import StepLog

from .builders import TODAY, YEAR, competition, confirmed, contestant, occupation, open_event


def test_a_unit_registers_its_worker_and_the_city_confirms_with_numbers(world):
    comp, occ = open_event(world)
    worker = contestant(world, "yx_a", name="张三")
    reg = services.register(actor=world.users["unit"], occupation=occ, worker=worker)
    assert (reg.state, reg.enterprise, reg.card_number) == (
        RegistrationState.SUBMITTED,
        world.units["yx_a"],
        "",
    )
    services.registration_step(actor=world.users["city"], registration=reg, step="confirm")
    reg.refresh_from_db()
    assert reg.state == RegistrationState.CONFIRMED
    assert reg.card_number == f"{YEAR}FL0001"
    expected = anonymous_numbers(comp, occ)[0]
    assert reg.anonymous_number == f"FL{expected}"
    assert list(
        StepLog.objects.filter(workflow="competition_registration").values_list("step", flat=True)
    ) == ["confirm"]


def test_anonymous_numbers_are_reproducible_per_event_and_differ_between_events(world):
    comp, occ = open_event(world)
    again = anonymous_numbers(comp, occ)
    assert anonymous_numbers(comp, occ) == again
    assert sorted(again) == list(range(1000, 10000))
    other = competition(world, title="另一场大赛")
    other_occ = occupation(world, other)
    assert anonymous_numbers(other, other_occ)[:20] != again[:20]
    regs = confirmed(world, occ, [contestant(world, "hs_a"), contestant(world, "hs_a")])
    assert [r.anonymous_number for r in regs] == [f"FL{again[0]}", f"FL{again[1]}"]
    assert [r.card_number for r in regs] == [f"{YEAR}FL0001", f"{YEAR}FL0002"]


def test_registration_after_the_window_is_refused(world):
    comp, occ = open_event(world)
    worker = contestant(world)
    later = comp.registration_closes_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.register(actor=world.users["unit"], occupation=occ, worker=worker, today=later)
    assert refused.value.message_dict == {
        "occupation": [
            f"报名时间为{comp.registration_opens_on}至{comp.registration_closes_on}，今天（{later}）不能报名。"
        ]
    }
    assert Registration.objects.count() == 0


def test_registration_once_the_organiser_closed_it_is_refused(world):
    comp, occ = open_event(world)
    services.competition_step(actor=world.users["city"], competition=comp, step="close_registration")
    with pytest.raises(ValidationError) as refused:
        services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world))
    assert refused.value.message_dict == {"occupation": ["赛事当前为「报名已截止」，不在报名期内。"]}
    assert Registration.objects.count() == 0


def test_registration_over_the_units_quota_is_refused(world):
    _comp, occ = open_event(world)  # quota 2 per unit
    unit = world.users["unit"]
    for _i in range(2):
        services.register(actor=unit, occupation=occ, worker=contestant(world))
    third = contestant(world, name="王五")
    with pytest.raises(ValidationError) as refused:
        services.register(actor=unit, occupation=occ, worker=third)
    assert refused.value.message_dict == {
        "worker": ["义县甲机械有限公司「叉车司机」限报2人，已报2人，名额已满。"]
    }
    assert Registration.objects.count() == 2
    # Another unit's quota is its own.
    from .builders import unit_admin

    services.register(
        actor=unit_admin(world, world.units["hs_a"]), occupation=occ, worker=contestant(world, "hs_a")
    )
    assert Registration.objects.filter(enterprise=world.units["hs_a"]).count() == 1


def test_the_same_worker_twice_in_one_occupation_is_refused(world):
    _comp, occ = open_event(world)
    worker = contestant(world, name="李四")
    services.register(actor=world.users["unit"], occupation=occ, worker=worker)
    with pytest.raises(ValidationError) as refused:
        services.register(actor=world.users["unit"], occupation=occ, worker=worker)
    assert refused.value.message_dict == {
        "worker": ["李四已报名「叉车司机」，同一职工不能重复报名同一工种。"]
    }
    assert Registration.objects.count() == 1


def test_a_withdrawn_worker_may_register_again(world):
    _comp, occ = open_event(world)
    worker = contestant(world)
    first = services.register(actor=world.users["unit"], occupation=occ, worker=worker)
    services.registration_step(actor=world.users["unit"], registration=first, step="withdraw")
    second = services.register(actor=world.users["unit"], occupation=occ, worker=worker)
    assert list(Registration.objects.order_by("pk").values_list("pk", "state")) == [
        (first.pk, "withdrawn"),
        (second.pk, "submitted"),
    ]


def test_eligibility_skill_level_and_age(world):
    comp = competition(world)
    occ = occupation(world, comp, min_skill_level="4", max_age=45)
    services.competition_step(actor=world.users["city"], competition=comp, step="open_registration")
    junior = contestant(world, name="赵初级", skill_level="5")
    with pytest.raises(ValidationError) as refused:
        services.register(actor=world.users["unit"], occupation=occ, worker=junior)
    assert refused.value.message_dict == {
        "worker": ["赵初级的技能等级为「初级工」，该工种要求不低于「中级工」。"]
    }
    old = contestant(world, name="钱师傅", birth_year=comp.starts_on.year - 46)
    with pytest.raises(ValidationError) as refused:
        services.register(actor=world.users["unit"], occupation=occ, worker=old)
    assert refused.value.message_dict == {"worker": ["钱师傅比赛当年46岁，该工种限45岁及以下。"]}
    assert Registration.objects.count() == 0
    fits = contestant(world, name="孙合格", birth_year=comp.starts_on.year - 45, skill_level="3")
    services.register(actor=world.users["unit"], occupation=occ, worker=fits)
    assert Registration.objects.count() == 1


def test_a_worker_outside_the_organisers_scope_is_refused(world):
    # A county union's contest: a unit of another county cannot enter it.
    comp = services.competition_create(
        actor=world.users["yixian"],
        union=world.yixian,
        year=YEAR,
        title="义县电工技能比武",
        starts_on=TODAY + datetime.timedelta(days=20),
        ends_on=TODAY + datetime.timedelta(days=20),
        registration_opens_on=TODAY - datetime.timedelta(days=1),
        registration_closes_on=TODAY + datetime.timedelta(days=10),
        level="district",
    )
    occ = services.occupation_create(actor=world.users["yixian"], competition=comp, code="EL", title="电工")
    from .builders import SCHEME, unit_admin

    services.scheme_set(actor=world.users["yixian"], occupation=occ, sections=SCHEME)
    services.competition_step(actor=world.users["yixian"], competition=comp, step="open_registration")
    outsider = contestant(world, "hs_a", name="周外县")
    with pytest.raises(ValidationError) as refused:
        services.register(actor=unit_admin(world, world.units["hs_a"]), occupation=occ, worker=outsider)
    assert refused.value.message_dict == {"worker": ["周外县不在义县总工会的范围内，不能报名该赛事。"]}


def test_a_unit_admin_cannot_register_another_units_worker(world):
    _comp, occ = open_event(world)
    with pytest.raises(PermissionDenied):
        services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world, "hs_a"))
    assert Registration.objects.count() == 0


def test_a_return_needs_a_reason_and_the_unit_resubmits(world):
    _comp, occ = open_event(world)
    reg = services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world))
    with pytest.raises(ValidationError) as refused:
        services.registration_step(actor=world.users["city"], registration=reg, step="return")
    assert refused.value.message_dict == {"reason": ["请填写退回原因。"]}
    services.registration_step(
        actor=world.users["city"], registration=reg, step="return", reason="缺少技能等级证书"
    )
    reg.refresh_from_db()
    assert (reg.state, reg.return_reason) == ("returned", "缺少技能等级证书")
    services.registration_step(actor=world.users["unit"], registration=reg, step="resubmit")
    reg.refresh_from_db()
    assert reg.state == "submitted"


def test_a_unit_cannot_confirm_its_own_registration(world):
    _comp, occ = open_event(world)
    reg = services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world))
    with pytest.raises(PermissionDenied):
        services.registration_step(actor=world.users["unit"], registration=reg, step="confirm")
    reg.refresh_from_db()
    assert (reg.state, reg.card_number) == ("submitted", "")
