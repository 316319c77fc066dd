import pytest

from tests.day_pin import pin_day

from .builders import TODAY


@pytest.fixture(autouse=True)
def _on_the_builders_day(monkeypatch):
    pin_day(monkeypatch, TODAY)
