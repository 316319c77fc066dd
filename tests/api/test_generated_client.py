"""A client generated from the schema works (issue 8): openapi-python-client builds a Python
package from /api/v1/openapi.json without skipping an operation or warning about one, and that
package, pointed at a live server, gets typed answers (attrs models) with the right values."""

import importlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from innovation.achievements import services

from ..achievements.conftest import full_fields, make_campaign
from .test_api import token_for

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "innovation_api_client"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_blocker):
    """The generated package (imported), the schema and the generator's run — once per module."""
    tmp_path = tmp_path_factory.mktemp("generated_client")
    with django_db_blocker.unblock():
        call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "openapi.json"))
    schema = json.loads((tmp_path / "openapi.json").read_text(encoding="utf-8"))
    # No post hooks: the generated code is imported, not formatted.
    (tmp_path / "config.yaml").write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    run = subprocess.run(  # noqa: S603 (our own pinned tool)
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        yield schema, run, tmp_path / PACKAGE, importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))


def test_the_generator_covers_every_operation_without_a_warning(generated):
    schema, run, package, _client = generated

    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Warning" not in output and "WARNING" not in output and "will not be generated" not in output, (
        output
    )
    operations = {
        operation["operationId"]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in METHODS
    }
    modules = {p.stem for p in (package / "api").rglob("*.py") if p.stem != "__init__"}
    assert len(operations) >= 129
    assert modules == operations


def test_the_generated_client_gets_typed_answers(generated, live_server, world, transactional_db):
    _schema, _run, _package, _client = generated
    from innovation_api_client import AuthenticatedClient
    from innovation_api_client.api.achievements import achievements_list, achievements_retrieve
    from innovation_api_client.api.me import me_retrieve
    from innovation_api_client.api.stats import stats_retrieve
    from innovation_api_client.api.workers import workers_list
    from innovation_api_client.models import Achievement as AchievementModel
    from innovation_api_client.models import Me, PaginatedAchievementList, PaginatedWorkerList, Stats

    campaign = make_campaign(world)
    item = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[
            {"worker": world.workers["yx_a_1"].pk, "share": 70},
            {"outside_name": "李教授", "outside_unit": "辽宁工业大学", "share": 30},
        ],
        **full_fields(title="生成客户端读到的成果"),
    )
    api = AuthenticatedClient(base_url=live_server.url, token=token_for("t_yixian"), prefix="Token")

    me = me_retrieve.sync(client=api)
    assert isinstance(me, Me)
    assert (me.username, [(g.role, g.node_name) for g in me.grants]) == (
        "t_yixian",
        [("district_admin", "义县总工会")],
    )

    stats = stats_retrieve.sync(client=api)
    assert isinstance(stats, Stats)
    assert (stats.districts, stats.workers) == (1, 4)
    assert stats.additional_properties["achievements_total"] == 0  # a draft is not filed (申报) yet

    page = achievements_list.sync(client=api)
    assert isinstance(page, PaginatedAchievementList)
    assert page.count == 1 and [a.title for a in page.results] == ["生成客户端读到的成果"]

    detail = achievements_retrieve.sync(client=api, id=item.pk)
    assert isinstance(detail, AchievementModel)
    assert (detail.id, detail.year, detail.enterprise_name, detail.state.value) == (
        item.pk,
        campaign.year,
        "义县甲机械有限公司",
        "draft",
    )
    assert [(a.worker, a.name, Decimal(a.share)) for a in detail.authors] == [
        (world.workers["yx_a_1"].pk, world.workers["yx_a_1"].name, Decimal("70.00")),
        (None, "李教授", Decimal("30.00")),
    ]

    workers = workers_list.sync(client=api, page_size=3)
    assert isinstance(workers, PaginatedWorkerList)
    assert (workers.count, len(workers.results)) == (4, 3)
    assert {w.enterprise_name for w in workers.results} <= {"义县甲机械有限公司", "义县乙食品有限公司"}

    hidden = achievements_retrieve.sync_detailed(
        client=AuthenticatedClient(base_url=live_server.url, token=token_for("t_heishan"), prefix="Token"),
        id=item.pk,
    )
    assert hidden.status_code == 404
