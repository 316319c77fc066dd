"""The pages: list (filters, export equal to the list), detail with its buttons, the draft form,
the step and progress forms, the worker's own page; for each role."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovation.pairs.models import Agreement, State, TeachingRecord

from .builders import END, START, TODAY, approved, draft, sign_all


@pytest.fixture
def pairs(world):
    unit = world.users["unit"]
    mine = approved(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    other = draft(unit, world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["yx_a_2"]])
    heishan = Agreement.objects.create(
        enterprise=world.units["hs_a"], title="黑山师徒", start_on=START, end_on=END
    )
    return {"mine": mine, "draft": other, "heishan": heishan}


def _rows(response) -> list:
    return [row.record.pk for row in response.context["table"].page.object_list]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("city", {"mine", "draft", "heishan"}),
        ("yixian", {"mine", "draft"}),
        ("heishan", {"heishan"}),
        ("unit", {"mine", "draft"}),
        ("worker", {"mine", "draft"}),
    ],
)
def test_each_role_lists_its_own_pairs(client, world, pairs, who, expected):
    client.force_login(world.users[who])
    response = client.get(reverse("pairs:list"))
    assert response.status_code == 200
    assert set(_rows(response)) == {pairs[k].pk for k in expected}


def test_roles_without_pairs_do_not_open_the_list(client, world, pairs):
    for who in ("expert", "sysadmin", "nobody"):
        client.force_login(world.users[who])
        assert client.get(reverse("pairs:list")).status_code == 403, who


def test_the_export_holds_exactly_the_filtered_rows(client, world, pairs):
    client.force_login(world.users["city"])
    for query in ({}, {"state": "draft"}, {"q": "黑山"}, {"counted": "false"}):
        listed = _rows(client.get(reverse("pairs:list"), query))
        response = client.get(reverse("pairs:list"), {**query, "export": "xlsx"})
        rows = list(
            load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
        )
        assert sorted(r[0] for r in rows[1:]) == sorted(listed), query
    assert len(_rows(client.get(reverse("pairs:list"), {"state": "draft"}))) == 2


def test_another_countys_pair_is_not_found(client, world, pairs):
    client.force_login(world.users["yixian"])
    assert client.get(reverse("pairs:detail", args=[pairs["heishan"].pk])).status_code == 404
    client.force_login(world.users["worker"])
    assert client.get(reverse("pairs:detail", args=[pairs["heishan"].pk])).status_code == 404


def test_the_detail_page_offers_the_steps_of_the_reader(client, world, pairs):
    client.force_login(world.users["unit"])
    page = client.get(reverse("pairs:detail", args=[pairs["mine"].pk])).content.decode()
    assert 'id="step-start"' in page and 'id="step-end"' in page and 'id="teaching-add"' in page
    assert 'id="revise"' in page
    client.force_login(world.users["worker"])
    page = client.get(reverse("pairs:detail", args=[pairs["mine"].pk])).content.decode()
    assert "workflow-actions" not in page and 'id="teaching-add"' not in page
    assert "义县职工二" in page


def test_a_unit_drafts_signs_and_approves_through_the_pages(client, world):
    client.force_login(world.users["unit"])
    start = client.get(reverse("pairs:new"))
    assert start.status_code == 200
    url = reverse("pairs:new") + f"?enterprise={world.units['yx_a'].pk}"
    response = client.post(
        url,
        {
            "masters": [world.workers["yx_a_2"].pk],
            "apprentices": [world.workers["yx_a_1"].pk],
            "start_on": START.isoformat(),
            "end_on": END.isoformat(),
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "pairs:detail", args=[agreement.pk]
    )
    detail = reverse("pairs:detail", args=[agreement.pk])
    client.post(
        reverse("pairs:target_add", args=[agreement.pk]),
        {"target-kind": "training_hours", "target-quantity": "120", "target-due_on": END.isoformat()},
    )
    for party in agreement.parties.all():
        client.post(
            reverse("pairs:sign", args=[agreement.pk]), {"party": party.pk, "signed_on": TODAY.isoformat()}
        )
    response = client.post(reverse("pairs:step", args=[agreement.pk]), {"step": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == detail
    agreement.refresh_from_db()
    assert agreement.state == State.APPROVED
    client.post(reverse("pairs:step", args=[agreement.pk]), {"step": "start"})
    client.post(
        reverse("pairs:teaching_add", args=[agreement.pk]),
        {
            "teaching-on": TODAY.isoformat(),
            "teaching-kind": "session",
            "teaching-hours": "3",
            "teaching-content": "识图",
        },
    )
    assert TeachingRecord.objects.get().hours == 3


def test_a_refusal_is_shown_on_the_page_and_changes_nothing(client, world):
    unit = world.users["unit"]
    agreement = draft(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    client.force_login(unit)
    response = client.post(reverse("pairs:step", args=[agreement.pk]), {"step": "approve"}, follow=True)
    assert "师徒双方签署后才能审批" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT


def test_the_draft_form_shows_the_refusal_in_the_form(client, world):
    client.force_login(world.users["unit"])
    url = reverse("pairs:new") + f"?enterprise={world.units['yx_a'].pk}"
    w = world.workers["yx_a_1"].pk
    response = client.post(url, {"masters": [w], "apprentices": [w], "start_on": START, "end_on": END})
    assert response.status_code == 400
    assert "不能既是师傅又是徒弟" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_workers_home_page_shows_his_master(client, world, pairs):
    sign_all(world.users["unit"], pairs["draft"])
    client.force_login(world.users["worker"])
    page = client.get(reverse("core:home")).content.decode()
    assert "我的师傅" in page and "义县职工二（已审批）" in page


def test_the_workers_home_page_shows_his_progress(client, world, pairs):
    from innovation.pairs import services

    unit = world.users["unit"]
    services.teaching_add(
        actor=unit, agreement=pairs["mine"], on=TODAY, kind="session", hours="12", content="识图"
    )
    services.skill_change_record(
        actor=unit,
        agreement=pairs["mine"],
        worker=world.workers["yx_a_1"],
        to_level="4",
        certificate_no="C1",
        on=TODAY,
    )
    client.force_login(world.users["worker"])
    page = client.get(reverse("core:home")).content.decode()
    assert "义县职工二（已审批 · 带教12.0学时 · 晋升1次）" in page


@pytest.mark.parametrize("state", ["draft", "completed"])
def test_the_detail_page_renders_each_state_with_unique_ids(client, world, pairs, state):
    import re

    from innovation.pairs import services

    unit = world.users["unit"]
    agreement = pairs["draft"] if state == "draft" else pairs["mine"]
    if state == "completed":
        services.agreement_start(actor=unit, agreement=agreement)
        services.agreement_complete(actor=unit, agreement=agreement, result="qualified", on=TODAY)
    client.force_login(unit)
    page = client.get(reverse("pairs:detail", args=[agreement.pk])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    if state == "draft":
        assert 'id="target-add"' in page and page.count("记录签署") == 2 and 'id="step-approve"' in page
    else:
        assert 'id="assessment"' in page and "合格" in page and "workflow-actions" not in page


def test_start_due_pairs_command(world, pairs):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("start_due_pairs", stdout=out)
    assert out.getvalue().strip() == "started 1"
    pairs["mine"].refresh_from_db()
    assert pairs["mine"].state == State.ACTIVE


def test_the_county_sees_a_units_draft_without_the_approval_button(client, world, pairs):
    client.force_login(world.users["yixian"])
    page = client.get(reverse("pairs:detail", args=[pairs["draft"].pk])).content.decode()
    assert 'id="step-approve"' not in page
    client.force_login(world.users["unit"])
    assert (
        'id="step-approve"' in client.get(reverse("pairs:detail", args=[pairs["draft"].pk])).content.decode()
    )
