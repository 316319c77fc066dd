"""Pass 1 of an import: each row on its own. `RowParser.parse` reads the cells into values and
people (the first author, the co-authors of the 其他完成人 cell) with their errors;
`resolve_person` later finds the worker a person names among the bulk look-ups."""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from innovation.core import pii
from innovation.org.models import Worker

from ..models import Achievement, Field, Kind, Patent
from .columns import (
    ID_LIKE,
    OUTSIDE_NAME_MAX,
    OUTSIDE_UNIT_MAX,
    PATENT_NUMBER_MAX,
    TEXT_LIMITS,
    choices_by_label,
)
from .xlsx import cell_amount, cell_date, cell_id_number, cell_share, cell_text


@dataclass
class PersonRef:
    name: str
    id_hash: str = ""
    id_masked: str = ""
    outside_unit: str = ""
    share: Decimal | None = None
    worker: Worker | None = None
    by_name: bool = False


@dataclass
class RowDraft:
    row: int
    cells: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # column key -> [message]
    unit_name: str = ""
    first: PersonRef | None = None
    others: list[PersonRef] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def coauthor(index: int, text: str) -> str:
    return _("第%(i)d位完成人「%(c)s」：") % {"i": index, "c": text}


class RowParser:
    """Reads one row's cells; the choice look-ups are built once per file."""

    def __init__(self):
        self.kinds = choices_by_label(Kind.choices)
        self.fields = choices_by_label(Field.choices)
        self.benefit_types = choices_by_label(Achievement.BenefitType.choices)
        self.patent_types = choices_by_label(Patent.Type.choices)
        self.patent_statuses = choices_by_label(Patent.Status.choices)
        # Translated once: gettext per row and cell adds up over 10,000 rows.
        self.choice_labels = {"kind": _("成果类别"), "field": _("所属领域"), "benefit_type": _("效益类型")}

    def parse(self, number: int, cells: dict) -> RowDraft:
        draft = RowDraft(row=number, cells=cells)
        v = draft.values
        for key in ("title", "post", "problem", "solution", "effect", "benefit_basis"):
            v[key] = cell_text(cells.get(key))
        for key in ("title", "post", "first_name"):
            if not cell_text(cells.get(key)) and not (
                key == "first_name" and cell_text(cells.get("first_id"))
            ):
                draft.error(key, _("此项为必填项。"))
        for key, limit in TEXT_LIMITS.items():
            if len(v[key]) > limit:
                draft.error(key, _("不能超过%(n)d字，现为%(l)d字。") % {"n": limit, "l": len(v[key])})
                v[key] = v[key][:limit]
        for key, mapping in (
            ("kind", self.kinds),
            ("field", self.fields),
            ("benefit_type", self.benefit_types),
        ):
            text = cell_text(cells.get(key))
            v[key] = mapping.get(text, "")
            if text and not v[key]:
                allowed = "、".join(k for k in mapping if not k.isascii())
                draft.error(
                    key,
                    _("「%(v)s」不是有效的%(l)s，应为：%(a)s。")
                    % {"v": text, "l": self.choice_labels[key], "a": allowed},
                )
            elif not text and key in ("kind", "field"):
                draft.error(key, _("此项为必填项。"))
        for key in ("started_on", "completed_on"):
            v[key], message = cell_date(cells.get(key))
            if message:
                draft.error(key, message)
        v["benefit_claimed"] = cell_amount(cells.get("benefit_claimed"))
        draft.unit_name = " ".join(cell_text(cells.get("unit")).split())

        # first author
        first = PersonRef(name=cell_text(cells.get("first_name")))
        number_, message = cell_id_number(cells.get("first_id"))
        if message:
            draft.error("first_id", message)
        elif number_:
            first.id_hash, first.id_masked = pii.keyed_hash(number_), pii.mask_id_number(number_)
        else:
            first.by_name = bool(first.name)
        first.share, message = cell_share(cells.get("first_share"))
        if message:
            draft.error("first_share", message)
        draft.first = first
        self._parse_others(draft)
        if first.share is None and "first_share" not in draft.errors:
            if draft.others:
                draft.error("first_share", _("有其他完成人时须填写第一完成人份额。"))
            else:
                first.share = Decimal("100.00")

        # patent
        p_number = cell_text(cells.get("patent_number")).upper()
        p_type, p_status = cell_text(cells.get("patent_type")), cell_text(cells.get("patent_status"))
        v["patents"] = []
        if p_type and p_type not in self.patent_types:
            draft.error(
                "patent_type",
                _("「%(v)s」不是有效的专利类型，应为：发明、实用新型、外观设计。") % {"v": p_type},
            )
        if p_status and p_status not in self.patent_statuses:
            draft.error(
                "patent_status", _("「%(v)s」不是有效的专利状态，应为：已受理、已授权。") % {"v": p_status}
            )
        if p_number:
            if len(p_number) > PATENT_NUMBER_MAX:
                draft.error("patent_number", _("专利号不能超过%(n)d字。") % {"n": PATENT_NUMBER_MAX})
            if not p_type:
                draft.error("patent_type", _("填写了专利号，请填写专利类型。"))
            if not p_status:
                draft.error("patent_status", _("填写了专利号，请填写专利状态。"))
            v["patents"] = [
                {
                    "type": self.patent_types.get(p_type),
                    "number": p_number,
                    "status": self.patent_statuses.get(p_status),
                }
            ]
        elif p_type or p_status:
            draft.error("patent_number", _("填写了专利类型或状态，请填写专利号。"))
        return draft

    def _parse_others(self, draft: RowDraft) -> None:
        text = unicodedata.normalize("NFKC", cell_text(draft.cells.get("others")))
        if not text:
            return
        for index, chunk in enumerate((c.strip() for c in re.split(r"[;\n]", text)), start=2):
            if not chunk:
                continue
            parts = [p.strip() for p in chunk.split(":")]
            if len(parts) not in (2, 3) or not parts[0]:
                draft.error(
                    "others",
                    coauthor(index, chunk)
                    + _("格式应为“姓名:身份证号:份额”“姓名:份额”或“姓名:外单位名称:份额”。"),
                )
                continue
            person = PersonRef(name=parts[0])
            person.share, message = cell_share(parts[-1])
            if message or person.share is None:
                draft.error("others", coauthor(index, chunk) + (message or _("请填写份额。")))
                continue
            middle = parts[1] if len(parts) == 3 else ""
            if middle and ID_LIKE.match(middle.upper()):
                number, message = cell_id_number(middle)
                if message:
                    draft.error("others", coauthor(index, chunk) + message)
                    continue
                person.id_hash, person.id_masked = pii.keyed_hash(number), pii.mask_id_number(number)
            elif middle:
                if len(person.name) > OUTSIDE_NAME_MAX or len(middle) > OUTSIDE_UNIT_MAX:
                    draft.error(
                        "others",
                        coauthor(index, chunk)
                        + _("外单位人员姓名不超过%(a)d字、单位名称不超过%(b)d字。")
                        % {"a": OUTSIDE_NAME_MAX, "b": OUTSIDE_UNIT_MAX},
                    )
                    continue
                person.outside_unit = middle
            else:
                person.by_name = True
            draft.others.append(person)


def resolve_person(
    draft: RowDraft, person: PersonRef, enterprise, by_hash, by_name, *, key: str, index: int = 0
):
    """The worker a first author (index 0) or a co-author (index >= 2) names, or None with an error."""

    def fail(column: str, message: str) -> None:
        draft.error(column, (coauthor(index, person.name) if index else "") + message)

    if person.id_hash:
        worker = by_hash.get(person.id_hash)
        if worker is None:
            fail(
                key,
                _("未找到身份证号为 %(m)s 的职工，请核对号码或先在“职工”中登记。") % {"m": person.id_masked}
                + (_("其他单位的人员请按“姓名:单位名称:份额”填写为外单位完成人。") if index else ""),
            )
            return None
        if person.name and worker.name != person.name:
            fail(
                "first_name" if key == "first_id" else key,
                _("姓名「%(n)s」与身份证号 %(m)s 登记的职工姓名不一致。")
                % {"n": person.name, "m": person.id_masked},
            )
            return None
        return worker
    if person.by_name and enterprise is not None:
        found = by_name.get((enterprise.pk, person.name), [])
        if not found:
            fail(
                key,
                _("申报单位「%(u)s」中没有名为「%(n)s」的职工，请核对姓名或填写身份证号。")
                % {"u": enterprise.name, "n": person.name},
            )
            return None
        if len(found) > 1:
            fail(
                key,
                _("申报单位「%(u)s」中有%(c)d名职工叫「%(n)s」，请填写身份证号以区分。")
                % {"u": enterprise.name, "c": len(found), "n": person.name},
            )
            return None
        return found[0]
    return None
