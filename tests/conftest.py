"""Shared fixtures: a small city with two districts, two units each, and a user per role.

The data is arranged so that every role has rows it must NOT see (pretalx: "make sure
there is data that could leak")."""

from dataclasses import dataclass

import pytest

from innovation.accounts.roles import Role
from innovation.org.models import Region, TradeUnion

from . import demo_db
from .factories import make_enterprise, make_union, make_user, make_worker


@dataclass
class World:
    city: TradeUnion
    yixian: TradeUnion
    heishan: TradeUnion
    industry: TradeUnion
    units: dict
    workers: dict
    users: dict


@pytest.fixture
def world(db) -> World:
    liaoning = Region.objects.create(code="210000", name="辽宁省", level=Region.Level.PROVINCE)
    jinzhou = Region.objects.create(code="210700", name="锦州市", level=Region.Level.CITY, parent=liaoning)
    r_yixian = Region.objects.create(code="210727", name="义县", level=Region.Level.COUNTY, parent=jinzhou)
    r_heishan = Region.objects.create(code="210726", name="黑山县", level=Region.Level.COUNTY, parent=jinzhou)

    city = make_union("锦州市总工会", TradeUnion.Kind.CITY, None, jinzhou)
    yixian = make_union("义县总工会", TradeUnion.Kind.DISTRICT, city, r_yixian)
    heishan = make_union("黑山县总工会", TradeUnion.Kind.DISTRICT, city, r_heishan)
    industry = make_union("锦州市教育工会", TradeUnion.Kind.INDUSTRY, city, jinzhou)

    units = {
        "yx_a": make_enterprise("义县甲机械有限公司", yixian, region=r_yixian),
        "yx_b": make_enterprise("义县乙食品有限公司", yixian, region=r_yixian),
        "hs_a": make_enterprise("黑山丙化工有限公司", heishan, region=r_heishan),
        "hs_b": make_enterprise("黑山丁物流有限公司", heishan, region=r_heishan),
        "edu": make_enterprise("锦州市第一中学", industry, region=r_yixian),
    }
    workers = {}
    for key, unit in units.items():
        workers[f"{key}_1"] = make_worker(unit, f"{unit.name[:2]}职工一")
        workers[f"{key}_2"] = make_worker(unit, f"{unit.name[:2]}职工二")

    users = {
        "city": make_user("t_city", (Role.CITY_ADMIN, city)),
        "yixian": make_user("t_yixian", (Role.DISTRICT_ADMIN, yixian)),
        "heishan": make_user("t_heishan", (Role.DISTRICT_ADMIN, heishan)),
        "unit": make_user("t_unit", (Role.UNIT_ADMIN, units["yx_a"].union)),
        "worker": make_user("t_worker", (Role.WORKER, units["yx_a"].union), worker=workers["yx_a_1"]),
        "expert": make_user("t_expert", (Role.EXPERT, None)),
        "sysadmin": make_user("t_sys", (Role.SYS_ADMIN, None)),
        "security": make_user("t_sec", (Role.SECURITY_ADMIN, None)),
        "audit": make_user("t_audit", (Role.AUDIT_ADMIN, None)),
        "nobody": make_user("t_nobody"),
    }
    return World(city, yixian, heishan, industry, units, workers, users)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: for a user who must use a second
    factor (their role, or they turned it on) the session is also verified, with a real enrolled
    device of theirs (enrolled on the spot if needed). Only the test client changes: the site
    has no bypass. To test the sign-in steps themselves, log in through the login form."""
    from django.test.client import ClientMixin

    from innovation.accounts import twofactor

    from .twofactor import verify_client_session

    force_login = ClientMixin.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if twofactor.needs_second_factor(user):
            verify_client_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _fresh_axes_and_cache(settings):
    from django.core.cache import cache

    # Each test counts in a fresh cache of its own process, so that a test needs no database
    # for it. The default, the database cache shared by all processes, is tested by
    # tests/core/test_ratelimit.py and used by the served demo (tests/demo_site).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield


# tryfirst: xdist's worker turns the xdist_group marks into groups in its own hook of this name,
# which, registered after this initial conftest, would otherwise run first and miss this mark.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("demo_db"):
            item.add_marker(pytest.mark.xdist_group(demo_db.GROUP))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> demo_db.Seeded:
    """The seeded Jinzhou demo, shared by the modules marked `demo_db` (tests/demo_db.py)."""
    with django_db_blocker.unblock():
        return demo_db.seed_once()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last item of the demo group (its fixtures torn down): empty the tables again.
    if demo_db.is_seeded() and (nextitem is None or nextitem.get_closest_marker("demo_db") is None):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            demo_db.wipe()
    return result


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one per test session (per xdist worker), for
    tests/browser and tests/demo_site alike: Playwright's sync API runs one instance per thread."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps its event loop marked running in this thread; Django would
    # then refuse ORM calls made by the tests between two page actions.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
