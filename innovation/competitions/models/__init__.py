"""The models of the skills competitions (职工职业技能大赛): events, leagues, occupations and
their marking schemes (events.py); registrations, judges, marks and theory scores (entries.py);
the place of the results (results.py)."""

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

__all__ = [
    "CONFIRM_STATES",
    "JUDGEMENT_LEVELS",
    "LIVE_REGISTRATION_STATES",
    "SCHEME_OPEN_STATES",
    "Aspect",
    "AspectKind",
    "Competition",
    "CompetitionState",
    "JudgeAssignment",
    "League",
    "LeagueRule",
    "Level",
    "Mark",
    "Occupation",
    "Registration",
    "RegistrationState",
    "Section",
    "TheoryScore",
]
