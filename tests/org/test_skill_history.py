"""The worker's skill-level history (org.SkillLevelRecord): one service writes it and sets the
level; the worker's page and its API twin show it; bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditEntry
from innovation.org import services
from innovation.org.models import SkillLevelRecord, Worker

ON = datetime.date(2026, 3, 2)


def test_a_promotion_is_kept_and_sets_the_level(world):
    worker = world.workers["yx_a_1"]
    Worker.objects.filter(pk=worker.pk).update(skill_level="4")
    worker.refresh_from_db()
    entry = services.skill_level_record(
        actor=world.users["yixian"],
        worker=worker,
        to_level="3",
        certificate_no=" 2026210700000001 ",
        on=ON,
        source=SkillLevelRecord.Source.OTHER,
        source_title="人社局职业技能等级认定",
    )
    worker.refresh_from_db()
    assert (worker.skill_level, entry.from_level, entry.to_level, entry.certificate_no, entry.on) == (
        "3",
        "4",
        "3",
        "2026210700000001",
        ON,
    )
    assert AuditEntry.objects.filter(object_type="org.skilllevelrecord", object_id=str(entry.pk)).count() == 1


@pytest.mark.parametrize(
    ("to_level", "certificate_no", "on", "field", "message"),
    [
        ("4", "C1", ON, "to_level", "义县甲一现为「中级工」，新等级须高于现有等级。"),
        ("5", "C1", ON, "to_level", "义县甲一现为「中级工」，新等级须高于现有等级。"),
        ("9", "C1", ON, "to_level", "请选择新的技能等级。"),
        ("3", "  ", ON, "certificate_no", "请填写职业技能等级证书编号。"),
        ("3", "X" * 41, ON, "certificate_no", "证书编号不能超过40个字符。"),
        ("3", "C1", None, "on", "请填写取证日期。"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, to_level, certificate_no, on, field, message):
    worker = world.workers["yx_a_1"]
    Worker.objects.filter(pk=worker.pk).update(skill_level="4", name="义县甲一")
    worker.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.skill_level_record(
            actor=world.users["yixian"],
            worker=worker,
            to_level=to_level,
            certificate_no=certificate_no,
            on=on,
        )
    assert refused.value.message_dict == {field: [message]}
    assert (Worker.objects.get(pk=worker.pk).skill_level, SkillLevelRecord.objects.count()) == ("4", 0)


def test_only_an_admin_of_the_workers_place_may_record(world):
    worker = world.workers["yx_a_1"]
    with pytest.raises(PermissionDenied):
        services.skill_level_record(
            actor=world.users["heishan"], worker=worker, to_level="3", certificate_no="C1", on=ON
        )
    assert (Worker.objects.get(pk=worker.pk).skill_level, SkillLevelRecord.objects.count()) == (
        worker.skill_level,
        0,
    )


def test_the_workers_page_and_api_show_the_history(client, world):
    worker = world.workers["yx_a_1"]
    Worker.objects.filter(pk=worker.pk).update(skill_level="")
    worker.refresh_from_db()
    first = services.skill_level_record(
        actor=world.users["city"],
        worker=worker,
        to_level="4",
        certificate_no="C-1",
        on=datetime.date(2024, 5, 1),
    )
    worker.refresh_from_db()
    second = services.skill_level_record(
        actor=world.users["city"],
        worker=worker,
        to_level="3",
        certificate_no="C-2",
        on=ON,
        source=SkillLevelRecord.Source.COMPETITION,
        source_title="2026年锦州市职工职业技能大赛",
    )
    client.force_login(world.users["yixian"])
    page = client.get(f"/org/workers/{worker.pk}/").content.decode()
    table = page[page.index('id="skill-history"') : page.index("</table>", page.index('id="skill-history"'))]
    assert table.count("<tr>") == 3  # the head and two steps, newest first
    assert table.index("C-2") < table.index("C-1")
    assert "职业技能大赛：2026年锦州市职工职业技能大赛" in table
    api = client.get(f"/api/v1/workers/{worker.pk}").json()
    assert [(s["id"], s["from_level"], s["to_level"], s["source"]) for s in api["skill_history"]] == [
        (second.pk, "4", "3", "competition"),
        (first.pk, "", "4", "other"),
    ]
    # Another district's admin opens neither the worker nor the history.
    client.force_login(world.users["heishan"])
    assert client.get(f"/org/workers/{worker.pk}/").status_code == 404
    assert client.get(f"/api/v1/workers/{worker.pk}").status_code == 404
