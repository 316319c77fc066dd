"""The report's five "五小" campaigns (2017–2021) and their filed achievements, plus this year's
open campaign with a few drafts (called by `manage.py seed_demo`; safe to run again).

The figures are the report's: five yearly campaigns, 1,300+ filed items (about 260 a year) in
the fields 安全生产, 提高效率, 提升质量, 创新技术, 节能减排 (and a few 其他), from units of all
9 county-level divisions; 李营's 蓄电池组充放电试验自动数据记录装置 (2020, 272万元). The 33 items
per year that a later issue awards (一等奖 3 + 二等奖 6 + 三等奖 10 + 优秀奖 14, 165 in all) are
the top `BEST_PER_YEAR` of each year by verified benefit; their verified benefits sum to a bit
over 400,000,000 yuan (the report's "4亿多元"), every other item's benefit is modest.

Campaigns and the current year's drafts go through the services. The historical items are
written directly with bulk_create (their windows are closed, so the services would refuse them),
with what the workflow would have written: transitions, submitted_at, the pledge, search_text,
scope_path and the demonstration posts (职工创新示范岗) that submission names.

Deterministic and idempotent: each year draws from its own fixed random stream, the award
benefits from another, and a campaign that already has achievements is left as it is.

The parts: the words in `data/` (objects.csv, templates.json, effects.json, texts.json,
drafts.json) read by `data`; the figures and odds in `figures`; `texts` draws an item's topic,
authors and texts; `history` draws one year's items and their paths; `writing` writes them
through the workflow kernel's load_history; the campaigns, drafts and `seed` are here. This year's items on their way are
`in_progress`, a seeder of its own that runs last (after the studios, whose draws must not see
them).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.org.models import Enterprise, TradeUnion, Worker

from .. import services
from ..models import Achievement, Campaign, Field, Kind
from . import data
from .figures import BEST_PER_YEAR, CITY_UNION, HISTORY, PRIZES, QUOTAS, SIZE_WEIGHTS
from .history import award_benefits, demo_actors, import_key, year_items
from .writing import write_year

__all__ = ["BEST_PER_YEAR", "import_key", "seed"]


# ---------------------------------------------------------------- campaigns


def _grades(year: int) -> list[dict]:
    prizes = PRIZES["from_2020" if year >= 2020 else "before_2020"]
    return [
        {"code": code, "prize_fen": prize * 100, "quota": quota}
        for (code, quota), prize in zip(QUOTAS, prizes, strict=True)
    ]


def _campaign(union: TradeUnion, year: int, opens: datetime, closes: datetime) -> Campaign:
    existing = Campaign.objects.filter(union=union, year=year).first()
    if existing:
        return existing
    return services.campaign_create(
        actor=None,
        union=union,
        grades=_grades(year),
        criteria=data.texts()["rubric"],
        year=year,
        title=f"{year}年锦州市职工“五小”创新成果征集活动",
        opens_at=opens,
        closes_at=closes,
        kinds=list(Kind.values),
        fields=list(Field.values),
        experts_per_item=5 if year >= 2020 else 3,
        notice_days=7,
        description=data.texts()["description"],
    )


def _window(year: int, opens: tuple[int, int], closes: tuple[int, int]) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime(year, *opens, 0, 0, 0)),
        timezone.make_aware(datetime(year, *closes, 23, 59, 59)),
    )


def _drafts(campaign: Campaign) -> int:
    created = 0
    for username, unit_name, people, fields in data.drafts():
        user = User.objects.filter(username=username).first()
        enterprise = Enterprise.objects.filter(name=unit_name).first()
        if user is None or enterprise is None:
            continue
        if Achievement.objects.filter(campaign=campaign, title=fields["title"]).exists():
            continue
        workers = {
            w.name: w for w in Worker.objects.filter(enterprise=enterprise, name__in=[p for p, _s in people])
        }
        if len(workers) != len(people):
            continue
        services.achievement_create(
            actor=user,
            campaign=campaign,
            enterprise=enterprise,
            authors=[{"worker": workers[name].pk, "share": share} for name, share in people],
            post=workers[people[0][0]].post,
            **fields,
        )
        created += 1
    return created


# ---------------------------------------------------------------- entry point


@transaction.atomic
def seed(stdout=None) -> dict:
    union = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    actors = demo_actors()
    best = award_benefits()
    staff_of: dict[int, list[Worker]] = {}
    for worker in (
        Worker.objects.filter(is_active=True).order_by("id").only("id", "name", "post", "enterprise_id")
    ):
        staff_of.setdefault(worker.enterprise_id, []).append(worker)
    units = [u for u in Enterprise.objects.order_by("id") if u.pk in staff_of]  # every unit with workers
    weights = [SIZE_WEIGHTS.get(u.size, 1) for u in units]

    summary = {"campaigns": [], "filed": {}, "posts": 0, "drafts": 0}
    for year, count in HISTORY.items():
        campaign = _campaign(union, year, *_window(year, (3, 1), (9, 30)))
        summary["campaigns"].append(campaign)
        if campaign.achievements.exists():
            continue
        items = year_items(year, count, campaign, units, weights, staff_of, actors, best[year])
        summary["filed"][year] = len(items)
        summary["posts"] += write_year(items, year, actors)

    today = timezone.localdate()
    if today.year not in HISTORY:
        opens = (3, 1) if (today.month, today.day) >= (3, 1) else (1, 1)
        current = _campaign(union, today.year, *_window(today.year, opens, (12, 31)))
        summary["campaigns"].append(current)
        summary["drafts"] = _drafts(current)

    if stdout is not None:
        filed = ", ".join(f"{y}: {n}" for y, n in summary["filed"].items()) or "none new"
        stdout.write(
            f"  achievements: filed {filed}; {summary['posts']} demonstration posts; {summary['drafts']} drafts"
        )
    return summary
