"""Selecting candidates: within the quotas, only eligible items, each refusal explained in Chinese
with nothing changed and an audit row."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards.models import Objection
from innovation.core.models import StepLog
from innovation.recommendations import eligibility, services
from innovation.recommendations.models import Recommendation

from .conftest import IN_2020, category, make_contest, select


def refused(count_before):
    return AuditEntry.objects.filter(action=AuditAction.REFUSED).count() - count_before


def test_the_city_selects_an_awarded_item(world, awards, contest):
    rec = select(world, contest, awards.liying, opinion="该成果在火电和新能源领域应用前景广阔，同意推荐。")
    assert (rec.state, rec.category.name, rec.award, rec.selected_by) == (
        "selected",
        "职工组",
        awards.liying,
        world.users["city"],
    )
    assert rec.scope_path == awards.liying.achievement.scope_path
    log = StepLog.objects.of(rec).get()
    assert (log.step, log.from_state, log.to_state, log.at) == ("select", "", "selected", IN_2020)
    tally = {t["category"].name: (t["quota"], t["used"], t["left"]) for t in eligibility.quota_tally(contest)}
    assert tally == {"职工组": (2, 1, 1), "青年组": (1, 0, 1)}


def test_the_candidates_explain_each_refusal(world, awards, contest):
    select(world, contest, awards.second)
    rows = {c.achievement.title: c.reasons for c in eligibility.candidates(contest)}
    assert rows["蓄电池组充放电试验自动数据记录装置"] == []
    assert rows["食品包装封口温控改进"] == []
    assert rows["物流叉车安全提示装置"] == [
        "市级获奖等级为优秀奖，本大赛只接受一等奖、二等奖、三等奖的成果。"
    ]
    assert rows["危化品装卸防静电监测仪"] == ["该成果已推荐至本大赛（职工组，已遴选）。"]
    # 2017 is one year older than the window (2018–2020): shown, with the age rule.
    assert rows["老式机床改造"] == ["成果于2017年获奖，距大赛年度已3年，超过可推荐年限2年。"]
    assert len(rows) == 5


@pytest.mark.parametrize(
    "which, message",
    [
        (
            "excellence",
            "「物流叉车安全提示装置」不能推荐：市级获奖等级为优秀奖，本大赛只接受一等奖、二等奖、三等奖的成果。",
        ),
        ("old", "「老式机床改造」不能推荐：成果于2017年获奖，距大赛年度已3年，超过可推荐年限2年。"),
    ],
)
def test_an_ineligible_item_is_refused_and_nothing_changes(world, awards, contest, which, message):
    before = refused(0)
    with pytest.raises(ValidationError) as error:
        select(world, contest, getattr(awards, which))
    assert error.value.messages == [message]
    assert (
        Recommendation.objects.count() == 0 and StepLog.objects.filter(workflow="recommendation").count() == 0
    )
    assert refused(before) == 1


def test_an_outstanding_objection_bars_the_item(world, awards, contest):
    line = awards.liying.decision.lines.get(achievement=awards.liying.achievement)
    Objection.objects.create(
        decision=awards.liying.decision, line=line, raised_by=world.users["unit"], reason="有争议"
    )
    with pytest.raises(ValidationError) as error:
        select(world, contest, awards.liying)
    assert error.value.messages == [
        "「蓄电池组充放电试验自动数据记录装置」不能推荐：该成果有尚未答复的公示异议，须答复后才能推荐。"
    ]
    assert Recommendation.objects.count() == 0


def test_an_item_without_a_city_award_is_refused(world, awards, contest):
    from tests.awards.decision_world import make_item

    item = make_item(world, awards.campaign, "yx_a", "未获奖的成果")
    with pytest.raises(ValidationError) as error:
        services.select(
            actor=world.users["city"],
            contest=contest,
            category=category(contest),
            achievement=item,
            now=IN_2020,
        )
    assert error.value.messages == ["「未获奖的成果」不能推荐：该成果未获得市级奖项，不能向上推荐。"]
    assert Recommendation.objects.count() == 0


def test_over_quota_is_refused_and_nothing_changes(world, awards, contest):
    select(world, contest, awards.liying, name="青年组")
    before = refused(0)
    with pytest.raises(ValidationError) as error:
        select(world, contest, awards.second, name="青年组")
    assert error.value.code == "quota"
    assert error.value.messages == ["「青年组」推荐名额为1项，已推荐1项，名额已满。"]
    assert Recommendation.objects.count() == 1 and refused(before) == 1
    # the other category still has its places
    assert select(world, contest, awards.second).category.name == "职工组"


def test_a_withdrawal_frees_the_place(world, awards, contest):
    rec = select(world, contest, awards.liying, name="青年组")
    services.withdraw(actor=world.users["city"], recommendation=rec, reason="材料不全", now=IN_2020)
    rec.refresh_from_db()
    assert (rec.state, rec.withdraw_reason) == ("withdrawn", "材料不全")
    assert select(world, contest, awards.third, name="青年组").state == "selected"


def test_the_same_item_twice_is_refused(world, awards, contest):
    select(world, contest, awards.liying)
    with pytest.raises(ValidationError) as error:
        select(world, contest, awards.liying, name="青年组")
    assert "该成果已推荐至本大赛（职工组，已遴选）。" in error.value.messages[0]
    assert Recommendation.objects.count() == 1


def test_after_the_deadline_nothing_is_selected(world, awards, contest):
    late = timezone.make_aware(datetime.datetime(2020, 10, 1, 9, 0))
    with pytest.raises(ValidationError) as error:
        select(world, contest, awards.liying, now=late)
    assert error.value.messages == ["大赛报送截止日期为2020-09-30，已过期，不能再推荐。"]
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "nobody"])
def test_only_the_city_selects(world, awards, contest, who):
    with pytest.raises(PermissionDenied):
        services.select(
            actor=world.users[who],
            contest=contest,
            category=category(contest),
            achievement=awards.liying.achievement,
            now=IN_2020,
        )
    assert Recommendation.objects.count() == 0


def test_a_contest_needs_its_categories_and_a_valid_level(world, awards):
    with pytest.raises(ValidationError) as error:
        make_contest(world, level="city", categories=[("职工组", 0)])
    assert error.value.message_dict == {
        "level": ["请选择大赛级别（省级或全国）。"],
        "categories": ["组别「职工组」的名额须为1至1000的整数。"],
    }
    with pytest.raises(PermissionDenied):
        make_contest(world, actor=world.users["yixian"])
    from innovation.recommendations.models import Contest

    assert Contest.objects.count() == 0


def test_a_duplicate_verdict_bars_the_item(world, awards, contest):
    from innovation.achievements.duplicates import DuplicatePair, Verdict, record_verdict

    pair = DuplicatePair.objects.create(
        newer=awards.liying.achievement,
        earlier=awards.old.achievement,
        jaccard=0.91,
        found_at=timezone.now(),
    )
    # Not judged yet: nothing bars.
    assert eligibility.check(contest, awards.liying.achievement)[1] == []
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.DUPLICATE, note="同一装置")
    with pytest.raises(ValidationError) as error:
        select(world, contest, awards.liying)
    assert error.value.messages == [
        "「蓄电池组充放电试验自动数据记录装置」不能推荐：查重认定为已有成果「老式机床改造」的重复或再次申报，不能推荐。"
    ]
    assert Recommendation.objects.count() == 0
    # An "improved" verdict does not bar.
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.EVOLVED)
    assert select(world, contest, awards.liying).state == "selected"


def test_the_candidates_page_reads_the_verdicts_in_bulk(world, awards, contest):
    from innovation.achievements.duplicates import DuplicatePair, Verdict, record_verdict

    pair = DuplicatePair.objects.create(
        newer=awards.third.achievement, earlier=awards.old.achievement, jaccard=0.88, found_at=timezone.now()
    )
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.RESUBMISSION)
    rows = {c.achievement.title: c.reasons for c in eligibility.candidates(contest)}
    assert rows["食品包装封口温控改进"] == ["查重认定为已有成果「老式机床改造」的重复或再次申报，不能推荐。"]
    assert rows["蓄电池组充放电试验自动数据记录装置"] == []
