"""Rows of every scoped model, placed by hand, for the scope matrix (tests/accounts/test_scope_matrix.py).

Each row is written with its *place* — the node of the union tree it belongs to ("yx_a",
"heishan", "city", "outside" …, or None for rows that hang nowhere) — and its *owners*: the
test users to whom it is "their own" (what a SELF scope must show them). These labels are the
expectations; they are written here from what each row is, not read from the scope registry.

Every model gets rows inside 义县 and 黑山县 (so each district and unit admin has rows to see
and rows it must not see), and rows under a second city's union tree ("outside": 葫芦岛) that
even the city admin must not see.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.achievements.models import (
    Achievement,
    Attachment,
    Author,
    AwardGrade,
    Campaign,
    DemonstrationPost,
    ImportBatch,
)
from innovation.audit.models import AuditEntry
from innovation.awards.models import Award, AwardShare, Decision, DecisionLine, MayDayQuota, Objection
from innovation.experts.models import Assignment, Availability, Conflict, ExpertProfile
from innovation.funds import services as funds
from innovation.funds.models import BudgetAmendment, BudgetLine, LineKind, Payment
from innovation.org.models import Enterprise, Honour, Region, TradeUnion, Worker  # noqa: F401
from innovation.review.models import ItemResult, ScoreSheet, ScoringClosure
from innovation.studios.models import (
    Alliance,
    Assessment,
    AssessmentRubric,
    Member,
    Studio,
    StudioApplication,
    SubsidyRound,
    YearReport,
)
from tests.achievements.conftest import make_campaign
from tests.factories import make_enterprise, make_union, make_user, make_worker

# The test users of the matrix and what their single grant covers of the tree (by place).
SUBTREE_OF = {
    "city": {"city", "yixian", "heishan", "industry", "yx_a", "yx_b", "hs_a", "hs_b", "edu"},
    "yixian": {"yixian", "yx_a", "yx_b"},
    "heishan": {"heishan", "hs_a", "hs_b"},
    "unit": {"yx_a"},
}
# Users whose own rows a SELF scope shows: the worker (yx_a_1), the studio lead (yx_a_2), the
# team lead (hs_a_1) and the expert.
SELF_USERS = ("worker", "lead", "team", "expert")
WHEN = timezone.make_aware(datetime.datetime(2024, 5, 1, 9, 0))
DAY = datetime.date(2024, 5, 1)


@dataclass
class Row:
    pk: int
    place: str | None
    owners: frozenset[str]


@dataclass
class Placed:
    """The labelled rows of every model, and the world they live in."""

    world: object
    unions: dict  # place -> TradeUnion
    units: dict  # place -> Enterprise
    workers: dict  # key -> Worker (world's plus "out_1")
    users: dict  # key -> User (world's plus "lead", "team")
    rows: dict = field(default_factory=dict)  # model -> [Row]

    def add(self, obj, place: str | None, *owners: str):
        self.rows.setdefault(type(obj), []).append(Row(obj.pk, place, frozenset(owners)))
        return obj

    def path(self, place: str) -> str:
        return self.unions[place].path


def _outside(world) -> tuple[TradeUnion, Enterprise, Worker]:
    """A second city's union tree: nothing of it belongs to 锦州's city admin."""
    province = Region.objects.get(code="210000")
    huludao = Region.objects.create(code="211400", name="葫芦岛市", level=Region.Level.CITY, parent=province)
    county = Region.objects.create(code="211421", name="绥中县", level=Region.Level.COUNTY, parent=huludao)
    root = make_union("葫芦岛市总工会", TradeUnion.Kind.CITY, None, huludao)
    unit = make_enterprise("葫芦岛甲石化有限公司", root, region=county)
    return root, unit, make_worker(unit, "葫芦岛职工一")


# ---------------------------------------------------------------- org and audit


def _org(p: Placed) -> None:
    for region in Region.objects.all():
        p.add(region, None)  # reference data: hangs in no subtree
    owners = {"yx_a": ("worker", "lead"), "hs_a": ("team",)}
    for place, union in p.unions.items():
        p.add(union, place, *owners.get(place, ()))
    for place, unit in p.units.items():
        p.add(unit, place, *owners.get(place, ()))
    worker_owner = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}
    for key, worker in p.workers.items():
        place = "outside_unit" if key == "out_1" else key.rsplit("_", 1)[0]
        p.add(worker, place, *([worker_owner[key]] if key in worker_owner else []))
    for key in ("yx_a_1", "yx_a_2", "hs_a_1", "hs_b_1", "out_1"):
        honour = Honour.objects.create(
            worker=p.workers[key], kind=Honour.Kind.CRAFTSMAN, level=Honour.Level.CITY, year=2020
        )
        place = "outside_unit" if key == "out_1" else key.rsplit("_", 1)[0]
        p.add(honour, place, *([worker_owner[key]] if key in worker_owner else []))


def _audit(p: Placed) -> None:
    # Audit rows hang nowhere; the builders above and below write plenty of them. Labelled
    # last (see build), so that every row written while building is in the set.
    for pk in AuditEntry.objects.values_list("pk", flat=True):
        p.rows.setdefault(AuditEntry, []).append(Row(pk, None, frozenset()))


# ---------------------------------------------------------------- five smalls


def _campaigns(p: Placed) -> dict:
    year = timezone.localdate().year
    campaigns = {"city": make_campaign(p.world)}
    for place in ("yixian", "heishan", "outside"):
        campaigns[place] = Campaign.objects.create(
            union=p.unions[place],
            year=year,
            title=f"{p.unions[place].name}{year}年五小活动",
            opens_at=WHEN,
            closes_at=WHEN + datetime.timedelta(days=30),
        )
    for place, campaign in campaigns.items():
        p.add(campaign, place)
    for place in ("yixian", "heishan", "outside"):
        AwardGrade.objects.create(campaign=campaigns[place], code="first", prize_fen=100_000, quota=1)
    return campaigns


def _achievements(p: Placed, campaigns: dict) -> dict:
    """One item per unit (and one outside), authored by the unit's workers; 义县乙's item was
    drafted by the worker of 义县甲 (created_by makes it theirs too)."""
    items = {}
    authors = {
        "yx_a": ["yx_a_1", "yx_a_2"],
        "yx_b": ["yx_b_1"],
        "hs_a": ["hs_a_1"],
        "hs_b": ["hs_b_1"],
        "edu": ["edu_1"],
        "outside_unit": ["out_1"],
    }
    owner_of = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}
    for place, keys in authors.items():
        campaign = campaigns["outside" if place == "outside_unit" else "city"]
        unit = p.units[place]
        item = Achievement.objects.create(
            campaign=campaign,
            enterprise=unit,
            post="钳工",
            title=f"{unit.name}的成果",
            kind="invention",
            field="safety",
            state="under_review",
            created_by=p.users["worker"] if place == "yx_b" else None,
            scope_path=unit.scope_path,
        )
        for order, key in enumerate(keys, start=1):
            Author.objects.create(
                achievement=item, order=order, worker=p.workers[key], share=Decimal(100) / len(keys)
            )
        owners = {owner_of[k] for k in keys if k in owner_of} | ({"worker"} if place == "yx_b" else set())
        p.add(item, place, *owners)
        items[place] = item
    return items


def _achievement_parts(p: Placed, campaigns: dict, items: dict) -> None:
    owners = {"yx_a": ("worker", "lead"), "yx_b": ("worker",), "hs_a": ("team",)}
    for place in ("yx_a", "hs_a", "hs_b", "outside_unit"):
        item = items[place]
        attachment = Attachment.objects.create(
            achievement=item,
            file=f"attachments/{item.pk}/x.pdf",
            original_name="材料.pdf",
            extension="pdf",
            content_type="application/pdf",
            size=10,
            sha256="a" * 64,
            uploaded_by=p.users["city"],
        )
        p.add(attachment, place, *owners.get(place, ()))
    posts = {"yx_a": ["yx_a_1"], "hs_a": ["hs_a_1"], "hs_b": ["hs_b_1"], "outside_unit": ["out_1"]}
    for place, keys in posts.items():
        post = DemonstrationPost.objects.create(
            enterprise=p.units[place],
            post="钳工",
            year=2024,
            first_achievement=items[place],
            scope_path=p.units[place].scope_path,
        )
        post.workers.set([p.workers[k] for k in keys])
        p.add(post, place, *{"yx_a_1": ("worker",), "hs_a_1": ("team",)}.get(keys[0], ()))
    batches = [
        ("yx_a", "unit", ()),
        ("yx_b", "worker", ("worker",)),
        ("hs_a", "heishan", ()),
        ("outside_unit", "city", ()),
    ]
    for place, creator, own in batches:
        batch = ImportBatch.objects.create(
            campaign=campaigns["city"],
            file=f"imports/{place}.xlsx",
            original_name=f"{place}.xlsx",
            sha256=place.ljust(64, "0"),
            created_by=p.users[creator],
            scope_path=p.path(place),
        )
        p.add(batch, place, *own)


# ---------------------------------------------------------------- expert review


def _experts(p: Placed, campaigns: dict, items: dict) -> None:
    profiles = {
        "city": ExpertProfile.objects.create(user=p.users["expert"], name="专家王一", union=p.unions["city"]),
        "yixian": ExpertProfile.objects.create(
            user=make_user("t_m_expert_yx", (Role.EXPERT, None)), name="专家义县", union=p.unions["yixian"]
        ),
        "heishan": ExpertProfile.objects.create(
            user=make_user("t_m_expert_hs", (Role.EXPERT, None)), name="专家黑山", union=p.unions["heishan"]
        ),
        "outside": ExpertProfile.objects.create(
            user=make_user("t_m_expert_out", (Role.EXPERT, None)),
            name="专家葫芦岛",
            union=p.unions["outside"],
        ),
    }
    for place, profile in profiles.items():
        own = ("expert",) if place == "city" else ()
        p.add(profile, place, *own)
        p.add(Availability.objects.create(campaign=campaigns["city"], expert=profile), place, *own)
        p.add(
            Conflict.objects.create(expert=profile, enterprise=p.units["yx_b"], reason="曾在该单位任职"),
            place,
            *own,
        )
    # The city's expert reviews 黑山丙's item (theirs by SELF, 黑山's by place); 义县's expert
    # reviews 义县甲's; the outside expert the outside item.
    pairs = [
        ("hs_a", "city", ("expert",)),
        ("yx_a", "yixian", ()),
        ("hs_b", "heishan", ()),
        ("outside_unit", "outside", ()),
    ]
    for place, expert_place, own in pairs:
        item = items[place]
        assignment = Assignment.objects.create(
            campaign=item.campaign,
            achievement=item,
            expert=profiles[expert_place],
            scope_path=item.scope_path,
        )
        p.add(assignment, place, *own)
        p.add(ScoreSheet.objects.create(assignment=assignment, comment="意见"), place, *own)
        result = ItemResult.objects.create(
            achievement=item,
            campaign=item.campaign,
            score=Decimal("80"),
            raw_mean=Decimal("80"),
            n_scores=1,
            spread=Decimal("0"),
            rank=1,
            field_rank=1,
            computed_at=WHEN,
            scope_path=item.scope_path,
        )
        p.add(result, place)
    for place in ("city", "yixian", "heishan", "outside"):
        closure = ScoringClosure.objects.create(
            campaign=campaigns[place],
            reason="评审期满",
            closed_by=p.users["city"],
            closed_at=WHEN,
            assigned=5,
            submitted=1,
            scope_path=p.path(place),
        )
        p.add(closure, place)


# ---------------------------------------------------------------- money


def _funds(p: Placed) -> None:
    city = p.users["city"]
    for n, place in enumerate(("city", "yixian", "heishan", "outside"), start=1):
        line = funds.line_create(
            actor=None,
            union=p.unions[place],
            year=2024,
            kind=LineKind.FIVE_SMALLS,
            name=f"{p.unions[place].name}五小经费",
            amount_fen=10_000_000,
        )
        p.add(line, place)
        commitment = funds.commit(
            line=line,
            amount_fen=100_000,
            payee="李营",
            purpose="奖金",
            source_kind="matrix",
            source_id=n,
            policy_ref="AwardGrade#1",
            decision_ref="Decision#1",
            approved_by=city,
        )
        p.add(commitment, place)
        payment = Payment.objects.create(
            commitment=commitment,
            amount_fen=100,
            paid_on=DAY,
            voucher_no=f"M-{n}",
            recorded_by=city,
            scope_path=line.scope_path,
        )
        p.add(payment, place)
        amendment = BudgetAmendment.objects.create(
            line=line,
            direction="increase",
            amount_fen=100,
            document_no=f"锦工发〔2024〕{n}号",
            decided_on=DAY,
            reason="追加",
            approved_by=city,
            recorded_by=city,
            scope_path=line.scope_path,
        )
        p.add(amendment, place)


def _awards(p: Placed, campaigns: dict, items: dict) -> None:
    """Decisions of the city's, 黑山's and the outside campaign; each decision's lines and
    objections hang at its campaign's union, awards and shares at the item's unit."""
    decisions = {}
    for place in ("city", "yixian", "heishan", "outside"):
        decisions[place] = p.add(
            Decision.objects.create(
                campaign=campaigns[place],
                state=Decision.State.NOTICE,
                proposed_by=p.users["city"],
                proposed_at=WHEN,
                scope_path=p.path(place),
            ),
            place,
        )
    lines = {}
    for place, item_place in (
        ("city", "yx_a"),
        ("city", "hs_a"),
        ("yixian", "yx_b"),
        ("heishan", "hs_b"),
        ("outside", "outside_unit"),
    ):
        line = DecisionLine.objects.create(
            decision=decisions[place], achievement=items[item_place], rank=1, score=Decimal("80")
        )
        lines[item_place] = p.add(line, place)
    for item_place, raiser, own in (
        ("yx_a", "worker", ("worker",)),
        ("yx_b", "yixian", ()),
        ("hs_b", "team", ("team",)),
        ("outside_unit", "city", ()),
    ):
        line = lines[item_place]
        objection = Objection.objects.create(
            decision=line.decision,
            line=line,
            raised_by=p.users[raiser],
            reason="效益是否核实？",
            scope_path=line.decision.scope_path,
        )
        where = {"yx_a": "city", "yx_b": "yixian", "hs_b": "heishan", "outside_unit": "outside"}
        p.add(objection, where[item_place], *own)
    owner_of = {"yx_a_1": "worker", "yx_a_2": "lead", "hs_a_1": "team"}
    for item_place, decision_place in (("yx_a", "city"), ("hs_a", "city"), ("outside_unit", "outside")):
        item = items[item_place]
        grade = AwardGrade.objects.filter(campaign=item.campaign).order_by("order", "id").first()
        award = Award.objects.create(
            achievement=item,
            campaign=item.campaign,
            decision=decisions[decision_place],
            grade=grade,
            prize_fen=grade.prize_fen,
            awarded_at=WHEN,
            scope_path=item.scope_path,
        )
        keys = [a.worker_id for a in item.authors.all()]
        workers = {w.pk: k for k, w in p.workers.items()}
        p.add(award, item_place, *{owner_of[workers[w]] for w in keys if workers[w] in owner_of})
        for author in item.authors.select_related("worker"):
            share = AwardShare.objects.create(
                award=award,
                author=author,
                name=author.worker.name,
                unit=item.enterprise.name,
                share=author.share,
                amount_fen=1,
                certificate_code=f"M{author.pk:07d}",
            )
            key = workers[author.worker_id]
            p.add(share, item_place, *([owner_of[key]] if key in owner_of else []))
    for place in ("city", "yixian", "heishan", "outside"):
        quota = MayDayQuota.objects.create(
            union=p.unions[place],
            year=2024,
            places_total=10,
            share_percent=Decimal("10"),
            scope_path=p.path(place),
        )
        p.add(quota, place)


# ---------------------------------------------------------------- studios


def _studios(p: Placed) -> None:
    """义县甲's studio is led by the studio lead (yx_a_2) with the worker (yx_a_1) on its roster;
    黑山丙's is led by the team lead (hs_a_1); 黑山丁's and the outside one are nobody's."""
    studios = {}
    leaders = {"yx_a": "yx_a_2", "hs_a": "hs_a_1", "hs_b": "hs_b_2", "outside_unit": "out_1"}
    for place, leader in leaders.items():
        studio = Studio.objects.create(
            name=f"{p.units[place].name}职工创新工作室",
            type="worker",
            level="city",
            enterprise=p.units[place],
            leader=p.workers[leader],
            named_year=2020,
            document_no=f"锦工发〔2020〕{len(studios) + 1}号",
            named_by="锦州市总工会",
        )
        Member.objects.create(studio=studio, worker=p.workers[leader], joined_on=DAY, role="leader")
        studios[place] = studio
    Member.objects.create(studio=studios["yx_a"], worker=p.workers["yx_a_1"], joined_on=DAY)
    led = {"yx_a": ("lead",), "hs_a": ("team",)}
    for place, studio in studios.items():
        p.add(studio, place, *({"yx_a": ("lead", "worker")}.get(place) or led.get(place, ())))
    rubric = AssessmentRubric.objects.create(
        effective_year=2018, criteria=[], excellent_from=Decimal("75"), qualified_from=Decimal("45")
    )
    for place, studio in studios.items():
        p.add(
            YearReport.objects.create(studio=studio, year=2023, scope_path=studio.scope_path),
            place,
            *led.get(place, ()),
        )
        assessment = Assessment.objects.create(
            studio=studio,
            year=2023,
            rubric=rubric,
            score=Decimal("80"),
            result="excellent",
            assessed_at=WHEN,
            scope_path=studio.scope_path,
        )
        p.add(assessment, place, *led.get(place, ()))
    for place, creator, own in (
        ("yx_a", "lead", ("lead",)),
        ("yx_b", "unit", ()),
        ("hs_a", "heishan", ()),
        ("outside_unit", "city", ()),
    ):
        application = StudioApplication.objects.create(
            enterprise=p.units[place],
            name=f"{p.units[place].name}工匠创新工作室",
            type="worker",
            leader=p.workers["out_1" if place == "outside_unit" else f"{place}_1"],
            results_so_far="成果",
            plan="计划",
            created_by=p.users[creator],
            scope_path=p.units[place].scope_path,
        )
        p.add(application, place, *own)
    for place in ("city", "yixian", "heishan", "outside"):
        line = BudgetLine.objects.get(union=p.unions[place], year=2024, kind=LineKind.FIVE_SMALLS)
        round_ = SubsidyRound.objects.create(
            union=p.unions[place],
            year=2024,
            budget_line=line,
            proposed_by=p.users["city"],
            proposed_at=WHEN,
            scope_path=p.path(place),
        )
        p.add(round_, place)
    for place, lead, members in (
        ("yixian", "yx_a", ["yx_a"]),
        ("heishan", "hs_a", ["hs_a", "hs_b"]),
        ("outside", "outside_unit", ["outside_unit"]),
    ):
        alliance = Alliance.objects.create(
            name=f"{place}联盟", lead=studios[lead], founded_on=DAY, scope_path=p.path(place)
        )
        alliance.members.set([studios[m] for m in members])
        p.add(alliance, place)


def build(world) -> Placed:
    root, out_unit, out_worker = _outside(world)
    unions = {
        "city": world.city,
        "yixian": world.yixian,
        "heishan": world.heishan,
        "industry": world.industry,
        "outside": root,
        **{k: u.union for k, u in world.units.items()},
        "outside_unit": out_unit.union,
    }
    units = {**world.units, "outside_unit": out_unit}
    workers = {**world.workers, "out_1": out_worker}
    users = {
        **world.users,
        "lead": make_user(
            "t_lead", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=world.workers["yx_a_2"]
        ),
        "team": make_user(
            "t_team", (Role.TEAM_LEAD, world.units["hs_a"].union), worker=world.workers["hs_a_1"]
        ),
    }
    placed = Placed(world=world, unions=unions, units=units, workers=workers, users=users)
    _org(placed)
    campaigns = _campaigns(placed)
    items = _achievements(placed, campaigns)
    _achievement_parts(placed, campaigns, items)
    _experts(placed, campaigns, items)
    _funds(placed)
    _awards(placed, campaigns, items)
    _studios(placed)
    _audit(placed)
    return placed
