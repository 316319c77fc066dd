"""Validators for Chinese identifiers (GB 11643 ID numbers, GB 32100 credit codes, phones)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> str:
    """Return the normalised 18-digit resident ID number or raise ValidationError."""
    number = normalize_id_number(value)
    if not ID_RE.match(number):
        raise ValidationError(_("身份证号码应为18位，前17位为数字，最后一位为数字或X。"), code="id_format")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth") from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对后重新输入。"), code="id_check")
    return number


def id_number_birth_year(number: str) -> int:
    return int(number[6:10])


def id_number_gender(number: str) -> str:
    """'M' or 'F' from the 17th digit (odd = male)."""
    return "M" if int(number[16]) % 2 == 1 else "F"


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(ch) * weight for ch, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Unified social credit code (统一社会信用代码, GB 32100-2015)."""
    code = (value or "").strip().upper()
    if not USCC_RE.match(code):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"), code="uscc_format"
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_check")
    return code


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_phone(value: str) -> str:
    phone = (value or "").strip().replace(" ", "")
    if not PHONE_RE.match(phone):
        raise ValidationError(_("请输入11位手机号码或带区号的固定电话。"), code="phone_format")
    return phone


def clean_text(value, *, field: str, limit: int, required: str | None = None) -> str:
    """A service's text input, stripped: refused when `required` (its message) and blank, or
    when longer than `limit` characters; anything not a string counts as blank."""
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        raise ValidationError({field: [required]})
    if len(value) > limit:
        raise ValidationError({field: [_("不能超过%(n)d个字。") % {"n": limit}]})
    return value
