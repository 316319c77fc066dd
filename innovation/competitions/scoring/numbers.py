"""Decimal helpers of the scoring core: one precision, one rounding, no floats."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

PLACES = Decimal("0.001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Intermediate precision: far beyond the 3 published places, the same on every machine and
# database (the figures never pass through a database float).
PRECISION = 34


def q3(value: Decimal) -> Decimal:
    """Rounded half-up to 3 decimal places (the published form of every figure)."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def exact(value) -> Decimal:
    """An int or Decimal as a Decimal; floats and bools are refused (their binary value is not
    the number a person typed)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"scores are int or Decimal, not {type(value).__name__}")
    return Decimal(value)


def working_context():
    """The arithmetic context of every computation here."""
    return localcontext(prec=PRECISION)


def mean(values) -> Decimal:
    values = list(values)
    return sum(values, ZERO) / len(values)


def median(values) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def pstdev(values) -> Decimal:
    """Population standard deviation (divides by n): the contestants of an occupation are the
    whole population being placed on the scale, not a sample of one."""
    values = list(values)
    m = mean(values)
    return (sum(((v - m) ** 2 for v in values), ZERO) / len(values)).sqrt()
