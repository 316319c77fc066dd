"""The recommendations to the provincial contest, for `seed_demo`: the 辽宁省职工创新大赛 of 2019,
2020 and 2021 (辽宁省总工会; 职工组 5 places, 班组（团队）组 3), each with four of the city's
awarded items of that year or the year before, submitted to the province, and their results:

- 2020: 李营's 蓄电池组充放电试验自动数据记录装置 (the city's 2020 一等奖) won 职工组一等奖
  (certificate 辽工创赛〔2020〕001号, 2020-11-20), as the report says; the others 二等奖, 三等奖, 未获奖;
- 2019 and 2021: 二等奖, 三等奖, 未获奖 and 三等奖 / 二等奖 …

so that 12 recommendations turned into 8 provincial awards (2019: 2 of 4, 2020: 3 of 4, 2021:
3 of 4). Each result is in its authors' honours (职工创新大赛获奖). The steps are written as
history (the kernel's load_history): they happened years ago. Deterministic and idempotent: a
contest that exists is left as it is. The awards must be seeded first (innovation.awards.demo)."""

import datetime

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.awards.demo import CITY_UNION, LIYING_TITLE
from innovation.awards.models import Award
from innovation.core import workflow as kernel
from innovation.org.models import TradeUnion

from ..models import Contest, ContestCategory, Recommendation, RecState
from ..workflow import write_honours

NAME = "辽宁省职工创新大赛"
ORGANISER = "辽宁省总工会"
CATEGORIES = (("职工组", 5), ("班组（团队）组", 3))
LIYING_CERTIFICATE = "辽工创赛〔2020〕001号"
# year -> the results of its four recommendations, best city award first ("" = 未获奖).
RESULTS = {
    2019: ("second", "third", "none", "none"),
    2020: ("first", "second", "third", "none"),
    2021: ("second", "third", "third", "none"),
}
OPINION = "该成果经锦州市职工“五小”创新成果评审获奖，创新性强、经济效益显著，同意推荐。"


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _picks(city: TradeUnion, year: int) -> list[Award]:
    """The four items of a year's recommendation: the city's best awards of that year (李营's
    first in 2020), and the fourth best of the year before."""
    awards = Award.objects.filter(campaign__union=city).select_related("achievement", "campaign", "grade")
    this_year = list(awards.filter(campaign__year=year).order_by("grade__order", "id")[:3])
    if year == 2020:
        liying = awards.filter(campaign__year=2020, achievement__title=LIYING_TITLE).first()
        if liying is not None:
            this_year = [liying] + [a for a in this_year if a.pk != liying.pk][:2]
    last_year = list(awards.filter(campaign__year=year - 1).order_by("grade__order", "id")[3:4])
    return this_year + last_year


def _contest(city: TradeUnion, year: int, admin: User) -> Contest | None:
    if Contest.objects.filter(union=city, name=NAME, year=year).exists():
        return None
    contest = Contest.objects.create(
        union=city,
        name=NAME,
        organiser=ORGANISER,
        level="provincial",
        year=year,
        deadline=datetime.date(year, 9, 30),
        package_note="每项成果报送推荐表一份（加盖推荐单位公章），另附推荐汇总表。",
        eligible_grades=["first", "second", "third"],
        max_age_years=2,
        notice_days=5,
        notice_starts=_at(year, 9, 1),
        notice_ends=_at(year, 9, 6),
        created_by=admin,
    )
    for order, (name, quota) in enumerate(CATEGORIES, start=1):
        ContestCategory.objects.create(contest=contest, name=name, quota=quota, order=order)
    return contest


def _recommend(contest: Contest, award: Award, prize: str, number: int, admin: User) -> Recommendation:
    year = contest.year
    category = contest.categories.get(name="职工组" if number != 3 else "班组（团队）组")
    rec = Recommendation(
        contest=contest,
        category=category,
        achievement=award.achievement,
        award=award,
        opinion=OPINION,
        selected_by=admin,
        submitted_at=_at(year, 9, 10),
        result_prize=prize,
        result_level="provincial",
        certificate_no=(
            LIYING_CERTIFICATE if year == 2020 and number == 0 else f"辽工创赛〔{year}〕{number + 11:03d}号"
        )
        if prize != "none"
        else "",
        result_date=datetime.date(year, 11, 20),
    )
    rec.save()
    kernel.load_history(
        Recommendation,
        [
            (
                rec,
                [
                    ("select", "", RecState.SELECTED, admin, "", _at(year, 8, 25)),
                    ("submit", RecState.SELECTED, RecState.SUBMITTED, admin, "", _at(year, 9, 10)),
                    ("record_result", RecState.SUBMITTED, RecState.RESULT, admin, "", _at(year, 11, 25)),
                ],
            )
        ],
    )
    write_honours(rec)
    return rec


def seed(stdout=None) -> int:
    """Returns the recommendations made now (0 when seeded before)."""
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    admin = User.objects.get(username="demo_city")
    made = 0
    with transaction.atomic():
        for year, results in RESULTS.items():
            contest = _contest(city, year, admin)
            if contest is None:
                continue
            for number, (award, prize) in enumerate(zip(_picks(city, year), results, strict=False)):
                _recommend(contest, award, prize, number, admin)
                made += 1
    if stdout is not None:
        stdout.write(f"  recommendations to the provincial contest: {made} new")
    return made
