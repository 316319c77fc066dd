import datetime

from django.utils import timezone

from tests.day_pin import pin_day


def test_a_test_stays_on_the_day_its_builders_took(monkeypatch):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    before = timezone.now()
    pin_day(monkeypatch, yesterday)
    assert timezone.localdate() == yesterday
    # Whole days only: the time of day moves on.
    assert datetime.timedelta(days=1, seconds=-5) < before - timezone.now() <= datetime.timedelta(days=1)


def test_on_the_same_day_the_clock_is_left_alone(monkeypatch):
    real = timezone.now
    pin_day(monkeypatch, timezone.localdate())
    assert timezone.now is real
