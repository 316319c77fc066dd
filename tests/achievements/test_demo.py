"""The achievements demo: the report's five campaigns and their 1,300+ filed items, 李营's
invention, the demonstration posts the rule names, this year's open campaign; and running the
seed twice changes nothing."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count, F, Sum
from django.utils import timezone

from innovation.achievements import demo as achievements_demo
from innovation.achievements.models import (
    Achievement,
    Author,
    Campaign,
    DemonstrationPost,
    Field,
    Kind,
    Patent,
    State,
)
from innovation.achievements.services import build_search_text
from innovation.core.models import StepLog
from innovation.org.models import TradeUnion

YEARS = {2017: 258, 2018: 263, 2019: 261, 2020: 266, 2021: 264}
TOTAL = 1312
REPORT_FIELDS = [Field.SAFETY, Field.EFFICIENCY, Field.QUALITY, Field.TECHNOLOGY, Field.ENERGY]
AWARDED = 165  # 33 a year: 一等奖 3 + 二等奖 6 + 三等奖 10 + 优秀奖 14
AWARDED_BENEFIT = Decimal("412000500.00")
# Passed the city's formal check; then reviewed by experts and decided (the awards demo).
PASSED = (State.AWARDED, State.NOT_AWARDED)
REVIEW_STEPS = ("assign", "award", "not_award")


pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def filed():
    """The report's filed items (2017–2021): this year's items on their way are not among them."""
    return Achievement.objects.filter(submitted_at__isnull=False, campaign__year__in=YEARS)


def test_seeding_twice_changes_nothing(demo):
    """tests/demo_db.py seeds twice and runs the achievements' part a third time."""
    keys = [k for k in demo.first if k.startswith("achievements.")] + [
        "core.StepLog",
        "achievements.Achievement.benefit_verified",
    ]
    assert [demo.second[k] for k in keys] == [demo.first[k] for k in keys]
    assert [demo.third[k] for k in keys] == [demo.first[k] for k in keys]
    assert demo.first["achievements.Achievement"] == Achievement.objects.count()


def test_five_yearly_campaigns_of_the_city_union(demo):
    city = TradeUnion.objects.get(name="锦州市总工会")
    history = Campaign.objects.filter(union=city, year__in=YEARS).order_by("year")
    assert [c.year for c in history] == list(YEARS)
    for campaign in history:
        assert campaign.title == f"{campaign.year}年锦州市职工“五小”创新成果征集活动"
        opens, closes = timezone.localtime(campaign.opens_at), timezone.localtime(campaign.closes_at)
        assert (opens.year, opens.month, opens.day) == (campaign.year, 3, 1)
        assert (closes.year, closes.month, closes.day) == (campaign.year, 9, 30)
        assert not campaign.is_open()
        assert sorted(campaign.kinds) == sorted(Kind.values) and sorted(campaign.fields) == sorted(
            Field.values
        )
        assert [g.code for g in campaign.grades.all()] == ["first", "second", "third", "excellence"]
        assert sum(g.quota for g in campaign.grades.all()) == achievements_demo.BEST_PER_YEAR == 33
        assert [(c.name, c.weight, c.max_score) for c in campaign.criteria.all()] == [
            ("创新性", 30, 100),
            ("实用性", 30, 100),
            ("经济效益", 25, 100),
            ("推广价值", 15, 100),
        ]
        assert campaign.notice_days == 7
        assert campaign.experts_per_item == (5 if campaign.year >= 2020 else 3)


def test_about_260_filed_a_year_and_1300_in_five_years(demo):
    per_year = dict(filed().values_list("campaign__year").annotate(n=Count("id")).order_by("campaign__year"))
    assert per_year == YEARS
    assert all(255 <= n <= 268 for n in per_year.values())
    assert filed().count() == TOTAL
    assert Achievement.objects.filter(campaign__year__in=YEARS, submitted_at__isnull=True).count() == 0


def test_every_county_level_union_has_filed_items(demo):
    districts = TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT)
    assert districts.count() == 9
    filed_in = {union.name: filed().filter(scope_path__startswith=union.path).count() for union in districts}
    assert filed_in == {
        "锦州松山新区总工会": 123,
        "古塔区总工会": 187,
        "凌河区总工会": 99,
        "太和区总工会": 163,
        "黑山县总工会": 140,
        "义县总工会": 104,
        "凌海市总工会": 131,
        "北镇市总工会": 155,
        "锦州经济技术开发区总工会": 121,
    }


def test_the_reports_fields_and_all_five_kinds(demo):
    by_field = dict(filed().values_list("field").annotate(n=Count("id")))
    assert by_field == {
        Field.SAFETY: 239,
        Field.EFFICIENCY: 351,
        Field.QUALITY: 233,
        Field.TECHNOLOGY: 205,
        Field.ENERGY: 219,
        Field.OTHER: 65,
    }
    for field in REPORT_FIELDS:
        assert by_field[field] > 2 * by_field[Field.OTHER]
    by_kind = dict(filed().values_list("kind").annotate(n=Count("id")))
    assert set(by_kind) == set(Kind.values)
    assert by_kind == {
        Kind.INVENTION: 201,
        Kind.CREATION: 220,
        Kind.RENOVATION: 309,
        Kind.DESIGN: 289,
        Kind.SUGGESTION: 293,
    }


def test_li_ying_and_his_recording_device(demo):
    item = Achievement.objects.get(title="蓄电池组充放电试验自动数据记录装置", submitted_at__isnull=False)
    assert item.campaign.year == 2020
    assert item.enterprise.name == "辽宁大唐国际锦州热电有限责任公司"
    assert (item.kind, item.field, item.state) == (Kind.INVENTION, Field.EFFICIENCY, State.AWARDED)
    assert item.benefit_type == Achievement.BenefitType.CREATED
    assert item.benefit_claimed == item.benefit_verified == Decimal("2720000.00")
    authors = list(item.authors.all())
    assert [(a.worker.name, a.share) for a in authors] == [("李营", Decimal("100.00"))]
    assert item.post == authors[0].worker.post
    assert list(item.patents.values_list("type", flat=True)) == [Patent.Type.UTILITY]
    assert list(StepLog.objects.of(item).values_list("step", "actor_name")) == [
        ("submit", "demo_unit_datang"),
        ("recommend", "demo_taihe"),
        ("pass", "demo_city"),
        ("assign", "demo_city"),
        ("award", "demo_city"),
    ]


def test_authors_are_workers_of_the_unit_and_shares_sum_to_100(demo):
    totals = filed().annotate(total=Sum("authors__share"), n=Count("authors"))
    assert all(a.total == 100 and 1 <= a.n <= 4 for a in totals)
    firsts = Author.objects.filter(
        achievement__submitted_at__isnull=False, achievement__campaign__year__in=YEARS, order=1
    ).select_related("worker", "achievement")
    assert firsts.count() == TOTAL
    for author in firsts:
        assert author.worker is not None and author.worker.enterprise_id == author.achievement.enterprise_id
        assert author.achievement.post == author.worker.post
    strangers = Author.objects.filter(worker__isnull=False).exclude(
        worker__enterprise=F("achievement__enterprise")
    )
    assert not strangers.exists()
    assert Author.objects.filter(worker__isnull=True).exclude(outside_name="").exclude(order=1).exists()


def test_demonstration_posts_are_what_the_rule_names(demo):
    named = defaultdict(list)
    rows = Author.objects.filter(
        achievement__submitted_at__isnull=False, achievement__campaign__year__in=YEARS, worker__isnull=False
    ).values_list(
        "worker__enterprise_id",
        "worker__post",
        "achievement__campaign__year",
        "worker_id",
        "achievement__submitted_at",
        "achievement_id",
    )
    for enterprise_id, post, year, worker_id, submitted_at, achievement_id in rows:
        named[(enterprise_id, post.strip(), year)].append((submitted_at, achievement_id, worker_id))
    posts = (
        DemonstrationPost.objects.filter(year__in=YEARS)
        .select_related("first_achievement", "enterprise")
        .prefetch_related("workers")
    )
    assert posts.count() == len(named) == 1326
    for post in posts:
        entries = named[(post.enterprise_id, post.post, post.year)]
        earliest = min(at for at, _a, _w in entries)
        assert post.first_achievement.submitted_at == earliest
        assert post.named_at == earliest
        assert {w.pk for w in post.workers.all()} == {w for _at, _a, w in entries}
        assert post.scope_path == post.enterprise.scope_path


def test_the_awarded_165_created_or_saved_over_400_million(demo):
    verified = list(
        filed()
        .filter(benefit_verified__isnull=False)
        .order_by("-benefit_verified")
        .values_list("benefit_verified", flat=True)
    )
    top = verified[:AWARDED]
    assert sum(top) == AWARDED_BENEFIT
    # the others are modest: the largest of them, and the smallest of the awarded
    assert (verified[AWARDED], top[-1]) == (Decimal("349800.00"), Decimal("493100.00"))
    for year in YEARS:
        best = filed().filter(campaign__year=year, benefit_verified__gte=Decimal("400000"))
        assert best.count() == 33, year


def test_benefits_verified_only_after_the_city_check(demo):
    for item in filed().exclude(benefit_claimed__isnull=True):
        assert item.benefit_type and item.benefit_basis
        if item.benefit_verified is not None:
            assert item.state in PASSED
            assert Decimal(0) < item.benefit_verified <= item.benefit_claimed
    assert not filed().filter(benefit_claimed__isnull=True, benefit_verified__isnull=False).exists()
    ready_with_benefit = filed().filter(state__in=PASSED, benefit_claimed__isnull=False)
    assert ready_with_benefit.filter(benefit_verified__isnull=True).count() == 0


def test_states_and_the_path_each_item_took(demo):
    states = dict(filed().values_list("state").annotate(n=Count("id")))
    assert set(states) == {
        State.AWARDED,
        State.NOT_AWARDED,
        State.DISTRICT_REJECTED,
        State.CITY_REJECTED,
        State.RETURNED,
    }
    assert states[State.AWARDED] == AWARDED
    assert states == {
        State.AWARDED: 165,
        State.NOT_AWARDED: 975,  # passed the city's check: 1,140 of 1,312 (87%)
        State.DISTRICT_REJECTED: 79,
        State.CITY_REJECTED: 53,
        State.RETURNED: 40,
    }
    paths = {
        State.AWARDED: [["submit", "recommend", "pass", "assign", "award"]],
        State.NOT_AWARDED: [["submit", "recommend", "pass", "assign", "not_award"]],
        State.DISTRICT_REJECTED: [["submit", "district_reject"]],
        State.CITY_REJECTED: [["submit", "recommend", "fail"]],
        State.RETURNED: [["submit", "district_return"], ["submit", "recommend", "city_return"]],
    }
    steps = defaultdict(list)
    filed_ids = set(Achievement.objects.filter(submitted_at__isnull=False).values_list("pk", flat=True))
    for t in StepLog.objects.filter(workflow="achievement", object_id__in=filed_ids).order_by("at", "id"):
        steps[t.object_id].append(t)
    for item in filed().select_related("campaign"):
        path = steps[item.pk]
        assert [t.step for t in path] in paths[item.state], item.pk
        assert path[0].at == item.submitted_at == item.pledge_confirmed_at
        assert path[-1].to_state == item.state
        filing = [t for t in path if t.step not in REVIEW_STEPS]
        assert all(item.campaign.opens_at <= t.at < item.campaign.closes_at for t in filing)
        assert all(t.reason for t in filing if t.step not in ("submit", "recommend", "pass"))
        assert all(t.at > item.campaign.closes_at for t in path if t.step in REVIEW_STEPS)
        assert all((t.actor.username if t.actor else "system") == t.actor_name for t in path)


def test_search_text_scope_and_import_keys(demo):
    names = defaultdict(list)
    for achievement_id, worker_name, outside_name in Author.objects.order_by(
        "achievement_id", "order"
    ).values_list("achievement_id", "worker__name", "outside_name"):
        names[achievement_id].append(worker_name or outside_name)
    for item in filed().select_related("enterprise"):
        assert item.search_text == build_search_text(item, names[item.pk])
        assert item.scope_path == item.enterprise.scope_path
        assert item.import_key and len(item.import_key) == 64


def test_patents_on_some_items(demo):
    with_patent = filed().filter(patents__isnull=False).distinct().count()
    assert with_patent == 181  # 14% of 1,312
    types = dict(Patent.objects.values_list("type").annotate(n=Count("id")))
    assert types == {Patent.Type.UTILITY: 148, Patent.Type.INVENTION: 31, Patent.Type.DESIGN: 21}
    assert all(n.startswith("ZL") and len(n) == 16 for n in Patent.objects.values_list("number", flat=True))


def test_titles_distinct_within_a_year(demo):
    for year in YEARS:
        titles = list(filed().filter(campaign__year=year).values_list("title", flat=True))
        assert len(set(titles)) == len(titles) == YEARS[year]


def test_this_years_campaign_is_open_with_drafts_and_items_on_their_way(demo):
    year = timezone.localdate().year
    current = Campaign.objects.get(union__name="锦州市总工会", year=year)
    assert current.is_open()
    assert timezone.localtime(current.closes_at).date() == timezone.datetime(year, 12, 31).date()
    by_state = dict(current.achievements.values_list("state").annotate(n=Count("id")))
    assert by_state == {
        State.DRAFT: 4,  # 3 of the units' and one filed from a concluded project (projects demo)
        State.SUBMITTED: 3,
        State.RECOMMENDED: 2,
        State.UNDER_REVIEW: 2,
        State.RETURNED: 1,
    }
    drafts = current.achievements.filter(state=State.DRAFT)
    assert not drafts.filter(submitted_at__isnull=False).exists()
    assert drafts.filter(project__isnull=False).count() == 1
    mine = drafts.get(created_by__username="demo_liying")
    assert mine.authors.get(order=1).worker.name == "李营"
    hers = current.achievements.get(state=State.UNDER_REVIEW, authors__worker__name="李营")
    assert hers.title == "发电机碳刷温度在线监测预警装置"
    assert [s.step for s in StepLog.objects.of(hers)] == ["submit", "recommend", "pass", "assign"]
    returned = current.achievements.get(state=State.RETURNED)
    assert StepLog.objects.of(returned).last().reason.startswith("经济效益计算依据不足")
    assert filed().count() == TOTAL  # this year's items leave the report's figures alone


# ---------------------------------------------------------------- the expert stage and the awards


def test_expert_pool_and_every_item_reviewed_by_its_campaigns_experts(demo):
    from innovation.experts.models import Assignment, ExpertProfile

    assert ExpertProfile.objects.count() == 60
    assert ExpertProfile.objects.filter(user__username="demo_expert").exists()
    for item in filed().filter(state__in=PASSED).select_related("campaign"):
        rows = list(item.assignments.all())
        assert len(rows) == item.campaign.experts_per_item, item.pk
        assert {r.state for r in rows} == {Assignment.State.SUBMITTED}
    past = Assignment.objects.filter(campaign__year__in=YEARS)
    assert not past.exclude(state=Assignment.State.SUBMITTED).exists()
    # This year's two items past the formal check are with five experts each, demo_expert among
    # them (he replaced one of the automatic choices, the replaced one withdrawn), none scored yet.
    this_year = Assignment.objects.exclude(campaign__year__in=YEARS)
    assert dict(this_year.values_list("state").annotate(n=Count("id"))) == {
        Assignment.State.ASSIGNED: 10,
        Assignment.State.WITHDRAWN: 2,
    }
    assert (
        this_year.filter(expert__user__username="demo_expert", state=Assignment.State.ASSIGNED).count() == 2
    )


def test_165_awards_by_the_quotas_with_the_reports_benefit(demo):
    from innovation.awards.models import Award, Decision, Objection

    awards = Award.objects.select_related("grade", "campaign", "achievement")
    assert awards.count() == AWARDED
    for year in YEARS:
        per_grade = dict(
            awards.filter(campaign__year=year).values_list("grade__code").annotate(n=Count("id"))
        )
        assert per_grade == {"first": 3, "second": 6, "third": 10, "excellence": 14}, year
    assert Achievement.objects.filter(state=State.AWARDED).aggregate(s=Sum("benefit_verified"))["s"] == (
        AWARDED_BENEFIT
    )
    assert not Achievement.objects.filter(state=State.AWARDED, benefit_locked=False).exists()
    for award in awards.prefetch_related("shares"):
        assert award.prize_fen == award.grade.prize_fen
        assert sum(s.amount_fen for s in award.shares.all()) == award.prize_fen
    for decision in Decision.objects.all():
        assert decision.state == Decision.State.FINAL
        assert decision.first_approver_id and decision.second_approver_id
        assert decision.first_approver_id != decision.second_approver_id
    objection = Objection.objects.get()
    assert objection.state == Objection.State.DISMISSED and objection.answer


def test_li_ying_holds_the_first_prize_of_2020(demo):
    from innovation.awards.models import Award

    award = Award.objects.select_related("grade", "achievement__result").get(
        achievement__title="蓄电池组充放电试验自动数据记录装置", campaign__year=2020
    )
    assert award.grade.code == "first"
    assert award.achievement.result.rank == 1
    assert award.prize_fen == 500_000
    assert [(s.name, s.amount_fen) for s in award.shares.all()] == [("李营", 500_000)]


def test_prizes_committed_and_paid_from_each_years_five_smalls_line(demo):
    from innovation.funds.models import BudgetLine, Commitment, LineKind

    lines = {line.year: line for line in BudgetLine.objects.filter(kind=LineKind.FIVE_SMALLS)}
    prizes = {2017: 38_000_00, 2018: 38_000_00, 2019: 38_000_00, 2020: 67_000_00, 2021: 67_000_00}
    for year, total in prizes.items():
        line = lines[year]
        assert line.committed_fen == line.paid_fen == total, year
        assert line.committed_fen <= line.amount_fen
    # Every prize is paid (other parts' commitments, e.g. a project's support, may be open).
    assert (
        not Commitment.objects.filter(source_kind="award_share").exclude(state=Commitment.State.PAID).exists()
    )
    assert Commitment.objects.filter(source_kind="award_share").count() == sum(
        len(a.authors.all())
        for a in Achievement.objects.filter(state=State.AWARDED).prefetch_related("authors")
    )
