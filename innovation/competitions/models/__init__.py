"""The models of the skills competitions (职工职业技能大赛): events, leagues, occupations and
their marking schemes (events.py); registrations, judges, marks and theory scores (entries.py);
results, awards and promotion recommendations (results.py)."""

from .entries import (
    LIVE_REGISTRATION_STATES,
    JudgeAssignment,
    Mark,
    Registration,
    RegistrationState,
    TheoryScore,
)
from .events import (
    CONFIRM_STATES,
    JUDGEMENT_LEVELS,
    SCHEME_OPEN_STATES,
    Aspect,
    AspectKind,
    Competition,
    CompetitionState,
    League,
    LeagueRule,
    Level,
    Occupation,
    Section,
)
from .results import (
    FIRST_RUN_REASON,
    CompetitionAward,
    PromotionRecommendation,
    PromotionState,
    Result,
    ResultRun,
)

__all__ = [
    "CONFIRM_STATES",
    "FIRST_RUN_REASON",
    "JUDGEMENT_LEVELS",
    "LIVE_REGISTRATION_STATES",
    "SCHEME_OPEN_STATES",
    "Aspect",
    "AspectKind",
    "Competition",
    "CompetitionAward",
    "CompetitionState",
    "JudgeAssignment",
    "League",
    "LeagueRule",
    "Level",
    "Mark",
    "Occupation",
    "PromotionRecommendation",
    "PromotionState",
    "Registration",
    "RegistrationState",
    "Result",
    "ResultRun",
    "Section",
    "TheoryScore",
]
