"""Defect 7: /audit/ — the audit administrator's only page — was a server error once it held the
entry the ranking's 重新计算 writes (a change named "items": the template's `changes.items`
looked it up instead of the dict's items), and that entry read "新增 achievements.campaign".
No audit row, whatever its shape, may break the page or its export."""

import io

import pytest
from openpyxl import load_workbook

from innovation.audit.labels import change_rows, object_type_label
from innovation.audit.models import AuditAction, AuditEntry
from innovation.audit.services import record
from innovation.review import services as review_services
from tests.achievements.conftest import make_campaign


def audit_page(client, world, **query):
    client.force_login(world.users["audit"])
    response = client.get("/audit/", query)
    assert response.status_code == 200
    return response


def test_the_rankings_recomputation_shows_on_the_audit_page_as_a_change_of_the_campaign(client, world):
    campaign = make_campaign(world)
    review_services.compute_results(campaign=campaign, actor=world.users["city"])
    entry = AuditEntry.objects.get(detail__startswith="review.compute_results")

    assert (entry.action, entry.object_type) == (AuditAction.UPDATE, "achievements.campaign")
    response = audit_page(client, world, object_type="achievements.campaign", q="review.compute_results")
    assert [row.record.pk for row in response.context["table"].page.object_list] == [entry.pk]
    listed = response.content.decode().split('id="list-container"')[1]
    assert "征集活动 <code" in listed and ">修改</td>" in listed and "新增" not in listed
    assert "<code>items</code>: 0 → 0" in listed and "<code>method</code>: — → mean" in listed


ODD_CHANGES = [
    {"items": [1, 2]},
    {"values": "x", "keys": [1], "get": None},
    {"a": 1, "b": [1, 2, 3], "c": {"nested": [1, {"x": 2}]}},
    {"long": ["前" * 500, None]},
    [1, 2, 3],
    "just text",
    42,
    None,
    {},
    {"": [True, False]},
]


@pytest.mark.parametrize("changes", ODD_CHANGES, ids=range(len(ODD_CHANGES)))
def test_no_shape_of_an_audit_row_breaks_the_page_or_its_export(client, world, changes):
    record(
        action=AuditAction.UPDATE,
        object_type="gone.model",
        object_id="7",
        object_repr="<script>x</script>",
        changes=changes,
        detail="odd row",
    )
    html = audit_page(client, world, q="odd row").content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "gone.model" in html
    export = audit_page(client, world, q="odd row", export="xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == "gone.model" and rows[1][8] == "odd row"


def test_change_rows_read_any_shape():
    assert change_rows({"items": [0, 5], "note": "x"}) == [("items", "0", "5"), ("note", "x", None)]
    assert change_rows({"flag": [None, True]}) == [("flag", "—", "是")]
    assert change_rows([1, 2]) == [("", "[1, 2]", None)]
    assert change_rows(None) == change_rows({}) == []
    assert len(change_rows({"t": ["长" * 300, 1]})[0][1]) == 200


def test_object_types_read_as_the_models_names():
    assert object_type_label("achievements.campaign") == "征集活动"
    assert object_type_label("org.worker") == "职工"
    assert object_type_label("gone.model") == "gone.model"
    assert object_type_label("") == ""
