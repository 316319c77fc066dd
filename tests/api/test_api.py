import io
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from knox.models import AuthToken

from innovation.audit.models import AuditAction, AuditEntry
from innovation.org.models import Worker

from ..factories import new_id_number


def token_for(username: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("create_api_token", username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def api(client):
    def call(method, url, token=None, **kwargs):
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
        return getattr(client, method)(url, content_type="application/json", **headers, **kwargs)

    return call


def test_token_auth_and_me(api, world):
    token = token_for("t_yixian")
    assert len(token) == 64
    response = api("get", "/api/v1/me", token)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "t_yixian"
    assert body["grants"] == [
        {
            "role": "district_admin",
            "role_label": "县(市、区)/产业工会管理员",
            "node_id": world.yixian.pk,
            "node_name": "义县总工会",
            "node_path": world.yixian.path,
        }
    ]
    assert "worker.view" in body["actions"] and "audit.view" not in body["actions"]
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_CREATE).count() == 1


def test_a_revoked_token_no_longer_works(api, world):
    token = token_for("t_city")
    assert api("get", "/api/v1/stats", token).status_code == 200
    call_command("create_api_token", "t_city", "--revoke", stdout=io.StringIO())
    assert api("get", "/api/v1/stats", token).status_code == 401
    assert AuthToken.objects.count() == 0


def test_anonymous_calls_are_refused(api, db):
    assert api("get", "/api/v1/workers").status_code in (401, 403)
    assert api("get", "/api/v1/stats").status_code in (401, 403)


def test_stats_keys(api, world):
    data = api("get", "/api/v1/stats", token_for("t_city")).json()
    assert {"districts", "unions", "units", "workers"} <= set(data)
    assert (data["districts"], data["units"], data["workers"]) == (2, 5, 10)


@pytest.mark.parametrize(
    "query",
    ["skill_level=9", "district=abc", "no_such_filter=1", "birth_year_min=x", "is_active=maybe"],
)
def test_a_bad_filter_is_a_400_with_the_reason(api, world, query):
    response = api("get", f"/api/v1/workers?{query}", token_for("t_city"))
    assert response.status_code == 400
    assert response.json()


def test_an_out_of_scope_district_filter_is_a_400(api, world):
    response = api("get", f"/api/v1/workers?district={world.heishan.pk}", token_for("t_yixian"))
    assert response.status_code == 400
    assert "district" in response.json()


def test_filters_work_like_the_page(api, world):
    response = api("get", f"/api/v1/workers?district={world.yixian.pk}&q=职工一", token_for("t_city"))
    names = {row["name"] for row in response.json()["results"]}
    assert names == {world.workers["yx_a_1"].name, world.workers["yx_b_1"].name}


def test_worker_detail_never_carries_full_personal_data(api, world):
    worker = world.workers["yx_a_1"]
    body = api("get", f"/api/v1/workers/{worker.pk}", token_for("t_city")).json()
    assert body["id_number_masked"] == worker.id_number_masked
    assert worker.id_number not in str(body) and worker.phone not in str(body)


def test_reveal_through_the_api_is_scoped_and_audited(api, world):
    worker = world.workers["yx_a_1"]
    ok = api("post", f"/api/v1/workers/{worker.pk}/reveal", token_for("t_yixian"), data={"field": "phone"})
    assert ok.status_code == 200 and ok.json() == {"field": "phone", "value": worker.phone}
    entry = AuditEntry.objects.get(action=AuditAction.REVEAL)
    assert entry.actor.username == "t_yixian"
    assert (
        api(
            "post", f"/api/v1/workers/{worker.pk}/reveal", token_for("t_heishan"), data={"field": "phone"}
        ).status_code
        == 404
    )
    bad = api(
        "post", f"/api/v1/workers/{worker.pk}/reveal", token_for("t_yixian"), data={"field": "password"}
    )
    assert bad.status_code == 400


def test_create_worker_through_the_api_uses_the_service_rules(api, world):
    token = token_for("t_yixian")
    payload = {
        "name": "接口职工",
        "id_number": new_id_number("210727"),
        "enterprise": world.units["yx_a"].pk,
        "post": "钳工",
    }
    created = api("post", "/api/v1/workers", token, data=payload)
    assert created.status_code == 201, created.json()
    assert created.json()["id_number_masked"].count("*") == 8
    duplicate = api("post", "/api/v1/workers", token, data=payload)
    assert duplicate.status_code == 400
    assert duplicate.json()["id_number"] == ["该身份证号码已登记，同一职工不能重复登记。"]
    foreign = api(
        "post",
        "/api/v1/workers",
        token,
        data={**payload, "id_number": new_id_number(), "enterprise": world.units["hs_a"].pk},
    )
    assert foreign.status_code == 400 and "enterprise" in foreign.json()
    assert Worker.objects.filter(name="接口职工").count() == 1
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="org.worker", object_repr="接口职工"
    )
    assert entry.actor.username == "t_yixian"


def test_update_worker_through_the_api(api, world):
    worker = world.workers["yx_b_2"]
    response = api("patch", f"/api/v1/workers/{worker.pk}", token_for("t_yixian"), data={"post": "班长"})
    assert response.status_code == 200 and response.json()["post"] == "班长"
    assert (
        api("patch", f"/api/v1/workers/{worker.pk}", token_for("t_heishan"), data={"post": "x"}).status_code
        == 404
    )
    assert (
        api("patch", f"/api/v1/workers/{worker.pk}", token_for("t_worker"), data={"post": "x"}).status_code
        == 404
    )


def test_malformed_json_is_a_400(client, world):
    client.force_login(world.users["city"])
    response = client.post("/api/v1/workers", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_enterprise_create_and_bad_credit_code(api, world):
    token = token_for("t_heishan")
    base = {
        "name": "接口公司",
        "size": "small",
        "industry": "C",
        "region": world.units["hs_a"].region_id,
        "parent_union": world.heishan.pk,
    }
    assert api("post", "/api/v1/enterprises", token, data={**base, "uscc": "bad"}).status_code == 400
    created = api("post", "/api/v1/enterprises", token, data=base)
    assert created.status_code == 201, created.json()
    assert (
        api(
            "post",
            "/api/v1/enterprises",
            token,
            data={**base, "name": "越权", "parent_union": world.yixian.pk},
        ).status_code
        == 403
    )


def test_unions_and_regions_lists(api, world):
    token = token_for("t_yixian")
    unions = api("get", "/api/v1/unions", token).json()
    assert unions["count"] == 3
    assert api("get", "/api/v1/regions", token).json()["count"] == 4
    assert api("get", f"/api/v1/unions/{world.heishan.pk}", token).status_code == 404


def test_invalid_page_is_a_404_with_a_reason(api, world):
    response = api("get", "/api/v1/workers?page=999", token_for("t_city"))
    assert response.status_code == 404 and response.json()["detail"]


def test_openapi_schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/me",
        "/api/v1/stats",
        "/api/v1/workers",
        "/api/v1/workers/{id}",
        "/api/v1/enterprises",
        "/api/v1/unions",
        "/api/v1/regions",
        "/api/v1/workers/{id}/reveal",
    ):
        assert path in schema["paths"], path


def test_create_api_token_for_an_unknown_user_fails_cleanly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody_here", stdout=io.StringIO())
