"""Submitting to the province, the result recorded (by hand and from the province's sheet), the
authors' honours, the achievement page's lines, and the figures."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from innovation.core.models import StepLog
from innovation.core.stats import stats_for
from innovation.org.models import Honour
from innovation.recommendations import results, selectors, services
from innovation.recommendations.models import Recommendation

from .conftest import AFTER_NOTICE, IN_2020, select

CERT = "LNZG-2020-001"


def submitted(world, contest, award, name="职工组"):
    rec = select(world, contest, award, name=name)
    return services.submit(actor=world.users["city"], recommendation=rec, now=IN_2020)


def test_submit_then_record_the_first_prize(world, awards, contest):
    rec = submitted(world, contest, awards.liying)
    assert rec.state == "submitted" and rec.submitted_at == IN_2020
    services.record_result(
        actor=world.users["city"],
        recommendation=rec,
        prize="first",
        certificate_no=CERT,
        result_date=datetime.date(2020, 11, 20),
    )
    rec.refresh_from_db()
    assert (rec.state, rec.result_prize, rec.result_level, rec.certificate_no, rec.result_date) == (
        "result",
        "first",
        "provincial",
        CERT,
        datetime.date(2020, 11, 20),
    )
    assert rec.result_label == "省级职工组一等奖"
    assert [log.step for log in StepLog.objects.of(rec)] == ["select", "submit", "record_result"]
    # both authors get the honour
    honours = Honour.objects.filter(kind=Honour.Kind.CONTEST_AWARD)
    assert {(h.worker.name, h.level, h.year, h.title) for h in honours} == {
        ("李营", "provincial", 2020, "2020年辽宁省职工创新大赛职工组一等奖"),
        ("义县职工一", "provincial", 2020, "2020年辽宁省职工创新大赛职工组一等奖"),
    }
    # the achievement's page says so
    lines = selectors.achievement_related(awards.liying.achievement, world.users["worker"])
    assert [(line.label, line.title, line.note) for line in lines] == [
        ("向上推荐", "2020年辽宁省职工创新大赛 · 职工组", "省级职工组一等奖（证书编号 LNZG-2020-001）")
    ]


def test_the_achievement_page_shows_the_result(client, world, awards, contest):
    rec = submitted(world, contest, awards.liying)
    services.record_result(
        actor=world.users["city"],
        recommendation=rec,
        prize="first",
        certificate_no=CERT,
        result_date="2020-11-20",
    )
    client.force_login(world.users["city"])
    html = client.get(f"/achievements/{awards.liying.achievement.pk}/").content.decode()
    assert 'id="related"' in html and "省级职工组一等奖" in html and f"/recommendations/{rec.pk}/" in html


def test_a_second_award_in_the_same_year_extends_the_honour(world, awards, contest):
    from .conftest import make_contest

    other = make_contest(world, name="辽宁省职工技术创新成果展", categories=[("成果组", 3)])
    for c, name in ((contest, "职工组"), (other, "成果组")):
        rec = submitted(world, c, awards.liying, name=name)
        services.record_result(
            actor=world.users["city"],
            recommendation=rec,
            prize="second",
            certificate_no="X1",
            result_date="2020-12-01",
        )
    honour = Honour.objects.get(worker=awards.liying_worker, kind=Honour.Kind.CONTEST_AWARD)
    assert honour.title == "2020年辽宁省职工创新大赛职工组二等奖；2020年辽宁省职工技术创新成果展成果组二等奖"


def test_no_prize_writes_no_honour(world, awards, contest):
    rec = submitted(world, contest, awards.second)
    services.record_result(
        actor=world.users["city"], recommendation=rec, prize="none", result_date="2020-11-20"
    )
    rec.refresh_from_db()
    assert (rec.result_label, rec.certificate_no) == ("未获奖", "")
    assert not Honour.objects.filter(kind=Honour.Kind.CONTEST_AWARD).exists()


def test_a_bad_result_is_refused_and_nothing_changes(world, awards, contest):
    rec = submitted(world, contest, awards.liying)
    with pytest.raises(ValidationError) as error:
        services.record_result(
            actor=world.users["city"],
            recommendation=rec,
            prize="gold",
            certificate_no="",
            result_date="2020-13-01",
        )
    assert error.value.message_dict == {
        "prize": ["请选择获奖等级（一等奖、二等奖、三等奖、优秀奖或未获奖）。"],
        "result_date": ["获奖日期格式不正确（例如 2020-11-20）。"],
    }
    with pytest.raises(ValidationError) as error:
        services.record_result(
            actor=world.users["city"], recommendation=rec, prize="first", result_date="2020-11-20"
        )
    assert error.value.message_dict == {"certificate_no": ["获奖的成果须填写证书编号。"]}
    rec.refresh_from_db()
    assert (rec.state, rec.result_prize) == ("submitted", "")
    assert not Honour.objects.exists()


def test_submit_waits_for_the_notice_and_its_objections(world, awards, contest):
    rec = select(world, contest, awards.liying)
    services.publish_notice(actor=world.users["city"], contest=contest, now=IN_2020)
    objection = services.raise_objection(
        recommendation=rec, name="张三", phone="13812345678", reason="该成果与他人成果雷同", now=IN_2020
    )
    with pytest.raises(ValidationError) as error:
        services.submit(actor=world.users["city"], recommendation=rec, now=IN_2020)
    assert error.value.messages == ["推荐名单公示期至2020-09-06 10:00，公示期满后才能报送。"]
    with pytest.raises(ValidationError) as error:
        services.submit(actor=world.users["city"], recommendation=rec, now=AFTER_NOTICE)
    assert error.value.messages == ["该推荐有尚未答复的公示异议，须答复后才能报送。"]
    services.answer_objection(
        actor=world.users["city"],
        objection=objection,
        upheld=False,
        answer="经核实不雷同。",
        now=AFTER_NOTICE,
    )
    assert (
        services.submit(actor=world.users["city"], recommendation=rec, now=AFTER_NOTICE).state == "submitted"
    )


def test_an_upheld_objection_withdraws_the_recommendation(world, awards, contest):
    rec = select(world, contest, awards.liying)
    services.publish_notice(actor=world.users["city"], contest=contest, now=IN_2020)
    objection = services.raise_objection(
        recommendation=rec, name="张三", phone="13812345678", reason="雷同", now=IN_2020
    )
    services.answer_objection(
        actor=world.users["city"], objection=objection, upheld=True, answer="属实", now=IN_2020
    )
    rec.refresh_from_db()
    objection.refresh_from_db()
    assert (objection.state, objection.answer, objection.answered_by) == (
        "upheld",
        "属实",
        world.users["city"],
    )
    assert (rec.state, rec.withdraw_reason) == ("withdrawn", "公示异议成立：属实")


def test_a_public_objection_outside_the_notice_is_refused(world, awards, contest):
    rec = select(world, contest, awards.liying)
    with pytest.raises(ValidationError) as error:
        services.raise_objection(recommendation=rec, name="张", phone="123", reason="", now=IN_2020)
    assert error.value.message_dict == {
        "name": ["请填写您的真实姓名（2至30字）。"],
        "phone": error.value.message_dict["phone"],
        "reason": ["请写明异议理由。"],
        "__all__": ["该推荐名单不在公示期内，不能提出异议。"],
    }
    assert not rec.objections.exists()


def test_the_figures(world, awards, contest):
    first = submitted(world, contest, awards.liying)
    second = submitted(world, contest, awards.second)
    third = submitted(world, contest, awards.third, name="青年组")
    for rec, prize in ((first, "first"), (second, "none")):
        services.record_result(
            actor=world.users["city"],
            recommendation=rec,
            prize=prize,
            certificate_no="C",
            result_date="2020-11-20",
        )
    services.withdraw(actor=world.users["city"], recommendation=third, reason="撤回", now=IN_2020)
    stats = stats_for(world.users["city"])
    assert stats["provincial_awards_total"] == 1
    assert stats["recommendations_by_year"] == {"2020": 2}
    # the district sees its own items only (李营's item is 义县's, the second 黑山's)
    assert stats_for(world.users["yixian"])["provincial_awards_total"] == 1
    assert stats_for(world.users["heishan"])["recommendations_by_year"] == {"2020": 1}
    assert selectors.conversion(Recommendation.objects.all()) == {
        "recommended": 2,
        "with_result": 2,
        "awarded": 1,
        "rate": 50.0,
    }


def sheet(rows, header=None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "获奖结果"
    ws.append(header or ["成果名称", "完成单位", "获奖级别", "获奖等级", "证书编号", "获奖日期"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_result_sheet_is_imported(world, awards, contest):
    a = submitted(world, contest, awards.liying)
    b = submitted(world, contest, awards.second)
    unit_a = awards.liying.achievement.enterprise.name
    unit_b = awards.second.achievement.enterprise.name
    outcome = results.import_results(
        actor=world.users["city"],
        contest=contest,
        fileobj=sheet(
            [
                [
                    "蓄电池组充放电试验自动数据记录装置",
                    unit_a,
                    "省级",
                    "一等奖",
                    CERT,
                    datetime.date(2020, 11, 20),
                ],
                ["危化品装卸防静电监测仪", unit_b, "省级", "未获奖", "", "2020-11-20"],
            ]
        ),
    )
    assert (outcome.ok, outcome.recorded) == (True, 2)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.result_label, a.certificate_no, b.result_label) == ("省级职工组一等奖", CERT, "未获奖")


def test_a_result_sheet_with_errors_changes_nothing(world, awards, contest):
    a = submitted(world, contest, awards.liying)
    unit_a = awards.liying.achievement.enterprise.name
    outcome = results.import_results(
        actor=world.users["city"],
        contest=contest,
        fileobj=sheet(
            [
                ["蓄电池组充放电试验自动数据记录装置", unit_a, "省级", "一等奖", CERT, "2020-11-20"],
                ["不存在的成果", "某单位", "省级", "二等奖", "X", "2020-11-20"],
                ["蓄电池组充放电试验自动数据记录装置", unit_a, "市级", "金奖", "", "昨天"],
            ]
        ),
    )
    assert outcome.recorded == 0
    assert [(e["row"], e["letter"], e["column"], e["message"]) for e in outcome.errors] == [
        (3, "A", "成果名称", "本大赛的推荐中没有「不存在的成果」（某单位）。"),
        (4, "A", "成果名称", "与第2行是同一成果。"),
        (4, "C", "获奖级别", "「市级」不是有效的获奖级别（省级或全国）。"),
        (4, "D", "获奖等级", "「金奖」不是有效的获奖等级（一等奖、二等奖、三等奖、优秀奖或未获奖）。"),
        (4, "F", "获奖日期", "「昨天」不是有效日期，请按 2025-03-01 的格式填写。"),
    ]
    a.refresh_from_db()
    assert a.state == "submitted" and not Honour.objects.exists()


def test_a_result_sheet_with_a_wrong_header_is_refused(world, awards, contest):
    submitted(world, contest, awards.liying)
    with pytest.raises(results.ImportRefused) as error:
        results.import_results(
            actor=world.users["city"],
            contest=contest,
            fileobj=sheet([["x"]], header=["成果名称", "单位", "获奖级别", "奖项", "证书编号", "获奖日期"]),
        )
    assert error.value.message == (
        "第1行表头与获奖结果表不一致：B列应为「完成单位」，文件中为「单位」；D列应为「获奖等级」，文件中为「奖项」。"
    )
    assert Recommendation.objects.get().state == "submitted"
