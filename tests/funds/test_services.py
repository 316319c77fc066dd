import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.audit.models import AuditEntry
from innovation.funds import services
from innovation.funds.models import BudgetLine, Commitment, LineKind, Payment

from .conftest import make_commitment

PAID_ON = datetime.date(2024, 6, 1)


def refusals(step: str) -> int:
    return AuditEntry.objects.filter(detail__startswith=f"funds.{step} refused").count()


def fresh(obj):
    obj.refresh_from_db()
    return obj


# ---------------------------------------------------------------- lines


def test_a_line_belongs_to_its_union_and_starts_empty(world, lines):
    line = fresh(lines.yixian)
    assert (line.base_fen, line.amended_fen, line.amount_fen, line.committed_fen, line.paid_fen) == (
        5_000_000,
        0,
        5_000_000,
        0,
        0,
    )
    assert line.scope_path == world.yixian.path
    assert line.available_fen == 5_000_000


def test_a_second_line_of_the_same_kind_and_year_is_refused(world, lines):
    with pytest.raises(ValidationError) as exc:
        services.line_create(
            actor=world.users["city"],
            union=world.yixian,
            year=2024,
            kind=LineKind.STUDIO,
            name="重复",
            amount_fen=1,
        )
    assert "已有「工作室补助」预算科目" in exc.value.message_dict["kind"][0]
    assert BudgetLine.objects.count() == 3
    assert refusals("line_create") == 1


@pytest.mark.parametrize(
    ("amount", "field", "message"),
    [
        (-1, "amount_fen", "金额不能为负数。"),
        (12.5, "amount_fen", "金额须为整数分。"),
        (True, "amount_fen", "金额须为整数分。"),
        (10**15, "amount_fen", "金额超过1000亿元，请核对单位是否正确。"),
    ],
)
def test_a_bad_line_amount_is_refused(world, amount, field, message):
    with pytest.raises(ValidationError) as exc:
        services.line_create(
            actor=world.users["city"],
            union=world.city,
            year=2025,
            kind=LineKind.OTHER,
            name="x",
            amount_fen=amount,
        )
    assert exc.value.message_dict[field] == [message]
    assert not BudgetLine.objects.exists()


def test_a_district_admin_cannot_create_or_change_a_line(world, lines):
    with pytest.raises(PermissionDenied):
        services.line_create(
            actor=world.users["yixian"],
            union=world.yixian,
            year=2025,
            kind=LineKind.OTHER,
            name="x",
            amount_fen=1,
        )
    with pytest.raises(PermissionDenied):
        services.line_update(actor=world.users["yixian"], line=lines.yixian, base_fen=1)
    assert fresh(lines.yixian).amount_fen == 5_000_000
    assert AuditEntry.objects.filter(detail__contains="您无权管理「义县总工会」的经费").count() == 2


def test_a_line_amount_can_not_go_below_what_is_committed(world, lines):
    make_commitment(lines.city, 600_000, world.users["city"])
    with pytest.raises(ValidationError) as exc:
        services.line_update(actor=world.users["city"], line=lines.city, base_fen=599_999)
    assert exc.value.message_dict["base_fen"] == [
        "预算金额不能低于已承诺金额：「2024年五小专项经费」已承诺6,000.00元，"
        "按预算基数5,999.99元（另有调整0.00元）计，预算金额将为5,999.99元。"
    ]
    assert fresh(lines.city).amount_fen == 10_000_000
    assert refusals("line_update") == 1
    services.line_update(actor=world.users["city"], line=lines.city, base_fen=600_000, name="改名")
    line = fresh(lines.city)
    assert (line.base_fen, line.amount_fen, line.committed_fen, line.name) == (
        600_000,
        600_000,
        600_000,
        "改名",
    )


# ---------------------------------------------------------------- commitments


def test_a_commitment_adds_to_the_line_and_traces_its_origin(world, lines):
    approver = world.users["city"]
    c = make_commitment(lines.city, 500_000, approver, source_id=7, payee_worker=world.workers["yx_a_1"])
    assert fresh(lines.city).committed_fen == 500_000
    assert lines.city.committed_fen == 500_000  # the caller's copy is brought up to date
    c = fresh(c)
    assert (c.amount_fen, c.paid_fen, c.state) == (500_000, 0, Commitment.State.OPEN)
    assert (c.source_kind, c.source_id, c.approved_by) == ("award", 7, approver)
    assert c.policy_ref == "AwardGrade#1 2024 一等奖 ¥5,000.00"
    assert c.decision_ref == "Decision#1"
    assert c.scope_path == lines.city.scope_path
    trail = AuditEntry.objects.filter(
        object_type="funds.budgetline", object_id=str(lines.city.pk), action="update"
    )
    assert trail.get().changes == {"committed_fen": [0, 500_000]}


def test_commitments_fill_a_line_to_the_last_fen(world, lines):
    make_commitment(lines.heishan, 2_999_999, world.users["city"])
    make_commitment(lines.heishan, 1, world.users["city"])
    assert fresh(lines.heishan).committed_fen == 3_000_000
    assert fresh(lines.heishan).available_fen == 0


def test_an_over_commitment_is_refused_with_the_figures_and_changes_nothing(world, lines):
    make_commitment(lines.heishan, 2_800_000, world.users["city"])
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_commitment(lines.heishan, 200_001, world.users["city"], source_id=99)
    assert exc.value.message_dict["amount_fen"] == [
        "预算科目「2024 黑山县工作室补助」余额不足：本次承诺2,000.01元，预算30,000.00元，"
        "已承诺28,000.00元，尚余2,000.00元，不能超额承诺。"
    ]
    assert fresh(lines.heishan).committed_fen == 2_800_000
    assert not Commitment.objects.filter(source_id=99).exists()
    # The only new audit row is the refusal itself.
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert entry.detail.startswith("funds.commit refused: 预算科目「2024 黑山县工作室补助」余额不足")
    assert entry.actor == world.users["city"]


def test_a_second_commitment_for_the_same_source_is_refused(world, lines):
    make_commitment(lines.city, 100_000, world.users["city"], source_kind="award", source_id=5)
    with pytest.raises(ValidationError) as exc:
        make_commitment(lines.yixian, 100_000, world.users["city"], source_kind="award", source_id=5)
    assert "来源 award#5 已有经费承诺" in exc.value.messages[0]
    assert fresh(lines.yixian).committed_fen == 0
    assert refusals("commit") == 1
    # Another kind of source with the same number is a different source.
    make_commitment(lines.yixian, 100_000, world.users["city"], source_kind="studio_subsidy", source_id=5)


def test_a_commitment_needs_policy_decision_and_approver(world, lines):
    with pytest.raises(ValidationError) as exc:
        services.commit(
            line=lines.city,
            amount_fen=0,
            payee=" ",
            purpose="奖金",
            source_kind="award",
            source_id=1,
            policy_ref="",
            decision_ref="",
            approved_by=None,
        )
    assert set(exc.value.message_dict) == {"amount_fen", "payee", "policy_ref", "decision_ref", "approved_by"}
    assert exc.value.message_dict["policy_ref"] == ["请注明政策依据，每一笔经费都须可追溯到政策。"]
    assert fresh(lines.city).committed_fen == 0


# ---------------------------------------------------------------- payments


def test_payments_move_a_commitment_to_part_paid_then_paid(world, lines):
    actor = world.users["city"]
    c = make_commitment(lines.city, 500_000, actor)
    p1 = services.pay(
        commitment=c, amount_fen=200_000, paid_on=PAID_ON, voucher_no="JZ-2024-001", actor=actor
    )
    assert (fresh(c).paid_fen, c.state) == (200_000, Commitment.State.PART_PAID)
    services.pay(commitment=c, amount_fen=300_000, paid_on=PAID_ON, voucher_no="JZ-2024-002", actor=actor)
    c = fresh(c)
    assert (c.paid_fen, c.state) == (500_000, Commitment.State.PAID)
    line = fresh(lines.city)
    assert (line.amount_fen, line.committed_fen, line.paid_fen) == (10_000_000, 500_000, 500_000)
    assert (p1.scope_path, p1.recorded_by, p1.amount_fen) == (lines.city.scope_path, actor, 200_000)
    assert list(Payment.objects.order_by("id").values_list("voucher_no", flat=True)) == [
        "JZ-2024-001",
        "JZ-2024-002",
    ]


def test_the_worker_paid_is_told_what_for_how_much_and_when(world, lines):
    from innovation.notifications.models import Notification

    actor = world.users["city"]
    c = make_commitment(
        lines.city,
        500_000,
        actor,
        source_id=8,
        payee_worker=world.workers["yx_a_1"],
        purpose="2024年一等奖奖金",
    )
    services.pay(commitment=c, amount_fen=200_000, paid_on=PAID_ON, voucher_no="JZ-2024-101", actor=actor)
    unpaid_outsider = make_commitment(lines.city, 100_000, actor, source_id=9, payee="外单位专家")
    services.pay(
        commitment=unpaid_outsider, amount_fen=100_000, paid_on=PAID_ON, voucher_no="JZ-2024-102", actor=actor
    )
    told = Notification.objects.filter(title__startswith="已向您支付")
    assert [(n.user, n.title, n.body) for n in told] == [
        (world.users["worker"], "已向您支付2,000.00元", f"2024年一等奖奖金，{PAID_ON.isoformat()}支付。")
    ]


def test_a_payment_above_the_commitment_is_refused(world, lines):
    actor = world.users["city"]
    c = make_commitment(lines.city, 500_000, actor)
    services.pay(commitment=c, amount_fen=499_000, paid_on=PAID_ON, voucher_no="V1", actor=actor)
    with pytest.raises(ValidationError) as exc:
        services.pay(commitment=c, amount_fen=1_001, paid_on=PAID_ON, voucher_no="V2", actor=actor)
    assert exc.value.message_dict["amount_fen"] == [
        "支付金额10.01元超过承诺未付余额：承诺5,000.00元，已支付4,990.00元，尚余10.00元。"
    ]
    assert fresh(c).paid_fen == 499_000
    assert fresh(lines.city).paid_fen == 499_000
    assert not Payment.objects.filter(voucher_no="V2").exists()
    assert refusals("pay") == 1


def test_a_voucher_number_is_used_once(world, lines):
    actor = world.users["city"]
    a = make_commitment(lines.city, 500_000, actor)
    b = make_commitment(lines.city, 500_000, actor)
    services.pay(commitment=a, amount_fen=100, paid_on=PAID_ON, voucher_no="JZ-7", actor=actor)
    with pytest.raises(ValidationError) as exc:
        services.pay(commitment=b, amount_fen=100, paid_on=PAID_ON, voucher_no=" JZ-7 ", actor=actor)
    assert exc.value.message_dict["voucher_no"] == ["凭证号「JZ-7」已登记过支付，不能重复使用。"]
    assert fresh(b).paid_fen == 0
    assert Payment.objects.count() == 1


def test_a_payment_dated_in_the_future_is_refused(world, lines):
    actor = world.users["city"]
    c = make_commitment(lines.city, 500_000, actor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.pay(commitment=c, amount_fen=100, paid_on=tomorrow, voucher_no="F1", actor=actor)
    assert exc.value.message_dict["paid_on"] == ["支付日期不能晚于今天。"]
    services.pay(commitment=c, amount_fen=100, paid_on=timezone.localdate(), voucher_no="F1", actor=actor)
    assert fresh(c).paid_fen == 100


def test_a_district_admin_cannot_pay(world, lines):
    c = make_commitment(lines.yixian, 100_000, world.users["city"])
    with pytest.raises(PermissionDenied):
        services.pay(
            commitment=c, amount_fen=100, paid_on=PAID_ON, voucher_no="D1", actor=world.users["yixian"]
        )
    assert not Payment.objects.exists()


# ---------------------------------------------------------------- cancel


def test_cancel_gives_the_amount_back_to_the_line(world, lines):
    actor = world.users["city"]
    make_commitment(lines.heishan, 1_000_000, actor)
    c = make_commitment(lines.heishan, 2_000_000, actor)
    assert fresh(lines.heishan).available_fen == 0
    services.cancel(commitment=c, actor=actor, reason="异议成立，撤销授奖")
    assert fresh(c).state == Commitment.State.CANCELLED
    line = fresh(lines.heishan)
    assert (line.committed_fen, line.available_fen) == (1_000_000, 2_000_000)
    entry = AuditEntry.objects.filter(
        object_type="funds.commitment", object_id=str(c.pk), action="update"
    ).get()
    assert entry.changes == {"state": ["open", "cancelled"]}
    assert "异议成立，撤销授奖" in entry.detail
    # A cancelled commitment is neither paid nor cancelled again.
    with pytest.raises(ValidationError, match="已撤销"):
        services.pay(commitment=c, amount_fen=1, paid_on=PAID_ON, voucher_no="C1", actor=actor)
    with pytest.raises(ValidationError, match="已撤销"):
        services.cancel(commitment=c, actor=actor, reason="再次")
    assert fresh(lines.heishan).committed_fen == 1_000_000


def test_a_paid_commitment_cannot_be_cancelled_and_a_reason_is_required(world, lines):
    actor = world.users["city"]
    c = make_commitment(lines.city, 500_000, actor)
    with pytest.raises(ValidationError) as exc:
        services.cancel(commitment=c, actor=actor, reason="  ")
    assert exc.value.message_dict == {"reason": ["请填写撤销理由。"]}
    services.pay(commitment=c, amount_fen=1, paid_on=PAID_ON, voucher_no="P1", actor=actor)
    with pytest.raises(ValidationError) as exc:
        services.cancel(commitment=c, actor=actor, reason="错发")
    assert exc.value.messages == ["该经费承诺已支付0.01元，不能撤销。"]
    assert fresh(c).state == Commitment.State.PART_PAID
    assert fresh(lines.city).committed_fen == 500_000
    assert refusals("cancel") == 2


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("1.5"), "100", None])
def test_a_commitment_amount_must_be_whole_fen(world, lines, amount):
    with pytest.raises(ValidationError) as exc:
        make_commitment(lines.city, amount, world.users["city"])
    assert exc.value.message_dict["amount_fen"] == ["金额须为整数分。"]
    assert fresh(lines.city).committed_fen == 0
