"""The expert stage and the awards of the report's five campaigns (2017–2021), for `seed_demo`.

What it makes, through the services wherever a service exists:

- the city's expert pool: 60 experts (demo_expert and 59 others, engineers and teachers of the
  city's units and colleges), each with two or three fields;
- per year: the review rules, the automatic assignment (3 experts per item, 5 from 2020), the
  score sheets, the results (mean; trimmed mean from 2020), the committee's decision proposed
  from the ranking and approved by two city admins (demo_city and demo_city2), the notice, one
  objection answered (2019), the final decision with its awards, certificates and commitments
  against the year's 五小专项经费 line, and the payments of those commitments;
- the budget lines of every year, including this year's (五小专项经费, 工作室补助, 金牌师徒奖金).

The awarded items are the 33 best of each year (165 in all, "获奖的160多项"), whose verified
benefits sum to 412,000,500.00 yuan ("4亿多元"), and 李营's 2020 invention is ranked first of
its year (一等奖). The score sheets are written in bulk (4,000+ of them) with the weighted total
the scoring service computes (innovation.review.aggregation.weighted_total); their campaigns'
review windows closed years ago. Deterministic and idempotent: a campaign that already has a
decision is left as it is.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from innovation.accounts import services as account_services
from innovation.accounts.models import User
from innovation.accounts.roles import Role
from innovation.achievements.models import Achievement, Campaign, Field, ScoringMethod, State
from innovation.core import pii
from innovation.core import workflow as kernel
from innovation.experts import services as expert_services
from innovation.experts.models import Assignment, ExpertProfile
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, Commitment, LineKind
from innovation.org.demo_data import person_name, phone_number
from innovation.org.models import Enterprise, TradeUnion
from innovation.review import services as review_services
from innovation.review.aggregation import Criterion, weighted_total
from innovation.review.models import Score, ScoreSheet

from . import services
from .models import Decision, Objection

SEED = 20211120
CITY_UNION = "锦州市总工会"
YEARS = (2017, 2018, 2019, 2020, 2021)
AWARDED_PER_YEAR = 33  # = the campaigns' grade quotas (3 + 6 + 10 + 14)
EXPERTS = 60
# Budget lines (yuan) the city's union budget set aside each year ("设立专项“五小”活动经费，纳入每年
# 工会预算"). Demo values: the report gives no amounts, only that the fund exists.
LINES = {
    LineKind.FIVE_SMALLS: (
        "五小专项经费",
        {2017: 80_000, 2018: 80_000, 2019: 80_000, 2020: 120_000, 2021: 120_000},
    ),
    LineKind.STUDIO: ("劳模和职工创新工作室补助", {}),  # past years' lines: innovation.studios.demo
    LineKind.MASTER_APPRENTICE: ("金牌师徒奖金", {2020: 55_000, 2021: 60_000}),
}
THIS_YEAR_LINES = {
    LineKind.FIVE_SMALLS: 150_000,
    LineKind.STUDIO: 850_000,  # a demo value; the report's 85万元 is 2021's increase (studios.demo)
    LineKind.MASTER_APPRENTICE: 60_000,
}
COLLEGES = ("辽宁工业大学", "锦州医科大学", "渤海大学", "辽宁理工学院", "锦州师范高等专科学校")
TITLES = ("高级工程师", "正高级工程师", "高级技师", "教授", "副教授", "高级经济师")
LIYING_TITLE = "蓄电池组充放电试验自动数据记录装置"


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, month, day), time(hour, 0)))


def _second_admin() -> User:
    user = User.objects.get(username="demo_city2")
    return user


def _experts(city: TradeUnion, rng: random.Random) -> list[ExpertProfile]:
    existing = list(ExpertProfile.objects.filter(union=city))
    if len(existing) >= EXPERTS:
        return existing
    fields = [f for f in Field.values if f != Field.OTHER]
    units = list(Enterprise.objects.filter(size__in=("large", "medium")).order_by("id"))
    made = []
    demo = User.objects.get(username="demo_expert")
    if not ExpertProfile.objects.filter(user=demo).exists():
        profile = ExpertProfile(
            user=demo,
            name="评审专家（示例）",
            union=city,
            employer_outside="辽宁工业大学",
            title="正高级工程师",
            fields=list(Field.values),
            tags="电气、自动化、设备管理",
        )
        phone = phone_number(rng)
        profile.phone, profile.phone_hash, profile.phone_masked = (
            phone,
            pii.keyed_hash(phone),
            pii.mask_phone(phone),
        )
        profile.save()
        made.append(profile)
    # The rest of the pool: accounts the city will issue when it invites them (no password yet).
    for n in range(1, EXPERTS):
        username = f"expert{n:02d}"
        if User.objects.filter(username=username).exists():
            continue
        name = person_name(rng)
        user = User(username=username, display_name=name)
        user.set_unusable_password()
        user.save()
        account_services.grant_role(actor=None, user=user, role=Role.EXPERT)
        own = [f for f in fields if rng.random() < 0.45] or [rng.choice(fields)]
        if Field.OTHER not in own and rng.random() < 0.2:
            own.append(Field.OTHER)
        inside = rng.random() < 0.7 and units
        profile = ExpertProfile(
            user=user,
            name=name,
            union=city,
            employer=rng.choice(units) if inside else None,
            employer_outside="" if inside else rng.choice(COLLEGES),
            title=rng.choice(TITLES),
            fields=own,
        )
        phone = phone_number(rng)
        profile.phone, profile.phone_hash, profile.phone_masked = (
            phone,
            pii.keyed_hash(phone),
            pii.mask_phone(phone),
        )
        profile.save()
        made.append(profile)
    return list(ExpertProfile.objects.filter(union=city))


def _line(city: TradeUnion, year: int, kind: str, name: str, yuan: int, actor) -> BudgetLine:
    line = BudgetLine.objects.filter(union=city, year=year, kind=kind).first()
    if line is None:
        line = funds.line_create(
            actor=actor, union=city, year=year, kind=kind, name=f"{year}年{name}", amount_fen=yuan * 100
        )
    return line


def _quality(campaign: Campaign, rng: random.Random) -> dict[int, float]:
    """Each item's merit as the experts will see it: the year's best 33 (by verified benefit)
    clearly ahead, 李营's invention first of 2020."""
    items = list(
        Achievement.objects.filter(campaign=campaign, state__in=(State.UNDER_REVIEW, State.READY_FOR_REVIEW))
        # NULLS LAST: PostgreSQL puts nulls first in a descending order, SQLite last.
        .order_by(F("benefit_verified").desc(nulls_last=True), "id")
        .values_list("id", "title")
    )
    quality = {}
    for position, (item_id, title) in enumerate(items):
        if position < AWARDED_PER_YEAR:
            quality[item_id] = 91.0 - position * 0.35 + rng.uniform(-0.1, 0.1)
        else:
            quality[item_id] = rng.uniform(48.0, 74.0)
        if title == LIYING_TITLE:
            quality[item_id] = 96.0
    return quality


def _score_sheets(campaign: Campaign, quality: dict[int, float], rng: random.Random, when: datetime) -> int:
    criteria = list(campaign.criteria.order_by("order", "id"))
    rubric = [Criterion(id=c.pk, weight=c.weight, max_score=c.max_score) for c in criteria]
    assignments = list(
        Assignment.objects.filter(campaign=campaign, state=Assignment.State.ASSIGNED, sheet__isnull=True)
        .select_related("expert__user")
        .order_by("id")
    )
    harshness = {}
    sheets, scores = [], []
    for row in assignments:
        bias = harshness.setdefault(row.expert_id, rng.uniform(-1.5, 1.5))
        merit = quality.get(row.achievement_id, 60.0) + bias
        values = {}
        for c in criteria:
            value = max(0.0, min(float(c.max_score), merit / 100 * c.max_score + rng.uniform(-1.2, 1.2)))
            values[c.pk] = Decimal(str(round(value)))
        total = weighted_total(values, rubric)
        submitted = when + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        comment = "创新点突出，效益测算依据充分，建议评为优秀成果。" if merit > 85 else "具有一定推广价值。"
        sheets.append(ScoreSheet(assignment=row, comment=comment, total=total, submitted_at=submitted))
        scores.append(values)
    ScoreSheet.objects.bulk_create(sheets, batch_size=500)
    by_assignment = {s.assignment_id: s for s in ScoreSheet.objects.filter(assignment__campaign=campaign)}
    Score.objects.bulk_create(
        [
            Score(sheet=by_assignment[row.pk], criterion_id=cid, value=value)
            for row, values in zip(assignments, scores, strict=True)
            for cid, value in values.items()
        ],
        batch_size=2000,
    )
    kernel.load_history(
        Assignment,
        [
            (
                row,
                [
                    (
                        "submit",
                        Assignment.State.ASSIGNED,
                        Assignment.State.SUBMITTED,
                        row.expert.user,
                        "",
                        sheet.submitted_at,
                    )
                ],
            )
            for row, sheet in zip(assignments, sheets, strict=True)
        ],
    )
    return len(sheets)


def _year(campaign: Campaign, city_admin: User, second: User, rng: random.Random, summary: dict) -> None:
    year = campaign.year
    Campaign.objects.filter(pk=campaign.pk).update(
        review_deadline=_at(year, 11, 10, 18),
        scoring_method=ScoringMethod.TRIMMED if campaign.experts_per_item >= 5 else ScoringMethod.MEAN,
        disagreement_threshold=Decimal("15.00"),
    )
    campaign.refresh_from_db()
    report = expert_services.auto_assign(campaign=campaign, actor=city_admin, now=_at(year, 10, 15))
    if report.shortfalls:
        raise RuntimeError(f"{year}: the demo pool cannot cover {len(report.shortfalls)} items")
    quality = _quality(campaign, rng)
    _score_sheets(campaign, quality, rng, _at(year, 10, 18))
    review_services.compute_results(campaign=campaign, actor=city_admin, now=_at(year, 11, 12))
    decision = services.propose(campaign=campaign, actor=city_admin, now=_at(year, 11, 16))
    line = BudgetLine.objects.get(union=campaign.union, year=year, kind=LineKind.FIVE_SMALLS)
    services.set_budget_line(decision=decision, line=line, actor=city_admin)
    services.approve(decision=decision, actor=city_admin, now=_at(year, 11, 18))
    services.approve(decision=decision, actor=second, now=_at(year, 11, 19))
    services.publish(decision=decision, actor=city_admin, now=_at(year, 11, 20))
    if year == 2019:
        # A worker asks about an item's benefit; the city checks the finance attestation and answers.
        decision.refresh_from_db()
        target = decision.lines.filter(grade__isnull=False).order_by("rank")[5]
        objector = User.objects.get(username="demo_gaoyingming")
        objection = services.raise_objection(
            line=target,
            actor=objector,
            reason="该成果申报的年节约效益是否经财务部门核实？请说明计算依据。",
            now=_at(year, 11, 22),
        )
        services.answer_objection(
            objection=objection,
            upheld=False,
            answer="经核查，该成果效益已由企业财务部门出具证明，计算依据充分，异议不成立，维持原审定。",
            actor=city_admin,
            now=_at(year, 11, 24),
        )
    decision.refresh_from_db()
    services.finalise(decision=decision, actor=city_admin, now=decision.notice_ends + timedelta(hours=1))
    paid_on = date(year, 12, 20)
    for n, commitment in enumerate(
        Commitment.objects.filter(line=line, state=Commitment.State.OPEN).order_by("id"), start=1
    ):
        funds.pay(
            commitment=commitment,
            amount_fen=commitment.amount_fen,
            paid_on=paid_on,
            voucher_no=f"JZZGH-{year}-{n:04d}",
            actor=city_admin,
        )
    summary["years"].append((year, report.assigned, decision.awards.count()))


def seed_this_year(stdout=None) -> int:
    """This year's items past the formal check go to the experts now (the campaign is still
    open: the city reviews as items arrive), and `demo_expert` is on each of them, so that he has
    unscored sheets waiting. Returns the new assignments. The last seeder: it needs this year's
    items on their way."""
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    city_admin = User.objects.get(username="demo_city")
    campaign = Campaign.objects.filter(union=city, year=timezone.localdate().year).first()
    assigned = 0
    if campaign is not None and campaign.achievements.filter(state=State.READY_FOR_REVIEW).exists():
        assigned = _assign_this_year(campaign, city_admin)
    if stdout is not None:
        stdout.write(f"  this year's review: {assigned} assignments")
    return assigned


def _assign_this_year(campaign: Campaign, city_admin: User) -> int:
    report = expert_services.auto_assign(campaign=campaign, actor=city_admin)
    expert = ExpertProfile.objects.get(user__username="demo_expert")
    for item in campaign.achievements.filter(state=State.UNDER_REVIEW).exclude(assignments__expert=expert):
        if expert_services.eligibility_problems(achievement=item, expert=expert, campaign=campaign):
            continue
        other = item.assignments.filter(state=Assignment.State.ASSIGNED).order_by("-id").first()
        expert_services.override(
            assignment=other,
            new_expert=expert,
            actor=city_admin,
            reason="该成果专业性较强，调整为本领域评审经验丰富的专家。",
        )
    return report.assigned


def seed(stdout=None) -> dict:
    rng = random.Random(SEED)
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    city_admin = User.objects.get(username="demo_city")
    second = _second_admin()
    summary: dict = {"years": []}
    with transaction.atomic():
        experts = _experts(city, rng)
        for kind, (name, amounts) in LINES.items():
            for year, yuan in amounts.items():
                _line(city, year, kind, name, yuan, city_admin)
        this_year = timezone.localdate().year
        for kind, yuan in THIS_YEAR_LINES.items():
            _line(city, this_year, kind, LINES[kind][0], yuan, city_admin)
        for year in YEARS:
            campaign = Campaign.objects.filter(union=city, year=year).first()
            if campaign is None or Decision.objects.filter(campaign=campaign).exists():
                continue
            _year(campaign, city_admin, second, random.Random(f"{SEED}-{year}"), summary)
    if stdout is not None:
        awarded = Achievement.objects.filter(state=State.AWARDED)
        stdout.write(
            f"  review: {len(experts)} experts; "
            + ", ".join(f"{y}: {a} assignments, {w} awards" for y, a, w in summary["years"])
            + f"; {awarded.count()} awarded; {Objection.objects.count()} objection(s)"
        )
    return summary
