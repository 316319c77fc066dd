"""Who is told of a step: the people who act next, by the policy and the item's place."""

from innovation.accounts.scope import path_of, users_over

from .definition import Workflow


def next_actors(workflow: Workflow, obj) -> list:
    """Users who may take a manual step from the item's (new) state: the holders of a role whose
    policy covers the step's action over the item's place in the union tree."""
    state = workflow.state_of(obj)
    actions = {s.action for s in workflow.steps if s.manual and state in s.sources}
    if not actions:
        return []
    path = path_of(obj)
    users = {}
    for action in sorted(actions):
        for user in users_over(path, action=action, nearest=True):
            users[user.pk] = user
    return list(users.values())
