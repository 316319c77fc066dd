"""Budget lines in three places of the tree (city, 义县, 黑山县) so every scope has rows it must not see."""

from dataclasses import dataclass
from itertools import count

import pytest

from innovation.funds import services
from innovation.funds.models import BudgetLine, LineKind

_sources = count(1000)


@dataclass
class Lines:
    city: BudgetLine
    yixian: BudgetLine
    heishan: BudgetLine


@pytest.fixture
def lines(world) -> Lines:
    city_admin = world.users["city"]
    return Lines(
        city=services.line_create(
            actor=city_admin,
            union=world.city,
            year=2024,
            kind=LineKind.FIVE_SMALLS,
            name="2024年五小专项经费",
            amount_fen=10_000_000,  # 100,000.00 yuan
        ),
        yixian=services.line_create(
            actor=city_admin,
            union=world.yixian,
            year=2024,
            kind=LineKind.STUDIO,
            name="义县工作室补助",
            amount_fen=5_000_000,
        ),
        heishan=services.line_create(
            actor=city_admin,
            union=world.heishan,
            year=2024,
            kind=LineKind.STUDIO,
            name="黑山县工作室补助",
            amount_fen=3_000_000,
        ),
    )


def make_commitment(line, amount_fen, approver, *, payee="李营", source_kind="award", source_id=None, **kw):
    return services.commit(
        line=line,
        amount_fen=amount_fen,
        payee=payee,
        purpose=kw.pop("purpose", "2024年五小创新成果一等奖奖金"),
        source_kind=source_kind,
        source_id=source_id if source_id is not None else next(_sources),
        policy_ref=kw.pop("policy_ref", "AwardGrade#1 2024 一等奖 ¥5,000.00"),
        decision_ref=kw.pop("decision_ref", "Decision#1"),
        approved_by=approver,
        **kw,
    )
