from innovation.accounts.policy import Action
from innovation.accounts.scope import can

from .navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from innovation.notifications.services import unread_count

    return {
        "nav_unread": unread_count(user),
        "nav_menu": menu_for(user),
        "nav_grants": user.active_grants(),
        "can_admin_site": user.is_staff
        and (
            can(user, Action.ACCOUNT_MANAGE)
            or can(user, Action.GRANT_MANAGE)
            or can(user, Action.UNION_CHANGE)
        ),
    }
