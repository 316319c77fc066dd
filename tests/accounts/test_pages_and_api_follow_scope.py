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


@pytest.mark.parametrize(
    "who, expected",
    [("city", {"yx", "hs"}), ("yixian", {"yx"}), ("heishan", {"hs"}), ("unit", {"yx"}), ("worker", set())],
)
def test_recommendations_follow_the_scope(client, world, settings, tmp_path, who, expected):
    from tests.recommendations.conftest import two_recommendations

    settings.MEDIA_ROOT = tmp_path
    recs = two_recommendations(world)
    login(client, world.users[who])
    api = client.get("/api/v1/recommendations?page_size=100").json()
    assert {row["id"] for row in api.get("results", [])} == {recs[k].pk for k in expected}
    page = client.get("/recommendations/")
    if not expected:
        assert page.status_code == 403
        return
    assert {r.pk for r in page.context["table"].data} == {recs[k].pk for k in expected}
    sheet = load_workbook(io.BytesIO(client.get("/recommendations/?export=xlsx").content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {recs[k].pk for k in expected}
    for key, rec in recs.items():
        assert client.get(f"/recommendations/{rec.pk}/").status_code == (200 if key in expected else 404)


@pytest.mark.parametrize(
    "who, expected",
    [("city", {"yx", "hs"}), ("yixian", {"yx"}), ("heishan", {"hs"}), ("unit", set()), ("worker", set())],
)
def test_duplicate_pairs_follow_the_scope(client, world, who, expected):
    from django.utils import timezone

    from innovation.achievements import services
    from innovation.achievements.models import DuplicatePair
    from tests.achievements.conftest import full_fields, make_campaign

    campaign = make_campaign(world)

    def item(unit_key, title):
        return services.achievement_create(
            actor=None,
            campaign=campaign,
            enterprise=world.units[unit_key],
            authors=[{"worker": world.workers[f"{unit_key}_1"].pk, "share": 100}],
            **full_fields(title=title),
        )

    yx, hs = item("yx_a", "义县的后报成果"), item("hs_a", "黑山的后报成果")
    pairs = {
        "yx": DuplicatePair.objects.create(newer=yx, earlier=hs, jaccard=0.8, found_at=timezone.now()),
        "hs": DuplicatePair.objects.create(newer=hs, earlier=yx, jaccard=0.7, found_at=timezone.now()),
    }
    login(client, world.users[who])
    api = client.get("/api/v1/duplicates?page_size=100").json()
    assert {row["id"] for row in api.get("results", [])} == {pairs[k].pk for k in expected}
    page = client.get("/achievements/duplicates/")
    if not expected:
        assert page.status_code == 403
        return
    assert {r.pk for r in page.context["table"].data} == {pairs[k].pk for k in expected}
    sheet = load_workbook(io.BytesIO(client.get("/achievements/duplicates/?export=xlsx").content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {pairs[k].pk for k in expected}


@pytest.mark.parametrize(
    "who, expected",
    [("city", {"yx", "hs"}), ("yixian", {"yx"}), ("heishan", {"hs"}), ("unit", {"yx"}), ("worker", {"yx"})],
)
def test_projects_page_export_and_api_follow_scope(client, world, who, expected):
    """技术攻关项目: a unit does not see another unit's projects (page, Excel, API, detail)."""
    import datetime

    from innovation.projects.models import Project, ProjectMember

    def project(unit_key, title):
        row = Project.objects.create(
            title=title,
            owner_kind="unit",
            enterprise=world.units[unit_key],
            problem="难题",
            goal="目标",
            start_on=datetime.date(2024, 1, 1),
            end_on=datetime.date(2024, 12, 31),
        )
        ProjectMember.objects.create(project=row, worker=world.workers[f"{unit_key}_1"], role="lead")
        return row

    made = {"yx": project("yx_a", "义县甲攻关"), "hs": project("hs_a", "黑山丙攻关")}
    login(client, world.users[who])
    want = {made[k].pk for k in expected}
    assert {r.pk for r in client.get("/projects/").context["table"].data} == want
    sheet = load_workbook(io.BytesIO(client.get("/projects/?export=xlsx").content)).active
    codes = {made[k].code for k in expected}
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == codes
    assert {row["id"] for row in client.get("/api/v1/projects?page_size=100").json()["results"]} == want
    for key, row in made.items():
        status = client.get(f"/projects/{row.pk}/").status_code
        assert status == (200 if key in expected else 404)
