"""Correcting an event before it starts: on the page and in the API, dates re-checked, refused
once the event has started, by a unit, or with dates out of order; nothing changed when refused."""

import datetime

import pytest
from django.urls import reverse

from innovation.audit.models import AuditEntry
from innovation.competitions.models import Competition

from .builders import open_event, started

pytestmark = pytest.mark.django_db


def _values(comp, **changes):
    values = {
        "title": comp.title,
        "level": comp.level,
        "venue": comp.venue,
        "registration_opens_on": comp.registration_opens_on.isoformat(),
        "registration_closes_on": comp.registration_closes_on.isoformat(),
        "starts_on": comp.starts_on.isoformat(),
        "ends_on": comp.ends_on.isoformat(),
        "notes": comp.notes,
    }
    values.update(changes)
    return values


def test_the_organiser_moves_the_venue_and_the_dates_on_the_page(world, client):
    comp, _occ = open_event(world)
    client.force_login(world.users["city"])
    url = reverse("competitions:edit", args=[comp.pk])
    assert client.get(url).status_code == 200
    later = comp.ends_on + datetime.timedelta(days=2)
    trail = AuditEntry.objects.filter(object_type__endswith=".competition", object_id=str(comp.pk))
    before = trail.count()
    client.post(url, _values(comp, venue="锦州市技师学院实训楼", ends_on=later.isoformat()))
    comp.refresh_from_db()
    assert (comp.venue, comp.ends_on) == ("锦州市技师学院实训楼", later)
    assert trail.count() == before + 1
    assert trail.order_by("-seq").first().changes["venue"] == ["锦州市职业技术学院", "锦州市技师学院实训楼"]
    # Ends before it starts: refused, nothing changed.
    bad = client.post(url, _values(comp, ends_on=(comp.starts_on - datetime.timedelta(days=1)).isoformat()))
    assert bad.status_code == 400
    comp.refresh_from_db()
    assert comp.ends_on == later


def test_refused_once_started_and_for_a_unit(world, client):
    comp, _occ, _regs, _judges = started(world)
    client.force_login(world.users["city"])
    answer = client.put(
        f"/api/v1/competitions/{comp.pk}",
        data=_values(comp, venue="别处"),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "比赛开始后不能再修改赛事信息" in str(answer.json())
    assert Competition.objects.get(pk=comp.pk).venue == comp.venue
    other, _occ2 = open_event(world, title="另一赛事")
    client.force_login(world.users["unit"])
    assert client.get(reverse("competitions:edit", args=[other.pk])).status_code == 404
    assert (
        client.put(
            f"/api/v1/competitions/{other.pk}", data=_values(other), content_type="application/json"
        ).status_code
        == 404
    )


def test_the_api_corrects_before_the_start(world, client):
    comp, _occ = open_event(world)
    client.force_login(world.users["city"])
    answer = client.put(
        f"/api/v1/competitions/{comp.pk}",
        data=_values(comp, title="2026年锦州市叉车技能大赛"),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["title"] == "2026年锦州市叉车技能大赛"
    assert Competition.objects.get(pk=comp.pk).title == "2026年锦州市叉车技能大赛"
