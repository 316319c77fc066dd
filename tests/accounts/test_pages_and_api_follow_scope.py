"""Pages, exports and API answers go through the same scope: data that could leak, doesn't."""

import io

import pytest
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry

from .test_scope_matrix import EXPECTED_WORKERS


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["city", "yixian", "heishan", "unit", "worker"])
def test_worker_list_page_shows_exactly_the_scope(client, world, who):
    login(client, world.users[who])
    response = client.get("/org/workers/")
    assert response.status_code == 200
    shown = {w.pk for w in response.context["table"].data}
    assert shown == {world.workers[k].pk for k in EXPECTED_WORKERS[who]}


@pytest.mark.parametrize("who", ["city", "yixian", "heishan", "unit", "worker"])
def test_worker_api_list_shows_exactly_the_scope(client, world, who):
    login(client, world.users[who])
    response = client.get("/api/v1/workers?page_size=100")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {
        world.workers[k].pk for k in EXPECTED_WORKERS[who]
    }
    assert response.json()["count"] == len(EXPECTED_WORKERS[who])


@pytest.mark.parametrize("who", ["city", "yixian", "heishan", "unit"])
def test_worker_export_holds_exactly_the_scope_and_masks_personal_data(client, world, who):
    login(client, world.users[who])
    response = client.get("/org/workers/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {world.workers[k].pk for k in EXPECTED_WORKERS[who]}
    for row in rows:
        worker = next(w for w in world.workers.values() if w.pk == row[0])
        assert row[7] == worker.id_number_masked
        assert worker.id_number not in str(row)
        assert "*" in row[7] and "*" in row[8]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=world.users[who]).count() == 1


def test_district_admin_opening_another_districts_worker_gets_404_and_it_is_audited(client, world):
    login(client, world.users["yixian"])
    target = world.workers["hs_a_1"]
    for url in (
        f"/org/workers/{target.pk}/",
        f"/org/workers/{target.pk}/edit/",
        f"/api/v1/workers/{target.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert target.name.encode() not in response.content
    denied = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["yixian"])
    assert denied.count() == 3
    assert set(denied.values_list("object_id", flat=True)) == {str(target.pk)}


def test_a_missing_row_is_a_404_without_an_audit_entry(client, world):
    login(client, world.users["yixian"])
    assert client.get("/org/workers/999999/").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_district_admin_cannot_see_the_industry_union_unit_even_in_its_region(client, world):
    """Scope follows the union tree, not geography: 锦州市第一中学 lies in 义县 but belongs to
    the city's education union."""
    login(client, world.users["yixian"])
    response = client.get("/org/enterprises/")
    names = {e.name for e in response.context["table"].data}
    assert names == {"义县甲机械有限公司", "义县乙食品有限公司"}


def test_unit_admin_enterprise_and_union_pages_are_own_unit_only(client, world):
    login(client, world.users["unit"])
    assert client.get(f"/org/enterprises/{world.units['yx_a'].pk}/").status_code == 200
    assert client.get(f"/org/enterprises/{world.units['yx_b'].pk}/").status_code == 404
    assert client.get(f"/org/unions/{world.yixian.pk}/").status_code == 404


def test_stats_are_within_scope(client, world):
    expected = {
        "city": {"districts": 2, "unions": 9, "units": 5, "workers": 10},
        "yixian": {"districts": 1, "unions": 3, "units": 2, "workers": 4},
        "unit": {"districts": 0, "unions": 1, "units": 1, "workers": 2},
        "worker": {"districts": 0, "unions": 1, "units": 1, "workers": 1},
        "audit": {"districts": 0, "unions": 0, "units": 0, "workers": 0},
    }
    for who, figures in expected.items():
        client.logout()
        login(client, world.users[who])
        data = client.get("/api/v1/stats").json()
        assert {k: data[k] for k in figures} == figures, who
