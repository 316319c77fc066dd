"""Shared studio fixtures (naming, members, applications). Builders live in tests/studios/builders.py."""

from tests.studios.builders import *  # noqa: F403
