"""The writes of 金牌师徒: agreements and their versions (agreements.py), progress (progress.py),
selections, nominations and scoring (selections.py), the decision, notice, awards and prizes
(decision.py).

Every write takes the acting user keyword-only, checks it, and on a refusal changes nothing;
the refusal is written to the audit trail after the rollback (`refusals_recorded`). State steps
go through the workflow kernel (innovation.pairs.workflow)."""

from .agreements import (
    agreement_approve,
    agreement_complete,
    agreement_create,
    agreement_end,
    agreement_revise,
    agreement_start,
    agreement_update,
    party_sign,
    start_due,
    target_add,
    target_remove,
)
from .benefits import benefit_add, benefit_verify
from .decision import (
    budget_line_set,
    decision_adjust,
    objection_answer,
    objection_raise,
    prize_pay,
    prize_policy_add,
    prizes_pay_all,
)
from .policy import cap_policy_add
from .progress import (
    joint_achievement_link,
    joint_achievement_unlink,
    patent_add,
    skill_change_record,
    teaching_add,
    training_add,
)
from .selections import (
    experts_assign,
    experts_auto_assign,
    nominate,
    nomination_step,
    score_submit,
    selection_create,
    selection_step,
)

__all__ = [
    "benefit_add",
    "benefit_verify",
    "budget_line_set",
    "decision_adjust",
    "experts_assign",
    "experts_auto_assign",
    "nominate",
    "nomination_step",
    "objection_answer",
    "objection_raise",
    "prize_pay",
    "prize_policy_add",
    "prizes_pay_all",
    "score_submit",
    "selection_create",
    "selection_step",
    "agreement_approve",
    "agreement_complete",
    "agreement_create",
    "agreement_end",
    "agreement_revise",
    "agreement_start",
    "agreement_update",
    "cap_policy_add",
    "joint_achievement_link",
    "joint_achievement_unlink",
    "party_sign",
    "patent_add",
    "skill_change_record",
    "start_due",
    "target_add",
    "target_remove",
    "teaching_add",
    "training_add",
]
