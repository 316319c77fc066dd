"""Issue 8, defect 4: the API answers every input with a 2xx or a reasoned 4xx in Chinese.

These walk the OpenAPI schema, so a route added later is covered without being named here."""

import re

import pytest
from django.test import Client

from innovation.achievements.models import Achievement
from innovation.funds.models import BudgetLine, LineKind

from ..achievements.conftest import full_fields, make_campaign
from .test_api import token_for

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_FRAMEWORK = re.compile(
    r"CSRF Failed|JSON parse error|not allowed|Not found|Unsupported media|credentials|Invalid|Expected"
)


def assert_chinese_reason(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    text = response.content.decode()
    assert CJK.search(text), text
    assert not ENGLISH_FRAMEWORK.search(text), text
    return response.json()


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def _operations(schema, *, with_path_ids: bool):
    for path, item in schema["paths"].items():
        has_ids = "{" in path
        if has_ids != with_path_ids:
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                yield method, path


@pytest.fixture
def city(client, world):
    return {"HTTP_AUTHORIZATION": f"Token {token_for('t_city')}"}


BAD_IDS = ["abc", "null,null", "-1", "0", "1.5", "99999999999999999999", "9223372036854775808"]


def test_every_detail_and_action_route_answers_a_bad_id_with_a_json_404(client, city, schema):
    operations = list(_operations(schema, with_path_ids=True))
    assert len(operations) >= 70
    for method, path in operations:
        for bad in BAD_IDS:
            url = re.sub(r"\{[^}]+\}", bad, path)
            response = getattr(client, method)(url, data={}, content_type="application/json", **city)
            body = assert_chinese_reason(response, 404)
            assert body == {"detail": "未找到，或不在您的权限范围内。"}, (method, url)


def test_an_unknown_api_path_is_a_json_404(client, city):
    body = assert_chinese_reason(client.get("/api/v1/no-such-thing/7", **city), 404)
    assert body == {"detail": "未找到，或不在您的权限范围内。"}


@pytest.mark.parametrize("body", ["null", "1", "[]", '"text"', "true", "[{}]"])
def test_a_body_that_is_not_an_object_is_a_400(client, city, schema, world, body):
    line = BudgetLine.objects.create(
        union=world.city,
        year=2026,
        kind=LineKind.FIVE_SMALLS,
        name="五小专项经费",
        amount_fen=100,
        base_fen=100,
    )
    targets = [(m, p) for m, p in _operations(schema, with_path_ids=False) if m in ("post", "put", "patch")]
    targets += [
        ("patch", f"/api/v1/budget-lines/{line.pk}"),
        ("put", f"/api/v1/budget-lines/{line.pk}"),
        ("patch", f"/api/v1/workers/{world.workers['yx_a_1'].pk}"),
        ("post", f"/api/v1/workers/{world.workers['yx_a_1'].pk}/reveal"),
        ("patch", f"/api/v1/enterprises/{world.units['yx_a'].pk}"),
    ]
    assert len(targets) >= 20
    for method, path in targets:
        response = getattr(client, method)(path, data=body, content_type="application/json", **city)
        reason = assert_chinese_reason(response, 400)
        assert reason["detail"].startswith("请求体须为 JSON 对象"), (method, path, reason)
    line.refresh_from_db()
    assert (line.name, line.amount_fen) == ("五小专项经费", 100)


def test_malformed_json_is_a_400_in_chinese(client, city):
    response = client.post("/api/v1/workers", data='{"name": ', content_type="application/json", **city)
    assert assert_chinese_reason(response, 400) == {"detail": "请求体不是有效的 JSON（第1行第10列）。"}


def test_a_csrf_failure_is_a_403_in_chinese(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["city"])
    response = browser.post("/api/v1/workers", data={}, content_type="application/json")
    assert assert_chinese_reason(response, 403)["detail"].startswith("CSRF 校验失败")


def test_an_unsupported_media_type_is_a_415_in_chinese(client, city):
    response = client.post("/api/v1/workers", data="name=x", content_type="text/plain", **city)
    assert assert_chinese_reason(response, 415) == {"detail": "不支持请求中的媒体类型 “text/plain”。"}


def test_a_method_not_allowed_is_a_405_in_chinese(client, city):
    response = client.delete("/api/v1/workers", **city)
    assert assert_chinese_reason(response, 405) == {"detail": "方法 “DELETE” 不被允许。"}


def test_authentication_errors_are_401s_in_chinese(client, db):
    assert assert_chinese_reason(client.get("/api/v1/workers"), 401) == {"detail": "身份认证信息未提供。"}
    wrong = client.get("/api/v1/workers", HTTP_AUTHORIZATION="Token " + "0" * 64)
    assert assert_chinese_reason(wrong, 401) == {"detail": "认证令牌无效。"}


@pytest.mark.parametrize("value", ["-5", "abc", "0", "501", "1.5", "99999999999999999999", ""])
def test_a_bad_page_size_is_a_400_not_ignored(client, city, value):
    response = client.get(f"/api/v1/workers?page_size={value}", **city)
    assert assert_chinese_reason(response, 400) == {
        "page_size": ["每页条数（page_size）须为1至500之间的整数。"]
    }


def test_a_good_page_size_is_used(client, city):
    body = client.get("/api/v1/workers?page_size=3", **city).json()
    assert (body["count"], len(body["results"])) == (10, 3)


@pytest.mark.parametrize(
    ("url", "key", "reason"),
    [
        ("/api/v1/payments?year=0", "year", "年度须为1900至2100之间的整数。"),
        ("/api/v1/payments?year=-2020", "year", "年度须为1900至2100之间的整数。"),
        ("/api/v1/payments?year=99999999999", "year", "年度须为1900至2100之间的整数。"),
        ("/api/v1/studio-applications?year=0", "year", "年度须为1900至2100之间的整数。"),
        ("/api/v1/studio-alliances?founded_year=0", "founded_year", "年度须为1900至2100之间的整数。"),
        (
            "/api/v1/workers?enterprise=99999999999999999999",
            "enterprise",
            "数值超出范围（须在-9223372036854775808至9223372036854775807之间）。",
        ),
        (
            "/api/v1/subsidy-lines?studio=7.318003498384565e%2B32",
            "studio",
            "数值超出范围（须在-9223372036854775808至9223372036854775807之间）。",
        ),
    ],
)
def test_absurd_numbers_in_filters_are_a_400_with_the_reason(client, city, url, key, reason):
    assert assert_chinese_reason(client.get(url, **city), 400) == {key: [reason]}


@pytest.fixture
def campaign(world):
    return make_campaign(world)


def test_a_900_kb_problem_is_refused_naming_the_limit(client, world, campaign):
    client.force_login(world.users["unit"])
    body = {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        **full_fields(title="超长问题", problem="问" * 300_000),
        "authors": [{"worker": world.workers["yx_a_1"].pk, "share": "100"}],
    }
    response = client.post("/api/v1/achievements", data=body, content_type="application/json")
    assert assert_chinese_reason(response, 400) == {"problem": ["请确保这个字段不能超过 5000 个字符。"]}
    assert not Achievement.objects.filter(title="超长问题").exists()


def test_the_service_caps_the_texts_whoever_calls_it(world, campaign):
    from django.core.exceptions import ValidationError

    from innovation.achievements import services

    with pytest.raises(ValidationError) as exc:
        services.achievement_create(
            actor=world.users["unit"],
            campaign=campaign,
            enterprise=world.units["yx_a"],
            title="超长方案",
            solution="案" * 5001,
        )
    assert exc.value.message_dict == {"solution": ["不能超过5000个字（现为5001个字）。"]}


@pytest.mark.parametrize(
    "authors",
    ["x", [1], [None], [{"worker": "abc", "share": "100"}], [{"worker": 1, "share": "many"}], {"worker": 1}],
)
def test_nested_fields_of_the_wrong_type_are_a_400(client, world, campaign, authors):
    client.force_login(world.users["unit"])
    body = {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        **full_fields(title="错型"),
        "authors": authors,
    }
    response = client.post("/api/v1/achievements", data=body, content_type="application/json")
    assert list(assert_chinese_reason(response, 400)) == ["authors"]
    assert not Achievement.objects.filter(title="错型").exists()


def test_the_fuzzer_s_subsidy_policy_is_a_400_not_a_type_error(client, city):
    body = {"kind": "naming", "levels": [], "effective_from": "2000-01-01", "document": "0"}
    response = client.post("/api/v1/subsidy-policies", data=body, content_type="application/json", **city)
    assert assert_chinese_reason(response, 400) == {"use_scope": ["该字段是必填项。"]}
    wrong = client.post(
        "/api/v1/subsidy-policies", data={**body, "levels": "city"}, content_type="application/json", **city
    )
    assert "levels" in assert_chinese_reason(wrong, 400)


def test_throttling_answers_in_chinese(db):
    """No endpoint is throttled today; when one is, its 429 speaks Chinese like every refusal."""
    from rest_framework.exceptions import Throttled

    from innovation.api.exceptions import exception_handler

    response = exception_handler(Throttled(wait=5), {})
    assert response.status_code == 429
    assert CJK.search(str(response.data["detail"])) and not ENGLISH_FRAMEWORK.search(str(response.data))
