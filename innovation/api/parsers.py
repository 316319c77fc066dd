"""Request bodies of /api/v1/: JSON objects only, and a Chinese reason when they are not."""

import codecs

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


class JSONObjectParser(JSONParser):
    """Every write of this API takes an object; `null`, `1`, `"x"` or `[]` is a 400, not a
    TypeError in a view that looks up keys."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError:
            raise ParseError(_("请求体不是有效的 %(e)s 编码文本。") % {"e": encoding}) from None
        try:
            data = json.loads(text, parse_constant=json.strict_constant)
        except ValueError as exc:
            where = ""
            if hasattr(exc, "lineno"):
                where = _("（第%(line)d行第%(col)d列）") % {"line": exc.lineno, "col": exc.colno}
            raise ParseError(_("请求体不是有效的 JSON%(where)s。") % {"where": where}) from None
        if not isinstance(data, dict):
            raise ParseError(_("请求体须为 JSON 对象（{…}），收到的是%(kind)s。") % {"kind": json_kind(data)})
        return data


def json_kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("布尔值")
    if isinstance(value, int | float):
        return _("数字")
    if isinstance(value, str):
        return _("字符串")
    if isinstance(value, list):
        return _("数组")
    return _("其他类型")
