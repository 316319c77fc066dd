"""Rows of the ledger (lines, commitments, payments, amendments) and of the awards."""

from decimal import Decimal

from innovation.achievements.models import (
    AwardGrade,
)
from innovation.awards.models import (
    Award,
    AwardShare,
    CertificateArchive,
    Decision,
    DecisionLine,
    MayDayQuota,
    Objection,
)
from innovation.funds import services as funds
from innovation.funds.models import BudgetAmendment, LineKind, Payment

from .base import DAY, WHEN, Placed


def ledger_rows(p: Placed) -> None:
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


def award_rows(p: Placed, campaigns: dict, items: dict) -> None:
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
    # A certificate zip per campaign, kept at the campaign's union.
    for place in ("city", "yixian", "heishan", "outside"):
        archive = CertificateArchive.objects.create(
            campaign=campaigns[place], requested_by=p.users["city"], scope_path=p.path(place)
        )
        p.add(archive, place)
