"""Subsidies as versioned policy; the yearly round: propose, adjust (cap), four-eyes, commit, pay."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditAction, AuditEntry
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, Commitment, LineKind, Payment
from innovation.studios.models import (
    Assessment,
    Naming,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)
from innovation.studios.reports import assessment
from innovation.studios.subsidies import selectors as subsidy_selectors
from innovation.studios.subsidies import services as subsidies
from tests.studios.builders import make_studio

from .report_builders import USE_SCOPE, make_rubric, plan_2019, studio_line

pytestmark = pytest.mark.django_db

MODEL, WORKER = StudioType.MODEL_WORKER, StudioType.WORKER


@pytest.fixture(name="setting")
def setting_fixture(world):
    """The 2019 plan; studios named before 2021 with their 2020 results, and two named in 2021."""
    policies = plan_2019(world)
    rubric = make_rubric(2019)
    s = {
        "p1": make_studio(
            world, "省级劳模创新工作室", "yx_a", studio_type=MODEL, level=StudioLevel.PROVINCIAL
        ),
        "c1": make_studio(world, "黑山丙化工职工创新工作室", "hs_a"),
        "c2": make_studio(world, "乙食品劳模创新工作室", "yx_b", studio_type=MODEL),
        "d1": make_studio(world, "义县乙县级工作室", "yx_b", level=StudioLevel.DISTRICT),
        "n1": make_studio(world, "新命名劳模创新工作室", "yx_a", studio_type=MODEL, year=2021),
        "n2": make_studio(world, "新命名职工创新工作室", "hs_b", year=2021),
    }
    for key, result in (("p1", "excellent"), ("c1", "qualified"), ("c2", "unqualified"), ("d1", "excellent")):
        Assessment.objects.create(
            studio=s[key],
            year=2020,
            rubric=rubric,
            score=Decimal("50"),
            result=result,
            assessed_at=datetime.datetime(2021, 1, 15, tzinfo=datetime.UTC),
            scope_path=s[key].scope_path,
        )
    return {"policies": policies, "studios": s}


def amounts(round_) -> dict:
    return {(line.studio.name, line.kind): line.amount_fen for line in round_.lines.select_related("studio")}


def propose(world, year=2021, line=None, amount_fen=10_000_000):
    line = line or studio_line(world, year, amount_fen)
    return subsidies.propose_round(union=world.city, year=year, budget_line=line, actor=world.users["city"])


def test_policy_in_force_is_the_latest_row_on_the_date(world):
    p = plan_2019(world)
    revision = subsidies.policy_create(
        actor=world.users["city"],
        kind=SubsidyPolicy.Kind.NAMING,
        studio_type=WORKER,
        levels=["city"],
        effective_from=datetime.date(2021, 3, 1),
        amount_fen=2_500_000,
        use_scope=USE_SCOPE,
        document="三年工作方案（2021年3月修订）",
    )

    def naming(on):
        return subsidy_selectors.policy_in_force(kind="naming", studio_type=WORKER, level="city", on=on)

    assert naming(datetime.date(2018, 12, 31)) is None
    assert naming(datetime.date(2021, 2, 28)) == p["naming_worker"]
    assert naming(datetime.date(2021, 3, 1)) == revision
    assert (
        subsidy_selectors.policy_in_force(
            kind="naming", studio_type=MODEL, level="city", on=datetime.date(2022, 1, 1)
        )
        == (p["naming_model"])
    )
    assert (
        subsidy_selectors.policy_in_force(
            kind="naming", studio_type=WORKER, level="provincial", on=datetime.date(2022, 1, 1)
        )
        is None
    )
    assert (
        subsidy_selectors.policy_in_force(
            kind="yearly", studio_type=MODEL, level="provincial", on=datetime.date(2020, 1, 1)
        )
        == (p["yearly"])
    )
    assert (
        subsidy_selectors.policy_in_force(
            kind="yearly", studio_type=WORKER, level="district", on=datetime.date(2020, 1, 1)
        )
        is None
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"by_result_fen": {"excellent": 2_500_000, "qualified": 1_000_000}},
            "by_result_fen",
        ),  # above the cap
        ({"cap_fen": None}, "cap_fen"),
        ({"levels": []}, "levels"),
        ({"levels": ["city", "galaxy"]}, "levels"),
        ({"use_scope": ""}, "use_scope"),
        ({"document": " "}, "document"),
        ({"by_result_fen": {"excellent": 100, "brilliant": 100}}, "by_result_fen"),
    ],
)
def test_bad_policy_rows_are_refused(world, change, field):
    data = {
        "kind": "yearly",
        "levels": ["city"],
        "effective_from": datetime.date(2019, 1, 1),
        "by_result_fen": {"excellent": 2_000_000},
        "cap_fen": 2_000_000,
        "use_scope": USE_SCOPE,
        "document": "方案",
        **change,
    }
    with pytest.raises(ValidationError) as caught:
        subsidies.policy_create(actor=world.users["city"], **data)
    assert field in caught.value.message_dict
    assert not SubsidyPolicy.objects.exists()
    with pytest.raises(PermissionDenied):
        subsidies.policy_create(actor=world.users["yixian"], **data)


def test_the_round_is_proposed_from_policy_and_results(world, setting):
    round_ = propose(world)
    assert round_.state == SubsidyRound.State.DRAFT
    assert amounts(round_) == {
        ("新命名劳模创新工作室", "naming"): 3_000_000,
        ("新命名职工创新工作室", "naming"): 2_000_000,
        ("省级劳模创新工作室", "yearly"): 2_000_000,  # excellent
        ("黑山丙化工职工创新工作室", "yearly"): 1_000_000,  # qualified
    }
    assert subsidy_selectors.round_total_fen(round_) == 8_000_000  # 80,000 yuan
    assert round_.notes == ["「乙食品劳模创新工作室」2020年度考核不合格，按政策不予年度补助。"]
    line = round_.lines.get(studio=setting["studios"]["n1"])
    assert (line.policy, line.proposed_fen, line.use_scope) == (
        setting["policies"]["naming_model"],
        3_000_000,
        USE_SCOPE,
    )
    assert "2021年命名为市级劳模创新工作室" in line.basis and f"补助政策#{line.policy_id}" in line.basis
    yearly = round_.lines.get(studio=setting["studios"]["p1"])
    assert yearly.basis.startswith("2020年度考核优秀（50.00分）")


def test_a_revision_applies_from_its_date(world, setting):
    s = setting["studios"]
    Naming.objects.filter(studio=s["n2"]).update(named_on=datetime.date(2021, 2, 1))  # before the revision
    n3 = make_studio(world, "三月后命名职工创新工作室", "yx_b", year=2021)  # named 2021-06-01
    revision = {
        "actor": world.users["city"],
        "effective_from": datetime.date(2021, 3, 1),
        "use_scope": "修订后的使用范围",
        "document": "2021年3月修订",
    }
    subsidies.policy_create(
        kind="naming", studio_type=WORKER, levels=["city"], amount_fen=2_500_000, **revision
    )
    subsidies.policy_create(
        kind="yearly",
        levels=["national", "provincial", "city"],
        by_result_fen={"excellent": 2_000_000, "qualified": 1_500_000},
        cap_fen=2_000_000,
        **revision,
    )
    round_ = propose(world)
    assert amounts(round_) == {
        ("新命名劳模创新工作室", "naming"): 3_000_000,  # no revision for model-worker studios
        ("新命名职工创新工作室", "naming"): 2_000_000,  # named 2021-02-01: the 2019 plan
        ("三月后命名职工创新工作室", "naming"): 2_500_000,  # named 2021-06-01: the revision
        ("省级劳模创新工作室", "yearly"): 2_000_000,
        ("黑山丙化工职工创新工作室", "yearly"): 1_500_000,  # the revision (the round's date is after March)
    }
    assert round_.lines.get(studio=n3).use_scope == "修订后的使用范围"


def test_policy_change_never_rewrites_past_lines_or_payments(world, setting, city2):
    round_ = propose(world)
    subsidies.approve_round(round=round_, actor=world.users["city"])
    subsidies.approve_round(round=round_, actor=city2)
    c1_line = round_.lines.get(studio=setting["studios"]["c1"])
    subsidies.pay_line(
        line=c1_line,
        amount_fen=1_000_000,
        paid_on=datetime.date(2021, 7, 1),
        voucher_no="JZ-2021-007",
        actor=city2,
    )
    before = {
        (line.pk, line.amount_fen, line.policy_id, line.use_scope) for line in SubsidyLine.objects.all()
    }
    committed = {(c.pk, c.amount_fen, c.policy_ref) for c in Commitment.objects.all()}

    revision = subsidies.policy_create(
        actor=world.users["city"],
        kind="yearly",
        levels=["national", "provincial", "city"],
        effective_from=datetime.date(2021, 3, 1),
        by_result_fen={"excellent": 2_000_000, "qualified": 1_500_000},
        cap_fen=2_000_000,
        use_scope="修订后的使用范围",
        document="2021年3月修订",
    )
    assert {
        (line.pk, line.amount_fen, line.policy_id, line.use_scope) for line in SubsidyLine.objects.all()
    } == before
    assert {(c.pk, c.amount_fen, c.policy_ref) for c in Commitment.objects.all()} == committed
    assert Payment.objects.get().amount_fen == 1_000_000
    # The approved round cannot be proposed again; next year's uses the revision.
    with pytest.raises(ValidationError, match="不能重新拟定"):
        propose(world, line=BudgetLine.objects.get(year=2021))
    Assessment.objects.filter(year=2020).update(year=2021)
    later = propose(world, year=2022, amount_fen=5_000_000)
    assert {line.policy_id for line in later.lines.all()} == {revision.pk}
    assert amounts(later)[("黑山丙化工职工创新工作室", "yearly")] == 1_500_000


def test_adjust_needs_a_reason_and_never_exceeds_the_cap(world, setting):
    round_ = propose(world)
    c1 = round_.lines.get(studio=setting["studios"]["c1"])
    n1 = round_.lines.get(studio=setting["studios"]["n1"])
    city = world.users["city"]
    with pytest.raises(ValidationError) as caught:
        subsidies.adjust_line(line=c1, amount_fen=2_000_001, reason="成果突出", actor=city)
    assert "最高20,000.00元" in caught.value.message_dict["amount_fen"][0]
    with pytest.raises(ValidationError) as caught:
        subsidies.adjust_line(line=c1, amount_fen=1_800_000, reason="  ", actor=city)
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError, match="最高30,000.00元"):
        subsidies.adjust_line(line=n1, amount_fen=3_000_100, reason="x", actor=city)
    with pytest.raises(PermissionDenied):
        subsidies.adjust_line(line=c1, amount_fen=1_800_000, reason="x", actor=world.users["heishan"])
    assert SubsidyLine.objects.get(pk=c1.pk).amount_fen == 1_000_000
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="line_adjust").count() == 3

    subsidies.adjust_line(line=c1, amount_fen=1_800_000, reason="攻关成果突出", actor=city)
    c1.refresh_from_db()
    assert (c1.proposed_fen, c1.amount_fen, c1.reason) == (1_000_000, 1_800_000, "攻关成果突出")
    assert subsidy_selectors.round_total_fen(round_) == 8_800_000
    # Proposing again while a draft starts over from policy.
    again = propose(world, line=round_.budget_line)
    assert again.pk == round_.pk and subsidy_selectors.round_total_fen(again) == 8_000_000


def test_four_eyes_then_every_line_is_committed(world, setting, city2):
    round_ = propose(world)
    city = world.users["city"]
    subsidies.approve_round(round=round_, actor=city)
    assert round_.state == SubsidyRound.State.APPROVING
    with pytest.raises(ValidationError, match="四眼原则"):
        subsidies.approve_round(round=round_, actor=city)
    with pytest.raises(ValidationError, match="只有拟定中的批次可以调整"):
        subsidies.adjust_line(line=round_.lines.first(), amount_fen=1, reason="x", actor=city2)
    with pytest.raises(PermissionDenied):
        subsidies.approve_round(round=round_, actor=world.users["yixian"])
    assert not Commitment.objects.exists()

    subsidies.approve_round(round=round_, actor=city2)
    round_.refresh_from_db()
    assert (round_.state, round_.first_approver, round_.second_approver) == ("approved", city, city2)
    commitments = Commitment.objects.filter(source_kind="studio_subsidy")
    assert sorted(c.amount_fen for c in commitments) == [1_000_000, 2_000_000, 2_000_000, 3_000_000]
    line = round_.lines.get(studio=setting["studios"]["n1"])
    c = line.commitment
    assert (c.source_id, c.payee, c.approved_by, c.line) == (
        line.pk,
        "新命名劳模创新工作室",
        city2,
        round_.budget_line,
    )
    assert c.policy_ref.startswith("锦州市总工会服务振兴发展加强职工创新创造三年工作方案（2019）")
    assert f"（补助政策第{line.policy_id}号）" in c.policy_ref
    assert (
        f"工作室补助批次第{round_.pk}号" in c.decision_ref
        and "t_city" in c.decision_ref
        and "t_city2" in c.decision_ref
    )
    assert c.purpose.startswith(
        "2021年新命名一次性补助：新命名劳模创新工作室；使用范围：用于工作室场地设备购置"
    )
    budget = BudgetLine.objects.get(pk=round_.budget_line_id)
    assert (budget.committed_fen, budget.available_fen) == (8_000_000, 2_000_000)
    with pytest.raises(ValidationError, match="不能审批"):
        subsidies.approve_round(round=round_, actor=city)


def test_returned_round_clears_the_first_approval(world, setting, city2):
    round_ = propose(world)
    subsidies.approve_round(round=round_, actor=world.users["city"])
    with pytest.raises(ValidationError):
        subsidies.return_round(round=round_, actor=city2, reason="")
    subsidies.return_round(round=round_, actor=city2, reason="请复核黑山县工作室补助")
    round_.refresh_from_db()
    assert (round_.state, round_.first_approver) == ("draft", None)


def test_a_round_over_the_line_is_refused_and_nothing_is_committed(world, setting, city2):
    small = studio_line(world, 2021, 5_000_000)  # 50,000 yuan for 80,000 of subsidies
    round_ = propose(world, line=small)
    with pytest.raises(ValidationError) as caught:
        subsidies.approve_round(round=round_, actor=world.users["city"])
    assert "还差30,000.00元" in caught.value.messages[0]
    assert subsidy_selectors.shortfall_fen(round_) == 3_000_000

    funds.line_update(actor=world.users["city"], line=small, base_fen=8_500_000)
    subsidies.approve_round(round=round_, actor=world.users["city"])
    # Before the second approval another commitment takes 10,000 yuan of the line.
    funds.commit(
        line=small,
        amount_fen=1_000_000,
        payee="工作室设备采购",
        purpose="设备",
        source_kind="other",
        source_id=1,
        policy_ref="预算安排",
        decision_ref="党组会议",
        approved_by=world.users["city"],
    )
    with pytest.raises(ValidationError) as caught:
        subsidies.approve_round(round=round_, actor=city2)
    assert "还差5,000.00元" in caught.value.messages[0]
    assert "未作任何变更" in caught.value.messages[0]
    round_.refresh_from_db()
    small.refresh_from_db()
    assert round_.state == SubsidyRound.State.APPROVING
    assert not Commitment.objects.filter(source_kind="studio_subsidy").exists()
    assert not SubsidyLine.objects.filter(commitment__isnull=False).exists()
    assert small.committed_fen == 1_000_000
    assert (
        AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="round_approve").count() == 2
    )


def test_payment_carries_the_use_scope(world, setting, city2):
    round_ = propose(world)
    line = round_.lines.get(studio=setting["studios"]["n1"])
    with pytest.raises(ValidationError, match="尚未经两人审批"):
        subsidies.pay_line(
            line=line, amount_fen=1, paid_on=datetime.date(2021, 7, 1), voucher_no="V1", actor=city2
        )
    subsidies.approve_round(round=round_, actor=world.users["city"])
    subsidies.approve_round(round=round_, actor=city2)
    line.refresh_from_db()
    payment = subsidies.pay_line(
        line=line,
        amount_fen=1_000_000,
        paid_on=datetime.date(2021, 7, 1),
        voucher_no="JZ-2021-001",
        actor=city2,
    )
    assert (payment.commitment_id, payment.amount_fen) == (line.commitment_id, 1_000_000)
    assert line.use_scope == USE_SCOPE
    assert USE_SCOPE[:20] in payment.commitment.purpose
    with pytest.raises(ValidationError, match="超过承诺未付余额"):
        subsidies.pay_line(
            line=line,
            amount_fen=2_000_001,
            paid_on=datetime.date(2021, 7, 2),
            voucher_no="JZ-2021-002",
            actor=city2,
        )
    assert subsidy_selectors.subsidies_paid_fen(world.users["city"]) == 1_000_000
    assert subsidy_selectors.subsidies_paid_fen(world.users["yixian"]) == 0  # the city's line is not 义县's


def test_who_may_propose_and_which_line(world, setting):
    line = studio_line(world, 2021, 10_000_000)
    for user in ("yixian", "unit", "heishan"):
        with pytest.raises(PermissionDenied):
            subsidies.propose_round(union=world.city, year=2021, budget_line=line, actor=world.users[user])
    five_smalls = funds.line_create(
        actor=world.users["city"],
        union=world.city,
        year=2021,
        kind=LineKind.FIVE_SMALLS,
        name="五小",
        amount_fen=1,
    )
    with pytest.raises(ValidationError, match="不是工作室补助科目"):
        propose(world, line=five_smalls)
    with pytest.raises(ValidationError, match="2021年的工作室补助预算科目"):
        propose(world, year=2021, line=studio_line(world, 2020, 1))
    assert not SubsidyRound.objects.exists()


def test_a_revoked_studio_must_be_set_to_zero_before_approval(world, setting, city2):
    round_ = propose(world)
    c1 = setting["studios"]["c1"]
    assessment.revoke(
        studio=c1, actor=world.users["city"], document_no="锦工发〔2021〕9号", reason="严重过错"
    )
    with pytest.raises(ValidationError, match="黑山丙化工职工创新工作室"):
        subsidies.approve_round(round=round_, actor=world.users["city"])
    line = round_.lines.get(studio=c1)
    subsidies.adjust_line(line=line, amount_fen=0, reason="已摘牌", actor=world.users["city"])
    subsidies.approve_round(round=round_, actor=world.users["city"])
    subsidies.approve_round(round=round_, actor=city2)
    line.refresh_from_db()
    assert line.commitment is None  # nothing to pay
    assert Commitment.objects.filter(source_kind="studio_subsidy").count() == 3


def test_results_paid_on_are_not_reassessed(world, setting, city2):
    round_ = propose(world)
    subsidies.approve_round(round=round_, actor=world.users["city"])
    subsidies.approve_round(round=round_, actor=city2)
    summary = assessment.run_assessment(year=2020, actor=world.users["city"])
    assert sorted(summary["frozen"]) == sorted(["省级劳模创新工作室", "黑山丙化工职工创新工作室"])
    assert Assessment.objects.get(studio=setting["studios"]["p1"], year=2020).result == "excellent"
    # Studios not paid on were (re)assessed: no 2020 report, unqualified.
    assert Assessment.objects.get(studio=setting["studios"]["c2"], year=2020).result == "unqualified"
    assert Studio.objects.count() == 6
