"""What a workflow is: a table of steps as data, and the domain's hooks."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Model, Q
from django.utils.functional import Promise


@dataclass
class Context:
    """What a hook sees of one step being run, and what it may add to it.

    `obj` is the row, locked; a hook changes its fields and names them in `fields` (they are saved
    with the state), adds audit `changes` and `notes` (the audit detail), and may say what the
    step log records when it is not the reason (`log_reason`)."""

    workflow: Workflow
    step: Step
    obj: Model
    actor: Any
    reason: str
    now: datetime.datetime
    payload: dict
    old_state: str
    fields: list[str] = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    log_reason: str | None = None  # what the step log says, when it is not the reason itself

    def set(self, name: str, value) -> None:
        """Change one field of the item: saved with the state, shown in the audit entry."""
        old = getattr(self.obj, name)
        setattr(self.obj, name, value)
        if name not in self.fields:
            self.fields.append(name)
        if old != value:
            self.changes[name] = [_jsonable(old), _jsonable(value)]


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        return value.pk
    return str(value)


Hook = Callable[[Context], Any]


@dataclass(frozen=True)
class Step:
    """One step: from which states to which, the policy action that permits it, and its rules.

    approval: "first" records the first approver; "second" records the second and refuses when
    the actor is the first (four-eyes). clears_approvals: the step sends the item back and both
    approvals are cleared. manual=False: only a service may take it (`run(..., by_service=True)`),
    never a button."""

    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    action: str
    needs_reason: bool = False
    reason_label: str | Promise = ""
    approval: Literal["first", "second"] | None = None
    clears_approvals: bool = False
    manual: bool = True
    style: str = "primary"
    check: Hook | None = None
    effect: Hook | None = None
    recipients: Callable[[Context], Iterable] | None = None
    notify: bool = True
    # What a refusal in the wrong state says, when the generic sentence will not do
    # ("%(state)s" is the item's state).
    state_message: str | Promise = ""
    # The notice's title, when the generic "<noun>「<title>」：<step>" will not do.
    notice_title: Callable[[Context], str] | None = None
    # Where the notice links to, when the item's own page (Workflow.url) is not one its
    # recipients may open (the published notice, for the authors listed in it).
    notice_url: Callable[[Context], str] | None = None


@dataclass
class Workflow:
    """A registered workflow: its model, its steps, and how its items are named and found.

    people(obj): the users the item is about (authors, the lead, the creator), told of every step.
    audit_prefix: what a refusal's audit row names the step with, before the step's name, when
    the workflow's own name and a dot will not do (the names the audit trail has always used).
    todo_filter(user): narrows the user's to-do list beyond scope and state (rarely needed).
    extra_todos(user): to-dos that are not rows in a state yet (a report not yet drafted):
    a list of (label, count, url)."""

    name: str
    label: str | Promise
    model: type[Model]
    steps: list[Step]
    url: Callable[[Model], str]
    title: Callable[[Model], str] = str
    queue_url: Callable[[], str] | None = None
    people: Callable[[Model], Iterable] | None = None
    lock_related: tuple[str, ...] = ()
    state_field: str = "state"
    reason_max: int = 5000
    audit_prefix: str = ""
    todo_filter: Callable[[Any], Q] | None = None
    extra_todos: Callable[[Any], list] | None = None

    def __post_init__(self) -> None:
        names = {}
        for step in self.steps:
            for source in step.sources:
                key = (step.name, source)
                if key in names:
                    raise ValueError(f"{self.name}: step {step.name!r} from {source!r} is defined twice")
                names[key] = step

    def step_from(self, name: str, state: str) -> Step | None:
        """The step called `name` that starts from `state` (a name may start from several states
        with different targets, e.g. the first and the second approval)."""
        for step in self.steps:
            if step.name == name and state in step.sources:
                return step
        return None

    def named(self, name: str) -> list[Step]:
        return [s for s in self.steps if s.name == name]

    def audit_step(self, step: str) -> str:
        return f"{self.audit_prefix or self.name + '.'}{step}"

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)
