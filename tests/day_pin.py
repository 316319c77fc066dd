"""Keep a test on the day its builders were imported.

Some builders take `timezone.localdate()` once, at import (a default argument, a module
constant). A run that straddles midnight (Asia/Shanghai, 16:00 UTC) would then compare
yesterday's constants with today's services. `pin_day` shifts the clock back by whole days for
the test, so the services see the builders' day while time still moves on within it.
"""

import datetime

from django.utils import timezone


def pin_day(monkeypatch, day: datetime.date) -> None:
    shift = timezone.localdate() - day
    if not shift:
        return
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - shift)
