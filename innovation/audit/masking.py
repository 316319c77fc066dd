"""Masking of personal data: the one place that turns ID-card and phone numbers into the masked
form the lists show (210702********1234, 138****1234).

`mask_text` finds such numbers inside any text (an audit row's detail, a log line, a query
string) and masks each one; everything else in the text stays as it was. It is plain Python
(no Django), so that gunicorn's master process can use it for its logs before Django is set up.

What counts as a number, and why it is bounded by non-digits: an ID number is 18 characters
(17 digits and a digit or X) or the old 15 digits; a mobile is 11 digits from 13x to 19x,
optionally after +86; a landline is 0, a 2–3 digit area code, an optional dash and 7–8 digits.
Only a whole run of digits is a number: the 11 digits inside an 18-digit run are not a phone,
and a longer run (an amount, a timestamp) is left alone.
"""

import logging
import re

_NUMBER = re.compile(
    r"(?<!\d)(?:"
    r"(?P<id18>\d{17}[\dXx])(?![\dXx])"
    r"|(?P<id15>\d{15})(?!\d)"
    r"|(?P<cc>\+?86[- ]?)?(?P<mobile>1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)"
    r"|(?P<landline>0\d{2,3}-?\d{7,8})(?!\d)"
    r")"
)


def mask_id_number(value: str) -> str:
    """210702199001011234 -> 210702********1234"""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * (len(value) - 2)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812341234 -> 138****1234"""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def _masked(match: re.Match) -> str:
    if match["id18"] or match["id15"]:
        return mask_id_number(match[0])
    if match["mobile"]:
        return (match["cc"] or "") + mask_phone(re.sub(r"[- ]", "", match["mobile"]))
    return mask_phone(match["landline"])


def mask_text(text: str) -> str:
    """`text` with every ID-card and phone number in it masked."""
    if not text or not isinstance(text, str):
        return text
    return _NUMBER.sub(_masked, text)


def mask_data(value):
    """Every string inside a JSON-like value (dicts, lists) masked; numbers are figures and
    stay as they are."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    return value


class MaskingFormatter(logging.Formatter):
    """A log formatter whose output never holds an ID-card or phone number in clear (messages,
    arguments and tracebacks alike: the finished line is masked). With `inner`, it masks what
    another formatter wrote (gunicorn's own formatters)."""

    def __init__(self, *args, inner: logging.Formatter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        line = self.inner.format(record) if self.inner is not None else super().format(record)
        return mask_text(line)
