"""The yearly assessment by the rubric in force, and revocation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditAction, AuditEntry
from innovation.studios.models import Assessment, AssessmentRubric, Studio, StudioType, YearReport
from innovation.studios.reports import assessment
from tests.studios.builders import make_studio

from .report_builders import RUBRIC_2019, incubate, make_rubric, verified_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(db):
    return make_rubric(2019)


@pytest.fixture
def studios(world, model_worker):
    """A: excellent, B: qualified, C: no report, D: report waiting, E: named in 2023, F: revoked."""
    a = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    b = make_studio(world, "乙食品职工创新工作室", "yx_b")
    c = make_studio(world, "黑山丙化工职工创新工作室", "hs_a")
    d = make_studio(world, "黑山丁物流职工创新工作室", "hs_b")
    e = make_studio(world, "义县甲机械二号工作室", "yx_a", year=2023)
    f = make_studio(world, "义县甲机械三号工作室", "yx_a", year=2020)
    Studio.objects.filter(pk=f.pk).update(status=Studio.Status.REVOKED)

    incubate(world, a, 2023, verified="1000000.00", patents=2)
    incubate(world, a, 2023, verified="500000.00")
    incubate(world, a, 2023)
    verified_report(world, a, 2023, problems=4, people=25, benefit="100000")
    incubate(world, b, 2023)
    verified_report(world, b, 2023, problems=5, people=50, benefit="200000")
    incubate(world, c, 2023, verified="900000.00", patents=5)  # records alone do not make a report
    YearReport.objects.create(studio=d, year=2023, summary="x", state="submitted", scope_path=d.scope_path)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_the_rubric_in_force_is_the_latest_not_after_the_year(db):
    r2019 = make_rubric(2019)
    r2022 = make_rubric(2022, excellent="70")
    assert assessment.rubric_for(2019) == r2019
    assert assessment.rubric_for(2021) == r2019
    assert assessment.rubric_for(2022) == r2022
    assert assessment.rubric_for(2030) == r2022
    with pytest.raises(ValidationError, match="没有适用于2018年的考核办法"):
        assessment.rubric_for(2018)


def test_each_criterion_scores_value_times_unit_at_most_its_max(scoring):
    values = {
        "incubated": 3,
        "patents": 2,
        "problems_solved": 4,
        "people_trained": 25,
        "benefit_wan": Decimal("160.0000"),
    }
    total, result, items = assessment.score(values, scoring)
    assert [(i["key"], i["points"]) for i in items] == [
        ("incubated", "15.00"),
        ("patents", "10.00"),
        ("problems_solved", "16.00"),
        ("people_trained", "2.50"),
        ("benefit_wan", "20.00"),  # 160 × 0.2 = 32, capped at 20
    ]
    assert (total, result) == (Decimal("63.50"), "excellent")
    assert assessment.score({**values, "benefit_wan": 0, "incubated": 1}, scoring)[:2] == (
        Decimal("33.50"),
        "qualified",
    )
    assert assessment.score({}, scoring)[:2] == (Decimal("0.00"), "unqualified")


def test_run_assesses_every_named_studio_from_its_verified_report(world, scoring, studios):
    s = studios
    summary = assessment.run_assessment(year=2023, actor=world.users["city"])
    assert {k: summary[k] for k in ("assessed", "excellent", "qualified", "unqualified", "rubric")} == {
        "assessed": 3,
        "excellent": 1,
        "qualified": 1,
        "unqualified": 1,
        "rubric": 2019,
    }
    assert summary["pending"] == ["黑山丁物流职工创新工作室"]
    got = {a.studio_id: (a.score, a.result) for a in Assessment.objects.filter(year=2023)}
    assert got == {
        s["a"].pk: (Decimal("63.50"), "excellent"),  # 15 + 10 + 16 + 2.5 + 20
        s["b"].pk: (Decimal("34.00"), "qualified"),  # 5 + 0 + 20 + 5 + 4
        s["c"].pk: (Decimal("43.00"), "unqualified"),  # no report: unqualified whatever the records say
    }
    c = Assessment.objects.get(studio=s["c"])
    assert c.detail["report_state"] == "missing"
    assert c.note == "未提交2023年度报告，考核不合格。"
    a = Assessment.objects.get(studio=s["a"])
    assert a.rubric == scoring and a.assessed_by == world.users["city"]
    assert a.detail["figures"]["benefit"] == "1600000.00"

    # The waiting report is verified; a second run adds it and leaves the others as they were.
    reports_d = YearReport.objects.get(studio=s["d"])
    from innovation.studios.reports import services as reports

    reports.verify_report(report=reports_d, actor=world.users["city"])
    summary = assessment.run_assessment(year=2023, actor=world.users["city"])
    assert (summary["assessed"], summary["pending"]) == (4, [])
    assert Assessment.objects.filter(year=2023).count() == 4


def test_only_the_city_runs_the_assessment(world, scoring, studios):
    for user in ("yixian", "unit", "worker"):
        with pytest.raises(PermissionDenied):
            assessment.run_assessment(year=2023, actor=world.users[user])
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError, match="尚未开始"):
        assessment.run_assessment(year=datetime.date.today().year + 2, actor=world.users["city"])


def test_the_year_uses_its_own_rubric_version(world, studios):
    make_rubric(2019)
    strict = make_rubric(2023, excellent="90", qualified="80")
    assessment.run_assessment(year=2023, actor=world.users["city"])
    a = Assessment.objects.get(studio=studios["a"])
    assert (a.rubric, a.score, a.result) == (strict, Decimal("63.50"), "unqualified")


def test_two_unqualified_years_propose_revocation(world, scoring, studios):
    s = studios
    city = world.users["city"]
    YearReport.objects.filter(studio=s["d"]).delete()
    assessment.run_assessment(year=2022, actor=city)  # nobody reported 2022: all unqualified
    assert [p["studio"] for p in assessment.revocation_proposals(year=2022, user=city)] == []

    assessment.run_assessment(year=2023, actor=city)
    proposals = assessment.revocation_proposals(year=2023, user=city)
    assert {(p["studio"].name, tuple(p["years"])) for p in proposals} == {
        ("黑山丁物流职工创新工作室", (2022, 2023)),
        ("黑山丙化工职工创新工作室", (2022, 2023)),
    }
    assert {p["reason"] for p in proposals} == {"2022—2023年连续2年考核不合格"}
    # The district sees none of it: proposals are the city's.
    assert assessment.revocation_proposals(year=2023, user=world.users["heishan"]) == []
    # Three years under a stricter setting: no proposal yet.
    AssessmentRubric.objects.filter(pk=scoring.pk).update(revoke_after_unqualified=3)
    assert assessment.revocation_proposals(year=2023, user=city) == []


def test_revocation_keeps_the_studio_in_history(world, scoring, studios):
    c = studios["c"]
    city = world.users["city"]
    for kwargs, field in (({"document_no": " "}, "document_no"), ({"reason": ""}, "reason")):
        data = {"document_no": "锦工发〔2024〕5号", "reason": "连续两年考核不合格", **kwargs}
        with pytest.raises(ValidationError) as caught:
            assessment.revoke(studio=c, actor=city, **data)
        assert field in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        assessment.revoke(studio=c, actor=world.users["heishan"], document_no="x", reason="y")
    c.refresh_from_db()
    assert c.status == Studio.Status.ACTIVE

    assessment.revoke(
        studio=c,
        actor=city,
        document_no="锦工发〔2024〕5号",
        reason="连续两年考核不合格",
        on=datetime.date(2024, 3, 1),
    )
    c.refresh_from_db()
    assert (c.status, c.revoked_on, c.revoke_document_no) == (
        "revoked",
        datetime.date(2024, 3, 1),
        "锦工发〔2024〕5号",
    )
    assert Studio.objects.filter(pk=c.pk).exists()
    with pytest.raises(ValidationError, match="已于2024-03-01摘牌"):
        assessment.revoke(studio=c, actor=city, document_no="x", reason="y")
    assert c not in assessment.assessable_studios(year=2024, user=city)
    assert AuditEntry.objects.filter(
        object_type="studios.studio", object_id=str(c.pk), detail__contains="摘牌"
    ).exists()
    assert (
        AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="studios.revoke").count() == 3
    )


def test_a_new_rubric_starts_after_the_last_assessed_year(world, scoring, studios):
    city = world.users["city"]
    assessment.run_assessment(year=2023, actor=city)
    base = {"criteria": RUBRIC_2019, "excellent_from": 80, "qualified_from": 60}
    with pytest.raises(ValidationError, match="只能从2024年起适用"):
        assessment.rubric_create(actor=city, effective_year=2023, **base)
    with pytest.raises(ValidationError) as caught:
        assessment.rubric_create(
            actor=city,
            effective_year=2024,
            **{**base, "criteria": [{"key": "salary", "per_unit": 1, "max": 5}]},
        )
    assert "criteria" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        assessment.rubric_create(actor=city, effective_year=2024, **{**base, "qualified_from": 90})
    assert "excellent_from" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        assessment.rubric_create(actor=world.users["yixian"], effective_year=2024, **base)
    rubric = assessment.rubric_create(actor=city, effective_year=2024, revoke_after_unqualified=3, **base)
    assert rubric.criteria[3] == {
        "key": "people_trained",
        "label": "培训人次",
        "per_unit": "0.1",
        "max": "10",
    }
    assert assessment.rubric_for(2024) == rubric
    assert AssessmentRubric.objects.count() == 2
