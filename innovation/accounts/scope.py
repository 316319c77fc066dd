"""The one scope mechanism: which rows a user may see or act on.

Every page, export, admin list and API answer starts from `restrict()`. A model takes
part by registering how its rows hang in the union tree (`path`, a lookup to a
materialised path such as "/1/4/97/") and what "the user themself" means for it
(`self_q`). Paths are prefixes, so one indexed `LIKE 'prefix%'` filters a subtree of
any depth without recursive queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .policy import POLICY, Scope, scope_for


@dataclass(frozen=True)
class ScopeSpec:
    path: str | None
    self_q: Callable[[object], Q] | None = None
    # Where "the user themself" means more for one action than for the others (a studio lead
    # reads the achievements his studio incubated, but edits only his own): action → its Q.
    self_q_for: dict[str, Callable[[object], Q]] = field(default_factory=dict)

    def self_filter(self, action: str) -> Callable[[object], Q] | None:
        return self.self_q_for.get(action, self.self_q)


_REGISTRY: dict[type[Model], ScopeSpec] = {}


def register(
    model: type[Model],
    *,
    path: str | None,
    self_q: Callable[[object], Q] | None = None,
    self_q_for: dict[str, Callable[[object], Q]] | None = None,
) -> None:
    _REGISTRY[model] = ScopeSpec(path=path, self_q=self_q, self_q_for=dict(self_q_for or {}))


def registered_models() -> list[type[Model]]:
    return list(_REGISTRY)


def path_of(obj) -> str:
    """The materialised path of the place `obj` hangs in the union tree ("" when it hangs nowhere)."""
    value = obj
    for part in (spec_for(type(obj)).path or "").split("__"):
        if not part or value is None:
            break
        value = getattr(value, part)
    return value if isinstance(value, str) else ""


def spec_for(model: type[Model]) -> ScopeSpec:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered with the scope mechanism") from None


def scope_q(user, model: type[Model], action: str) -> Q | None:
    """The filter for `action` on `model`, or None when the user may not act at all.

    Returns an empty Q() when every row is allowed.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    spec = spec_for(model)
    combined: Q | None = None
    for grant in user.active_grants():
        kind = scope_for(grant.role, action)
        part: Q | None = None
        if kind is Scope.ALL:
            return Q()
        if kind is Scope.SUBTREE and grant.node_id and spec.path:
            part = Q(**{f"{spec.path}__startswith": grant.node.path})
        elif kind is Scope.SELF and spec.self_filter(action) is not None:
            part = spec.self_filter(action)(user)
        if part is not None:
            combined = part if combined is None else combined | part
    return combined


def restrict(queryset: QuerySet, user, action: str) -> QuerySet:
    q = scope_q(user, queryset.model, action)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset


def can(user, action: str) -> bool:
    """Whether the user may perform `action` anywhere at all (menus, buttons)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(scope_for(grant.role, action) is not Scope.NONE for grant in user.active_grants())


def widest_scope(user, action: str) -> Scope:
    """The widest scope any of the user's grants gives for `action` (ALL > SUBTREE > SELF > NONE)."""
    order = [Scope.NONE, Scope.SELF, Scope.SUBTREE, Scope.ALL]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope.NONE
    kinds = [scope_for(grant.role, action) for grant in user.active_grants()]
    return max(kinds, key=order.index, default=Scope.NONE)


def can_act_at(user, action: str, node) -> bool:
    """Whether the user may perform `action` on rows placed at `node` (a TradeUnion).

    Used before creating or moving a row: the target place must be inside the scope.
    """
    if node is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    for grant in user.active_grants():
        kind = scope_for(grant.role, action)
        if kind is Scope.ALL:
            return True
        if kind is Scope.SUBTREE and grant.node_id and node.path.startswith(grant.node.path):
            return True
    return False


def home_node(user, action: str):
    """The union a user acts from for `action`: the highest node among their grants that give a
    subtree scope for it (a city admin's city union: where they organise campaigns, keep the
    expert pool, the May Day quota, hang an import batch), or None when no grant does. The one
    answer to "which union is this admin's, for this" (callers say what a refusal reads)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    nodes = [
        grant.node
        for grant in user.active_grants()
        if grant.node_id and scope_for(grant.role, action) is Scope.SUBTREE
    ]
    return min(nodes, key=lambda node: node.depth, default=None)


def get_scoped_or_404(queryset: QuerySet, user, action: str, **lookup):
    """Fetch one row within scope. Out of scope looks exactly like missing (404),
    but an attempt on a row that exists is written to the audit trail."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except queryset.model.DoesNotExist:
        if queryset.filter(**lookup).exists():
            from innovation.audit.services import record_denied

            record_denied(user=user, model=queryset.model, lookup=lookup, action=action)
        raise Http404 from None


def ancestor_paths(path: str) -> list[str]:
    """'/1/4/97/' → ['/1/', '/1/4/', '/1/4/97/']: the nodes at and above a place in the tree."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def users_over(path: str, *, roles=None, action: str | None = None, nearest: bool = False):
    """Active users whose grants cover `path` (a node at or above it): those holding one of
    `roles` there, or — with `action` — any role the policy lets do `action` over a subtree.
    nearest=True keeps only the grants on the deepest such node (the union right above the item:
    a county union before the city). The one answer to "who are the admins above this item"."""
    from .models import RoleGrant, User

    if roles is None and action is None:
        raise ValueError("users_over needs roles or an action")
    wanted = set(roles or ())
    if action is not None:
        wanted |= {role for role, table in POLICY.items() if table.get(action) is Scope.SUBTREE}
    grants = RoleGrant.objects.filter(role__in=sorted(wanted), node__path__in=ancestor_paths(path))
    if nearest:
        deepest = grants.order_by("-node__depth", "-node__path").values_list("node__path", flat=True).first()
        grants = grants.filter(node__path=deepest) if deepest else grants.none()
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)
