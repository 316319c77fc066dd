"""Who is acting, and from where, for the audit writer.

Set once per request by AuditContextMiddleware (and again by the API after token
authentication); management commands and tasks set it with `acting_as()`.
"""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    actor: object = None
    ip: str | None = None
    user_agent: str = ""


_current: ContextVar[AuditContext] = ContextVar("audit_context", default=AuditContext())  # noqa: B039 (frozen)


def current() -> AuditContext:
    return _current.get()


def set_actor(actor) -> None:
    _current.set(replace(_current.get(), actor=actor))


@contextlib.contextmanager
def acting_as(actor=None, *, ip: str | None = None, user_agent: str = ""):
    token = _current.set(AuditContext(actor=actor, ip=ip, user_agent=user_agent))
    try:
        yield
    finally:
        _current.reset(token)
