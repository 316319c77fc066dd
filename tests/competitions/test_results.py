"""Results through the services: a small contest with hand-computed totals, a tie broken by the
declared rule (practical), a shared rank straddling a place boundary, a correction after the
lock recomputed as run 2 with its trail, and the league's season table.

The contest (scheme of tests/competitions/builders.py: section A 60 = A1 /10 + A2 /5.5, section B
40 = B1 judgement /6; theory 30 : practical 70; places 一等奖 1, 二等奖 2, 三等奖 1; titles rank 1
技术能手 → 技师, ranks 2–4 → 高级工). Each judge enters the same measurement; B1 per judge:

    who  A1  A2   B1     A       B        practical                         theory  total
    r0   10  5.5  3 3 3  100     100      100.000                           90      27 + 70 = 97.000
    r4    8  5    3 3 3  83.871  100      50.3226 + 40 = 90.3226 → 90.323   80      24 + 63.2261 → 87.226
    r1   10  5.5  2 2 2  100     66.667   60 + 26.6668 → 86.667             88.53   26.559 + 60.6669 → 87.226
    r2    6  4    1 2 1  64.516  44.450   38.7096 + 17.78 → 56.490          70      21 + 39.543 = 60.543
    r3   (as r2)                                                            70      60.543

(A of r4 = 13 / 15.5 × 100 = 83.8709… → 83.871; B1 of r2 = 4 × 6 / 9 = 2.667, B = 2.667 / 6 × 100
= 44.45.) r4 and r1 have the same total: the declared tie-break (practical) puts r4 second. r2
and r3 are equal on everything: rank 4 shared at positions 4–5, across the end of 三等奖 (1
place): both get it, the place's count is exceeded and both are flagged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from innovation.audit.models import AuditEntry
from innovation.competitions import services
from innovation.competitions.models import Aspect, Occupation, Result, ResultRun
from innovation.competitions.scoring import SHARED_AT_BOUNDARY

from .builders import YEAR, competition, confirmed, contestant, occupation, panel

PLACES = [
    {"label": "一等奖", "count": 1, "prize_fen": 300000},
    {"label": "二等奖", "count": 2, "prize_fen": 200000},
    {"label": "三等奖", "count": 1, "prize_fen": 100000},
]
TITLES = [
    {"from": 1, "to": 1, "title": "技术能手", "promotion": "2"},
    {"from": 2, "to": 4, "title": "", "promotion": "3"},
]
MARKS = [  # r0..r4: A1, A2, B1 per judge
    ("10", "5.5", (3, 3, 3)),
    ("10", "5.5", (2, 2, 2)),
    ("6", "4", (1, 2, 1)),
    ("6", "4", (1, 2, 1)),
    ("8", "5", (3, 3, 3)),
]
THEORY = ["90", "88.53", "70", "70", "80"]
T0 = timezone.now() - datetime.timedelta(hours=5)


def at(hours: int):
    return T0 + datetime.timedelta(hours=hours)


def contest(world, *, title=None, levels=("4", "4", "4", "3", "4"), compute=True, **kw):
    """The contest above, run to locked marks (and its results computed at T0 + 1 h)."""
    city = world.users["city"]
    comp = competition(world, title=title)
    occ = occupation(world, comp, places=PLACES, title_rules=TITLES, **kw)
    services.competition_step(actor=city, competition=comp, step="open_registration")
    units = ["hs_a", "hs_a", "yx_b", "yx_b", "hs_b"]
    workers = [contestant(world, u, skill_level=lv) for u, lv in zip(units, levels, strict=True)]
    regs = confirmed(world, occ, workers)
    judges = panel(world, occ)
    services.competition_step(actor=city, competition=comp, step="close_registration")
    services.competition_step(actor=city, competition=comp, step="start")
    aspects = {a.code: a for a in Aspect.objects.filter(occupation=occ)}
    for reg, (a1, a2, b1) in zip(regs, MARKS, strict=True):
        for j, assignment in enumerate(judges):
            for code, value in (("A1", a1), ("A2", a2), ("B1", b1[j])):
                services.mark_enter(
                    actor=assignment.judge, registration=reg, aspect=aspects[code], value=value, now=T0
                )
    for reg, score in zip(regs, THEORY, strict=True):
        services.theory_enter(actor=city, registration=reg, score=score, now=T0)
    services.marks_sign_off(actor=judges[0].judge, occupation=occ, now=T0)
    if compute:
        services.results_compute(actor=city, occupation=occ, now=at(1))
    comp.refresh_from_db()
    occ.refresh_from_db()
    return comp, occ, regs, judges


def table(occ):
    by_reg = {}
    for r in Result.objects.filter(occupation=occ):
        by_reg[r.registration_id] = (
            r.total,
            r.practical,
            r.rank,
            r.rank_shared,
            r.place,
            r.title,
            r.promotion,
        )
    return by_reg


def test_results_are_computed_with_hand_computed_totals_ties_and_places(world):
    _comp, occ, r, _judges = contest(world)
    got = table(occ)
    D = Decimal
    assert got == {
        r[0].pk: (D("97.000"), D("100.000"), 1, False, "一等奖", "技术能手", "2"),
        r[4].pk: (D("87.226"), D("90.323"), 2, False, "二等奖", "", "3"),
        r[1].pk: (D("87.226"), D("86.667"), 3, False, "二等奖", "", "3"),
        r[2].pk: (D("60.543"), D("56.490"), 4, True, "三等奖", "", "3"),
        r[3].pk: (D("60.543"), D("56.490"), 4, True, "三等奖", "", "3"),
    }
    # The tie-break says in words why r4 is ahead of r1.
    second = Result.objects.get(registration=r[4])
    assert "实操成绩" in second.explanation and "90.323" in second.explanation
    # Both members of the shared rank at the 三等奖 boundary are flagged; nobody else is.
    flagged = {
        x.registration_id
        for x in Result.objects.filter(occupation=occ)
        if any(f["code"] == SHARED_AT_BOUNDARY for f in x.flags)
    }
    assert flagged == {r[2].pk, r[3].pk}
    run = ResultRun.objects.get(occupation=occ)
    assert (run.number, run.reason, run.contestants, run.changes) == (1, "首次计算", 5, [])
    assert set(Result.objects.filter(occupation=occ).values_list("run_number", flat=True)) == {1}
    assert Occupation.objects.get(pk=occ.pk).results_stale is False
    # A unit sees its own contestants' results only (yx_b's two).
    from innovation.accounts.policy import Action
    from innovation.accounts.scope import restrict

    seen = restrict(Result.objects.all(), world.users["yixian"], Action.COMPETITION_VIEW)
    assert sorted(seen.values_list("registration_id", flat=True)) == sorted([r[2].pk, r[3].pk])


def test_results_wait_for_the_chief_judges_lock(world):
    _comp, occ, _regs, _judges = contest(world, compute=False)
    Occupation.objects.filter(pk=occ.pk).update(marks_locked_at=None)
    with pytest.raises(ValidationError) as refused:
        services.results_compute(actor=world.users["city"], occupation=occ)
    assert refused.value.messages == ["工种「叉车司机」的评分尚未经裁判长确认锁定，不能计算成绩。"]
    assert (Result.objects.count(), ResultRun.objects.count()) == (0, 0)


def test_a_correction_after_the_lock_is_recomputed_as_run_2_with_the_trail(world):
    _comp, occ, r, judges = contest(world)
    city = world.users["city"]
    # Nothing corrected: a recomputation without a reason is refused.
    with pytest.raises(ValidationError) as refused:
        services.results_compute(actor=city, occupation=occ, now=at(2))
    assert refused.value.message_dict == {"reason": ["评分自上次计算后没有更正；如需重新计算，请填写原因。"]}
    # The chief judge corrects r3's B1 from 1 to 2 (sum 5): B1 = 5 × 6 / 9 = 3.333, B = 55.550,
    # practical = 38.7096 + 22.22 = 60.9296 → 60.930, total = 21 + 42.651 = 63.651: r3 alone 4th.
    b1 = Aspect.objects.get(occupation=occ, code="B1")
    services.mark_enter(
        actor=judges[0].judge,
        registration=r[3],
        aspect=b1,
        value=2,
        reason="复核录像，安全规范评分录入有误",
        now=at(3),
    )
    assert Occupation.objects.get(pk=occ.pk).results_stale is True
    run = services.results_compute(actor=city, occupation=occ, now=at(4))
    assert (run.number, run.reason) == (2, f"选手{r[3].anonymous_number} B1：复核录像，安全规范评分录入有误")
    assert run.changes == [
        {"registration": r[3].pk, "number": r[3].anonymous_number, "total": ["60.543", "63.651"]},
        {"registration": r[2].pk, "number": r[2].anonymous_number, "rank": [4, 5], "place": ["三等奖", ""]},
    ]
    got = table(occ)
    assert got[r[3].pk] == (Decimal("63.651"), Decimal("60.930"), 4, False, "三等奖", "", "3")
    assert got[r[2].pk] == (Decimal("60.543"), Decimal("56.490"), 5, False, "", "", "")
    assert list(ResultRun.objects.filter(occupation=occ).values_list("number", flat=True)) == [1, 2]
    assert set(Result.objects.filter(occupation=occ).values_list("run_number", flat=True)) == {2}
    entry = AuditEntry.objects.filter(object_type__icontains="resultrun", object_id=str(run.pk)).get()
    assert "第2次计算成绩（5名选手）" in entry.detail
    assert f"{r[2].anonymous_number} 名次4→5，奖项三等奖→无" in entry.detail


def test_the_league_table_adds_the_rounds_published_results(world):
    from innovation.competitions.models import Competition, CompetitionState, League

    city = world.users["city"]
    league = services.league_create(
        actor=city, union=world.city, year=YEAR, title="叉车联赛", rule="best_of", rounds_total=2, best_n=1
    )
    comp, occ, r, _judges = contest(world)
    Competition.objects.filter(pk=comp.pk).update(league=league, round_no=2)
    # Unpublished rounds count nothing.
    assert services.league_table(league) == {}
    services.competition_step(actor=city, competition=comp, step="lock_marking")
    services.competition_step(actor=city, competition=comp, step="publish")
    rows = services.league_table(league)["FL"]
    assert [(row.id, row.total, row.rank) for row in rows] == [
        (r[0].worker_id, Decimal("97.000"), 1),
        (r[1].worker_id, Decimal("87.226"), 2),
        (r[4].worker_id, Decimal("87.226"), 2),
        (r[2].worker_id, Decimal("60.543"), 4),
        (r[3].worker_id, Decimal("60.543"), 4),
    ]
    assert Competition.objects.get(pk=comp.pk).state == CompetitionState.RESULTS_PUBLISHED
    assert League.objects.count() == 1


def test_results_are_published_only_once_computed(world):
    comp, occ, _regs, _judges = contest(world, compute=False)
    city = world.users["city"]
    services.competition_step(actor=city, competition=comp, step="lock_marking")
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=city, competition=comp, step="publish")
    assert refused.value.messages == ["以下工种尚未计算成绩：叉车司机。"]
    services.results_compute(actor=city, occupation=occ)
    services.competition_step(actor=city, competition=comp, step="publish")
    comp.refresh_from_db()
    assert comp.state == "results_published"
