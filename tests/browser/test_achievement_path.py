"""The five-smalls path end to end: a worker drafts, the unit admin submits, the district admin
recommends, the city admin passes the formal check, and the demonstration post appears.

Each person acts in their own browser context (their own session), as they would at their own desk."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from innovation.achievements import services
from innovation.achievements.models import Achievement, DemonstrationPost, State
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.notifications.models import Notification
from tests.achievements.conftest import full_fields, make_campaign

TITLE = "蓄电池组充放电试验自动数据记录装置"
DETAIL_URL = re.compile(r"/achievements/(\d+)/$")


def transitions_of(item) -> list[tuple[str, str, str, str]]:
    return list(StepLog.objects.of(item).values_list("step", "from_state", "to_state", "actor__username"))


@pytest.mark.browser
def test_a_worker_draft_goes_all_the_way_to_a_demonstration_post(as_user, world):
    campaign = make_campaign(world)
    year = campaign.year
    author = world.workers["yx_a_1"]
    unit = world.units["yx_a"]
    assert author.post.strip()

    # --- The worker drafts. The first author row is the worker, at 100%.
    worker = as_user("t_worker")
    worker.goto("/achievements/new/")
    expect(worker.locator("h1")).to_have_text("填报五小创新成果")
    expect(worker.locator("#id_enterprise option:checked")).to_have_text(unit.name)
    expect(worker.locator("#id_authors-0-worker")).to_have_value(str(author.pk))
    expect(worker.locator("#id_authors-0-share")).to_have_value("100")
    expect(worker.locator("#id_post")).to_have_value(author.post)

    worker.locator("#id_campaign").select_option(label=campaign.title)
    worker.locator("#id_title").fill(TITLE)
    worker.locator("#id_kind").select_option(label="小发明")
    worker.locator("#id_field").select_option(label="提高效率")
    worker.locator("#id_post").fill(author.post)
    worker.locator("#id_problem").fill("人工记录充放电数据误差大、耗时长。")
    worker.locator("#id_solution").fill("研制自动采集记录装置，按分钟记录每节电池的电压与温度。")
    worker.locator("#id_effect").fill("数据准确，试验人员由3人减为1人。")
    worker.locator("#id_benefit_type").select_option(value="created")
    worker.locator("#id_benefit_claimed").fill("120000")
    worker.locator("#id_benefit_basis").fill("节约人工两人一年的费用。")
    worker.locator("#save-draft").click()

    expect(worker).to_have_url(DETAIL_URL)
    pk = int(DETAIL_URL.search(worker.url).group(1))
    expect(worker.get_by_text("草稿已保存。")).to_be_visible()
    expect(worker.locator("h1")).to_have_text(TITLE)
    expect(worker.locator("#state-badge")).to_have_text("草稿")
    expect(worker.locator("#authors tbody tr")).to_have_count(1)
    expect(worker.locator("#authors tbody tr")).to_contain_text(author.name)
    expect(worker.locator("#authors tbody tr")).to_contain_text("100%")
    expect(worker.locator("#edit-link")).to_be_visible()
    # Only the unit's union submits, with its pledge: the worker has nothing to click.
    expect(worker.locator("#workflow-actions")).to_have_count(0)
    expect(worker.locator("#step-submit")).to_have_count(0)

    item = Achievement.objects.get(pk=pk)
    assert (item.title, item.state, item.enterprise, item.campaign) == (TITLE, State.DRAFT, unit, campaign)
    assert item.created_by == world.users["worker"]
    assert [(a.worker, a.share) for a in item.authors.all()] == [(author, Decimal("100.00"))]
    assert item.benefit_claimed == Decimal("120000.00")
    assert transitions_of(item) == []
    assert not DemonstrationPost.objects.exists()

    # --- The unit admin confirms the pledge and submits.
    unit_admin = as_user("t_unit")
    unit_admin.goto(f"/achievements/{pk}/")
    expect(unit_admin.locator("#state-badge")).to_have_text("草稿")
    unit_admin.locator("#pledge-submit").check()
    unit_admin.locator("#step-submit").click()

    expect(unit_admin.locator("#state-badge")).to_have_text("待县区预审")
    expect(unit_admin.get_by_text("已处理：待县区预审")).to_be_visible()
    expect(unit_admin.locator("#timeline li")).to_have_count(2)
    expect(unit_admin.locator("#timeline li").last).to_contain_text("t_unit：草稿 → 待县区预审")
    expect(unit_admin.locator("#edit-link")).to_have_count(0)
    expect(unit_admin.locator("#workflow-actions")).to_have_count(0)
    # Submitting names the first author's post a demonstration post for the year.
    expect(unit_admin.locator("#named-posts")).to_have_text(f"{year} · {unit.name} · {author.post}")

    item.refresh_from_db()
    assert item.state == State.SUBMITTED
    assert item.pledge_confirmed_by == world.users["unit"] and item.submitted_at is not None
    assert transitions_of(item) == [("submit", State.DRAFT, State.SUBMITTED, "t_unit")]

    # --- The district admin finds it in their queue and recommends it.
    district = as_user("t_yixian")
    district.goto("/achievements/?awaiting=me")
    expect(district.locator("#queue-tab")).to_have_class(re.compile(r"\bactive\b"))
    expect(district.locator("#queue-tab .badge")).to_have_text("1")
    rows = district.locator("#list-container tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(unit.name)
    expect(rows).to_contain_text(author.name)
    expect(rows).to_contain_text("待县区预审")
    rows.get_by_role("link", name=TITLE).click()

    expect(district).to_have_url(re.compile(rf"/achievements/{pk}/$"))
    expect(district.locator("#step-district_return")).to_be_visible()
    expect(district.locator("#step-district_reject")).to_be_visible()
    district.locator("#step-recommend").click()

    expect(district.locator("#state-badge")).to_have_text("待市总形式审查")
    expect(district.locator("#workflow-actions")).to_have_count(0)
    district.goto("/achievements/?awaiting=me")
    expect(district.locator("#queue-tab .badge")).to_have_text("0")
    expect(district.locator("#list-container")).not_to_contain_text(TITLE)

    item.refresh_from_db()
    assert item.state == State.RECOMMENDED

    # --- The city admin passes the formal check and verifies the benefit.
    city = as_user("t_city")
    city.goto(f"/achievements/{pk}/")
    expect(city.locator("#state-badge")).to_have_text("待市总形式审查")
    city.locator("#step-pass").click()

    expect(city.locator("#state-badge")).to_have_text("待专家评审")
    expect(city.locator("#workflow-actions")).to_have_count(0)
    # Django's zh-Hans format has no thousands separator; the list table uses one.
    expect(city.locator("#benefit-claimed")).to_have_text(re.compile(r"^120,?000\.00$"))
    expect(city.locator("#benefit-verified")).to_have_text("未核定")
    # The 核定 form is there for the city admin once the item has been submitted.
    expect(city.locator("#id_amount")).to_have_value("120000.00")
    city.locator("#id_amount").fill("100000")
    city.locator("#id_note").fill("按财务部门证明核减。")
    city.locator("#verify-submit").click()

    expect(city.get_by_text("经济效益已核定。")).to_be_visible()
    expect(city.locator("#benefit-verified")).to_have_text(re.compile(r"^100,?000\.00$"))
    expect(city.locator("#benefit")).to_contain_text("按财务部门证明核减。")

    item.refresh_from_db()
    assert item.state == State.READY_FOR_REVIEW
    assert (item.benefit_verified, item.benefit_verified_by) == (Decimal("100000.00"), world.users["city"])

    # --- The timeline lists the three steps, in order, by the three people.
    expect(city.locator("#timeline li")).to_have_count(4)
    expect(city.locator("#timeline li")).to_contain_text(
        [
            "创建草稿 · t_worker",
            "t_unit：草稿 → 待县区预审",
            "t_yixian：待县区预审 → 待市总形式审查",
            "t_city：待市总形式审查 → 待专家评审",
        ]
    )
    assert transitions_of(item) == [
        ("submit", State.DRAFT, State.SUBMITTED, "t_unit"),
        ("recommend", State.SUBMITTED, State.RECOMMENDED, "t_yixian"),
        ("pass", State.RECOMMENDED, State.READY_FOR_REVIEW, "t_city"),
    ]

    # --- The demonstration post is listed: the unit, the worker's post, this year.
    city.goto("/achievements/demonstration-posts/")
    expect(city.locator("h1")).to_have_text("职工创新示范岗")
    row = city.locator("#list-container tbody tr").filter(has_text=unit.name)
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_contain_text([str(year), unit.name, author.post, TITLE])
    expect(row.get_by_role("link", name=TITLE)).to_have_attribute("href", f"/achievements/{pk}/")

    post = DemonstrationPost.objects.get()
    assert (post.enterprise, post.post, post.year, post.first_achievement) == (unit, author.post, year, item)
    assert list(post.workers.all()) == [author]


@pytest.mark.browser
def test_the_district_returns_an_item_and_the_unit_sees_why(as_user, world):
    campaign = make_campaign(world)
    unit_user = world.users["unit"]
    item = services.achievement_create(
        actor=unit_user,
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(),
    )
    kernel.run(obj=item, step="submit", actor=unit_user, pledge=True)
    assert Notification.objects.filter(user=unit_user).count() == 0
    reason = "经济效益计算依据不足，请补充财务部门出具的证明。"

    district = as_user("t_yixian")
    district.goto(f"/achievements/{item.pk}/")
    expect(district.locator("#state-badge")).to_have_text("待县区预审")
    return_form = district.locator("form").filter(has=district.locator("#step-district_return"))
    expect(return_form.locator("textarea[name=reason]")).to_have_attribute("required", "")
    return_form.locator("textarea[name=reason]").fill(reason)
    district.locator("#step-district_return").click()

    expect(district.locator("#state-badge")).to_have_text("退回修改")
    expect(district.locator("#workflow-actions")).to_have_count(0)

    item.refresh_from_db()
    assert item.state == State.RETURNED
    last = StepLog.objects.of(item).last()
    assert (last.step, last.from_state, last.to_state, last.actor, last.reason) == (
        "district_return",
        State.SUBMITTED,
        State.RETURNED,
        world.users["yixian"],
        reason,
    )

    unit_admin = as_user("t_unit")
    # The unit admin is told: one unread notification on the bell.
    expect(unit_admin.locator("#notification-bell #unread-count")).to_have_text("1")
    unit_admin.goto(f"/achievements/{item.pk}/")
    expect(unit_admin.locator("#state-badge")).to_have_text("退回修改")
    expect(unit_admin.locator("#timeline li").last).to_contain_text("t_yixian：待县区预审 → 退回修改")
    expect(unit_admin.locator("#timeline li").last).to_contain_text(reason)
    # A returned item is the unit's to revise and submit again.
    expect(unit_admin.locator("#edit-link")).to_be_visible()
    expect(unit_admin.locator("#step-submit")).to_be_visible()

    note = Notification.objects.get(user=unit_user)
    assert (note.body, note.url, note.read_at) == (reason, f"/achievements/{item.pk}/", None)
    assert "退回修改" in note.title
