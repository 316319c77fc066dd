"""The models of 金牌师徒: agreements (agreements.py) and their progress (progress.py).

Room is left for the selections (an enterprise's or an industry's internal selection and the
city's yearly one): they go in a module of their own here (selections.py) and point at
Agreement; nothing in these two modules needs to change for them."""

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
    PairPatent,
    SkillLevelChange,
    TeachingRecord,
    Training,
)

__all__ = [
    "Agreement",
    "ApprenticeCapPolicy",
    "Graduation",
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
