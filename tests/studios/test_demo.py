"""The seeded demo's studios (the Jinzhou report's figures): 91 studios by type and level, 高颖明's
studio, the 406 incubated achievements, and the subsidy rounds paid from the studio lines."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, F
from django.utils import timezone

from innovation.achievements.models import Achievement

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_91_studios_by_type_and_level(demo):
    from innovation.studios.models import Studio

    active = Studio.objects.filter(status=Studio.Status.ACTIVE)
    counts = {f"{t}.{lv}": n for t, lv, n in active.values_list("type", "level").annotate(n=Count("id"))}
    assert counts == {
        "model_worker.provincial": 12,
        "worker.provincial": 18,
        "model_worker.city": 36,
        "worker.city": 25,
    }
    assert Studio.objects.count() == 91
    for studio in Studio.objects.filter(type="model_worker").select_related("leader"):
        assert studio.leader.honours.filter(kind="model_worker").exists(), studio
    for studio in Studio.objects.prefetch_related("namings"):
        levels = [(n.type, n.level) for n in studio.namings.all()]
        assert (studio.type, studio.level) == levels[-1]
        assert len(set(levels)) == len(levels)


def test_gao_yingmings_studio_wang_liang_and_the_jet_fuel_result(demo):
    from innovation.studios.models import Studio

    studio = Studio.objects.get(name="高颖明劳模创新工作室")
    assert studio.enterprise.name == "锦州石化公司"
    assert (studio.type, studio.level) == ("model_worker", "provincial")
    assert "王亮" in set(studio.members.filter(left_on__isnull=True).values_list("worker__name", flat=True))
    report = studio.reports.get(year=2021)
    assert report.reported_benefit == Decimal("5960000.00") and "2吨/小时" in report.summary
    assert Studio.objects.filter(leader__name="孙洋").exists()


def test_406_incubated_achievements_from_records(demo):
    from innovation.studios.models import Member

    incubated = Achievement.objects.filter(studio__isnull=False, submitted_at__isnull=False)
    assert incubated.count() == 406
    assert not incubated.exclude(enterprise=F("studio__enterprise")).exists()
    on_two = Member.objects.filter(left_on__isnull=True).values("worker").annotate(n=Count("studio"))
    assert not on_two.filter(n__gt=1).exists()


def test_studio_subsidies_follow_the_policy_and_fit_the_lines(demo):
    from innovation.funds.models import BudgetLine, Commitment, LineKind
    from innovation.studios.models import SubsidyLine, SubsidyPolicy, SubsidyRound

    assert SubsidyPolicy.objects.count() == 4
    lines = {line.year: line for line in BudgetLine.objects.filter(kind=LineKind.STUDIO)}
    # "今年…专门调增预算85万元": 2021's line is 2020's level (1,000,000) plus the 850,000 increase.
    assert [
        (y, lines[y].base_fen, lines[y].amended_fen, lines[y].amount_fen) for y in (2019, 2020, 2021)
    ] == [
        (2019, 80_000_000, 0, 80_000_000),
        (2020, 100_000_000, 0, 100_000_000),
        (2021, 100_000_000, 85_000_000, 185_000_000),
    ]
    (increase,) = lines[2021].amendments.select_related("approved_by", "recorded_by")
    assert (increase.direction, increase.amount_fen, increase.decided_on, increase.document_no) == (
        "increase",
        85_000_000,
        datetime.date(2021, 3, 10),
        "锦工发〔2021〕9号",
    )
    assert "专门调增劳模和职工创新工作室补助预算85万元" in increase.reason
    assert (increase.approved_by.username, increase.recorded_by.username) == ("demo_city2", "demo_city")
    # The rounds paid what they always paid, and this year's line is open.
    assert [lines[y].paid_fen for y in (2019, 2020, 2021)] == [80_000_000, 91_000_000, 74_800_000]
    this_year = lines[timezone.localdate().year]
    assert (this_year.base_fen, this_year.amended_fen, this_year.amount_fen, this_year.committed_fen) == (
        85_000_000,
        0,
        85_000_000,
        0,
    )
    for round_ in SubsidyRound.objects.all():
        assert round_.state == SubsidyRound.State.APPROVED
        assert round_.first_approver_id != round_.second_approver_id
        line = lines[round_.year]
        assert line.committed_fen == line.paid_fen == sum(r.amount_fen for r in round_.lines.all())
        assert line.committed_fen <= line.amount_fen
    for row in SubsidyLine.objects.select_related("policy", "round"):
        assert row.amount_fen == row.proposed_fen
        assert row.policy.effective_from.year <= row.round.year
        if row.kind == "yearly":
            assert row.amount_fen <= 2_000_000  # the cap
        else:
            assert row.amount_fen == {"model_worker": 3_000_000, "worker": 2_000_000}[row.policy.studio_type]
    revised = SubsidyLine.objects.filter(round__year=2021, kind="yearly")
    assert revised.exists() and not revised.exclude(policy__effective_from=datetime.date(2021, 3, 1)).exists()
    assert not Commitment.objects.filter(source_kind="studio_subsidy").exclude(state="paid").exists()
