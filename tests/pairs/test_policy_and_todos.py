"""The city sets the cap of apprentices per master; the to-do lists say who acts next."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from innovation.core import workflow as kernel
from innovation.pairs import services
from innovation.pairs.models import ApprenticeCapPolicy

from .builders import approved, draft


def test_the_city_sets_a_cap_from_a_date(client, world):
    client.force_login(world.users["city"])
    assert client.get(reverse("pairs:cap_policies")).status_code == 200
    response = client.post(
        reverse("pairs:cap_policies"),
        {"effective_from": "2021-01-01", "max_apprentices": "3", "note": "办法"},
    )
    assert response.status_code == 302
    again = client.post(
        reverse("pairs:cap_policies"), {"effective_from": "2021-01-01", "max_apprentices": "2"}
    )
    assert again.status_code == 400 and "2021-01-01起施行的上限已有规定" in again.content.decode()
    assert list(ApprenticeCapPolicy.objects.values_list("max_apprentices", flat=True)) == [3]


def test_only_the_city_sets_the_cap(client, world):
    with pytest.raises(PermissionDenied):
        services.cap_policy_add(
            actor=world.users["unit"], effective_from=datetime.date(2021, 1, 1), max_apprentices=2
        )
    with pytest.raises(ValidationError):
        services.cap_policy_add(
            actor=world.users["city"], effective_from=datetime.date(2021, 1, 1), max_apprentices=0
        )
    client.force_login(world.users["unit"])
    assert client.get(reverse("pairs:cap_policies")).status_code == 403
    assert not ApprenticeCapPolicy.objects.exists()


def _todos(user) -> dict:
    return {t.label: t.count for t in kernel.todos_for(user) if t.label.startswith("师徒协议")}


def test_a_draft_waits_for_its_unit_union_not_the_county(world):
    unit = world.users["unit"]
    draft(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    running = approved(unit, world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["yx_a_2"]])
    services.agreement_start(actor=unit, agreement=running)  # running: nothing to do until its end
    assert _todos(unit) == {"师徒协议：草拟中": 1}
    assert _todos(world.users["yixian"]) == {}
    assert _todos(world.users["worker"]) == {}
