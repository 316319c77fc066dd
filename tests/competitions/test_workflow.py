"""The competition's steps on the kernel: each from its state, by its organiser only, with its
step log; publishing waits for recomputed results."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.competitions import services
from innovation.competitions.models import CompetitionState, Occupation
from innovation.core.models import StepLog

from .builders import mark_all, started


def test_the_competition_runs_from_draft_to_final_by_its_steps(world):
    comp, occ, regs, judges = started(world)
    city = world.users["city"]
    mark_all(occ, regs, judges)
    services.marks_sign_off(actor=judges[0].judge, occupation=occ)
    services.competition_step(actor=city, competition=comp, step="lock_marking")
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=city, competition=comp, step="publish")
    assert refused.value.messages == ["以下工种尚未计算成绩：叉车司机。"]
    services.results_compute(actor=city, occupation=occ)
    # A correction after the computation makes the results stale: publishing waits again.
    Occupation.objects.filter(pk=occ.pk).update(results_stale=True)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=city, competition=comp, step="publish")
    assert refused.value.messages == ["以下工种的成绩须先重新计算：叉车司机。"]
    services.results_compute(actor=city, occupation=occ, reason="复核更正后重新计算")
    services.competition_step(actor=city, competition=comp, step="publish")
    services.competition_step(actor=city, competition=comp, step="finalise")
    comp.refresh_from_db()
    assert comp.state == CompetitionState.FINAL
    assert list(
        StepLog.objects.filter(workflow="competition", object_id=comp.pk)
        .order_by("at", "id")
        .values_list("step", flat=True)
    ) == ["open_registration", "close_registration", "start", "lock_marking", "publish", "finalise"]


def test_only_the_organiser_takes_the_competitions_steps(world):
    comp, _occ, _regs, _judges = started(world)
    # 义县's admin manages contests of 义县, not the city's.
    with pytest.raises(PermissionDenied):
        services.competition_step(actor=world.users["yixian"], competition=comp, step="lock_marking")
    comp.refresh_from_db()
    assert comp.state == CompetitionState.IN_PROGRESS


def test_a_step_from_the_wrong_state_is_refused(world):
    comp, _occ, _regs, _judges = started(world)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=world.users["city"], competition=comp, step="open_registration")
    assert refused.value.messages == ["赛事当前为「比赛中」，只有筹备中的赛事可以开放报名。"]
