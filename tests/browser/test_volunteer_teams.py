"""The volunteer service so far, in the browser: the city admin enters a public holiday and a
make-up working day on the calendar page, forms a team from two studios of 义县甲 (the leader a
studio's leader, the area 义县 and 黑山县, two categories), adds a member from a studio's roster;
the county admin sees it in his list; the worker who leads it finds his team on his home page (我的志愿服务队) and sees no forms.

Screenshots go to test-artifacts/volunteer/."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from innovation.org.models import Region
from innovation.studios.models import Member, Studio
from innovation.volunteer.models import CalendarDay, ServiceTeam, WorkingHours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEAM = "义县甲劳模志愿服务队"


@pytest.fixture
def shots(pytestconfig):
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "volunteer"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=label).click()


def _studio(world, leader: str, kind: str, members=()) -> Studio:
    s = Studio.objects.create(
        name=f"{world.workers[leader].name}{'劳模' if kind == 'model_worker' else '职工'}创新工作室",
        type=kind,
        level="city",
        enterprise=world.units["yx_a"],
        leader=world.workers[leader],
        named_year=2019,
        document_no="锦工发〔2019〕1号",
        named_by="锦州市总工会",
    )
    for key in members:
        Member.objects.create(studio=s, worker=world.workers[key], joined_on=datetime.date(2019, 5, 1))
    return s


def test_the_city_forms_a_team_and_its_leader_sees_it(world, as_user, console, shots):
    model = _studio(world, "yx_a_1", "model_worker", ["yx_a_2"])
    worker_studio = _studio(world, "yx_a_2", "worker")
    WorkingHours.objects.create(
        effective_from=datetime.date(2019, 1, 1),
        morning_start=datetime.time(8, 30),
        morning_end=datetime.time(12),
        afternoon_start=datetime.time(13, 30),
        afternoon_end=datetime.time(17, 30),
    )

    # ------------------------------------------------------------ the calendar
    city = as_user("t_city")
    menu(city, "服务时限与工作日历")
    expect(city.locator("h1")).to_have_text("服务时限与工作日历")
    city.locator("#year-input").fill("2021")
    city.locator("#year-go").click()
    expect(city.locator("#calendar-days")).to_contain_text("尚未登记2021年的节假日与调休")
    for date, kind in (("2021-10-01", "holiday"), ("2021-10-09", "workday")):
        form = city.locator("#day-form")
        form.locator("#id_day-date").fill(date)
        form.locator("#id_day-kind").select_option(kind)
        form.locator("#id_day-name").fill("国庆节")
        form.locator("#day-save").click()
        expect(city.locator("main .alert-success")).to_contain_text("节假日与调休已保存")
    # 2021: 261 weekdays, Friday 1 October off, Saturday 9 October worked.
    expect(city.locator("#year-summary")).to_have_text("全年工作日261天，每个工作日7.5小时。")
    expect(city.locator("#calendar-days tbody tr")).to_have_count(2)
    shots(city, "01-calendar")
    assert list(CalendarDay.objects.order_by("date").values_list("kind", flat=True)) == ["holiday", "workday"]

    # ------------------------------------------------------------ the city forms a team
    menu(city, "志愿服务队")
    city.locator("#create-link").click()
    form = city.locator("#team-form")
    form.locator("#id_name").fill(TEAM)
    form.locator("#id_enterprise").select_option(value=str(world.units["yx_a"].pk))
    form.locator("#id_leader").select_option(value=str(world.workers["yx_a_1"].pk))
    form.locator("#id_studios").select_option([str(model.pk), str(worker_studio.pk)])
    counties = [Region.objects.get(name=n).pk for n in ("义县", "黑山县")]
    form.locator("#id_districts").select_option([str(pk) for pk in counties])
    form.locator("#id_categories").select_option(["equipment", "skills"])
    form.locator("#id_capacity").fill("2")
    form.locator("#id_formed_on").fill("2019-09-10")
    shots(city, "02-team-form")
    form.locator("#form-save").click()
    expect(city.locator("main .alert-success")).to_contain_text("服务队已保存")
    expect(city.locator("h1")).to_contain_text(TEAM)
    expect(city.locator("#team-facts")).to_contain_text("设备改造、职工技能")
    expect(city.locator("#team-facts")).to_contain_text("黑山县、义县")
    expect(city.locator("#roster tbody tr")).to_have_count(1)

    member = city.locator("#member-form")
    member.locator("#id_worker").select_option(value=str(world.workers["yx_a_2"].pk))
    member.locator("#id_skills").fill("液压维修、数控加工")
    member.locator("#id_joined_on").fill("2020-03-01")
    member.locator("#member-save").click()
    expect(city.locator("main .alert-success")).to_contain_text("已加入服务队")
    expect(city.locator("#roster tbody tr")).to_have_count(2)
    expect(city.locator("#roster")).to_contain_text("液压维修、数控加工")
    shots(city, "03-team")
    team = ServiceTeam.objects.get(name=TEAM)
    assert (team.capacity, team.categories, team.leader_id) == (
        2,
        ["equipment", "skills"],
        world.workers["yx_a_1"].pk,
    )

    # ------------------------------------------------------------ the county sees it
    county = as_user("t_yixian")
    menu(county, "志愿服务队")
    expect(county.locator("#team-table tbody tr")).to_have_count(1)
    expect(county.locator("#team-table")).to_contain_text(TEAM)

    # ------------------------------------------------------------ the leader sees his team
    worker = as_user("t_worker")
    expect(worker.get_by_role("navigation", name="主菜单")).not_to_contain_text("志愿服务队")
    worker.get_by_role("link", name=f"{TEAM}（队长）").click()
    expect(worker.locator("h1")).to_contain_text(TEAM)
    expect(worker.locator("#member-form")).to_have_count(0)
    expect(worker.locator("#team-edit")).to_have_count(0)
    shots(worker, "04-leader-sees-his-team")
