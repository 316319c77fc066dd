"""The judges: only the aspects and contestants assigned to them, never their own unit's
contestants, judgement 0–3 and measurement 0..max; the spread flag; the chief judge's lock and
the correction trail after it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditEntry
from innovation.competitions import selectors, services
from innovation.competitions.models import Aspect, CompetitionState, Mark, Occupation

from .builders import confirmed, contestant, mark_all, open_event, panel, started


def _aspect(occ, code):
    return Aspect.objects.get(occupation=occ, code=code)


def test_a_judge_marks_the_aspects_assigned_to_them(world):
    _comp, occ, regs, judges = started(world)
    mark = services.mark_enter(
        actor=judges[1].judge, registration=regs[0], aspect=_aspect(occ, "A1"), value="7.5"
    )
    assert (mark.value, mark.is_current, mark.after_lock, mark.reason) == (Decimal("7.50"), True, False, "")


def test_an_aspect_not_assigned_to_the_judge_is_refused(world):
    _comp, occ, regs, judges = started(world)
    judges[2].aspects.set([_aspect(occ, "A1")])
    with pytest.raises(ValidationError) as refused:
        services.mark_enter(actor=judges[2].judge, registration=regs[0], aspect=_aspect(occ, "B1"), value=2)
    assert refused.value.message_dict == {"aspect": ["评分项「安全规范」未分配给您，您不能评分。"]}
    assert Mark.objects.count() == 0


def test_a_contestant_of_another_occupation_is_refused(world):
    comp, occ, regs, judges = started(world)
    other = Occupation.objects.create(competition=comp, code="EL", title="电工")
    other_aspect = Aspect.objects.create(
        occupation=other,
        section=occ.sections.first(),
        code="E1",
        title="接线",
        kind="measurement",
        max_points=10,
    )
    with pytest.raises(PermissionDenied):
        services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=other_aspect, value=5)
    with pytest.raises(PermissionDenied):
        services.mark_enter(
            actor=world.users["expert"], registration=regs[0], aspect=_aspect(occ, "A1"), value=5
        )
    assert Mark.objects.count() == 0


def test_a_judge_never_marks_his_own_units_contestants(world):
    # The second judge works at 黑山丙化工, whose two workers compete.
    _comp, occ, regs, judges = started(world, employers=(None, world.units["hs_a"], None))
    with pytest.raises(ValidationError) as refused:
        services.mark_enter(actor=judges[1].judge, registration=regs[0], aspect=_aspect(occ, "A1"), value=8)
    assert refused.value.message_dict == {
        "registration": [f"您须回避选手{regs[0].anonymous_number}：专家本单位的成果。"]
    }
    assert Mark.objects.count() == 0
    aspects, contestants = selectors.judge_sheet(judges[1].judge, occ)
    assert (len(aspects), contestants) == (3, [])
    aspects, contestants = selectors.judge_sheet(judges[0].judge, occ)
    assert sorted(r.pk for r in contestants) == sorted(r.pk for r in regs)


def test_a_judgement_score_outside_0_to_3_is_refused(world):
    _comp, occ, regs, judges = started(world)
    for bad in (4, "2.5", -1):
        with pytest.raises(ValidationError) as refused:
            services.mark_enter(
                actor=judges[0].judge, registration=regs[0], aspect=_aspect(occ, "B1"), value=bad
            )
        assert refused.value.message_dict == {
            "value": [f"评价评分项「安全规范」只能打0、1、2、3分，不能打{bad}分。"]
        }
    assert Mark.objects.count() == 0


def test_a_measurement_above_its_maximum_is_refused(world):
    _comp, occ, regs, judges = started(world)
    with pytest.raises(ValidationError) as refused:
        services.mark_enter(
            actor=judges[0].judge, registration=regs[0], aspect=_aspect(occ, "A2"), value="5.6"
        )
    assert refused.value.message_dict == {
        "value": ["测量评分项「叉取货物」的分数须在0到5.5之间，不能为5.6。"]
    }
    services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=_aspect(occ, "A2"), value="5.5")
    assert list(Mark.objects.values_list("value", flat=True)) == [Decimal("5.50")]


def test_marks_before_the_event_starts_are_refused(world):
    _comp, occ = open_event(world)
    regs = confirmed(world, occ, [contestant(world, "hs_a")])
    judges = panel(world, occ)
    with pytest.raises(ValidationError) as refused:
        services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=_aspect(occ, "A1"), value=5)
    assert refused.value.messages == ["赛事当前为「报名中」，不能录入评分。"]


def test_judgement_marks_differing_by_more_than_the_spread_are_flagged(world):
    _comp, occ, regs, judges = started(world)
    b1 = _aspect(occ, "B1")
    for assignment, value in zip(judges, (1, 2, 3), strict=True):
        services.mark_enter(actor=assignment.judge, registration=regs[0], aspect=b1, value=value)
    for assignment, value in zip(judges, (2, 2, 3), strict=True):
        services.mark_enter(actor=assignment.judge, registration=regs[1], aspect=b1, value=value)
    flags = selectors.judgement_flags(occ)
    assert flags == [
        {
            "registration": regs[0].pk,
            "anonymous_number": regs[0].anonymous_number,
            "aspect": "B1",
            "values": [Decimal("1.00"), Decimal("2.00"), Decimal("3.00")],
        }
    ]
    occ.judgement_spread = 2
    assert selectors.judgement_flags(occ) == []


def test_a_re_entry_before_the_lock_supersedes_the_mark(world):
    _comp, occ, regs, judges = started(world)
    a1 = _aspect(occ, "A1")
    first = services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=a1, value=6)
    second = services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=a1, value=7)
    first.refresh_from_db()
    assert (first.is_current, first.superseded_by_id, first.value) == (False, second.pk, Decimal("6.00"))
    assert list(selectors.current_marks(occ).values_list("value", flat=True)) == [Decimal("7.00")]


def test_the_chief_judge_cannot_sign_off_while_marks_are_missing(world):
    _comp, occ, regs, judges = started(world)
    services.mark_enter(actor=judges[0].judge, registration=regs[0], aspect=_aspect(occ, "A1"), value=6)
    with pytest.raises(ValidationError) as refused:
        services.marks_sign_off(actor=judges[0].judge, occupation=occ)
    assert refused.value.messages[0].startswith("尚有17项评分未录入，不能确认：")
    occ.refresh_from_db()
    assert occ.marks_locked_at is None


def test_only_the_chief_judge_signs_off(world):
    _comp, occ, regs, judges = started(world)
    mark_all(occ, regs, judges)
    with pytest.raises(PermissionDenied):
        services.marks_sign_off(actor=judges[1].judge, occupation=occ)
    occ.refresh_from_db()
    assert occ.marks_locked_at is None


def test_after_the_lock_a_correction_needs_a_reason_and_leaves_a_trail(world):
    comp, occ, regs, judges = started(world)
    mark_all(occ, regs, judges)
    services.marks_sign_off(actor=judges[0].judge, occupation=occ)
    services.competition_step(actor=world.users["city"], competition=comp, step="lock_marking")
    comp.refresh_from_db()
    assert comp.state == CompetitionState.MARKING_LOCKED
    occ.refresh_from_db()
    occ.results_stale = False  # as if the results had been computed
    occ.save(update_fields=["results_stale"])
    a1 = _aspect(occ, "A1")
    old = Mark.objects.get(registration=regs[0], aspect=a1, judge=judges[1].judge, is_current=True)

    with pytest.raises(ValidationError) as refused:
        services.mark_enter(actor=judges[1].judge, registration=regs[0], aspect=a1, value=9)
    assert refused.value.message_dict == {"reason": ["裁判长已确认评分，更正评分须填写原因。"]}
    assert Mark.objects.count() == 18
    occ.refresh_from_db()
    assert occ.results_stale is False

    new = services.mark_enter(
        actor=judges[1].judge, registration=regs[0], aspect=a1, value=9, reason="复核录像：第3桩未碰倒"
    )
    old.refresh_from_db()
    assert (old.is_current, old.superseded_by_id, old.value) == (False, new.pk, Decimal("8.00"))
    assert (new.value, new.after_lock, new.reason) == (Decimal("9.00"), True, "复核录像：第3桩未碰倒")
    assert Mark.objects.count() == 19
    occ.refresh_from_db()
    assert occ.results_stale is True
    assert (
        AuditEntry.objects.filter(
            detail=f"裁判长确认后更正评分（选手{regs[0].anonymous_number}，A1）：复核录像：第3桩未碰倒"
        ).count()
        == 1
    )
    assert AuditEntry.objects.filter(detail="评分更正：A1 8.00 → 9.00；复核录像：第3桩未碰倒").count() == 1


def test_marking_cannot_be_locked_before_every_chief_signed_off(world):
    comp, occ, regs, judges = started(world)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=world.users["city"], competition=comp, step="lock_marking")
    assert refused.value.messages == ["以下工种的裁判长尚未确认评分：叉车司机。"]
    comp.refresh_from_db()
    assert comp.state == CompetitionState.IN_PROGRESS


def test_a_theory_score_outside_0_to_100_is_refused_and_a_correction_supersedes(world):
    _comp, occ, regs, judges = started(world)
    city = world.users["city"]
    with pytest.raises(ValidationError) as refused:
        services.theory_enter(actor=city, registration=regs[0], score=101)
    assert refused.value.message_dict == {"score": ["理论成绩须在0到100之间，最多两位小数。"]}
    first = services.theory_enter(actor=city, registration=regs[0], score="86.5")
    second = services.theory_enter(actor=city, registration=regs[0], score="88", source="imported")
    first.refresh_from_db()
    assert (first.is_current, first.superseded_by_id, second.score, second.source) == (
        False,
        second.pk,
        Decimal("88.00"),
        "imported",
    )


def test_occupation_marks_builds_the_scoring_inputs(world):
    inputs = pytest.importorskip("innovation.competitions.scoring.inputs")
    _comp, occ, regs, judges = started(world)
    mark_all(occ, regs, judges, values={"A1": Decimal("8"), "A2": Decimal("5"), "B1": 2})
    services.mark_enter(
        actor=judges[2].judge, registration=regs[1], aspect=_aspect(occ, "B1"), value=3, time_taken=95
    )
    services.theory_enter(actor=world.users["city"], registration=regs[0], score="80")
    scheme, contestants = selectors.occupation_marks(occ)
    assert isinstance(scheme, inputs.Scheme)
    assert [(s.code, s.weight) for s in scheme.sections] == [("A", 60), ("B", 40)]
    assert [(a.code, a.section, a.kind, a.max_points) for a in scheme.aspects] == [
        ("A1", "A", "measurement", Decimal("10.00")),
        ("A2", "A", "measurement", Decimal("5.50")),
        ("B1", "B", "judgement", Decimal("6.00")),
    ]
    assert (scheme.theory_weight, scheme.practical_weight, tuple(scheme.tie_break)) == (
        30,
        70,
        ("practical", "time"),
    )
    assert [(p.label, p.count) for p in scheme.places] == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
    assert [(t.from_rank, t.to_rank, t.title, t.promotion) for t in scheme.titles] == [
        (1, 5, "技术能手", "技师"),
        (6, 15, "高级工", "高级工"),
    ]
    assert (scheme.judges, scheme.spread_limit) == (3, 1)
    by_id = {c.id: c for c in contestants}
    assert by_id[regs[0].pk].theory == Decimal("80.00") and by_id[regs[1].pk].theory is None
    assert by_id[regs[1].pk].marks["B1"] == (Decimal("2.00"), Decimal("2.00"), Decimal("3.00"))
    assert by_id[regs[1].pk].time_seconds == 95 and by_id[regs[0].pk].time_seconds is None
    assert by_id[regs[0].pk].label == regs[0].anonymous_number
