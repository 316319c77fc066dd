"""The judge panel page: the organiser puts experts of the pool on an occupation's panel with
their aspects and a chief judge, sees aspects without a judge, takes off a judge who has entered
nothing (never one who has marked, never after the lock); an expert of another union's pool is
refused; a unit admin cannot open the page. Every change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovation.accounts.roles import Role
from innovation.audit.models import AuditEntry
from innovation.competitions import services
from innovation.competitions.models import Aspect, JudgeAssignment
from innovation.experts.models import ExpertProfile
from innovation.org.models import TradeUnion
from tests.factories import make_union, make_user

from .builders import judge, mark_all, open_event, started

pytestmark = pytest.mark.django_db


def test_the_organiser_builds_the_panel_on_the_page(world, client):
    _comp, occ = open_event(world)
    a1, a2, b1 = (Aspect.objects.get(occupation=occ, code=c) for c in ("A1", "A2", "B1"))
    chief, second = judge(world, "p1"), judge(world, "p2")
    client.force_login(world.users["city"])
    url = reverse("competitions:judges", args=[occ.pk])
    page = client.get(url).content.decode()
    assert "尚未设置裁判" in page and "以下评分项尚无裁判" in page and chief.name in page

    client.post(url, {"expert": chief.pk, "aspects": [a1.pk, a2.pk, b1.pk], "chief": "on"})
    client.post(url, {"expert": second.pk, "aspects": [b1.pk]})
    assert list(
        JudgeAssignment.objects.filter(occupation=occ).order_by("name").values_list("name", "is_chief")
    ) == [("裁判p1", True), ("裁判p2", False)]
    page = client.get(url).content.decode()
    assert "以下评分项尚无裁判" not in page
    # The same expert twice, a second chief: refused on the page, nothing added.
    again = client.post(url, {"expert": second.pk, "aspects": [b1.pk]})
    assert again.status_code == 400 and "已在该工种的裁判组中" in again.content.decode()
    third = judge(world, "p3")
    two_chiefs = client.post(url, {"expert": third.pk, "chief": "on"})
    assert two_chiefs.status_code == 400 and "该工种已有裁判长" in two_chiefs.content.decode()
    assert JudgeAssignment.objects.filter(occupation=occ).count() == 2
    assert AuditEntry.objects.filter(detail__contains="裁判p1任工种").count() == 1

    # Taken off before any mark.
    off = JudgeAssignment.objects.get(occupation=occ, name="裁判p2")
    client.post(reverse("competitions:judge_remove", args=[off.pk]))
    assert JudgeAssignment.objects.filter(occupation=occ).count() == 1
    assert AuditEntry.objects.filter(
        object_type__endswith="judgeassignment", object_id=str(off.pk)
    ).values_list("action", flat=True).order_by("seq")[::1] == ["create", "update", "delete"]


def test_a_judge_who_has_marked_stays_and_another_pool_is_refused(world, client):
    _comp, occ, regs, judges = started(world)
    mark_all(occ, regs, judges)
    client.force_login(world.users["city"])
    answer = client.post(reverse("competitions:judge_remove", args=[judges[1].pk]), follow=True)
    assert "已录入评分，不能撤下" in answer.content.decode()
    assert JudgeAssignment.objects.filter(occupation=occ).count() == 3

    other_city = make_union("盘锦市总工会", TradeUnion.Kind.CITY, None, world.city.region)
    outsider = ExpertProfile.objects.create(
        user=make_user("t_outsider", (Role.EXPERT, None)), name="外库专家", union=other_city, fields=[]
    )
    with pytest.raises(ValidationError) as refused:
        services.judge_assign(actor=world.users["city"], occupation=occ, expert=outsider, aspects=[])
    assert refused.value.messages == ["外库专家不在锦州市总工会可选的专家库中。"]
    assert JudgeAssignment.objects.filter(occupation=occ).count() == 3


def test_a_unit_admin_cannot_open_the_panel(world, client):
    _comp, occ = open_event(world)
    client.force_login(world.users["unit"])
    assert client.get(reverse("competitions:judges", args=[occ.pk])).status_code == 404
