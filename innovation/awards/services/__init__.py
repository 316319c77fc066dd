"""The committee decision (评审委员会审定), the public notice (公示) with its objections (异议),
and the awards: the one place for each of their rules, in three parts — decision (propose,
adjust, the budget line, approve, return, publish), objections (raise, answer) and payout
(finalise: the awards and their money). The state changes are the steps of
innovation.awards.workflow, taken through the workflow kernel; reads are in
innovation.awards.selectors (pages and the API read there). Pages and the API call these."""

from .decision import (
    BUDGET_LINE_STATES,
    adjust,
    allocate,
    approve,
    propose,
    publish,
    return_to_draft,
    set_budget_line,
)
from .objections import answer_objection, check_objection, file_objection, raise_objection
from .payout import finalise, split_fen

__all__ = [
    "BUDGET_LINE_STATES",
    "adjust",
    "allocate",
    "answer_objection",
    "approve",
    "check_objection",
    "file_objection",
    "finalise",
    "propose",
    "publish",
    "raise_objection",
    "return_to_draft",
    "set_budget_line",
    "split_fen",
]
