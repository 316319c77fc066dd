"""Reads of the experts app that the pages and the API share."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action, Scope, scope_for


def pool_union_of(user):
    """The union whose pool this admin keeps: the node of a grant that may manage experts."""
    for grant in user.active_grants():
        if grant.node_id and scope_for(grant.role, Action.EXPERT_MANAGE) is not Scope.NONE:
            return grant.node
    raise PermissionDenied(_("只有市总工会可以维护专家库。"))
