"""The workflow kernel: every state change of every workflow, its step log, audit entry and
notices, and every user's to-dos (see engine.py, definition.py, queues.py)."""

from .definition import Context, Step, Workflow
from .engine import (
    attach_history,
    four_eyes_error,
    history,
    is_registered,
    load_history,
    register,
    run,
    save_noted,
    state_error,
    steps_for,
    workflow_of,
    workflows,
)
from .queues import Todo, awaiting, awaiting_q, queue_count, todos_for

__all__ = [
    "attach_history",
    "Context",
    "Step",
    "Todo",
    "Workflow",
    "awaiting",
    "awaiting_q",
    "four_eyes_error",
    "history",
    "is_registered",
    "load_history",
    "queue_count",
    "register",
    "run",
    "save_noted",
    "state_error",
    "steps_for",
    "todos_for",
    "workflow_of",
    "workflows",
]
