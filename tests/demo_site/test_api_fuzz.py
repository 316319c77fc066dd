"""The API fuzz (issue 8): schemathesis generates requests from the served demo's own
/api/v1/openapi.json and checks every answer.

Two runs, each with a fixed seed: demo_city with every method (it writes into the demo, hence
`mutates_demo`), and the worker demo_liying with GET only. A run fails on any 5xx, any answer
that its schema does not describe (status code, content type, body), and any error whose body is
not a JSON object — never on a documented 4xx, which is how the API refuses bad input.

The runs go through schemathesis's engine (the Python API the CLI drives), with its coverage
phase (boundary and invalid values of every parameter and body field: ids such as `abc`, years
of 0, integers beyond 64 bits …) on the lists, its fuzzing phase (valid and invalid values and
bodies) on every operation and its stateful phase (links between operations). They print their figures: operations, cases, status counts.
Bounded: API_FUZZ_MAX_EXAMPLES (default 5) examples per operation in the fuzzing phase.
"""

from __future__ import annotations

import collections
import json
import os
import time
from dataclasses import dataclass, field

import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema

SEED = 20260806
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
# gunicorn refuses a request line over 4,094 bytes itself (414, before the application): not the
# API's answer, so neither a schema nor a JSON body is asked of it.
SERVER_LIMITS = {414}


@dataclass
class FuzzReport:
    username: str
    operations: set = field(default_factory=set)
    cases: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: list = field(default_factory=list)
    non_json_errors: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"API fuzz as {self.username}: {len(self.operations)} operations, {self.cases} cases "
            f"in {self.seconds:.0f} s; statuses {statuses}; "
            f"{sum(n for code, n in self.statuses.items() if code >= 500)} 5xx, "
            f"{len(self.failures)} check failures, {len(self.non_json_errors)} non-JSON errors"
        )


def _header(headers, name: str) -> str:
    value = headers.get(name) or headers.get(name.title()) or ""
    return value[0] if isinstance(value, list) else value


def _is_json_object(response) -> bool:
    if not _header(response.headers, "content-type").startswith("application/json"):
        return False
    try:
        return isinstance(json.loads(response.content), dict)
    except ValueError:
        return False


def fuzz(
    demo_site, username: str, *, method: str | None = None, workers: int = 1, coverage: bool = True
) -> FuzzReport:
    settings = {
        "seed": SEED,
        "headers": {"Authorization": f"Token {demo_site.token(username)}"},
        "workers": workers,
        "cache": {"enabled": False},
        "generation": {
            "max-examples": int(os.environ.get("API_FUZZ_MAX_EXAMPLES", "5")),
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": False},
            "coverage": {
                "enabled": coverage,
                "unexpected-methods": [],
                "generate-duplicate-query-parameters": False,
            },
        },
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
    if coverage:
        # The coverage phase (every boundary and invalid value of every parameter) runs on the
        # lists' filters; writes and detail routes get the fuzzing and stateful phases. Their
        # structural cases (an id such as `abc` on every route, a body that is not an object on
        # every write) are checked route by route in tests/api/test_bad_input.py. (Per-operation
        # settings replace an include filter, so a GET-only run goes without them.)
        settings["operations"] = [
            {
                "include-method": ["POST", "PUT", "PATCH", "DELETE"],
                "phases": {"coverage": {"enabled": False}},
            },
            {"include-path-regex": r"\{", "phases": {"coverage": {"enabled": False}}},
        ]
    config = schemathesis.Config.from_dict(settings)
    schema = schemathesis.openapi.from_url(demo_site.url + "/api/v1/openapi.json", config=config)
    schema.config.base_url = demo_site.url
    if method:
        schema = schema.include(method=method)
    report = FuzzReport(username)
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.FatalError):
            raise event.exception
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        for case_id, interaction in recorder.interactions.items():
            report.cases += 1
            response = interaction.response
            if response is None:
                continue
            if recorder.label != "Stateful tests":
                report.operations.add(recorder.label)
            report.statuses[response.status_code] += 1
            app_error = response.status_code >= 400 and response.status_code not in SERVER_LIMITS
            if app_error and not _is_json_object(response):
                report.non_json_errors.append(
                    (response.status_code, interaction.request.method, interaction.request.uri[:300])
                )
            for check in recorder.checks.get(case_id, []):
                if check.status == Status.FAILURE and response.status_code not in SERVER_LIMITS:
                    failure = check.failure_info.failure
                    report.failures.append(
                        (
                            check.name,
                            response.status_code,
                            interaction.request.method,
                            interaction.request.uri[:300],
                            f"{failure.title}: {failure.message}"[:500],
                        )
                    )
    report.seconds = time.monotonic() - started
    print("\n" + report.summary())  # noqa: T201
    return report


def _operations(demo_site, method: str | None = None) -> int:
    status, body = demo_site.get("/api/v1/openapi.json")
    assert status == 200
    paths = json.loads(body)["paths"]
    methods = {method.lower()} if method else {"get", "post", "put", "patch", "delete"}
    return sum(1 for item in paths.values() for m in item if m in methods)


def _assert_clean(report: FuzzReport, expected_operations: int) -> None:
    assert report.failures == []
    assert report.non_json_errors == []
    assert sum(n for code, n in report.statuses.items() if code >= 500) == 0
    assert len(report.operations) == expected_operations
    assert report.statuses[200] > 0


def test_the_api_answers_a_worker_s_fuzzed_reads_with_2xx_or_a_reasoned_4xx(demo_site):
    # The boundary values of every parameter are the city admin's run's; the worker's run
    # fuzzes what a worker may read (and the links between the reads).
    report = fuzz(demo_site, "demo_liying", method="GET", workers=2, coverage=False)
    _assert_clean(report, _operations(demo_site, "GET"))


@pytest.mark.mutates_demo
def test_the_api_answers_the_city_admin_s_fuzzed_calls_with_2xx_or_a_reasoned_4xx(demo_site):
    report = fuzz(demo_site, "demo_city")
    _assert_clean(report, _operations(demo_site))
