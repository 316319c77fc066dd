"""Writes for the expert pool and the assignment of experts. Pages, the API and the import call these.

`pool`: the expert pool (`expert_create`, `expert_update`, `conflict_add`, `conflict_remove`,
`availability_set`). `assigning`: `auto_assign`, `override`, `decline` and the reads of the
assignment pages. Every write checks the actor's scope, runs in one transaction and leaves audit
rows (the change tracker for single rows, bulk rows written here for bulk inserts); refused
attempts are audited too.
"""

from .assigning import (
    ACTIVE,
    REVIEW_STATES,
    AssignReport,
    Pool,
    assignments_visible_to,
    auto_assign,
    available_experts,
    group_of,
    item_of,
    progress,
    run_cap,
    target_cap,
)
from .pool import availability_set, conflict_add, conflict_remove, expert_create, expert_update
from .replacing import Replacement, decline, eligibility_problems, eligible_experts, override

__all__ = [
    "ACTIVE",
    "REVIEW_STATES",
    "AssignReport",
    "Pool",
    "Replacement",
    "assignments_visible_to",
    "auto_assign",
    "availability_set",
    "available_experts",
    "conflict_add",
    "conflict_remove",
    "decline",
    "eligibility_problems",
    "eligible_experts",
    "expert_create",
    "expert_update",
    "group_of",
    "item_of",
    "override",
    "progress",
    "run_cap",
    "target_cap",
]
