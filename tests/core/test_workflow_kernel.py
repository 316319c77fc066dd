"""Every workflow on the kernel, every step, every refusal path: the wrong state, the wrong
scope, a missing reason, the same approver twice, a service-only step from a button. Each
refusal changes nothing (state, step log) and leaves its audit row."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditAction, AuditEntry
from innovation.core import workflow as kernel
from innovation.core.models import StepLog

from .workflow_builders import BUILDERS

STEPS = [(w.name, s) for w in kernel.workflows() for s in w.steps]


def _id(value):
    return f"{value[0]}.{value[1].name}.{'-'.join(value[1].sources)}" if isinstance(value, tuple) else None


def _at(item, state):
    workflow = kernel.workflow_of(item)
    type(item).objects.filter(pk=item.pk).update(**{workflow.state_field: state})
    item.refresh_from_db()
    return item


def _unchanged(item, state, logs_before):
    item.refresh_from_db()
    assert kernel.workflow_of(item).state_of(item) == state
    assert StepLog.objects.of(item).count() == logs_before


def _payload(step):
    return {"reason": "理由", "pledge": True}


def test_every_workflow_has_a_builder():
    assert sorted(BUILDERS) == sorted(w.name for w in kernel.workflows())


@pytest.mark.parametrize("case", STEPS, ids=_id)
def test_a_step_from_a_wrong_state_is_refused(world, case):
    name, step = case
    item, actors = BUILDERS[name](world)
    workflow = kernel.workflow_of(item)
    states = [value for value, _label in workflow.model._meta.get_field(workflow.state_field).choices]
    # A state no step of this name starts from (the first and the second approval share a name).
    wrong = next(s for s in states if workflow.step_from(step.name, s) is None)
    _at(item, wrong)
    logs = StepLog.objects.of(item).count()
    refusals = AuditEntry.objects.filter(action=AuditAction.REFUSED).count()

    with pytest.raises(ValidationError) as error:
        kernel.run(
            obj=item, step=step.name, actor=actors[step.action], by_service=not step.manual, **_payload(step)
        )

    assert error.value.code == "state"
    _unchanged(item, wrong, logs)
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED).count() == refusals + 1


@pytest.mark.parametrize("case", [c for c in STEPS if c[1].manual], ids=_id)
def test_a_step_out_of_scope_is_refused(world, case):
    name, step = case
    item, _actors = BUILDERS[name](world)
    _at(item, step.sources[0])
    logs = StepLog.objects.of(item).count()

    for outsider in ("heishan", "nobody"):
        with pytest.raises(PermissionDenied):
            kernel.run(obj=item, step=step.name, actor=world.users[outsider], **_payload(step))

    _unchanged(item, step.sources[0], logs)
    assert (
        AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["heishan"]).count() == 1
    )


@pytest.mark.parametrize("case", [c for c in STEPS if c[1].needs_reason], ids=_id)
def test_a_step_that_needs_a_reason_is_refused_without_one(world, case):
    name, step = case
    item, actors = BUILDERS[name](world)
    _at(item, step.sources[0])
    logs = StepLog.objects.of(item).count()

    with pytest.raises(ValidationError) as error:
        kernel.run(
            obj=item, step=step.name, actor=actors[step.action], reason="   ", by_service=not step.manual
        )

    assert "reason" in error.value.message_dict
    _unchanged(item, step.sources[0], logs)


@pytest.mark.parametrize("case", [c for c in STEPS if c[1].approval == "second"], ids=_id)
def test_the_second_approval_by_the_first_approver_is_refused(world, case):
    name, step = case
    item, actors = BUILDERS[name](world)
    approver = actors[step.action]
    _at(item, step.sources[0])
    type(item).objects.filter(pk=item.pk).update(first_approver=approver)
    logs = StepLog.objects.of(item).count()

    with pytest.raises(ValidationError) as error:
        kernel.run(obj=item, step=step.name, actor=approver, **_payload(step))

    assert error.value.code == "four_eyes" and "四眼原则" in error.value.messages[0]
    _unchanged(item, step.sources[0], logs)
    assert step not in kernel.steps_for(item, approver)


@pytest.mark.parametrize("case", [c for c in STEPS if not c[1].manual], ids=_id)
def test_a_service_only_step_is_refused_from_a_button(world, case):
    name, step = case
    item, actors = BUILDERS[name](world)
    _at(item, step.sources[0])
    logs = StepLog.objects.of(item).count()

    with pytest.raises(ValidationError) as error:
        kernel.run(obj=item, step=step.name, actor=actors[step.action], **_payload(step))

    assert "step" in error.value.message_dict
    _unchanged(item, step.sources[0], logs)
    assert step not in kernel.steps_for(item, actors[step.action])


def test_an_unknown_step_is_refused(world):
    item, actors = BUILDERS["achievement"](world)
    with pytest.raises(ValidationError) as error:
        kernel.run(obj=item, step="teleport", actor=world.users["city"])
    assert error.value.message_dict == {"step": ["未知的操作。"]}


def test_a_step_writes_state_log_audit_and_notices_once(world):
    item, actors = BUILDERS["achievement"](world)
    before = AuditEntry.objects.filter(object_type="achievements.achievement", object_id=str(item.pk)).count()

    kernel.run(obj=item, step="submit", actor=actors["achievement.submit"], pledge=True)

    item.refresh_from_db()
    assert item.state == "submitted"
    log = StepLog.objects.of(item).get()
    assert (log.step, log.from_state, log.to_state, log.actor) == (
        "submit",
        "draft",
        "submitted",
        world.users["unit"],
    )
    entries = AuditEntry.objects.filter(object_type="achievements.achievement", object_id=str(item.pk))
    assert entries.count() == before + 1
    assert entries.order_by("-id").first().changes["state"] == ["draft", "submitted"]
    # The county union acts next, and the author (t_worker) is told; the actor is not.
    from innovation.notifications.models import Notification

    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["t_worker", "t_yixian"]
