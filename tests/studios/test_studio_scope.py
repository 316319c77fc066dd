"""What each role may see, with rows present that could leak: 义县's district admin never sees a
黑山县 studio or application; a worker sees only the studio they are on."""

import io

import pytest
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry
from innovation.studios.models import StudioType
from innovation.studios.naming import services

from .builders import apply, make_studio


@pytest.fixture
def spread(world, unit_admins):
    studios = {
        "yx": make_studio(world, "义县甲工作室", "yx_a"),
        "yx_b": make_studio(world, "义县乙工作室", "yx_b"),
        "hs": make_studio(world, "黑山丙劳模工作室", "hs_a", studio_type=StudioType.MODEL_WORKER),
    }
    services.member_add(actor=None, studio=studios["yx"], worker=world.workers["yx_a_1"])  # t_worker
    apps = {
        "yx": apply(world, name="义县甲新工作室"),
        "hs": apply(world, user=unit_admins["unit_hs_a"], unit="hs_a", name="黑山丙新工作室"),
    }
    return studios, apps


EXPECTED = {
    "city": {"yx", "yx_b", "hs"},
    "yixian": {"yx", "yx_b"},
    "heishan": {"hs"},
    "unit": {"yx"},
    "worker": {"yx"},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_list_the_api_and_the_export_show_exactly_the_scope(client, world, spread, who):
    studios, _apps = spread
    want = {studios[k].name for k in EXPECTED[who]}
    client.force_login(world.users[who])
    page = client.get("/studios/")
    assert {r.record.name for r in page.context["table"].page.object_list} == want
    api = client.get("/api/v1/studios").json()
    assert {s["name"] for s in api["results"]} == want
    stats = client.get("/api/v1/stats").json()
    assert stats["studios_total"] == len(want)
    for key, studio in studios.items():
        status = client.get(f"/studios/{studio.pk}/").status_code
        assert status == (200 if key in EXPECTED[who] else 404), (who, key)


def test_yixian_never_sees_heishan(client, world, spread):
    studios, apps = spread
    client.force_login(world.users["yixian"])
    assert client.get(f"/studios/{studios['hs'].pk}/").status_code == 404
    assert client.get(f"/api/v1/studios/{studios['hs'].pk}").status_code == 404
    assert client.get(f"/studios/applications/{apps['hs'].pk}/").status_code == 404
    assert {
        r.record.name for r in client.get("/studios/applications/").context["table"].page.object_list
    } == {"义县甲新工作室"}
    assert "黑山" not in client.get("/studios/stats/").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/studios/?export=xlsx").content)).active
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "义县乙工作室",
        "义县甲工作室",
    }
    assert client.get("/studios/?q=黑山").context["table"].page.paginator.count == 0
    assert client.get(f"/studios/namings/{studios['hs'].namings.get().pk}/plaque.pdf").status_code == 404
    denied = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["yixian"])
    assert denied.count() == 4


def test_a_worker_sees_only_their_own_studio(client, world, spread):
    studios, apps = spread
    client.force_login(world.users["worker"])
    assert {r.record.name for r in client.get("/studios/").context["table"].page.object_list} == {
        "义县甲工作室"
    }
    assert client.get(f"/studios/{studios['yx_b'].pk}/").status_code == 404
    assert client.get("/studios/applications/").context["table"].page.paginator.count == 0
    assert client.get(f"/studios/applications/{apps['yx'].pk}/").status_code == 404
    assert client.get("/studios/stats/").context["grand"]["count"] == 1
    html = client.get(f"/studios/{studios['yx'].pk}/").content.decode()
    assert 'id="member-add-link"' not in html  # a member keeps nothing
    assert client.get("/studios/lineage/").status_code == 403


def test_after_leaving_the_worker_no_longer_sees_the_studio(client, world, spread):
    studios, _ = spread
    member = studios["yx"].members.get(worker=world.workers["yx_a_1"])
    services.member_leave(actor=None, member=member)
    client.force_login(world.users["worker"])
    assert client.get(f"/studios/{studios['yx'].pk}/").status_code == 404


@pytest.mark.parametrize("who", ["expert", "audit", "nobody"])
def test_roles_without_studios_see_none(client, world, spread, who):
    client.force_login(world.users[who])
    assert client.get("/studios/").status_code == 403
    assert client.get("/studios/applications/").status_code == 403
    assert client.get("/api/v1/studios").json()["count"] == 0
