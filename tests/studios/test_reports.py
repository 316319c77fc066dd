"""The yearly report: figures from the records and from the lead, submit, verify, return."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.achievements.models import State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.notifications.models import Notification
from innovation.studios.models import Member, StudioType, YearReport
from innovation.studios.reports import selectors as report_selectors
from innovation.studios.reports import services as reports
from tests.factories import make_worker
from tests.studios.builders import make_studio

from .report_builders import incubate

pytestmark = pytest.mark.django_db


@pytest.fixture
def gao(world, model_worker):
    """高颖明劳模创新工作室 at yx_a (义县), led by the model worker 高颖明."""
    return make_studio(
        world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, year=2019, leader=model_worker
    )


def save(studio, actor, year=2023, **kw):
    data = {
        "problems_solved": 4,
        "people_trained": 25,
        "reported_benefit": Decimal("50000"),
        "summary": "攻关4项",
    }
    data.update(kw)
    return reports.save_report(studio=studio, year=year, actor=actor, **data)


def test_figures_come_from_the_records_and_from_the_lead(world, gao):
    incubate(world, gao, 2023, verified="1000000.00", patents=2)
    incubate(world, gao, 2023, verified="200000.00")
    incubate(world, gao, 2023, state=State.SUBMITTED)  # filed, not yet verified
    incubate(world, gao, 2023, state=State.DRAFT, verified="999.00", patents=1)  # not filed: not counted
    incubate(world, gao, 2022, verified="500000.00", patents=1)  # another year
    other = make_studio(world, "乙食品职工创新工作室", "yx_b", year=2019)
    incubate(world, other, 2023, verified="700000.00", patents=3)  # another studio

    assert report_selectors.record_figures(studio=gao, year=2023) == {
        "incubated": 3,
        "patents": 2,
        "verified_benefit": Decimal("1200000.00"),
    }
    report = save(gao, world.users["unit"])
    values = report_selectors.figures(report)
    assert values == {
        "incubated": 3,
        "patents": 2,
        "verified_benefit": Decimal("1200000.00"),
        "problems_solved": 4,
        "people_trained": 25,
        "reported_benefit": Decimal("50000.00"),
        "benefit": Decimal("1250000.00"),
        "benefit_wan": Decimal("125.0000"),
    }
    # The list's annotations give the same figures in one query.
    annotated = report_selectors.with_figures(YearReport.objects.filter(pk=report.pk)).get()
    assert report_selectors.figures(annotated) == values
    assert (annotated.fig_incubated, annotated.fig_patents) == (3, 2)


def test_lead_saves_and_submits_and_the_city_verifies(world, gao, studio_lead):
    report = save(gao, studio_lead)
    assert report.state == YearReport.State.DRAFT
    report = save(gao, studio_lead, people_trained=30)  # still a draft: may change
    assert YearReport.objects.get(pk=report.pk).people_trained == 30

    reports.submit_report(report=report, actor=studio_lead)
    report.refresh_from_db()
    assert (report.state, report.submitted_by) == (YearReport.State.SUBMITTED, studio_lead)
    assert Notification.objects.filter(user=world.users["city"], title__contains="2023年度报告").count() == 1

    when = datetime.datetime(2024, 1, 20, 9, 30, tzinfo=datetime.UTC)
    reports.verify_report(report=report, actor=world.users["city"], note="数据属实", now=when)
    report.refresh_from_db()
    assert report.state == YearReport.State.VERIFIED
    assert (report.verified_by, report.verified_at, report.verify_note) == (
        world.users["city"],
        when,
        "数据属实",
    )
    assert Notification.objects.filter(user=studio_lead, title="2023年度报告已核实").count() == 1
    assert AuditEntry.objects.filter(object_type="studios.yearreport", object_id=str(report.pk)).count() == 4


def test_unit_admin_reports_for_its_own_unit_only(world, gao):
    heishan = make_studio(world, "黑山丙化工职工创新工作室", "hs_a", year=2019)
    save(gao, world.users["unit"])  # t_unit is yx_a's union
    with pytest.raises(PermissionDenied):
        save(heishan, world.users["unit"])
    assert not YearReport.objects.filter(studio=heishan).exists()
    assert (
        AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, detail__contains="report_save").count()
        == 1
    )


def test_a_roster_member_who_does_not_lead_cannot_report(world, gao, studio_lead):
    from innovation.accounts.roles import Role
    from tests.factories import make_user

    wang = make_worker(world.units["yx_a"], "王亮")
    Member.objects.create(
        studio=gao, worker=wang, role=Member.Role.MEMBER, joined_on=datetime.date(2020, 1, 1)
    )
    wang_user = make_user("t_wang", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=wang)
    assert report_selectors.may_report(studio_lead, gao)
    assert not report_selectors.may_report(wang_user, gao)
    with pytest.raises(PermissionDenied):
        save(gao, wang_user)
    # The district may see, not report.
    assert not report_selectors.may_report(world.users["yixian"], gao)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"people_trained": -1}, "people_trained"),
        ({"problems_solved": 1.5}, "problems_solved"),
        ({"reported_benefit": Decimal("-1")}, "reported_benefit"),
        ({"reported_benefit": Decimal("1.234")}, "reported_benefit"),
        ({"year": 2018}, "year"),  # before its naming
        ({"year": 2999}, "year"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(world, gao, change, field):
    with pytest.raises(ValidationError) as caught:
        save(gao, world.users["unit"], **change)
    assert field in caught.value.message_dict
    assert YearReport.objects.count() == 0
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="report_save").count() == 1


def test_submit_needs_a_summary_and_a_submitted_report_is_frozen(world, gao):
    unit = world.users["unit"]
    report = save(gao, unit, summary="")
    with pytest.raises(ValidationError) as caught:
        reports.submit_report(report=report, actor=unit)
    assert "summary" in caught.value.message_dict
    report = save(gao, unit, summary="全年攻关4项。")
    reports.submit_report(report=report, actor=unit)
    with pytest.raises(ValidationError, match="不能修改"):
        save(gao, unit, people_trained=99)
    with pytest.raises(ValidationError, match="不能提交"):
        reports.submit_report(report=report, actor=unit)
    assert YearReport.objects.get(pk=report.pk).people_trained == 25


def test_only_the_city_verifies_and_returns_with_a_reason(world, gao):
    report = save(gao, world.users["unit"])
    with pytest.raises(ValidationError, match="只有已提交的报告可以核实"):
        reports.verify_report(report=report, actor=world.users["city"])
    reports.submit_report(report=report, actor=world.users["unit"])
    for user in (world.users["yixian"], world.users["unit"], world.users["heishan"]):
        with pytest.raises(PermissionDenied):
            reports.verify_report(report=report, actor=user)
    with pytest.raises(ValidationError) as caught:
        reports.return_report(report=report, actor=world.users["city"], reason="  ")
    assert "reason" in caught.value.message_dict
    reports.return_report(report=report, actor=world.users["city"], reason="培训人次请附名单。")
    report.refresh_from_db()
    assert (report.state, report.verify_note) == (YearReport.State.DRAFT, "培训人次请附名单。")
    save(gao, world.users["unit"], people_trained=26)  # a returned report may change again


def test_a_revoked_studio_no_longer_reports(world, gao):
    from innovation.studios.reports.assessment import revoke

    revoke(studio=gao, actor=world.users["city"], document_no="锦工发〔2024〕3号", reason="严重过错")
    with pytest.raises(ValidationError, match="已摘牌"):
        save(gao, world.users["unit"])
