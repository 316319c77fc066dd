"""The agreement's workflow on the kernel: draft → approved → active → completed / ended, and
new versions superseding approved ones; every refusal in Chinese and nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditAction, AuditEntry
from innovation.core.models import StepLog
from innovation.pairs import services
from innovation.pairs.models import Agreement, Graduation, Party, SkillLevelChange, State, TeachingRecord

from .builders import END, START, TODAY, approved, cap, draft, sign_all


@pytest.fixture
def unit(world):
    return world.users["unit"]


@pytest.fixture
def yx(world):
    return world.units["yx_a"], world.workers["yx_a_2"], world.workers["yx_a_1"]


def test_a_unit_drafts_signs_approves_teaches_and_the_apprentice_graduates(world, unit, yx):
    enterprise, master, apprentice = yx
    cap(3)
    agreement = draft(unit, enterprise, [master], [apprentice])
    assert (agreement.state, agreement.version, agreement.title) == (
        State.DRAFT,
        1,
        "义县职工二 — 义县职工一",
    )
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, actor=unit)
    assert created.filter(object_type="pairs.agreement", object_id=str(agreement.pk)).count() == 1
    assert created.filter(object_type="pairs.party").count() == 2
    assert created.filter(object_type="pairs.target").count() == 1
    sign_all(unit, agreement)
    services.agreement_approve(actor=unit, agreement=agreement, note="同意")
    agreement.refresh_from_db()
    assert (agreement.state, agreement.approved_by) == (State.APPROVED, unit)

    services.agreement_start(actor=unit, agreement=agreement)
    agreement.refresh_from_db()
    assert (agreement.state, agreement.started_on) == (State.ACTIVE, TODAY)

    services.teaching_add(
        actor=unit, agreement=agreement, on=TODAY, kind="session", hours="2.5", content="数控编程"
    )
    change = services.skill_change_record(
        actor=unit, agreement=agreement, worker=apprentice, to_level="3", certificate_no="S2024-001", on=TODAY
    )
    apprentice.refresh_from_db()
    assert (change.from_level, change.to_level, apprentice.skill_level) == ("", "3", "3")
    # The step is in the worker's history, with the pair as its source.
    assert list(apprentice.skill_history.values_list("pk", "source", "source_title", "certificate_no")) == [
        (change.record_id, "pair", str(agreement), "S2024-001")
    ]

    services.agreement_complete(
        actor=unit, agreement=agreement, result="excellent", on=TODAY, notes="技艺精湛"
    )
    agreement.refresh_from_db()
    assert agreement.state == State.COMPLETED
    assert Graduation.objects.get(agreement=agreement).result == "excellent"
    assert list(StepLog.objects.of(agreement).values_list("step", flat=True)) == [
        "approve",
        "start",
        "complete",
    ]


def test_approval_waits_until_both_sides_signed(world, unit, yx):
    agreement = draft(unit, *yx[:1], [yx[1]], [yx[2]])
    party = Party.objects.get(agreement=agreement, worker=yx[1])
    services.party_sign(actor=unit, party=party, signed_on=TODAY)
    with pytest.raises(ValidationError) as err:
        services.agreement_approve(actor=unit, agreement=agreement)
    assert err.value.messages == ["师徒双方签署后才能审批：义县职工一尚未签署。"]
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT and agreement.approved_at is None
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="尚未签署").count() == 1


def test_approval_needs_a_target(world, unit, yx):
    agreement = draft(unit, yx[0], [yx[1]], [yx[2]], target=False)
    sign_all(unit, agreement)
    with pytest.raises(ValidationError) as err:
        services.agreement_approve(actor=unit, agreement=agreement)
    assert err.value.messages == ["审批前须至少填写一项带徒目标。"]


def test_a_change_to_a_draft_clears_the_signatures(world, unit, yx):
    agreement = draft(unit, yx[0], [yx[1]], [yx[2]])
    sign_all(unit, agreement)
    services.target_add(actor=unit, agreement=agreement, kind="training_hours", quantity=120, due_on=END)
    assert Party.objects.filter(agreement=agreement, signed_on__isnull=False).count() == 0


def test_a_county_union_does_not_approve_a_units_pair(world, unit, yx):
    agreement = draft(unit, yx[0], [yx[1]], [yx[2]])
    sign_all(unit, agreement)
    with pytest.raises(PermissionDenied) as err:
        services.agreement_approve(actor=world.users["yixian"], agreement=agreement)
    assert str(err.value) == f"师徒协议由{yx[0].union.name}审批，您不能审批。"
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT


def test_an_agreement_starts_on_its_start_date_not_before(world, unit, yx):
    later = TODAY + datetime.timedelta(days=10)
    agreement = approved(unit, yx[0], [yx[1]], [yx[2]], start=later, end=later + datetime.timedelta(days=365))
    with pytest.raises(ValidationError) as err:
        services.agreement_start(actor=unit, agreement=agreement)
    assert err.value.messages == [f"协议开始日期（{later}）尚未到，不能开始履行。"]
    assert services.start_due(today=TODAY) == 0
    assert services.start_due(today=later) == 1
    agreement.refresh_from_db()
    assert (agreement.state, agreement.started_on) == (State.ACTIVE, later)


def test_ending_early_needs_a_reason(world, unit, yx):
    agreement = approved(unit, yx[0], [yx[1]], [yx[2]])
    with pytest.raises(ValidationError) as err:
        services.agreement_end(actor=unit, agreement=agreement, reason=" ")
    assert err.value.messages == ["请填写终止原因。"]
    services.agreement_end(actor=unit, agreement=agreement, reason="徒弟调离本单位")
    agreement.refresh_from_db()
    assert (agreement.state, agreement.end_reason, agreement.ended_on) == (
        State.ENDED,
        "徒弟调离本单位",
        TODAY,
    )


def test_graduation_needs_a_passing_assessment(world, unit, yx):
    agreement = approved(unit, yx[0], [yx[1]], [yx[2]])
    services.agreement_start(actor=unit, agreement=agreement)
    with pytest.raises(ValidationError) as err:
        services.agreement_complete(actor=unit, agreement=agreement, result="failed", on=TODAY)
    assert err.value.message_dict == {"result": ["请选择出师考核结果（优秀或合格）；考核不合格的不能出师。"]}
    with pytest.raises(ValidationError) as err:
        services.agreement_complete(
            actor=unit, agreement=agreement, result="qualified", on=START - datetime.timedelta(days=1)
        )
    assert "考核日期不能早于协议开始日期" in err.value.messages[0]
    agreement.refresh_from_db()
    assert agreement.state == State.ACTIVE and not Graduation.objects.exists()


def test_an_approved_agreement_changes_only_by_a_new_version(world, unit, yx):
    enterprise, master, apprentice = yx
    v1 = approved(unit, enterprise, [master], [apprentice])
    services.agreement_start(actor=unit, agreement=v1)
    services.teaching_add(actor=unit, agreement=v1, on=TODAY, kind="task", hours=4, content="攻关")
    with pytest.raises(ValidationError) as err:
        services.agreement_update(
            actor=unit, agreement=v1, start_on=START, end_on=END, masters=[master], apprentices=[apprentice]
        )
    assert "已审批的协议不能修改" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        services.agreement_revise(actor=unit, agreement=v1, reason="")
    assert err.value.message_dict == {"reason": ["请填写变更原因。"]}

    v2 = services.agreement_revise(actor=unit, agreement=v1, reason="延长期限一年")
    assert (v2.state, v2.version, v2.parent_id, v2.root_id) == (State.DRAFT, 2, v1.pk, v1.pk)
    assert v2.targets.count() == 1 and v2.parties.count() == 2
    with pytest.raises(ValidationError) as err:
        services.agreement_revise(actor=unit, agreement=v1, reason="再改")
    assert err.value.messages == ["该协议已有待审批的第2版，请先处理该版本。"]
    v1.refresh_from_db()
    assert v1.state == State.ACTIVE  # in force until the new version is approved

    services.agreement_update(
        actor=unit,
        agreement=v2,
        start_on=START,
        end_on=END + datetime.timedelta(days=365),
        masters=[master],
        apprentices=[apprentice],
    )
    sign_all(unit, v2)
    services.agreement_approve(actor=unit, agreement=v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.state, v2.state) == (State.SUPERSEDED, State.APPROVED)
    # The progress of the series stays with it.
    from innovation.pairs import selectors

    assert [r.content for r in selectors.progress(v2)["teaching"]] == ["攻关"]
    assert TeachingRecord.objects.filter(agreement=v1).count() == 1


def test_progress_is_recorded_only_on_an_agreement_in_force(world, unit, yx):
    agreement = draft(unit, yx[0], [yx[1]], [yx[2]])
    with pytest.raises(ValidationError) as err:
        services.teaching_add(actor=unit, agreement=agreement, on=TODAY, kind="session", hours=1, content="x")
    assert err.value.messages == ["师徒协议当前为「草拟中」，只有已审批或履行中的协议可以记录进展。"]
    assert not TeachingRecord.objects.exists()


def test_a_skill_change_must_be_a_promotion_with_a_certificate(world, unit, yx):
    enterprise, master, apprentice = yx
    agreement = approved(unit, enterprise, [master], [apprentice])
    services.skill_change_record(
        actor=unit, agreement=agreement, worker=apprentice, to_level="4", certificate_no="C-1", on=TODAY
    )
    with pytest.raises(ValidationError) as err:
        services.skill_change_record(
            actor=unit, agreement=agreement, worker=apprentice, to_level="5", certificate_no="C-2", on=TODAY
        )
    assert err.value.message_dict == {"to_level": ["义县职工一现为「中级工」，新等级须高于现有等级。"]}
    with pytest.raises(ValidationError) as err:
        services.skill_change_record(
            actor=unit, agreement=agreement, worker=master, to_level="1", certificate_no="C-3", on=TODAY
        )
    assert err.value.message_dict == {"worker": ["义县职工二不是本协议的徒弟。"]}
    assert SkillLevelChange.objects.count() == 1
    assert apprentice.skill_history.count() == 1


def test_patents_of_each_side_and_joint_ones(world, unit, yx):
    agreement = approved(unit, yx[0], [yx[1]], [yx[2]])
    services.patent_add(
        actor=unit,
        agreement=agreement,
        type="utility",
        number="ZL2019 2 0001234.5",
        title="一种炉口装置",
        holder="joint",
    )
    with pytest.raises(ValidationError) as err:
        services.patent_add(
            actor=unit,
            agreement=agreement,
            type="utility",
            number="ZL2019 2 0001234.5",
            title="重复",
            holder="master",
        )
    assert err.value.message_dict == {"number": ["专利号ZL2019 2 0001234.5已登记在本师徒协议中。"]}
    assert Agreement.objects.get(pk=agreement.pk).patents.count() == 1
