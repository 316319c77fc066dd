"""Theory scores from Excel: the template lists the occupation's confirmed contestants; a file
with any bad row (unknown card number, a name not matching it, a score outside 0–100 or with
three decimals, the same contestant twice) enters nothing and names each problem by row and
column; a good file enters every score as 导入 through the service; after the lock a reason is
required; a unit admin cannot import."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from innovation.competitions import services
from innovation.competitions.importer import import_theory_scores
from innovation.competitions.models import TheoryScore

from .builders import mark_all, started

pytestmark = pytest.mark.django_db
HEADER = ("参赛证号", "姓名", "理论成绩")


def sheet(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "理论成绩"
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_the_template_lists_the_confirmed_contestants(world, client):
    _comp, occ, regs, _judges = started(world, workers_by_unit=(("hs_a", 2), ("yx_b", 1)))
    client.force_login(world.users["city"])
    response = client.get(reverse("competitions:theory_template", args=[occ.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [HEADER] + [
        (r.card_number, r.worker.name, None) for r in sorted(regs, key=lambda r: r.card_number)
    ]


def test_a_file_with_bad_rows_enters_nothing_and_names_each(world):
    _comp, occ, regs, _judges = started(world)
    a, b = regs
    result = import_theory_scores(
        actor=world.users["city"],
        occupation=occ,
        fileobj=sheet(
            [
                (a.card_number, a.worker.name, 88.5),
                ("NOPE", "某人", 70),
                (b.card_number, "别人", 70),
                (a.card_number, a.worker.name, 101),
                (b.card_number, b.worker.name, "80.125"),
            ]
        ),
    )
    assert result.errors == [
        {"row": 3, "column": "参赛证号", "message": "本工种已确认的选手中没有参赛证号「NOPE」。"},
        {"row": 4, "column": "姓名", "message": f"姓名与参赛证号登记的选手（{b.worker.name}）不一致。"},
        {"row": 5, "column": "参赛证号", "message": "与第2行是同一选手。"},
        {"row": 5, "column": "理论成绩", "message": "理论成绩须在0到100之间，最多两位小数。"},
        {"row": 6, "column": "参赛证号", "message": "与第4行是同一选手。"},
        {"row": 6, "column": "理论成绩", "message": "理论成绩须在0到100之间，最多两位小数。"},
    ]
    assert TheoryScore.objects.count() == 0


def test_a_good_file_enters_every_score_and_after_the_lock_needs_a_reason(world, client):
    _comp, occ, regs, judges = started(world)
    a, b = regs
    client.force_login(world.users["city"])
    url = reverse("competitions:theory_import", args=[occ.pk])
    upload = SimpleUploadedFile(
        "t.xlsx",
        sheet([(a.card_number, a.worker.name, 88.5), (b.card_number, "", 70)]).getvalue(),
    )
    answer = client.post(url, {"file": upload}, follow=True)
    assert "已导入2项理论成绩" in answer.content.decode()
    assert sorted(TheoryScore.objects.values_list("registration_id", "score", "source")) == sorted(
        [(a.pk, Decimal("88.50"), "imported"), (b.pk, Decimal("70.00"), "imported")]
    )
    mark_all(occ, regs, judges)
    services.marks_sign_off(actor=judges[0].judge, occupation=occ)
    again = import_theory_scores(
        actor=world.users["city"], occupation=occ, fileobj=sheet([(a.card_number, a.worker.name, 90)])
    )
    assert again.errors == [
        {"row": 2, "column": "理论成绩", "message": "裁判长已确认评分，更正理论成绩须填写原因。"}
    ]
    done = import_theory_scores(
        actor=world.users["city"],
        occupation=occ,
        fileobj=sheet([(a.card_number, a.worker.name, 90), (b.card_number, b.worker.name, 70)]),
        reason="阅卷复核",
    )
    assert (done.entered, done.unchanged, done.errors) == (1, 1, [])
    assert TheoryScore.objects.get(registration=a, is_current=True).reason == "阅卷复核"


def test_a_wrong_header_or_a_unit_admin_is_refused(world, client):
    _comp, occ, regs, _judges = started(world)
    client.force_login(world.users["city"])
    bad = SimpleUploadedFile("t.xlsx", sheet([], header=("工种代码", "姓名", "身份证号码")).getvalue())
    answer = client.post(reverse("competitions:theory_import", args=[occ.pk]), {"file": bad}, follow=True)
    assert "表头与理论成绩模板不一致" in answer.content.decode()
    client.force_login(world.users["unit"])
    assert client.get(reverse("competitions:theory_template", args=[occ.pk])).status_code == 404
    assert TheoryScore.objects.count() == 0
