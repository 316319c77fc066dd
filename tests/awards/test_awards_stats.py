"""Award figures in /api/v1/stats and on the home page, within the caller's scope."""

import pytest

from innovation.accounts.policy import Action
from innovation.awards.stats import award_figures, award_more
from tests.achievements.conftest import make_campaign
from tests.awards.test_certificates import make_award
from tests.factories import make_worker


@pytest.fixture
def awards(world):
    """2020: first (verified 2,720,000.40), third (verified 1,000,000.30), excellence (not verified);
    2021: first (verified 500,000.50). t_worker (yx_a_1) is an author of the 2020 first and the
    2021 first."""
    liying = make_worker(world.units["yx_a"], "李营")
    me = world.workers["yx_a_1"]
    y2020 = make_campaign(world, year=2020)
    y2021 = make_campaign(world, year=2021)
    return [
        make_award(
            world,
            y2020,
            title="甲",
            grade="first",
            authors=[(liying, 60), (me, 40)],
            benefit_verified="2720000.40",
        ),
        make_award(
            world,
            y2020,
            title="乙",
            grade="third",
            authors=[(world.workers["hs_a_1"], 100)],
            benefit_verified="1000000.30",
        ),
        make_award(world, y2020, title="丙", grade="excellence", authors=[(world.workers["hs_b_1"], 100)]),
        make_award(
            world, y2021, title="丁", grade="first", authors=[(me, 100)], benefit_verified="500000.50"
        ),
    ]


def test_the_city_admin_sees_every_award(client, world, awards):
    client.force_login(world.users["city"])
    data = client.get("/api/v1/stats").json()
    assert data["awards_total"] == 4
    assert data["awards_by_grade"] == {"first": 2, "second": 0, "third": 1, "excellence": 1}
    # 2,720,000.40 + 1,000,000.30 + 500,000.50 = 4,220,001.20 -> whole yuan, like benefit_verified_yuan
    assert data["awarded_benefit_verified_yuan"] == 4220001


def test_a_worker_counts_only_their_own_awards(client, world, awards):
    client.force_login(world.users["worker"])
    data = client.get("/api/v1/stats").json()
    assert data["awards_total"] == 2
    assert data["awards_by_grade"] == {"first": 2, "second": 0, "third": 0, "excellence": 0}
    assert data["awarded_benefit_verified_yuan"] == 3220001


def test_a_district_admin_sees_no_city_awards(client, world, awards):
    # awards hang at the campaign's union (the city federation), above the district's subtree
    client.force_login(world.users["yixian"])
    data = client.get("/api/v1/stats").json()
    assert (data["awards_total"], data["awarded_benefit_verified_yuan"]) == (0, 0)
    assert data["awards_by_grade"] == {"first": 0, "second": 0, "third": 0, "excellence": 0}


def test_a_user_without_the_action_gets_zeros(world, awards):
    figures = {f.key: f.value for f in award_figures(world.users["expert"])}
    assert figures == {"awards_total": 0, "awarded_benefit_verified_yuan": 0}
    assert award_more(world.users["audit"])["awards_by_grade"]["first"] == 0


def test_each_figure_names_its_action(world, awards):
    figures = award_figures(world.users["city"])
    assert [f.key for f in figures] == ["awards_total", "awarded_benefit_verified_yuan"]
    assert all(f.action == Action.AWARD_VIEW for f in figures)


def test_the_home_page_shows_the_award_figures_to_the_city_admin(client, world, awards):
    client.force_login(world.users["city"])
    figures = {f.key: f.value for f in client.get("/").context["figures"]}
    assert figures["awards_total"] == 4
    assert figures["awarded_benefit_verified_yuan"] == 4220001


def test_the_home_page_hides_award_figures_while_there_are_none(client, world):
    client.force_login(world.users["city"])
    keys = {f.key for f in client.get("/").context["figures"]}
    assert not keys & {"awards_total", "awarded_benefit_verified_yuan"}
