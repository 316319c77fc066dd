"""The city's yearly selection end to end: 11 pairs nominated by their unit, recommended by the
county union, scored by two experts of the pool (never of the pair's own unit), ranked, decided
by two city admins, published, finalised: 11 × (3,000 + 2,000) = 55,000 yuan committed on the
金牌师徒奖金 line and paid; certificates verifiable."""

import pytest
from django.core.exceptions import ValidationError

from innovation.funds.models import BudgetLine, Commitment
from innovation.pairs import services
from innovation.pairs.models import NominationState, PairAward, PairScore, SelectionState, Side

from ..factories import make_user
from .selection_builders import (
    LATER,
    TODAY,
    active_pairs,
    city_selection,
    experts,
    full_marks,
    master_apprentice_line,
    prize_2020,
    run_to_notice,
)


@pytest.fixture
def second_city(world):
    from innovation.accounts.roles import Role

    return make_user("t_city_2", (Role.CITY_ADMIN, world.city))


def test_eleven_pairs_fifty_five_thousand_yuan_committed_and_paid(world, second_city):
    city = world.users["city"]
    prize_2020()
    pairs = active_pairs(world, 11)
    own_unit_expert = experts(world, 1, employer=world.units["yx_a"])[0]
    pool = experts(world, 2, employer=world.units["hs_a"])
    line = master_apprentice_line(world, 60_000)
    selection = city_selection(world)
    nominations = run_to_notice(world, pairs, selection, second_city=second_city)

    sheets = PairScore.objects.filter(nomination__selection=selection)
    assert sheets.filter(expert=own_unit_expert).count() == 0  # never an expert of the pair's own unit
    assert set(sheets.values_list("expert_id", flat=True)) == {e.pk for e in pool}
    selection.refresh_from_db()
    assert selection.state == SelectionState.NOTICE
    assert (selection.first_approver, selection.second_approver) == (city, second_city)

    services.budget_line_set(actor=city, selection=selection, line=line)
    services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    selection.refresh_from_db()
    assert selection.state == SelectionState.FINAL
    assert {n.state for n in selection.nominations.all()} == {NominationState.AWARDED}
    awards = PairAward.objects.filter(selection=selection)
    assert awards.count() == 22
    assert awards.filter(side=Side.MASTER).count() == 11
    assert sum(a.amount_fen for a in awards.filter(side=Side.MASTER)) == 3_300_000
    assert sum(a.amount_fen for a in awards.filter(side=Side.APPRENTICE)) == 2_200_000
    line.refresh_from_db()
    assert line.committed_fen == 5_500_000  # 55,000 yuan
    assert Commitment.objects.filter(source_kind="pair_award").count() == 22

    assert (
        services.prizes_pay_all(actor=city, selection=selection, paid_on=TODAY, voucher_prefix="JPST") == 22
    )
    line.refresh_from_db()
    assert (line.committed_fen, line.paid_fen) == (5_500_000, 5_500_000)
    paid = awards.filter(side=Side.MASTER).select_related("commitment").first()
    with pytest.raises(ValidationError):  # the ledger: nothing left of the commitment to pay
        services.prize_pay(actor=city, award=paid, paid_on=TODAY, voucher_no="JPST-AGAIN")
    line.refresh_from_db()
    assert line.paid_fen == 5_500_000
    assert len({a.certificate_code for a in awards}) == 22
    ranks = sorted(n.rank for n in selection.nominations.all())
    assert ranks == list(range(1, 12))
    assert len(nominations) == 11


def test_a_line_too_short_refuses_the_whole_decision_and_changes_nothing(world, second_city):
    city = world.users["city"]
    prize_2020()
    pairs = active_pairs(world, 11)
    experts(world, 2, employer=world.units["hs_a"])
    line = master_apprentice_line(world, 54_999)
    selection = city_selection(world)
    run_to_notice(world, pairs, selection, second_city=second_city)
    services.budget_line_set(actor=city, selection=selection, line=line)
    with pytest.raises(ValidationError) as refused:
        services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    assert "本次奖金合计55,000.00元，可用余额54,999.00元，还差1.00元" in refused.value.messages[0]
    selection.refresh_from_db()
    assert selection.state == SelectionState.NOTICE
    assert PairAward.objects.count() == 0
    assert BudgetLine.objects.get(pk=line.pk).committed_fen == 0


def test_the_same_expert_cannot_approve_twice(world):
    city = world.users["city"]
    pairs = active_pairs(world, 1)
    experts(world, 2, employer=world.units["hs_a"])
    selection = city_selection(world)
    services.nominate(actor=world.users["unit"], selection=selection, agreement=pairs[0], summary="推荐")
    n = selection.nominations.get()
    services.nomination_step(actor=world.users["yixian"], nomination=n, step="recommend")
    services.selection_step(actor=city, selection=selection, step="close_call")
    services.experts_auto_assign(actor=city, selection=selection)
    for sheet in PairScore.objects.filter(nomination=n):
        services.score_submit(actor=sheet.expert.user, sheet=sheet, scores=full_marks(sheet))
    services.selection_step(actor=city, selection=selection, step="rank")
    services.selection_step(actor=city, selection=selection, step="approve")
    with pytest.raises(ValidationError):
        services.selection_step(actor=city, selection=selection, step="approve")
    selection.refresh_from_db()
    assert selection.state == SelectionState.APPROVING
