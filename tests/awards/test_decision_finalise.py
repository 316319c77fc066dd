"""Making the decision final: awards, shares split to the fen, certificate codes, commitments
against the budget line, states moved — all in one transaction, or nothing."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innovation.achievements.models import Achievement, AwardGrade, State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import services
from innovation.awards.certificates import CODE_ALPHABET
from innovation.awards.models import Award, AwardShare, Decision
from innovation.funds.models import BudgetLine, Commitment
from innovation.notifications.models import Notification

from . import decision_world as support
from .decision_world import PRIZES, TOTAL_FEN, after_notice, line_of, to_notice

# Shared fixtures (tests/awards has no conftest of its own).
city2 = support.city2
ranked = support.ranked


def test_split_fen_adds_up_exactly():
    assert services.split_fen(1_000_000, [Decimal("50"), Decimal("30"), Decimal("20")]) == [
        500000,
        300000,
        200000,
    ]
    assert services.split_fen(1_000_000, [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == [
        333400,
        333300,
        333300,
    ]
    # 1,000.01 yuan: 33,340.33 / 33,330.33 / 33,330.33 → the odd fen goes to the largest remainder.
    assert services.split_fen(100_001, [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == [
        33341,
        33330,
        33330,
    ]
    # Equal remainders: the earlier author gets the fen.
    assert services.split_fen(100, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == [33, 33, 34]
    assert services.split_fen(1, [Decimal("50"), Decimal("50")]) == [1, 0]
    assert services.split_fen(0, [Decimal("100")]) == [0]
    for total in (1, 7, 99_999, 123_457, 5_000_000):
        assert sum(services.split_fen(total, [Decimal("12.5"), Decimal("37.5"), Decimal("50")])) == total


def test_finalise_before_the_notice_ends_is_refused(world, ranked):
    decision = to_notice(ranked)
    with pytest.raises(ValidationError, match="公示期满后才能生效"):
        services.finalise(decision=decision, actor=ranked.city)
    assert not Award.objects.exists()
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.NOTICE


def test_finalise_with_open_objections_is_refused_saying_how_many(world, ranked):
    decision = to_notice(ranked)
    for index in (1, 2):
        services.raise_objection(
            line=line_of(decision, ranked.items[index]), actor=world.users["worker"], reason="有争议"
        )
    with pytest.raises(ValidationError, match="还有2条异议未答复"):
        services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    assert not Award.objects.exists()
    assert (
        AuditEntry.objects.filter(
            action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED), detail__startswith="awards.finalise"
        ).count()
        == 1
    )


def test_finalise_makes_awards_shares_commitments_and_moves_the_states(world, ranked):
    decision = to_notice(ranked)
    objection = services.raise_objection(
        line=line_of(decision, ranked.items[3]), actor=world.users["expert"], reason="有争议"
    )
    services.answer_objection(objection=objection, upheld=False, answer="不成立", actor=ranked.city)
    now = after_notice(decision)
    services.finalise(decision=decision, actor=ranked.city, now=now)

    decision.refresh_from_db()
    assert (decision.state, decision.finalised_by, decision.finalised_at) == (
        Decision.State.FINAL,
        ranked.city,
        now,
    )
    awards = list(Award.objects.select_related("grade").order_by("achievement_id"))
    assert len(awards) == 10
    assert {a.achievement_id: a.grade.code for a in awards} == {
        item.pk: code
        for item, code in zip(
            ranked.items[:10],
            ["first", "second", "second", "third", "third", "third"] + ["excellence"] * 4,
            strict=True,
        )
    }
    for award in awards:
        assert award.prize_fen == PRIZES[award.grade.code]
        assert award.scope_path == award.achievement.scope_path
        assert award.awarded_at == now
    assert sum(a.prize_fen for a in awards) == TOTAL_FEN

    shares = list(AwardShare.objects.select_related("commitment", "author__worker"))
    assert len(shares) == 10
    assert sum(s.amount_fen for s in shares) == TOTAL_FEN
    codes = [s.certificate_code for s in shares]
    assert len(set(codes)) == 10
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{12}}", c) for c in codes)

    line = BudgetLine.objects.get(pk=ranked.line.pk)
    assert line.committed_fen == TOTAL_FEN
    commitments = Commitment.objects.filter(line=line)
    assert commitments.count() == 10
    first_award = next(a for a in awards if a.grade.code == "first")
    share = AwardShare.objects.get(award=first_award)
    c = share.commitment
    assert (c.amount_fen, c.source_kind, c.source_id, c.payee) == (
        500000,
        "award_share",
        share.pk,
        share.name,
    )
    assert c.payee_worker == share.author.worker
    assert c.approved_by == ranked.city2
    grade = AwardGrade.objects.get(campaign=ranked.campaign, code="first")
    assert c.policy_ref == f"{ranked.campaign.year}年征集活动一等奖奖金5,000.00元（奖项设置第{grade.pk}号）"
    assert c.decision_ref == (
        f"{ranked.campaign.year}年评审委员会审定第{decision.pk}号第1版，审批："
        f"{decision.first_approver.display_name or 't_city'}、{decision.second_approver.display_name or 't_city2'}"
    )
    assert c.scope_path == line.scope_path

    states = dict(Achievement.objects.filter(campaign=ranked.campaign).values_list("pk", "state"))
    assert [states[i.pk] for i in ranked.items] == [State.AWARDED] * 10 + [State.NOT_AWARDED] * 2
    assert Achievement.objects.filter(state=State.AWARDED, benefit_locked=True).count() == 10

    # The worker (author of ranks 1, 5 and 9) is told of each prize.
    notes = Notification.objects.filter(user=world.users["worker"], title__contains="荣获")
    assert notes.count() == 3
    note = notes.get(title__contains="一等奖")
    assert "5,000.00元" in note.body and share.certificate_code in note.body


@pytest.fixture
def split_items(world, ranked):
    """Rank 1 gets ¥10,000.00 split 50/30/20; rank 2 ¥1,000.01 split 33.34/33.33/33.33."""
    from innovation.achievements.models import Author

    AwardGrade.objects.filter(campaign=ranked.campaign, code="first").update(prize_fen=1_000_000)
    AwardGrade.objects.filter(campaign=ranked.campaign, code="second").update(prize_fen=100_001)
    w = world.workers
    first, second = ranked.items[0], ranked.items[1]
    first.authors.all().delete()
    Author.objects.bulk_create(
        [
            Author(achievement=first, order=1, worker=w["yx_a_1"], share=Decimal("50")),
            Author(achievement=first, order=2, worker=w["yx_a_2"], share=Decimal("30")),
            Author(
                achievement=first,
                order=3,
                outside_name="外单位专家",
                outside_unit="锦州理工学院",
                share=Decimal("20"),
            ),
        ]
    )
    second.authors.all().delete()
    Author.objects.bulk_create(
        [
            Author(achievement=second, order=1, worker=w["hs_a_1"], share=Decimal("33.34")),
            Author(achievement=second, order=2, worker=w["hs_a_2"], share=Decimal("33.33")),
            Author(achievement=second, order=3, worker=w["hs_b_1"], share=Decimal("33.33")),
        ]
    )
    return first, second


def test_prizes_split_by_share_to_the_exact_fen(world, ranked, split_items):
    first, second = split_items
    decision = to_notice(ranked)
    services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    a = AwardShare.objects.filter(award__achievement=first).order_by("author__order")
    assert [(s.name, s.unit, s.share, s.amount_fen) for s in a] == [
        (world.workers["yx_a_1"].name, "义县甲机械有限公司", Decimal("50.00"), 500000),
        (world.workers["yx_a_2"].name, "义县甲机械有限公司", Decimal("30.00"), 300000),
        ("外单位专家", "锦州理工学院", Decimal("20.00"), 200000),
    ]
    assert a[2].commitment.payee_worker is None
    b = AwardShare.objects.filter(award__achievement=second).order_by("author__order")
    assert [s.amount_fen for s in b] == [33341, 33330, 33330]
    assert b[2].unit == "黑山丁物流有限公司"
    assert sum(s.amount_fen for s in b) == 100_001
    assert [s.commitment.amount_fen for s in b] == [33341, 33330, 33330]
    expected_total = 1_000_000 + 2 * 100_001 + 3 * 200_000 + 4 * 100_000  # ranks 2 and 3 are 二等奖
    assert BudgetLine.objects.get(pk=ranked.line.pk).committed_fen == expected_total


def test_over_budget_finalise_changes_nothing_and_says_how_much_is_missing(world, ranked):
    from innovation.funds import services as funds

    funds.line_update(actor=None, line=ranked.line, base_fen=TOTAL_FEN - 12_345)
    decision = to_notice(ranked)
    before = AuditEntry.objects.filter(action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED)).count()
    with pytest.raises(ValidationError) as caught:
        services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    message = caught.value.messages[0]
    assert "本次奖金合计21,000.00元" in message
    assert "可用余额20,876.55元" in message
    assert "还差123.45元" in message
    assert not Award.objects.exists()
    assert not AwardShare.objects.exists()
    assert not Commitment.objects.exists()
    assert BudgetLine.objects.get(pk=ranked.line.pk).committed_fen == 0
    assert set(Achievement.objects.filter(campaign=ranked.campaign).values_list("state", flat=True)) == {
        State.UNDER_REVIEW
    }
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.NOTICE
    assert (
        AuditEntry.objects.filter(action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED)).count()
        == before + 1
    )


def test_a_refusal_from_the_ledger_rolls_everything_back(world, ranked, monkeypatch):
    """Even when the ledger refuses half-way (a racing commitment took the money), nothing stays."""
    from innovation.funds import services as funds

    decision = to_notice(ranked)
    real = funds.commit
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise ValidationError({"amount_fen": ["预算科目余额不足"]})
        return real(**kwargs)

    monkeypatch.setattr(funds, "commit", flaky)
    with pytest.raises(ValidationError):
        services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    assert calls["n"] == 5
    assert not Award.objects.exists()
    assert not Commitment.objects.exists()
    assert BudgetLine.objects.get(pk=ranked.line.pk).committed_fen == 0
    assert Achievement.objects.filter(state=State.AWARDED).count() == 0


def test_finalise_without_a_budget_line_is_refused(world, ranked):
    decision = to_notice(ranked)
    Decision.objects.filter(pk=decision.pk).update(budget_line=None)
    decision.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    assert "budget_line" in caught.value.message_dict


def test_a_final_decision_cannot_be_finalised_twice(world, ranked):
    decision = to_notice(ranked)
    now = after_notice(decision)
    services.finalise(decision=decision, actor=ranked.city, now=now)
    with pytest.raises(ValidationError, match="已生效"):
        services.finalise(decision=decision, actor=ranked.city2, now=now)
    assert Award.objects.count() == 10
