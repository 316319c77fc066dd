"""Every user's to-dos: the items of every workflow that await this user's action."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from innovation.accounts.scope import scope_q

from .definition import Workflow
from .engine import workflow_of, workflows


def awaiting_q(user, workflow: Workflow | type) -> Q | None:
    """The items of `workflow` waiting for this user: a manual step's source state, within the
    scope of the step's action (a state awaiting a second approval not waiting for the first
    approver)."""
    if not isinstance(workflow, Workflow):
        workflow = workflow_of(workflow)
    # A state that waits for a second approver waits for nobody who approved first, whatever
    # else they may do there (take it back, return it): four-eyes.
    second = {state for step in workflow.steps if step.approval == "second" for state in step.sources}
    combined = None
    for step in workflow.steps:
        if not step.manual:
            continue
        q = scope_q(user, workflow.model, step.action)
        if q is None:
            continue
        for state in step.sources:
            part = q & Q(**{workflow.state_field: state})
            if state in second:
                part &= ~Q(first_approver=user)
            combined = part if combined is None else combined | part
    if combined is not None and workflow.todo_filter is not None:
        combined &= workflow.todo_filter(user)
    return combined


def awaiting(user, workflow: Workflow | type):
    if not isinstance(workflow, Workflow):
        workflow = workflow_of(workflow)
    q = awaiting_q(user, workflow)
    return workflow.model.objects.filter(q) if q is not None else workflow.model.objects.none()


def queue_count(user, workflow: Workflow | type) -> int:
    return awaiting(user, workflow).count()


@dataclass
class Todo:
    label: str
    count: int
    url: str
    items: list  # (title, url) of the first few


def todos_for(user, *, first: int = 3) -> list[Todo]:
    """The user's to-do list across every workflow: for each state an item waits in for this
    user, the count and the first items, linking to the workflow's queue. Empty for a user with
    nothing waiting."""
    todos: list[Todo] = []
    if not getattr(user, "is_authenticated", False):
        return todos
    for workflow in workflows():
        qs = awaiting(user, workflow)
        field = workflow.state_field
        labels = dict(workflow.model._meta.get_field(field).flatchoices)
        counts = qs.order_by().values_list(field).annotate(n=Count("pk")).order_by(field)
        for state, count in counts:
            rows = list(qs.filter(**{field: state}).order_by("-pk")[:first])
            todos.append(
                Todo(
                    label=f"{workflow.label}：{labels.get(state, state)}",
                    count=count,
                    url=workflow.queue_url() if workflow.queue_url else workflow.url(rows[0]),
                    items=[(str(workflow.title(r))[:60], workflow.url(r)) for r in rows],
                )
            )
        if workflow.extra_todos is not None:
            todos.extend(
                Todo(label=str(label), count=n, url=url, items=[])
                for label, n, url in workflow.extra_todos(user)
                if n
            )
    return todos
