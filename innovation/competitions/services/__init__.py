"""The writes of the skills competitions: events, leagues, occupations and schemes (events.py),
registrations (registration.py; the Excel batch in importer.py), the judges, marks, theory
scores and the chief judge's sign-off (judging.py), the results and their runs, the league
table (results.py), the awards, prizes, honours and promotions (awards.py).

Every write takes the acting user keyword-only, checks it, and on a refusal changes nothing;
the refusal is written to the audit trail after the rollback (`guarded`). State steps go
through the workflow kernel (innovation.competitions.workflow)."""

from .awards import (
    budget_line_of,
    prize_pay,
    prizes_paid_fen,
    prizes_pay_all,
    promotion_confirm,
)
from .events import (
    competition_create,
    competition_step,
    competition_update,
    league_create,
    occupation_create,
    occupation_update,
    scheme_set,
)
from .judging import (
    judge_assign,
    judge_clashes,
    judge_remove,
    mark_enter,
    marks_sign_off,
    missing_count,
    missing_marks,
    theory_enter,
)
from .registration import check_registrable, register, registration_step
from .results import league_table, results_compute

__all__ = [
    "budget_line_of",
    "league_table",
    "prize_pay",
    "prizes_paid_fen",
    "prizes_pay_all",
    "promotion_confirm",
    "results_compute",
    "check_registrable",
    "competition_create",
    "competition_step",
    "competition_update",
    "judge_assign",
    "judge_clashes",
    "judge_remove",
    "league_create",
    "mark_enter",
    "marks_sign_off",
    "missing_count",
    "missing_marks",
    "occupation_create",
    "occupation_update",
    "register",
    "registration_step",
    "scheme_set",
    "theory_enter",
]
