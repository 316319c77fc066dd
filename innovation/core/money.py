"""Money: kept everywhere as an integer number of fen (分), shown in yuan (元). The one conversion
and the one formatter; pages use the template filters of `core.templatetags.money` (fen_yuan,
yuan), which call these.

Only Decimal arithmetic: a float division of fen by 100 shows 0.1 + 0.2 style errors on large
amounts. Amounts are always grouped with two decimals ("1,234,567.50"): clerks and auditors read
them (zh-Hans has no grouping in Django's locale formats, so it is done here, not by floatformat).
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def yuan(fen: int | None) -> Decimal:
    """1234567 fen → Decimal('12345.67'); None counts as 0 (an amount not yet set)."""
    return (Decimal(int(fen or 0)) / 100).quantize(CENT)


def format_yuan(value) -> str:
    """An amount already in yuan (Decimal, int, or its text) → "12,345.67"; "" for None or "",
    and any other text unchanged (a template may hand it anything)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{amount.quantize(CENT):,.2f}"


def yuan_text(fen: int | None) -> str:
    """An amount in fen, shown in yuan: 1234567 → "12,345.67" (None → "0.00")."""
    return format_yuan(yuan(fen))


def money_text(fen: int | None) -> str:
    """An amount in fen in a sentence: 1234567 → "12,345.67元"."""
    return _("%(y)s元") % {"y": yuan_text(fen)}
