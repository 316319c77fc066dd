"""The results pages: the organiser computes an occupation's results from the page (and a second
time only with a reason or a correction), sees the runs; a unit sees only its own contestants'
results; the lists of results, winners and promotions export exactly their rows; prizes are
paid and promotions confirmed from the competition's page; the public list shows names, units
and places only, and only once the results are published."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovation.competitions.models import (
    CompetitionAward,
    PromotionRecommendation,
    PromotionState,
    Result,
    ResultRun,
)
from innovation.funds.models import BudgetLine
from innovation.org.models import Worker

from .builders import unit_admin
from .test_awards import TOTAL_FEN, finalised, published
from .test_results import contest

pytestmark = pytest.mark.django_db


def _rows(response):
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_organiser_computes_from_the_page_and_a_second_run_needs_a_reason(world, client):
    comp, occ, regs, _judges = contest(world, compute=False)
    client.force_login(world.users["city"])
    page = client.get(reverse("competitions:results", args=[occ.pk]))
    assert page.status_code == 200
    assert 'id="compute"' in page.content.decode()
    assert "尚未计算成绩" in page.content.decode()

    client.post(reverse("competitions:results_compute", args=[occ.pk]))
    assert Result.objects.filter(occupation=occ).count() == 5
    page = client.get(reverse("competitions:results", args=[occ.pk])).content.decode()
    assert "97.000" in page and "第1次计算，5名选手" in page and "首次计算" in page

    # Nothing corrected, no reason: refused on the page, no second run.
    answer = client.post(reverse("competitions:results_compute", args=[occ.pk]), follow=True)
    assert "评分自上次计算后没有更正" in answer.content.decode()
    assert ResultRun.objects.filter(occupation=occ).count() == 1
    client.post(reverse("competitions:results_compute", args=[occ.pk]), {"reason": "复核"})
    assert list(ResultRun.objects.filter(occupation=occ).values_list("number", "reason")) == [
        (1, "首次计算"),
        (2, "复核"),
    ]
    assert comp.pk == occ.competition_id


def test_a_unit_sees_only_its_own_contestants_results(world, client):
    _comp, occ, regs, _judges = contest(world)
    unit = unit_admin(world, world.units["hs_a"])
    client.force_login(unit)
    listing = client.get(reverse("competitions:result_list"), {"per_page": 100})
    assert listing.status_code == 200
    shown = {row.record.registration_id for row in listing.context["table"].page.object_list}
    assert shown == {regs[0].pk, regs[1].pk}  # the two of 黑山丙化工; the others' never
    export = client.get(reverse("competitions:result_list"), {"export": "xlsx"})
    rows = _rows(export)
    names = {r[3] for r in rows[1:] if r[3]}
    assert names == {regs[0].worker.name, regs[1].worker.name}
    # The organiser's compute button is not the unit's.
    assert client.post(reverse("competitions:results_compute", args=[occ.pk])).status_code == 404


def test_the_result_export_equals_the_filtered_list(world, client):
    _comp, occ, regs, _judges = contest(world)
    client.force_login(world.users["city"])
    query = {"occupation": occ.pk, "placed": "true"}
    listing = client.get(reverse("competitions:result_list"), query)
    listed = [row.record.registration.card_number for row in listing.context["table"].page.object_list]
    rows = _rows(client.get(reverse("competitions:result_list"), {**query, "export": "xlsx"}))
    header = rows[0]
    card = header.index("参赛证号")
    total = header.index("总成绩")
    exported = [r[card] for r in rows[1:] if r[card]]
    assert exported == listed and len(listed) == 5
    assert Decimal(str(rows[1][total])) == Decimal("97.000")


def test_the_public_list_waits_for_publication_and_shows_names_units_places_only(world, client):
    comp, occ, regs, _judges = contest(world)
    assert client.get(reverse("competitions:public_results", args=[comp.pk])).status_code == 404
    comp, occ, regs, _line = published(world)
    page = client.get(reverse("competitions:public_results", args=[comp.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    first = regs[0]
    assert first.worker.name in text and first.enterprise.name in text and "一等奖" in text
    assert "技术能手" in text
    worker = Worker.objects.get(pk=first.worker_id)
    assert first.card_number not in text and "97.000" not in text
    assert worker.id_number_masked not in text


def test_prizes_are_paid_and_promotions_confirmed_from_the_competition_page(world, client):
    comp, occ, regs, line = finalised(world)
    client.force_login(world.users["city"])
    detail = client.get(reverse("competitions:detail", args=[comp.pk])).content.decode()
    assert "支付全部奖金（5笔）" in detail and "晋级推荐待确认（4）" in detail
    client.post(reverse("competitions:pay_prizes", args=[comp.pk]), {"voucher_prefix": "JS"})
    line = BudgetLine.objects.get(pk=line.pk)
    assert (line.committed_fen, line.paid_fen) == (TOTAL_FEN, TOTAL_FEN)
    detail = client.get(reverse("competitions:detail", args=[comp.pk])).content.decode()
    assert 'id="pay-card"' not in detail

    recommendation = PromotionRecommendation.objects.get(registration=regs[0])
    client.post(
        reverse("competitions:promotion_confirm", args=[recommendation.pk]), {"certificate_no": "JZ-2026-001"}
    )
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.certificate_no) == (PromotionState.CONFIRMED, "JZ-2026-001")
    assert Worker.objects.get(pk=regs[0].worker_id).skill_level == "2"

    award = CompetitionAward.objects.get(registration=regs[0])
    page = client.get(reverse("competitions:award", args=[award.pk]))
    assert page.status_code == 200 and award.certificate_code in page.content.decode()
    pdf = client.get(reverse("competitions:award_certificate", args=[award.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    awards = client.get(reverse("competitions:awards"), {"competition": comp.pk, "export": "xlsx"})
    assert len([r for r in _rows(awards)[1:] if r[0]]) == 5
    promotions = client.get(reverse("competitions:promotions"), {"state": "confirmed", "export": "xlsx"})
    assert [r[4] for r in _rows(promotions)[1:] if r[0]] == [regs[0].worker.name]


def test_a_unit_cannot_pay_or_confirm(world, client):
    comp, _occ, regs, line = finalised(world)
    unit = unit_admin(world, world.units["hs_a"])
    client.force_login(unit)
    client.post(reverse("competitions:pay_prizes", args=[comp.pk]), {"voucher_prefix": "X"})
    recommendation = PromotionRecommendation.objects.get(registration=regs[0])
    client.post(reverse("competitions:promotion_confirm", args=[recommendation.pk]), {"certificate_no": "X"})
    assert BudgetLine.objects.get(pk=line.pk).paid_fen == 0
    recommendation.refresh_from_db()
    assert recommendation.state == PromotionState.RECOMMENDED


def test_every_link_a_unit_is_offered_on_its_results_works(world, client):
    comp, _occ, regs, _line = finalised(world)
    client.force_login(unit_admin(world, world.units["hs_a"]))
    award = CompetitionAward.objects.get(registration=regs[0])
    pages = [
        reverse("competitions:result_list"),
        reverse("competitions:awards"),
        reverse("competitions:promotions"),
        reverse("competitions:award", args=[award.pk]),
    ]
    offered = set()
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        offered |= set(re.findall(r'href="(/competitions/[^"?#]*)"', page.content.decode()))
    assert reverse("competitions:award_certificate", args=[award.pk]) in offered
    broken = {link: client.get(link).status_code for link in sorted(offered)}
    assert {k: v for k, v in broken.items() if v != 200} == {}
    assert comp.pk
