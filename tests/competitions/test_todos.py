"""What of the competitions waits on a home page: a submitted registration for the event's
organiser, a returned one for its unit, a promotion recommendation for the organiser; a
confirmed registration, an event's registrations once it has started, and anything of an
event a county union does not organise wait for nobody."""

from innovation.competitions import services
from innovation.core.workflow import todos_for

from .builders import confirmed, contestant, open_event, started
from .test_awards import finalised


def _todos(user) -> list[tuple[str, int]]:
    return [(str(t.label), t.count) for t in todos_for(user) if t.label.startswith(("参赛", "技能"))]


def test_a_submitted_registration_waits_for_the_organiser_only(world):
    _comp, occ = open_event(world)
    reg = services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world))
    assert _todos(world.users["city"]) == [("技能大赛：报名中", 1), ("参赛报名：已报名", 1)]
    # 义县's union sees its unit's entry but does not organise the city's event
    assert _todos(world.users["yixian"]) == []
    assert _todos(world.users["unit"]) == []
    services.registration_step(
        actor=world.users["city"], registration=reg, step="return", reason="照片不清晰"
    )
    assert _todos(world.users["unit"]) == [("参赛报名：已退回", 1)]
    assert _todos(world.users["city"]) == [("技能大赛：报名中", 1)]


def test_a_confirmed_registration_waits_for_nobody(world):
    _comp, occ = open_event(world)
    confirmed(world, occ, [contestant(world), contestant(world)])
    assert _todos(world.users["city"]) == [("技能大赛：报名中", 1)]
    assert _todos(world.users["unit"]) == []


def test_an_event_that_has_started_has_no_registration_to_dos(world):
    comp, _occ, _regs, _judges = started(world)
    assert comp.state == "in_progress"
    assert [label for label, _n in _todos(world.users["city"]) if label.startswith("参赛")] == []


def test_a_promotion_recommendation_waits_for_the_organiser_not_the_county(world):
    finalised(world)
    assert ("技能晋级推荐：已推荐", 4) in _todos(world.users["city"])
    assert _todos(world.users["heishan"]) == []
    assert _todos(world.users["yixian"]) == []
