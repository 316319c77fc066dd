"""The OpenAPI schema (issue 8): valid, free of warnings, and it says what the views answer."""

import json

import pytest
from django.core.management import call_command

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    with django_db_blocker.unblock():
        # --validate checks it against the OpenAPI 3 specification; --fail-on-warn fails on any
        # warning of drf-spectacular (an unresolvable type, an unknown authenticator …).
        call_command(
            "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(path)
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _response(schema, path, method="get", code="200"):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/api/v1/review/campaigns/{campaign_id}/ranking", "#/components/schemas/PaginatedResultList"),
        ("/api/v1/review/campaigns/{campaign_id}/progress", "#/components/schemas/PaginatedProgressRowList"),
        ("/api/v1/studios/lineage-stats", "array"),
        ("/api/v1/studio-assessments/revocation-proposals", "array"),
        ("/api/v1/studios/{id}/members", "array"),
    ],
)
def test_the_schema_says_what_the_views_answer(schema, path, shape):
    answer = _response(schema, path)
    assert answer.get("$ref", answer.get("type")) == shape


def test_every_operation_documents_its_refusals(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                responses = item[method]["responses"]
                for code in ("400", "401", "403", "404"):
                    assert responses[code]["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"
                    }, (method, path, code)


def test_every_id_in_a_path_is_a_64_bit_integer(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            for parameter in item.get(method, {}).get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["schema"] == {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 1,
                        "maximum": 2**63 - 1,
                    }, (path, parameter["name"])


def test_no_parameter_schema_carries_a_title(schema):
    """Generators name inline enums after the title: two parameters titled 状态 in one operation
    (studio-reports' state and studio_status) made openapi-python-client skip it."""
    for path, item in schema["paths"].items():
        for method in METHODS:
            for parameter in item.get(method, {}).get("parameters", []):
                assert "title" not in parameter["schema"], (method, path, parameter["name"])


def _refs(node, components, seen):
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                _refs(components[name], components, seen)
        for value in node.values():
            _refs(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            _refs(value, components, seen)


def _uncapped(node, where, found):
    if node.get("readOnly") or "$ref" in node:
        return
    if node.get("type") == "string" and not {"maxLength", "enum", "format", "pattern"} & set(node):
        found.append(where)
    for name, child in node.get("properties", {}).items():
        _uncapped(child, f"{where}.{name}", found)
    if isinstance(node.get("items"), dict):
        _uncapped(node["items"], f"{where}[]", found)
    for key in ("oneOf", "anyOf", "allOf"):
        for child in node.get(key, []):
            _uncapped(child, where, found)


def test_every_text_the_api_takes_is_capped(schema):
    """A request body's strings have a maximum length (or are an enum, a date …): 900 KB of
    `problem` is a 400 naming the limit, never a row."""
    components = schema["components"]["schemas"]
    bodies = set()
    for item in schema["paths"].values():
        for method in METHODS:
            if "requestBody" in item.get(method, {}):
                _refs(item[method]["requestBody"], components, bodies)
    found = []
    for name in sorted(bodies):
        _uncapped(components[name], name, found)
    assert len(bodies) >= 40
    assert found == []


def test_number_filters_carry_their_range(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/payments"]["get"]["parameters"]}
    assert parameters["year"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}
