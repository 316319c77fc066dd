"""In the browser: an expert scores (draft, then submit), the city recomputes and reads the ranking."""

import pytest
from playwright.sync_api import expect

from innovation.experts.models import Assignment
from innovation.review import services
from innovation.review.models import ScoreSheet
from tests.review.conftest import review  # noqa: F401  (fixture)


@pytest.mark.browser
def test_expert_scores_and_the_city_ranks(world, review, as_user):  # noqa: F811
    review.campaign.anonymous_review = True
    review.campaign.save(update_fields=["anonymous_review"])
    for key in (("yx", "e2"), ("hs", "e2")):
        services.save_sheet(
            assignment=review.assignments[key],
            actor=review.experts["e2"].user,
            values=review.values(70, 70, 70, 70),
            comment="李二意见",
            submit=True,
        )
    expert = as_user("t_expert")
    expert.goto("/review/")
    expect(expert.locator("#my-tasks tbody tr")).to_have_count(3)
    expect(expert.locator("#my-tasks")).to_contain_text("■■电机保护装置")
    expect(expert.locator("#my-tasks")).not_to_contain_text("义县甲机械")
    expert.locator("#my-tasks a", has_text="■■电机保护装置").first.click()
    expect(expert.locator("#item-unit")).to_have_text("（匿名评审，已隐去）")
    inputs = expert.locator("#criteria input.score-input")
    expect(inputs).to_have_count(4)
    inputs.nth(0).fill("80")
    expert.locator("#id_comment").fill("思路清晰")
    expert.locator("#save-draft").click()
    expect(expert.locator(".alert-success")).to_contain_text("草稿已保存")
    expect(inputs.nth(0)).to_have_value("80.00")
    # Above the maximum: the browser's own check stops the form first; the server is the
    # backstop (tested without the browser). Submit a full sheet.
    for i, value in enumerate(["80", "90", "70", "60"]):
        inputs.nth(i).fill(value)
    expert.locator("#submit-sheet").click()
    expect(expert.locator(".alert-success")).to_contain_text("评分已提交")
    expect(expert.locator("#my-progress")).to_contain_text("已提交 1 / 3 项")
    sheet = ScoreSheet.objects.get(assignment=review.assignments[("yx", "e1")])
    assert str(sheet.total) == "77.500"
    assert Assignment.objects.get(pk=sheet.assignment_id).state == "submitted"

    city = as_user("t_city")
    city.goto(f"/review/progress/?campaign={review.campaign.pk}")
    expect(city.locator("#progress tbody tr")).to_have_count(3)
    city.goto("/review/ranking/")
    # 3 of 9 sheets are in: ranking waits, until the city ends scoring with a reason.
    expect(city.locator("#scoring-incomplete")).to_contain_text("还有 6 份专家评分表未提交（已提交 3/9 份）")
    city.locator("#recompute").click()
    expect(city.locator(".alert-danger").first).to_contain_text("不能计算评审结果（排名）")
    city.locator("#close-reason").fill("评审期满，按已提交的评分排名")
    city.locator("#close-scoring").click()
    expect(city.locator(".alert-success")).to_contain_text("评分已结束")
    expect(city.locator("#scoring-closed")).to_contain_text("理由：评审期满，按已提交的评分排名")
    city.locator("#recompute").click()
    expect(city.locator(".alert-success")).to_contain_text("2项成果有评分结果")
    rows = city.locator("#ranking tbody tr")
    expect(rows).to_have_count(2)
    # 义县's item: (77.5 + 70) / 2 = 73.75 ranks above 黑山's 70.
    expect(rows.nth(0)).to_contain_text("义县甲机械有限公司电机保护装置")
    expect(rows.nth(0)).to_contain_text("73.750")
    rows.nth(0).locator("a").first.click()
    expect(city.locator("#sheets")).to_contain_text("专家王一")
    expect(city.locator("#sheets")).to_contain_text("思路清晰")
