"""The WorldSkills-style scale of one occupation: median -> 700, one standard deviation -> 100.

Two steps, as the package docstring states them:

1. s_i = 500 + 100 × (T_i − mean(T)) / sd(T)   (mean 500, SD 100; sd is the population SD)
2. S_i = s_i + (700 − median(s))               (shifted so that the median contestant sits at 700)

Because the median of a linear transform is the transform of the median, step 2 simplifies to
S_i = 700 + 100 × (T_i − median(T)) / sd(T), which is what is computed (fewer operations, the same
number). When sd is 0 (one contestant, or everyone equal) every S_i is 700. Each S_i is rounded
half-up to 3 places. Call inside `numbers.working_context()`.
"""

from collections.abc import Mapping
from decimal import Decimal

from .inputs import Standardisation
from .numbers import HUNDRED, mean, median, pstdev, q3

FIRST_CENTRE = Decimal(500)  # step 1 (documented; the simplified form does not need it)
CENTRE = Decimal(700)
SPREAD = HUNDRED


def standardise(totals: Mapping[int, Decimal]) -> tuple[dict[int, Decimal], Standardisation | None]:
    """id -> standardised total, and the figures it was built from (None for no contestants)."""
    if not totals:
        return {}, None
    values = list(totals.values())
    m, sd, med = mean(values), pstdev(values), median(values)
    stats = Standardisation(mean=q3(m), sd=q3(sd), median=q3(med))
    if not sd:
        return {key: q3(CENTRE) for key in totals}, stats
    # One division per contestant: the exact quotient, then the rounding.
    return {key: q3(CENTRE + SPREAD * (t - med) / sd) for key, t in totals.items()}, stats
