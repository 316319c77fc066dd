"""Budget amendments (defect 16): 调增 / 调减 with document number, date, reason and approver;
the line's amount is its base plus its amendments; a 调减 never leaves less than is committed;
every refusal changes nothing and is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from innovation.accounts.roles import Role
from innovation.audit.models import AuditAction, AuditEntry
from innovation.funds import amendments, services
from innovation.funds.models import BudgetAmendment, BudgetLine, Commitment
from tests.factories import make_user

from .conftest import make_commitment

ON = datetime.date(2024, 3, 10)


def amend(line, actor, *, direction="increase", amount_fen=8_500_000, document_no="锦工发〔2024〕8号", **kw):
    return amendments.amend(
        actor=actor,
        line=line,
        direction=direction,
        amount_fen=amount_fen,
        document_no=document_no,
        decided_on=kw.pop("decided_on", ON),
        reason=kw.pop("reason", "专门调增工作室补助预算"),
        approved_by=kw.pop("approved_by", actor),
    )


def money_of(line) -> tuple[int, int, int, int]:
    line.refresh_from_db()
    return (line.base_fen, line.amended_fen, line.amount_fen, line.committed_fen)


def refusals(action=AuditAction.REFUSED) -> int:
    return AuditEntry.objects.filter(action=action, detail__startswith="funds.amend refused").count()


def test_an_increase_raises_the_amount_and_is_recorded(world, lines):
    city = world.users["city"]
    city2 = make_user("t_city2", (Role.CITY_ADMIN, world.city))
    row = amend(lines.city, city, approved_by=city2)
    assert money_of(lines.city) == (10_000_000, 8_500_000, 18_500_000, 0)
    assert lines.city.amount_fen == 18_500_000  # the caller's copy is brought up to date
    row.refresh_from_db()
    assert (row.direction, row.amount_fen, row.delta_fen, row.document_no, row.decided_on) == (
        "increase",
        8_500_000,
        8_500_000,
        "锦工发〔2024〕8号",
        ON,
    )
    assert (row.reason, row.approved_by, row.recorded_by, row.scope_path) == (
        "专门调增工作室补助预算",
        city2,
        city,
        world.city.path,
    )
    assert str(row) == "2024年五小专项经费 调增 85000.00（锦工发〔2024〕8号）"
    created = AuditEntry.objects.get(object_type="funds.budgetamendment", action=AuditAction.CREATE)
    assert (created.actor, created.object_id) == (city, str(row.pk))
    moved = AuditEntry.objects.get(
        object_type="funds.budgetline", object_id=str(lines.city.pk), action="update"
    )
    assert moved.changes == {"amount_fen": [10_000_000, 18_500_000], "amended_fen": [0, 8_500_000]}
    assert moved.detail == "调增 85,000.00元（锦工发〔2024〕8号）：专门调增工作室补助预算"
    # The increase is money that may be committed.
    make_commitment(lines.city, 18_500_000, city)
    assert money_of(lines.city) == (10_000_000, 8_500_000, 18_500_000, 18_500_000)


def test_a_decrease_lowers_the_amount_but_never_below_what_is_committed(world, lines):
    city = world.users["city"]
    make_commitment(lines.city, 6_000_000, city)
    with pytest.raises(ValidationError) as exc:
        amend(lines.city, city, direction="decrease", amount_fen=4_000_001)
    assert exc.value.message_dict == {
        "amount_fen": [
            "预算科目「2024年五小专项经费」调减40,000.01元后预算金额为59,999.99元，低于已承诺的60,000.00元，"
            "不能调减；最多可调减40,000.00元。"
        ]
    }
    assert money_of(lines.city) == (10_000_000, 0, 10_000_000, 6_000_000)
    assert not BudgetAmendment.objects.exists()
    assert refusals() == 1
    row = amend(lines.city, city, direction="decrease", amount_fen=4_000_000, document_no="锦工发〔2024〕9号")
    assert row.delta_fen == -4_000_000
    assert money_of(lines.city) == (10_000_000, -4_000_000, 6_000_000, 6_000_000)
    with pytest.raises(ValidationError, match="余额不足"):
        make_commitment(lines.city, 1, city)


def test_the_amount_stays_base_plus_amendments_when_the_base_is_corrected(world, lines):
    city = world.users["city"]
    amend(lines.city, city, amount_fen=1_000_000)
    amend(lines.city, city, direction="decrease", amount_fen=300_000, document_no="锦工发〔2024〕9号")
    assert money_of(lines.city) == (10_000_000, 700_000, 10_700_000, 0)
    services.line_update(actor=city, line=lines.city, base_fen=9_000_000)
    assert money_of(lines.city) == (9_000_000, 700_000, 9_700_000, 0)
    make_commitment(lines.city, 9_500_000, city)
    with pytest.raises(ValidationError) as exc:
        services.line_update(actor=city, line=lines.city, base_fen=8_799_999)
    assert exc.value.message_dict["base_fen"] == [
        "预算金额不能低于已承诺金额：「2024年五小专项经费」已承诺95,000.00元，"
        "按预算基数87,999.99元（另有调整7,000.00元）计，预算金额将为94,999.99元。"
    ]
    assert money_of(lines.city) == (9_000_000, 700_000, 9_700_000, 9_500_000)


BAD = [
    ({"direction": "up"}, "direction", "请选择调整方向（调增或调减）。"),
    ({"amount_fen": 0}, "amount_fen", "金额须大于0。"),
    ({"amount_fen": -5}, "amount_fen", "金额须大于0。"),
    ({"amount_fen": 1.5}, "amount_fen", "金额须为整数分。"),
    ({"amount_fen": None}, "amount_fen", "金额须为整数分。"),
    ({"amount_fen": 10**15}, "amount_fen", "金额超过1000亿元，请核对单位是否正确。"),
    ({"document_no": "  "}, "document_no", "请填写批准调整的文件文号。"),
    ({"document_no": "号" * 61}, "document_no", "不能超过60个字。"),
    ({"reason": ""}, "reason", "请填写调整理由。"),
    ({"reason": "理" * 501}, "reason", "不能超过500个字。"),
    ({"decided_on": None}, "decided_on", "请填写批准日期。"),
    ({"decided_on": "2024-03-10"}, "decided_on", "请填写批准日期。"),
    ({"decided_on": datetime.date(2100, 1, 1)}, "decided_on", "批准日期不能晚于今天。"),
    (
        {"decided_on": datetime.date(2023, 12, 31)},
        "decided_on",
        "批准日期须在该科目的预算年度（2024年）内；年度开始前的安排请修改预算基数。",
    ),
    ({"approved_by": None}, "approved_by", "批准人须为有权管理「锦州市总工会」经费的管理员。"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[f"{b[1]}-{n}" for n, b in enumerate(BAD)])
def test_bad_input_is_refused_and_changes_nothing(world, lines, change, field, message):
    with pytest.raises(ValidationError) as exc:
        amend(lines.city, world.users["city"], **change)
    assert exc.value.message_dict == {field: [message]}
    assert money_of(lines.city) == (10_000_000, 0, 10_000_000, 0)
    assert not BudgetAmendment.objects.exists()
    assert refusals() == 1


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "expert", "sysadmin"])
def test_the_approver_must_be_who_may_manage_the_lines_funds(world, lines, who):
    with pytest.raises(ValidationError) as exc:
        amend(lines.yixian, world.users["city"], approved_by=world.users[who])
    assert exc.value.message_dict == {"approved_by": ["批准人须为有权管理「义县总工会」经费的管理员。"]}
    assert not BudgetAmendment.objects.exists()


def test_an_inactive_approver_is_refused(world, lines):
    city2 = make_user("t_city2", (Role.CITY_ADMIN, world.city))
    city2.is_active = False
    city2.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="批准人须为"):
        amend(lines.city, world.users["city"], approved_by=city2)


def test_the_approvers_of_a_line_are_the_admins_over_its_union(world, lines):
    city2 = make_user("t_city2", (Role.CITY_ADMIN, world.city))
    elsewhere = make_user("t_city_hs", (Role.CITY_ADMIN, world.heishan))  # a city admin granted at 黑山
    assert list(amendments.approvers_for(world.yixian)) == [world.users["city"], city2]
    assert list(amendments.approvers_for(world.heishan)) == [world.users["city"], city2, elsewhere]


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert", "audit", "nobody"])
def test_only_who_may_manage_the_lines_funds_may_amend_it(world, lines, who):
    with pytest.raises(PermissionDenied) as exc:
        amend(lines.yixian, world.users[who], approved_by=world.users["city"])
    assert str(exc.value) == "您无权管理「义县总工会」的经费。"
    assert money_of(lines.yixian) == (5_000_000, 0, 5_000_000, 0)
    assert refusals(AuditAction.ACCESS_DENIED) == 1


def test_a_document_amends_a_line_once(world, lines):
    city = world.users["city"]
    amend(lines.city, city)
    with pytest.raises(ValidationError) as exc:
        amend(lines.city, city, amount_fen=1)
    assert exc.value.message_dict == {
        "document_no": ["文号「锦工发〔2024〕8号」已登记过「2024年五小专项经费」的预算调整，不能重复登记。"]
    }
    amend(lines.yixian, city)  # one document may amend several lines
    assert money_of(lines.city) == (10_000_000, 8_500_000, 18_500_000, 0)
    assert BudgetAmendment.objects.count() == 2


def test_check_constraints_refuse_a_total_written_behind_the_service(world, lines):
    for update in (
        {"amount_fen": F("amount_fen") + 1},  # amount ≠ base + amendments
        {"amended_fen": 5, "amount_fen": F("amount_fen") + 4},
        {"base_fen": -1, "amended_fen": 1},  # a negative base
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=lines.city.pk).update(**update)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetAmendment.objects.create(
            line=lines.city,
            direction="increase",
            amount_fen=0,
            document_no="x",
            decided_on=ON,
            reason="x",
            approved_by=world.users["city"],
            recorded_by=world.users["city"],
        )
    assert money_of(lines.city) == (10_000_000, 0, 10_000_000, 0)


def test_a_violated_constraint_becomes_the_same_refusal(world, lines, monkeypatch):
    """Even if the decrease check were skipped, committed ≤ amount refuses, with the message."""
    make_commitment(lines.heishan, 2_000_000, world.users["city"])
    monkeypatch.setattr(amendments, "check_decrease", lambda line, amount: None)
    with pytest.raises(ValidationError) as exc:
        amend(lines.heishan, world.users["city"], direction="decrease", amount_fen=1_500_000)
    assert "调减15,000.00元后预算金额为15,000.00元，低于已承诺的20,000.00元" in exc.value.messages[0]
    assert money_of(lines.heishan) == (3_000_000, 0, 3_000_000, 2_000_000)
    assert not BudgetAmendment.objects.exists()
    assert refusals() == 1
    assert Commitment.objects.count() == 1
