"""Near-duplicate detection of achievements (查重), on the generic engine innovation.similarity.

Every achievement is indexed (title, problem, solution, effect) when it is submitted, imported or
checked again on demand, and compared with every earlier filed one of the whole corpus (all
years, all units). A match at or above the engine's threshold becomes a DuplicatePair (newer,
earlier); the city records a verdict on it; `blocking_pair` is what a recommendation's
eligibility asks."""

from ..models import DuplicatePair, Verdict
from .services import (
    CORPUS,
    blocking_pair,
    check,
    check_many,
    check_safely,
    recheck,
    record_verdict,
)

__all__ = [
    "CORPUS",
    "DuplicatePair",
    "Verdict",
    "blocking_pair",
    "check",
    "check_many",
    "check_safely",
    "recheck",
    "record_verdict",
]
