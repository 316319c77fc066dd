"""The seeded demo's 金牌师徒 (the Jinzhou report's figures): the 2020 selection's 11 pairs and
55,000 yuan, 孙健's patents, and what demo_sunjian and demo_city see."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_2020_eleven_pairs_and_55000_yuan_committed_and_paid(demo):
    from innovation.funds.models import BudgetLine, LineKind
    from innovation.pairs.models import Level, NominationState, PairAward, Selection

    selection = Selection.objects.get(level=Level.CITY, year=2020)
    assert selection.opens_on.isoformat() == "2020-05-28"
    awarded = selection.nominations.filter(state=NominationState.AWARDED)
    assert awarded.count() == 11
    titles = set(awarded.values_list("title", flat=True))
    assert {"孙健 — 王明帅", "马志刚 — 陈恩奇"} <= titles
    awards = PairAward.objects.filter(selection=selection)
    assert awards.count() == 22  # 22 certificates
    assert sorted({(a.side, a.amount_fen) for a in awards}) == [("apprentice", 200_000), ("master", 300_000)]
    line = BudgetLine.objects.get(year=2020, kind=LineKind.MASTER_APPRENTICE)
    assert line.committed_fen == line.paid_fen == 5_500_000
    assert sum(a.commitment.paid_fen for a in awards) == 5_500_000
    # both city admins approved
    assert selection.second_approver.username == "demo_city2"


def test_2021_selection(demo):
    from innovation.pairs.models import Level, NominationState, Selection

    selection = Selection.objects.get(level=Level.CITY, year=2021)
    assert selection.nominations.filter(state=NominationState.AWARDED).count() == 8


def test_sunjian_patents(demo):
    from innovation.pairs.models import PairPatent

    rows = PairPatent.objects.filter(agreement__title="孙健 — 王明帅")
    mine = rows.filter(holder__in=("master", "joint"))
    assert mine.filter(type="invention").count() == 1
    assert mine.filter(type="utility").count() == 9
    assert mine.filter(holder="joint").count() == 3
    assert rows.filter(holder="apprentice", type="utility").count() == 2


def test_demo_sunjian_sees_his_pair_and_certificate(demo):
    from innovation.accounts.models import User
    from innovation.accounts.policy import Action
    from innovation.accounts.scope import restrict
    from innovation.pairs.models import Agreement, PairAward

    user = User.objects.get(username="demo_sunjian")
    assert list(
        restrict(Agreement.objects.all(), user, Action.PAIR_VIEW).values_list("title", flat=True)
    ) == ["孙健 — 王明帅"]
    mine = restrict(PairAward.objects.all(), user, Action.PAIR_VIEW).filter(worker__user=user)
    assert [(a.name, a.amount_fen) for a in mine] == [("孙健", 300_000)]


def test_stats_for_demo_city(demo, client):
    from innovation.accounts.models import User

    client.force_login(User.objects.get(username="demo_city"))
    data = client.get("/api/v1/stats").json()
    assert data["pairs_awarded_by_year"] == {"2020": 11, "2021": 8}
    assert data["pair_prizes_paid_yuan"] == 95_000
    assert data["pairs_total"] == 27  # 13 + 9 completed, 5 in force


def test_one_master_many_apprentices_and_many_masters_one_apprentice(demo):
    from django.db.models import Count, Q

    from innovation.pairs.models import Agreement

    rows = Agreement.objects.annotate(
        m=Count("parties", filter=Q(parties__side="master")),
        a=Count("parties", filter=Q(parties__side="apprentice")),
    )
    assert rows.filter(m=1, a=2).exists() and rows.filter(m=2, a=1).exists()


def test_petro_internal_selection_feeds_the_city(demo):
    from innovation.pairs.models import Level, NominationState, PairScore, Selection

    internal = Selection.objects.get(level=Level.ENTERPRISE, year=2020)
    assert (internal.enterprise.name, internal.state) == ("锦州石化公司", "final")
    assert internal.nominations.count() == 6
    winners = internal.nominations.filter(state=NominationState.AWARDED).order_by("rank")
    assert [(n.rank, n.title) for n in winners][:2] == [(1, "马志刚 — 陈恩奇"), (2, "高颖明 — 王亮")]
    assert winners.count() == 3
    assert sum(a.amount_fen for a in internal.awards.all()) == 0  # no prizes inside the unit
    fed = Selection.objects.get(level=Level.CITY, year=2020).nominations.filter(source__isnull=False)
    assert sorted(fed.values_list("source__rank", flat=True)) == [1, 2, 3]
    # scored by experts of the city's pool from other units
    sheets = PairScore.objects.filter(nomination__selection=internal)
    assert sheets.count() == 12 and sheets.filter(submitted_at__isnull=True).count() == 0
    assert not sheets.filter(expert__employer__name="锦州石化公司").exists()
