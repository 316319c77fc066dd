"""The permission policy: role x action -> scope.

This table is the single source of what each role may do and over which rows. The
scope filter (innovation.accounts.scope) reads it, the navigation reads it, and the
test matrix in tests/accounts/test_scope_matrix.py is generated from it.
"""

from enum import StrEnum

from .roles import Role


class Scope(StrEnum):
    ALL = "all"  # every row (reference data, or duties that are global by nature)
    SUBTREE = "subtree"  # rows under the grant's node of the union tree
    SELF = "self"  # rows about the user themself (a worker's own record)
    NONE = "none"


class Action(StrEnum):
    REGION_VIEW = "region.view"
    UNION_VIEW = "union.view"
    UNION_CHANGE = "union.change"
    ENTERPRISE_VIEW = "enterprise.view"
    ENTERPRISE_CHANGE = "enterprise.change"
    WORKER_VIEW = "worker.view"
    WORKER_CHANGE = "worker.change"
    WORKER_REVEAL = "worker.reveal"  # see full ID-card and phone numbers
    ACCOUNT_MANAGE = "account.manage"  # system administrator
    GRANT_MANAGE = "grant.manage"  # security administrator
    AUDIT_VIEW = "audit.view"  # audit administrator


A, S, SELF, N = Scope.ALL, Scope.SUBTREE, Scope.SELF, Scope.NONE

_ORG_ADMIN = {
    Action.REGION_VIEW: A,
    Action.UNION_VIEW: S,
    Action.UNION_CHANGE: S,
    Action.ENTERPRISE_VIEW: S,
    Action.ENTERPRISE_CHANGE: S,
    Action.WORKER_VIEW: S,
    Action.WORKER_CHANGE: S,
    Action.WORKER_REVEAL: S,
}

_PERSONAL = {
    Action.REGION_VIEW: A,
    Action.UNION_VIEW: SELF,
    Action.ENTERPRISE_VIEW: SELF,
    Action.WORKER_VIEW: SELF,
    Action.WORKER_REVEAL: SELF,
}

POLICY: dict[str, dict[Action, Scope]] = {
    Role.CITY_ADMIN: dict(_ORG_ADMIN),
    Role.DISTRICT_ADMIN: dict(_ORG_ADMIN),
    # A unit admin keeps its own unit (and its sub-units) but does not reshape the union tree.
    Role.UNIT_ADMIN: {**_ORG_ADMIN, Action.UNION_CHANGE: N},
    Role.WORKER: dict(_PERSONAL),
    Role.STUDIO_LEAD: dict(_PERSONAL),
    Role.TEAM_LEAD: dict(_PERSONAL),
    Role.EXPERT: {Action.REGION_VIEW: A},
    Role.SYS_ADMIN: {Action.ACCOUNT_MANAGE: A, Action.REGION_VIEW: A},
    Role.SECURITY_ADMIN: {Action.GRANT_MANAGE: A, Action.REGION_VIEW: A},
    Role.AUDIT_ADMIN: {Action.AUDIT_VIEW: A},
}


def scope_for(role: str, action: str) -> Scope:
    return POLICY.get(role, {}).get(action, Scope.NONE)
