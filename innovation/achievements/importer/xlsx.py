"""Reading one sheet of an uploaded .xlsx file, shared by the Excel imports (achievements,
experts): a guard against zip bombs, a lean reader of the one sheet (values only, as
openpyxl's read-only mode gives them, about three times faster) with openpyxl as the fallback,
and the cell parsers.

Rows come as (Excel row number, tuple of values), blank rows left out. Anything the files
cannot give raises `Unreadable`; each importer says it in its own words.
"""

import datetime
import io
import logging
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from innovation.core.validators import normalize_id_number, validate_id_number

log = logging.getLogger(__name__)

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class Unreadable(Exception):
    """Not a workbook, a damaged one, one that unpacks too large, or one the readers cannot parse."""


def sheet_rows(data: bytes, *, sheet: str, max_unzipped: int) -> list[tuple[int, tuple]]:
    """The non-blank rows of `sheet` (else the first sheet). Raises Unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable from None
    if unzipped > max_unzipped:
        raise Unreadable
    try:
        return list(fast_rows(data, sheet))
    except Exception as exc:  # anything unusual: let openpyxl read it
        log.info("fast xlsx reader fell back to openpyxl: %r", exc)
        return openpyxl_rows(data, sheet)


def norm_header(value) -> str:
    """A header cell as compared with the template's: NFKC, no spaces, no required-marks."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    return re.sub(r"\s+", "", text).replace("*", "")


def header_lists(header: list[str], expected: list[str]) -> dict[str, str]:
    """The expected and the found first row, each joined for a message (`e`, `f`)."""
    return {
        "e": "、".join(expected),
        "f": "、".join(h or _("（空）") for h in header) or _("（空）"),
    }


def template_rows(
    fileobj,
    *,
    sheet: str,
    columns,
    max_bytes: int,
    max_unzipped: int,
    max_rows: int,
    refused: type[Exception],
    unreadable: str,
    header_error,
    empty: str,
) -> list[tuple[int, dict]]:
    """(Excel row number, {column key: value}) of every non-blank data row of a sheet filled in
    from a template whose first row holds `columns`' headers ((key, header) pairs), in order.

    Each refusal raises `refused` (the importer's own exception) with the importer's words:
    `unreadable` for a file that is not such a workbook, `header_error(header, expected)` for a
    first row that differs (both lists normalised, the file's without trailing blanks), `empty`
    for no data row; the size, unzipped-size and row limits say theirs here.
    """
    data = fileobj.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise refused(_("文件超过 %(m)d MB。") % {"m": max_bytes // 1048576})
    try:
        rows = sheet_rows(data, sheet=sheet, max_unzipped=max_unzipped)
    except Unreadable:
        raise refused(unreadable) from None
    head = rows[0][1] if rows and rows[0][0] == 1 else ()
    header = [norm_header(v) for v in head]
    while header and not header[-1]:
        header.pop()
    expected = [norm_header(h) for _k, h in columns]
    if header != expected:
        raise refused(header_error(header, expected))
    out = []
    for number, values in rows:
        if number == 1:
            continue
        cells = {key: (values[i] if i < len(values) else None) for i, (key, _h) in enumerate(columns)}
        if not any(cell_text(v) for v in cells.values()):
            continue
        if len(out) >= max_rows:
            raise refused(_("文件超过 %(n)d 行，请拆分后分别导入。") % {"n": max_rows})
        out.append((number, cells))
    if not out:
        raise refused(empty)
    return out


def openpyxl_rows(data: bytes, sheet: str) -> list[tuple[int, tuple]]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise Unreadable from None
    try:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
        return [
            (number, values)
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1)
            if len(values) > 0 and any(v is not None for v in values)
        ]
    except Exception:
        raise Unreadable from None
    finally:
        wb.close()


# A lean reader of the one sheet we need: values only, as openpyxl's read-only mode gives them,
# about three times faster (openpyxl builds an object per cell). Anything it does not
# expect raises, and `sheet_rows` then reads the file with openpyxl instead.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# East Asian built-in date formats (yyyy"年"m"月"d"日" and the like): dates in a Chinese Excel.
_CJK_DATE_FORMATS = frozenset([*range(27, 37), *range(50, 59)])


def _rich_text(node) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t> (phonetic runs left out)."""
    t = node.find(f"{_MAIN}t")
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(f"{_MAIN}t") or "" for r in node.iterfind(f"{_MAIN}r"))


def fast_rows(data: bytes, sheet: str) -> list[tuple[int, tuple]]:
    # openpyxl's parser functions: defusedxml when it is installed, else the standard library's
    # (expat >= 2.4 limits entity expansion; ElementTree never fetches external entities).
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
    from openpyxl.xml.functions import fromstring, iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = {
            rel.get("Id"): (rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", ""))
            for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PKG}Relationship")
        }

        def part(target: str) -> str:
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

        props = book.find(f"{_MAIN}workbookPr")
        epoch = (
            CALENDAR_MAC_1904
            if props is not None and props.get("date1904") in ("1", "true")
            else CALENDAR_WINDOWS_1900
        )
        sheets = [(s.get("name"), s.get(f"{_REL}id")) for s in book.iter(f"{_MAIN}sheet")]
        rel_id = next((rid for name, rid in sheets if name == sheet), sheets[0][1])
        kind, target = rels[rel_id]
        if kind != "worksheet":
            raise ValueError(f"first sheet is a {kind}")
        sheet_path = part(target)

        strings: list[str] = []
        styles_path = next((part(t) for k, t in rels.values() if k == "styles"), None)
        strings_path = next((part(t) for k, t in rels.values() if k == "sharedStrings"), None)
        if strings_path:
            with archive.open(strings_path) as source:
                for _event, node in iterparse(source):
                    if node.tag == f"{_MAIN}si":
                        strings.append(_rich_text(node).replace("x005F_", ""))
                        node.clear()
        date_styles: set[int] = set()
        if styles_path:
            styles = fromstring(archive.read(styles_path))
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
            xfs = styles.find(f"{_MAIN}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else ()):
                fmt = int(xf.get("numFmtId", 0))
                code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
                if fmt in _CJK_DATE_FORMATS or (code and is_date_format(code)):
                    date_styles.add(index)

        rows: list[tuple[int, tuple]] = []
        number = 0
        with archive.open(sheet_path) as source:
            for _event, node in iterparse(source):
                if node.tag != f"{_MAIN}row":
                    continue
                number = int(node.get("r") or number + 1)
                values: dict[int, object] = {}
                column = 0
                for cell in node.iterfind(f"{_MAIN}c"):
                    ref = cell.get("r")
                    column = column_index_from_string(ref.rstrip("0123456789")) if ref else column + 1
                    kind = cell.get("t", "n")
                    raw = cell.findtext(f"{_MAIN}v") or None
                    if kind == "inlineStr":
                        inline = cell.find(f"{_MAIN}is")
                        value = _rich_text(inline) if inline is not None else None
                    elif raw is None:
                        value = None
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind in ("str", "e"):
                        value = raw
                    elif kind == "b":
                        value = raw.strip() in ("1", "true")
                    elif kind == "d":
                        value = datetime.datetime.fromisoformat(raw)
                    elif kind == "n":
                        value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
                        if int(cell.get("s") or 0) in date_styles:
                            value = from_excel(value, epoch)
                    else:
                        raise ValueError(f"cell type {kind}")
                    if value is not None:
                        values[column] = value
                node.clear()
                if values:
                    rows.append((number, tuple(values.get(i) for i in range(1, max(values) + 1))))
    return rows


# ---------------------------------------------------------------- cells


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_date(value) -> tuple[datetime.date | None, str]:
    if value is None or value == "":
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, int | float) and 1 <= value < 2958466 and not isinstance(value, bool):
        # a date cell Excel kept as a serial number (a format the reader did not know as a date)
        from openpyxl.utils.datetime import from_excel

        serial = from_excel(value)
        if 1900 <= serial.year <= 2100:
            return serial.date(), ""
    text = cell_text(value)
    if not text:
        return None, ""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date(), ""
        except ValueError:
            continue
    return None, _("「%(v)s」不是有效日期，请按 2025-03-01 的格式填写。") % {"v": text}


def cell_share(value) -> tuple[Decimal | None, str]:
    text = cell_text(value).rstrip("%％").strip()
    if not text:
        return None, ""
    try:
        share = Decimal(text).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None, _("份额「%(v)s」不是数字，请填写百分数，如 60。") % {"v": text}
    if share <= 0 or share > 100:
        return None, _("份额须大于0且不超过100，现为%(v)s。") % {"v": f"{share:g}"}
    return share, ""


def cell_id_number(value) -> tuple[str, str]:
    """(normalised number, error)"""
    if isinstance(value, int | float):
        return "", _("身份证号被 Excel 存成了数字（18位会被截断），请把该列设为文本格式后重新填写。")
    text = normalize_id_number(cell_text(value))
    if not text:
        return "", ""
    try:
        return validate_id_number(text), ""
    except ValidationError as exc:
        return "", exc.messages[0]


def cell_amount(value) -> object:
    """What `achievements.rules.clean_amount` reads: numbers as they are, text without thousands separators."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return (
        cell_text(value)
        .replace(",", "")
        .replace("，", "")
        .replace("¥", "")
        .replace("￥", "")
        .removesuffix("元")
    )
