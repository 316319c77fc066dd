"""One seeded Jinzhou demo in the test database, shared by every module that reads it.

Seeding the demo takes minutes; the modules that check its figures used to seed it one each.
Now a module marks itself `pytest.mark.demo_db` and asks for the fixture `demo`: the items so
marked form one xdist group (one worker runs them, one after another), the first of them seeds
the demo (twice, and the achievements' part a third time, so that idempotence is checked once
for everything), and after the last of them the tables are emptied again
(`pytest_runtest_teardown` in tests/conftest.py), so later tests on that worker start clean.

The data is committed outside the tests' transactions; each test still runs in its own
transaction, so what a test writes is rolled back and the next one sees the demo as seeded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command
from django.db import connection

from .demo_cleanup import wipe_project_tables

GROUP = "demo_db"


@dataclass
class Seeded:
    """Row counts of every project table after the first seed, the second, and the achievements
    part run once more: a seed run twice must change nothing."""

    first: dict
    second: dict
    third: dict


_state: dict = {"seeded": None}


def _counts() -> dict:
    from django.db.models import Sum

    from innovation.achievements.models import Achievement

    tables = set(connection.introspection.table_names())
    skipped = {"contenttypes", "auth", "sessions", "admin", "django_tasks_database"}
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and model._meta.db_table in tables
        and (model._meta.app_label not in skipped or model._meta.label == "auth.Group")
    }
    counts["achievements.Achievement.benefit_verified"] = Achievement.objects.aggregate(
        s=Sum("benefit_verified")
    )["s"]
    return counts


def seed_once() -> Seeded:
    if _state["seeded"] is None:
        from innovation.achievements import demo as achievements_demo

        call_command("seed_demo", stdout=io.StringIO())
        first = _counts()
        call_command("seed_demo", stdout=io.StringIO())
        second = _counts()
        achievements_demo.seed()
        third = _counts()
        _state["seeded"] = Seeded(first, second, third)
    return _state["seeded"]


def is_seeded() -> bool:
    return _state["seeded"] is not None


def wipe() -> None:
    wipe_project_tables()
    _state["seeded"] = None
