"""Shared studio fixtures (naming, members, applications; the second city admin). Builders live in
tests/studios/builders.py and tests/studios/report_builders.py (reports, assessment, subsidies)."""

from tests.studios.builders import *  # noqa: F403
from tests.studios.report_builders import city2_fixture  # noqa: F401
