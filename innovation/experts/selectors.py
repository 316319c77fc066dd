"""Reads of the experts app that the pages and the API share."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import home_node


def pool_union_of(user):
    """The union whose pool this admin keeps (accounts.scope.home_node)."""
    node = home_node(user, Action.EXPERT_MANAGE)
    if node is not None:
        return node
    raise PermissionDenied(_("只有市总工会可以维护专家库。"))
