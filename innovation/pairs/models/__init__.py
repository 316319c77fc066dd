"""The models of 金牌师徒: agreements (agreements.py), their progress (progress.py)
and the selections (selections.py).

The selections (an enterprise's or an industry's internal selection and the city's yearly one)
are in selections.py and point at Agreement."""

from .agreements import (
    Agreement,
    ApprenticeCapPolicy,
    Party,
    Side,
    State,
    Target,
    TargetKind,
)
from .progress import (
    Graduation,
    PairBenefit,
    PairPatent,
    SkillLevelChange,
    TeachingRecord,
    Training,
)
from .selections import (
    Level,
    Nomination,
    NominationState,
    PairAward,
    PairObjection,
    PairPrizePolicy,
    PairScore,
    Selection,
    SelectionState,
)

__all__ = [
    "Agreement",
    "Level",
    "Nomination",
    "NominationState",
    "PairAward",
    "PairObjection",
    "PairPrizePolicy",
    "PairScore",
    "Selection",
    "SelectionState",
    "ApprenticeCapPolicy",
    "Graduation",
    "PairBenefit",
    "PairPatent",
    "Party",
    "Side",
    "SkillLevelChange",
    "State",
    "Target",
    "TargetKind",
    "TeachingRecord",
    "Training",
]
