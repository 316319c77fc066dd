"""A revision: a new dated version holding the previous targets with the changes, and the page
of what changed; a revision naming an unknown indicator or a negative target is refused as a
whole with the rows named, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditEntry
from innovation.plans import selectors, services
from innovation.plans.models import Indicator, PlanTarget, PlanVersion

pytestmark = pytest.mark.django_db
D = datetime.date


def revise(pw, actor=None, **overrides):
    world = pw.world
    data = {
        "effective_on": D(2021, 3, 18),
        "title": "关于修订《三年工作方案》的通知",
        "document_no": "锦工发〔2021〕8号",
        "note": "根据工作推进实际修订",
        "changes": [
            {"indicator": "studios", "year": 2021, "district": world.yixian, "value": 6},
            {"indicator": "studios", "year": 2021, "district": world.heishan, "value": None},
            {"indicator": "projects", "year": 2021, "district": None, "value": 3},
        ],
        "new_indicators": [
            {"code": "projects", "name": "技术攻关项目结题", "unit": "项", "formula": "projects_concluded"}
        ],
    }
    data.update(overrides)
    return services.plan_revise(actor=actor or world.users["city"], plan=pw.plan, **data)


def test_a_revision_copies_the_targets_with_its_changes(pw):
    v2 = revise(pw)
    assert (v2.number, v2.label, v2.effective_on) == (2, "第1次修订", D(2021, 3, 18))
    rows = sorted(
        (t.indicator.code, t.year, t.district.name if t.district else "", t.value)
        for t in PlanTarget.objects.filter(version=v2).select_related("indicator", "district")
    )
    assert rows == [
        ("apprentices", 2021, "", 100),
        ("city_worker_studios", 2021, "", 4),
        ("projects", 2021, "", 3),
        ("studios", 2020, "义县总工会", 1),
        ("studios", 2020, "黑山县总工会", 2),
        ("studios", 2021, "义县总工会", 6),
    ]
    assert PlanTarget.objects.filter(version=pw.v1).count() == 6  # the original stays as it was
    changes = selectors.diff(pw.v1, v2, pw.world.users["city"])
    assert [
        (c["kind"], c["indicator"].code, c["year"], c["district"] and c["district"].name, c["old"], c["new"])
        for c in changes
    ] == [
        ("changed", "studios", 2021, "义县总工会", 5, 6),
        ("removed", "studios", 2021, "黑山县总工会", 1, None),
        ("added", "projects", 2021, None, None, 3),
    ]
    # A county sees the changes of its own district only.
    assert [(c["kind"], c["old"], c["new"]) for c in selectors.diff(pw.v1, v2, pw.world.users["yixian"])] == [
        ("changed", 5, 6)
    ]
    assert (
        AuditEntry.objects.filter(
            object_type__icontains="planversion", detail__contains="修订工作方案"
        ).count()
        == 1
    )


def test_the_changes_page(pw, client):
    revise(pw)
    client.force_login(pw.world.users["city"])
    page = client.get(f"/plans/{pw.plan.pk}/versions/2/changes/").content.decode()
    assert "本次修订变更" in page
    table = page.split('id="changes"')[1]
    assert table.count('<tr class="change-') == 3
    assert "调增" in table and "取消" in table and "新增" in table


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            [{"indicator": "no_such", "year": 2021, "district": None, "value": 1}],
            "第1项：指标「no_such」不是本方案的指标。",
        ),
        (
            [{"indicator": "city_worker_studios", "year": 2021, "district": None, "value": -3}],
            "第1项：新命名市级职工创新工作室的目标值不能为负数（-3）。",
        ),
    ],
)
def test_a_bad_revision_is_refused_and_changes_nothing(pw, changes, message):
    before = (PlanVersion.objects.count(), PlanTarget.objects.count(), Indicator.objects.count())
    with pytest.raises(ValidationError) as refused:
        revise(
            pw,
            changes=[
                {"indicator": "studios", "year": 2021, "district": pw.world.yixian, "value": 9},
                *changes,
            ],
        )
    assert [m.replace("第2项", "第1项") for m in refused.value.messages] == [message]
    assert (PlanVersion.objects.count(), PlanTarget.objects.count(), Indicator.objects.count()) == before
    assert AuditEntry.objects.filter(action="refused", detail__contains="plans.revise").count() == 1


def test_every_wrong_row_is_named(pw):
    world = pw.world
    with pytest.raises(ValidationError) as refused:
        revise(
            pw,
            new_indicators=[],
            changes=[
                {"indicator": "studios", "year": 2021, "district": None, "value": 1},
                {"indicator": "city_worker_studios", "year": 2021, "district": world.yixian, "value": 1},
                {"indicator": "x", "year": 2021, "district": None, "value": -1},
                {"indicator": "studios", "year": 1999, "district": world.yixian, "value": 1},
            ],
        )
    assert refused.value.messages == [
        "第1项：新命名工作室分县(市、区)下达，须选择县(市、区)。",
        "第2项：新命名市级职工创新工作室按全市下达，不能选择县(市、区)。",
        "第3项：指标「x」不是本方案的指标。",
        "第4项：年度须为2000至2100之间的整数。",
    ]


def test_the_effective_date_follows_the_previous_version(pw):
    with pytest.raises(ValidationError) as refused:
        revise(pw, effective_on=D(2019, 8, 1))
    assert refused.value.messages == ["生效日期须晚于上一版本的生效日期（2019-08-01）。"]


def test_only_the_city_revises(pw):
    for who in ("yixian", "unit"):
        with pytest.raises(PermissionDenied):
            revise(pw, actor=pw.world.users[who])
    assert PlanVersion.objects.count() == 1


def test_the_revision_form(pw, client):
    client.force_login(pw.world.users["city"])
    url = f"/plans/{pw.plan.pk}/revise/"
    bad = client.post(
        url, {"effective_on": "2021-03-18", "title": "修订", "changes": "studios, 2021, 义县总工会, -1"}
    )
    assert bad.status_code == 400
    assert "第1项：新命名工作室的目标值不能为负数（-1）。" in bad.content.decode()
    assert PlanVersion.objects.count() == 1
    unknown = client.post(
        url, {"effective_on": "2021-03-18", "title": "修订", "changes": "studios, 2021, 火星区, 1"}
    )
    assert unknown.status_code == 400 and "没有名为「火星区」的县(市、区)" in unknown.content.decode()
    good = client.post(
        url, {"effective_on": "2021-03-18", "title": "修订", "changes": "studios, 2021, 义县总工会, 7"}
    )
    assert good.status_code == 302 and good["Location"] == f"/plans/{pw.plan.pk}/versions/2/changes/"
    assert (
        PlanTarget.objects.get(
            version__number=2, indicator__code="studios", year=2021, district=pw.world.yixian
        ).value
        == 7
    )
    client.force_login(pw.world.users["yixian"])
    assert client.get(url).status_code == 403


def test_the_revising_document_is_checked_and_kept(pw, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path

    fake = SimpleUploadedFile("修订通知.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        revise(pw, file=fake)
    assert len(refused.value.messages) == 1 and "修订通知.pdf" in refused.value.messages[0]
    assert PlanVersion.objects.count() == 1
    real = SimpleUploadedFile(
        "修订通知.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )
    v2 = revise(pw, file=real)
    assert v2.file.name.endswith(f"plan-{pw.plan.pk}-v2.pdf")
    assert (tmp_path / v2.file.name).read_bytes().startswith(b"%PDF-1.4")
