"""What the results become when the competition is finalised (a kernel step): awards with prizes
committed on the organiser's 技能竞赛经费 line (all or nothing) and paid through the ledger,
certificates verifiable on /verify/, 技术能手 honours, promotion recommendations confirmed into
the worker's skill level; the figures and the promotion list for the 人社 office.

The contest is test_results.py's: 一等奖 r0 (3,000 元), 二等奖 r4 and r1 (2,000 元 each), 三等奖
r2 and r3 (1,000 元 each, the shared rank across the boundary): 9,000 元 in all. Rank 1 is 技术能手
with a 技师 recommendation, ranks 2–4 a 高级工 recommendation; r3 is already 高级工 (level 3), so
four recommendations: r0 4→2, r4, r1, r2 4→3."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innovation.audit.models import AuditEntry
from innovation.awards.certificates import other_facts
from innovation.competitions import certificates, services
from innovation.competitions.exports import promotion_list_response
from innovation.competitions.models import (
    CompetitionAward,
    CompetitionState,
    PromotionRecommendation,
    PromotionState,
)
from innovation.core.models import StepLog
from innovation.core.stats import figures_for, stats_for
from innovation.funds import services as funds_services
from innovation.funds.models import BudgetLine, Commitment, LineKind
from innovation.org.models import Honour, SkillLevelRecord, Worker

from .builders import YEAR
from .test_results import contest

TOTAL_FEN = 900_000


def published(world, *, line_fen=TOTAL_FEN):
    city = world.users["city"]
    comp, occ, regs, judges = contest(world)
    line = funds_services.line_create(
        actor=city,
        union=world.city,
        year=YEAR,
        kind=LineKind.COMPETITION,
        name="技能竞赛经费",
        amount_fen=line_fen,
    )
    services.competition_step(actor=city, competition=comp, step="lock_marking")
    services.competition_step(actor=city, competition=comp, step="publish")
    return comp, occ, regs, line


def finalised(world):
    comp, occ, regs, line = published(world)
    services.competition_step(actor=world.users["city"], competition=comp, step="finalise")
    comp.refresh_from_db()
    return comp, occ, regs, line


def test_finalising_awards_the_places_commits_the_prizes_and_pays_them(world):
    comp, _occ, r, line = finalised(world)
    assert comp.state == CompetitionState.FINAL
    awards = {a.registration_id: a for a in CompetitionAward.objects.select_related("commitment")}
    assert {
        k: (a.place, a.rank, a.title, a.amount_fen, a.commitment.amount_fen) for k, a in awards.items()
    } == {
        r[0].pk: ("一等奖", 1, "技术能手", 300_000, 300_000),
        r[4].pk: ("二等奖", 2, "", 200_000, 200_000),
        r[1].pk: ("二等奖", 3, "", 200_000, 200_000),
        r[2].pk: ("三等奖", 4, "", 100_000, 100_000),
        r[3].pk: ("三等奖", 4, "", 100_000, 100_000),
    }
    first = awards[r[0].pk]
    assert (first.name, first.unit, first.commitment.payee_worker_id) == (
        r[0].worker.name,
        r[0].enterprise.name,
        r[0].worker_id,
    )
    assert len({a.certificate_code for a in awards.values()}) == 5
    line.refresh_from_db()
    assert (line.committed_fen, line.paid_fen) == (TOTAL_FEN, 0)
    # The 技术能手 goes to the worker's honours (city level, the event's year); nobody else's.
    assert list(Honour.objects.values_list("worker_id", "kind", "level", "year")) == [
        (r[0].worker_id, Honour.Kind.TECH_EXPERT, Honour.Level.CITY, YEAR)
    ]
    assert sorted(
        PromotionRecommendation.objects.values_list("registration_id", "from_level", "to_level", "state")
    ) == sorted(
        [
            (r[0].pk, "4", "2", PromotionState.RECOMMENDED),
            (r[4].pk, "4", "3", PromotionState.RECOMMENDED),
            (r[1].pk, "4", "3", PromotionState.RECOMMENDED),
            (r[2].pk, "4", "3", PromotionState.RECOMMENDED),
        ]
    )
    assert StepLog.objects.filter(workflow="competition", object_id=comp.pk, step="finalise").count() == 1
    assert (
        AuditEntry.objects.filter(
            detail__contains="办结：获奖5人，奖金合计9,000.00元；技术能手荣誉1人；晋级推荐4人"
        ).count()
        == 1
    )
    paid = services.prizes_pay_all(
        actor=world.users["city"], competition=comp, paid_on=timezone.localdate(), voucher_prefix="JS2026"
    )
    assert paid == 5
    line.refresh_from_db()
    assert (line.committed_fen, line.paid_fen) == (TOTAL_FEN, TOTAL_FEN)
    assert services.prizes_paid_fen(CompetitionAward.objects.all()) == TOTAL_FEN
    assert set(Commitment.objects.values_list("state", flat=True)) == {Commitment.State.PAID}
    # Paying again pays nothing.
    assert (
        services.prizes_pay_all(
            actor=world.users["city"],
            competition=comp,
            paid_on=timezone.localdate(),
            voucher_prefix="JS2026B",
        )
        == 0
    )


def test_a_line_one_yuan_short_refuses_the_finalising_and_changes_nothing(world):
    comp, _occ, _regs, line = published(world, line_fen=TOTAL_FEN - 100)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=world.users["city"], competition=comp, step="finalise")
    assert refused.value.messages == [
        f"奖金列支科目「{line}」余额不足：本次奖金合计9,000.00元，可用余额8,999.00元，还差1.00元。赛事未办结，未作任何变更。"
    ]
    comp.refresh_from_db()
    line.refresh_from_db()
    assert comp.state == CompetitionState.RESULTS_PUBLISHED
    assert (line.committed_fen, line.paid_fen) == (0, 0)
    assert (
        CompetitionAward.objects.count(),
        Commitment.objects.count(),
        Honour.objects.count(),
        PromotionRecommendation.objects.count(),
    ) == (0, 0, 0, 0)


def test_the_certificate_is_verifiable_and_prints(world, client):
    _comp, _occ, r, _line = finalised(world)
    award = CompetitionAward.objects.get(registration=r[4])
    facts = other_facts(award.certificate_code.lower())
    assert (facts["name"], facts["grade"], facts["code"], facts["year"]) == (
        r[4].worker.name,
        "叉车司机 二等奖",
        award.certificate_code,
        YEAR,
    )
    page = client.get(reverse("verify:check", args=[award.certificate_code]))
    text = page.content.decode()
    assert page.status_code == 200 and r[4].worker.name in text and "叉车司机 二等奖" in text
    assert other_facts("ABCDEFGHJKMN") is None
    pdf = certificates.certificate_pdf(award)
    assert pdf.startswith(b"%PDF")
    assert certificates.filename(award) == (
        f"{YEAR}-叉车司机-二等奖-{r[4].worker.name}-{award.certificate_code}.pdf"
    )


def test_a_confirmed_promotion_sets_the_level_and_keeps_the_history(world):
    _comp, _occ, r, _line = finalised(world)
    recommendation = PromotionRecommendation.objects.get(registration=r[0])
    with pytest.raises(PermissionDenied):
        services.promotion_confirm(actor=world.users["yixian"], recommendation=recommendation)
    with pytest.raises(ValidationError) as no_certificate:
        services.promotion_confirm(actor=world.users["city"], recommendation=recommendation)
    assert no_certificate.value.messages == ["请填写职业技能等级证书编号（人社部门核发后确认晋级）。"]
    assert Worker.objects.get(pk=r[0].worker_id).skill_level == "4"
    assert SkillLevelRecord.objects.count() == 0
    services.promotion_confirm(
        actor=world.users["city"], recommendation=recommendation, certificate_no="S2026-0001"
    )
    recommendation.refresh_from_db()
    assert (
        recommendation.state,
        recommendation.from_level,
        recommendation.to_level,
        recommendation.certificate_no,
        recommendation.confirmed_by,
    ) == (PromotionState.CONFIRMED, "4", "2", "S2026-0001", world.users["city"])
    assert Worker.objects.get(pk=r[0].worker_id).skill_level == "2"
    step = recommendation.skill_record
    assert (step.worker_id, step.from_level, step.to_level, step.certificate_no, step.source) == (
        r[0].worker_id,
        "4",
        "2",
        "S2026-0001",
        SkillLevelRecord.Source.COMPETITION,
    )
    assert list(Worker.objects.get(pk=r[0].worker_id).skill_history.values_list("pk", flat=True)) == [step.pk]
    assert list(
        StepLog.objects.filter(workflow="competition_promotion", object_id=recommendation.pk).values_list(
            "step", flat=True
        )
    ) == ["confirm"]
    with pytest.raises(ValidationError) as refused:
        services.promotion_confirm(
            actor=world.users["city"], recommendation=recommendation, certificate_no="S2"
        )
    assert refused.value.messages == ["晋级推荐当前为「已确认晋级」，只有已推荐的可以确认。"]


def test_the_figures_are_exact_and_scoped(world):
    finalised(world)
    city = stats_for(world.users["city"])
    assert (city["competitions_total"], city["contestants_total"], city["promotions_recommended"]) == (
        1,
        5,
        4,
    )
    # 义县 sees its own unit's two contestants and the one recommendation among them; the event
    # is the city's.
    yixian = stats_for(world.users["yixian"])
    assert (yixian["competitions_total"], yixian["contestants_total"], yixian["promotions_recommended"]) == (
        0,
        2,
        1,
    )


@pytest.mark.parametrize("who", ["city", "yixian"])
def test_each_figure_links_to_a_list_of_exactly_its_rows(world, client, who):
    finalised(world)
    user = world.users[who]
    client.force_login(user)
    keys = ("competitions_total", "contestants_total", "promotions_recommended")
    figures = {f.key: f for f in figures_for(user) if f.key in keys}
    assert sorted(figures) == sorted(keys)
    listed = {}
    for key, figure in figures.items():
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        listed[key] = response.context["table"].paginator.count
    assert listed == {key: figure.value for key, figure in figures.items()}
    assert listed == (
        {"city": {"competitions_total": 1, "contestants_total": 5, "promotions_recommended": 4}}.get(
            who, {"competitions_total": 0, "contestants_total": 2, "promotions_recommended": 1}
        )
    )


def test_the_promotion_list_downloads_with_its_rows(world):
    _comp, _occ, r, _line = finalised(world)
    response = promotion_list_response(PromotionRecommendation.objects.all(), user=world.users["city"])
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("赛事", "年度", "工种", "参赛证号")
    assert [(row[3], row[4], row[7], row[8], row[9]) for row in rows[1:]] == [
        (r[0].card_number, r[0].worker.name, 1, "中级工", "技师"),
        (r[4].card_number, r[4].worker.name, 2, "中级工", "高级工"),
        (r[1].card_number, r[1].worker.name, 3, "中级工", "高级工"),
        (r[2].card_number, r[2].worker.name, 4, "中级工", "高级工"),
    ]


def test_no_line_of_the_year_refuses_the_finalising(world):
    comp, _occ, _regs, line = published(world)
    BudgetLine.objects.filter(pk=line.pk).update(year=YEAR - 1)
    with pytest.raises(ValidationError) as refused:
        services.competition_step(actor=world.users["city"], competition=comp, step="finalise")
    assert refused.value.messages == [
        f"尚未设立{world.city}{YEAR}年的「技能竞赛经费」预算科目，奖金无从列支。赛事未办结，未作任何变更。"
    ]
    assert CompetitionAward.objects.count() == 0
