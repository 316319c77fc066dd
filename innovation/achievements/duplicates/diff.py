"""A side-by-side character diff of two achievements' texts (difflib), as safe HTML."""

import difflib

from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext_lazy as _

FIELDS = (
    ("title", _("成果名称")),
    ("problem", _("解决的问题")),
    ("solution", _("创新方案")),
    ("effect", _("实施效果")),
)


def _marked(tag: str, text: str, mark: str) -> str:
    if not text:
        return ""
    if tag == "equal":
        return escape(text)
    if mark == "ins":
        return format_html('<ins class="dup-ins">{}</ins>', text)
    return format_html('<del class="dup-del">{}</del>', text)


def _joined(parts: list) -> str:
    return format_html_join("", "{}", ((part,) for part in parts))


def side_by_side(newer, earlier) -> list[dict]:
    """One row per text field: the label, the newer text and the earlier text, with what only
    one side has marked (<ins> on the newer side, <del> on the earlier side)."""
    rows = []
    for name, label in FIELDS:
        a, b = getattr(newer, name) or "", getattr(earlier, name) or ""
        left, right = [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            left.append(_marked(tag, a[i1:i2], "ins"))
            right.append(_marked(tag, b[j1:j2], "del"))
        rows.append({"label": label, "newer": _joined(left), "earlier": _joined(right)})
    return rows
