"""Excel batch registration: every problem named by row and column, all or nothing."""

import io

import pytest
from openpyxl import Workbook

from innovation.competitions.importer import ImportRefused, build_template, import_registrations
from innovation.competitions.models import Registration
from innovation.org.models import Worker

from .builders import contestant, open_event


def _file(rows, header=("工种代码", "姓名", "身份证号码")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "报名"
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def _id(worker: Worker) -> str:
    return Worker.objects.get(pk=worker.pk).id_number


def test_a_good_file_registers_every_row(world):
    comp, occ = open_event(world)
    a, b = contestant(world, name="甲一"), contestant(world, name="甲二")
    result = import_registrations(
        actor=world.users["unit"],
        competition=comp,
        fileobj=_file([("fl", "甲一", _id(a)), ("FL", "甲二", _id(b))]),
    )
    assert result.ok and result.errors == []
    assert sorted(Registration.objects.values_list("worker__name", "state")) == [
        ("甲一", "submitted"),
        ("甲二", "submitted"),
    ]


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_registered(world):
    comp, occ = open_event(world)  # quota 2 per unit
    a, b, c = (contestant(world, name=n) for n in ("甲一", "甲二", "甲三"))
    outsider = contestant(world, "hs_a", name="丙一")
    rows = [
        ("FL", "甲一", _id(a)),  # row 2: fine
        ("XX", "甲二", _id(b)),  # row 3: no such occupation
        ("FL", "甲二错", _id(b)),  # row 4: the name does not match
        ("FL", "甲一", _id(a)),  # row 5: the same worker again
        ("FL", "丙一", _id(outsider)),  # row 6: not the admin's worker
        ("FL", "甲二", _id(b)),  # row 7: fine (the unit's second place)
        ("FL", "甲三", _id(c)),  # row 8: over the quota
        ("FL", "", "12345"),  # row 9: no name, a bad ID number
    ]
    result = import_registrations(actor=world.users["unit"], competition=comp, fileobj=_file(rows))
    assert not result.ok
    assert sorted((e["row"], e["column"], e["message"]) for e in result.errors) == [
        (3, "工种代码", "本赛事没有代码为「XX」的工种（可选：FL）。"),
        (4, "姓名", "姓名与身份证号码登记的职工（甲二）不一致。"),
        (5, "身份证号码", "与第2行是同一职工同一工种。"),
        (6, "身份证号码", "在您管理的单位中未找到该身份证号码的职工，请先登记职工。"),
        (8, "身份证号码", "义县甲机械有限公司「叉车司机」限报2人，已报2人，名额已满。"),
        (9, "姓名", "必填项不能为空。"),
        (9, "身份证号码", "身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
    ]
    assert Registration.objects.count() == 0


def test_a_file_with_a_wrong_header_is_refused_as_a_whole(world):
    comp, _occ = open_event(world)
    with pytest.raises(ImportRefused) as refused:
        import_registrations(
            actor=world.users["unit"],
            competition=comp,
            fileobj=_file([("FL", "甲一", "x")], header=("工种", "姓名")),
        )
    assert (
        refused.value.message
        == "表头与报名模板不一致。第1行应依次为：工种代码、姓名、身份证号码；文件中为：工种、姓名。"
    )


def test_the_template_has_the_header_the_reader_expects(world):
    comp, _occ = open_event(world)
    with pytest.raises(ImportRefused) as refused:
        import_registrations(
            actor=world.users["unit"], competition=comp, fileobj=io.BytesIO(build_template())
        )
    assert refused.value.message == "文件中没有数据：请从第2行开始填写报名职工。"
