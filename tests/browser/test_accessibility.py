"""Defect 17: WCAG 2.1 AA as axe-core judges it — no critical or serious finding on the main
pages of each role: the login page, home, every list in the role's menu, details and forms.

(The crawler, tests/demo_site/test_crawl.py, runs the same check over the seeded demo.)"""

import pytest
from playwright.sync_api import expect

from innovation.achievements import services as achievement_services
from innovation.experts.models import ExpertProfile
from tests.achievements.conftest import full_fields, make_campaign

from .a11y import accessibility_problems


@pytest.fixture
def draft(world):
    campaign = make_campaign(world)
    return achievement_services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(),
    )


def menu_paths(page) -> list[str]:
    return page.locator("#main-nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def check_pages(page, paths) -> list[str]:
    problems = []
    for path in dict.fromkeys(paths):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        problems += accessibility_problems(page)
    return problems


@pytest.mark.browser
def test_the_public_pages_pass(page):
    problems = check_pages(page, ["/accounts/login/", "/verify/", "/studios/verify/"])
    assert problems == []
    page.goto("/accounts/login/")
    expect(page.get_by_role("main")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("username", "extra"),
    [
        (
            "t_city",
            lambda w, d: [
                f"/achievements/{d.pk}/",
                f"/achievements/campaigns/{d.campaign.pk}/",
                f"/org/workers/{w.workers['hs_a_1'].pk}/",
                f"/org/enterprises/{w.units['hs_a'].pk}/",
                f"/org/unions/{w.yixian.pk}/",
                "/org/workers/new/",
                "/achievements/campaigns/new/",
                "/accounts/password/",
            ],
        ),
        ("t_yixian", lambda w, d: [f"/achievements/{d.pk}/", f"/org/workers/{w.workers['yx_b_1'].pk}/"]),
        (
            "t_unit",
            lambda w, d: [f"/achievements/{d.pk}/", f"/achievements/{d.pk}/edit/", "/achievements/new/"],
        ),
        ("t_worker", lambda w, d: [f"/org/workers/{w.workers['yx_a_1'].pk}/", "/achievements/new/"]),
        ("t_expert", lambda w, d: []),
        ("t_audit", lambda w, d: ["/audit/?action=login"]),
    ],
    ids=["city", "district", "unit", "worker", "expert", "audit"],
)
def test_the_main_pages_of_each_role_pass(page, logged_in, world, draft, username, extra):
    # The expert's own page needs their profile in the pool (the demo's expert has one).
    ExpertProfile.objects.create(user=world.users["expert"], name="专家王一", union=world.city, title="高工")
    logged_in(username)
    paths = ["/", *menu_paths(page), *extra(world, draft)]
    assert len(paths) >= 2

    assert check_pages(page, paths) == []
