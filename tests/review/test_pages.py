"""The pages: an expert's tasks and sheet, anonymity, the city's progress and ranking, and
who cannot see what (with data present that could leak)."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry
from innovation.experts.models import Assignment
from innovation.review import closure, services
from innovation.review.models import ItemResult, ScoreSheet

from .conftest import assign, make_expert, under_review

# Names that must never reach an expert of an anonymous campaign.
SECRETS = [
    "义县甲机械有限公司",
    "义县甲机械",
    "义县职工一",
    "外聘顾问赵六",
    "锦州理工研究院",
    "ZL202320000001",
]


def workbook_text(response) -> str:
    wb = load_workbook(io.BytesIO(response.content))
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    )


def workbook_rows(response) -> list[tuple]:
    wb = load_workbook(io.BytesIO(response.content))
    return list(wb.worksheets[0].iter_rows(values_only=True))


def submit(review, item, expert, *scores, comment=""):
    return services.save_sheet(
        assignment=review.assignments[(item, expert)],
        actor=review.experts[expert].user,
        values=review.values(*scores),
        comment=comment,
        submit=True,
    )


def post_sheet(client, assignment, scores: dict, comment="", button="save"):
    data = {f"c{cid}": v for cid, v in scores.items()}
    data["comment"] = comment
    data[button] = "1"
    return client.post(f"/review/{assignment.pk}/", data)


# ---------------------------------------------------------------- an expert's tasks


def test_my_tasks_lists_only_the_experts_active_assignments(world, review, client):
    other_campaign_item = under_review(world, review.campaign, "hs_b", "另一位专家的成果")
    assign(other_campaign_item, review.experts["e2"])
    declined_item = under_review(world, review.campaign, "yx_b", "已谢绝的成果")
    assign(declined_item, review.experts["e1"], state=Assignment.State.DECLINED)
    submit(review, "hs", "e1", 80, 80, 80, 80)
    client.force_login(world.users["expert"])
    page = client.get("/review/").content.decode()
    for title in ("化工管道泄漏快速封堵器", "教学楼节能照明改造", "电机保护装置"):
        assert title in page
    assert "另一位专家的成果" not in page and "已谢绝的成果" not in page
    assert "已提交 1 / 3 项" in page and "评分截止" in page
    assert "80.000" in page  # their own total
    # Filters: status and field.
    page = client.get("/review/?status=submitted").content.decode()
    assert "化工管道泄漏快速封堵器" in page and "教学楼节能照明改造" not in page
    page = client.get("/review/?field=energy").content.decode()
    assert "教学楼节能照明改造" in page and "化工管道泄漏快速封堵器" not in page
    export = client.get("/review/?export=xlsx")
    assert export.status_code == 200
    assert len(workbook_rows(export)) == 4  # header + 3 tasks


def test_an_expert_never_sees_other_experts_scores(world, review, client):
    submit(review, "yx", "e2", 11, 22, 33, 44, comment="李二的秘密意见")
    client.force_login(world.users["expert"])
    mine = client.get(f"/review/{review.assignments[('yx', 'e1')].pk}/").content.decode()
    assert "李二的秘密意见" not in mine and "27.500" not in mine and "专家李二" not in mine
    assert "李二的秘密意见" not in client.get("/review/").content.decode()
    # Their sheet's page is someone else's: 404, and the attempt is on the trail.
    other = review.assignments[("yx", "e2")]
    assert client.get(f"/review/{other.pk}/").status_code == 404
    assert client.post(f"/review/{other.pk}/", {"comment": "x", "submit": "1"}).status_code == 404
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.ACCESS_DENIED,
            object_type="experts.assignment",
            object_id=str(other.pk),
            actor=world.users["expert"],
        ).count()
        == 2
    )
    # Nor the ranking.
    assert client.get(f"/review/ranking/{review.campaign.pk}/").status_code == 403


def test_saving_a_draft_and_submitting_through_the_page(world, review, client):
    a = review.assignments[("edu", "e1")]
    c = review.criteria
    client.force_login(world.users["expert"])
    page = client.get(f"/review/{a.pk}/").content.decode()
    assert "保存草稿" in page and "提交评分" in page and 'max="100"' in page
    response = post_sheet(client, a, {c[0].pk: "85", c[1].pk: ""}, comment="节能效果明显")
    assert response.status_code == 302 and response["Location"] == f"/review/{a.pk}/"
    sheet = ScoreSheet.objects.get(assignment=a)
    assert sheet.submitted_at is None and sheet.comment == "节能效果明显"
    page = client.get(f"/review/{a.pk}/").content.decode()
    assert 'value="85.00"' in page and "草稿已保存" in page
    # The submit button posts to ?action=submit (its own name may not arrive: data-once disables it).
    data = {f"c{x.pk}": v for x, v in zip(c, ("85", "75", "90", "60"), strict=True)} | {"comment": "同意"}
    response = client.post(f"/review/{a.pk}/?action=submit", data)
    assert response.status_code == 302 and response["Location"] == "/review/"
    sheet.refresh_from_db()
    a.refresh_from_db()
    # 0.85×30 + 0.75×30 + 0.9×25 + 0.6×15 = 79.5
    assert sheet.total == Decimal("79.500") and a.state == Assignment.State.SUBMITTED
    page = client.get(f"/review/{a.pk}/").content.decode()
    assert "评分已提交，不能再修改" in page and "提交评分</button>" not in page and "79.500" in page
    again = post_sheet(client, a, {x.pk: "10" for x in c}, button="submit").content.decode()
    assert "评分已提交，不能再修改" in again
    sheet.refresh_from_db()
    assert sheet.total == Decimal("79.500")


def test_a_score_above_the_maximum_is_shown_refused_and_audited(world, review, client):
    a = review.assignments[("edu", "e1")]
    c = review.criteria
    client.force_login(world.users["expert"])
    response = post_sheet(client, a, {x.pk: "80" for x in c} | {c[2].pk: "120"}, button="submit")
    assert response.status_code == 200
    assert "「经济效益」的得分不能超过满分100分。" in response.content.decode()
    assert not ScoreSheet.objects.filter(assignment=a).exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, object_id=str(a.pk)).count() == 1
    response = post_sheet(client, a, {c[0].pk: "80"}, button="submit")
    assert "提交前须为每个评分项打分" in response.content.decode()


# ---------------------------------------------------------------- anonymity


def test_anonymous_review_hides_authors_and_unit_on_every_expert_page_and_export(world, review, client):
    review.campaign.anonymous_review = True
    review.campaign.save(update_fields=["anonymous_review"])
    a = review.assignments[("yx", "e1")]
    client.force_login(world.users["expert"])
    sheet_page = client.get(f"/review/{a.pk}/").content.decode()
    list_page = client.get("/review/").content.decode()
    export = workbook_text(client.get("/review/?export=xlsx"))
    for text in (sheet_page, list_page, export):
        for secret in SECRETS:
            assert secret not in text, secret
    assert "■■电机保护装置" in sheet_page and "■■电机保护装置" in list_page and "■■电机保护装置" in export
    assert "■■的电机经常烧毁" in sheet_page and "由■■设计保护电路" in sheet_page
    assert "（匿名评审，已隐去）" in sheet_page and "附件1.pdf" in sheet_page
    assert "财务" not in sheet_page  # the unit's attestation is not offered
    # The material attachment downloads under its neutral name; the attestation does not at all.
    material = review.items["yx"].attachments.get(purpose="material")
    attestation = review.items["yx"].attachments.get(purpose="attestation")
    response = client.get(f"/review/{a.pk}/attachments/{material.pk}/")
    assert response.status_code == 200 and "%E9%99%84%E4%BB%B61.pdf" in response["Content-Disposition"]
    assert client.get(f"/review/{a.pk}/attachments/{attestation.pk}/").status_code == 404
    # Searching by a hidden name finds nothing (search reads what the expert sees).
    assert "电机保护装置" not in client.get("/review/?q=义县甲机械").content.decode()


def test_without_anonymity_the_expert_sees_names(world, review, client):
    a = review.assignments[("yx", "e1")]
    client.force_login(world.users["expert"])
    page = client.get(f"/review/{a.pk}/").content.decode()
    assert "义县甲机械有限公司电机保护装置" in page and "义县职工一" in page and "外聘顾问赵六" in page
    assert "ZL202320000001.X" in page and "财务科效益证明" in page


def test_declined_assignment_page_shows_no_content(world, review, client):
    a = review.assignments[("yx", "e1")]
    Assignment.objects.filter(pk=a.pk).update(state=Assignment.State.DECLINED)
    client.force_login(world.users["expert"])
    page = client.get(f"/review/{a.pk}/").content.decode()
    assert "已谢绝" in page and "电机经常烧毁" not in page
    material = review.items["yx"].attachments.get(purpose="material")
    assert client.get(f"/review/{a.pk}/attachments/{material.pk}/").status_code == 404


# ---------------------------------------------------------------- city: progress and ranking


def test_progress_per_expert_for_the_city(world, review, client):
    submit(review, "yx", "e1", 80, 80, 80, 80)
    submit(review, "hs", "e1", 70, 70, 70, 70)
    services.save_sheet(
        assignment=review.assignments[("edu", "e2")],
        actor=review.experts["e2"].user,
        values={},
        comment="",
        submit=False,
    )
    Assignment.objects.filter(pk=review.assignments[("hs", "e3")].pk).update(state=Assignment.State.DECLINED)
    client.force_login(world.users["city"])
    page = client.get(f"/review/progress/?campaign={review.campaign.pk}").content.decode()
    assert "专家王一" in page and "专家孙四" not in page
    rows = services.expert_progress(campaign=review.campaign, user=world.users["city"])
    assert [
        (r.name, r.assigned, r.submitted, r.drafts, r.not_started, r.declined, r.percent) for r in rows
    ] == [
        ("专家张三", 2, 0, 0, 2, 1, 0),
        ("专家李二", 3, 0, 1, 2, 0, 0),
        ("专家王一", 3, 2, 0, 1, 0, 66),
    ]
    assert [r.last_activity is not None for r in rows] == [True, True, True]
    page = client.get(f"/review/progress/?campaign={review.campaign.pk}&unfinished=on&q=王").content.decode()
    assert "专家王一" in page and "专家李二" not in page
    rows = workbook_rows(client.get(f"/review/progress/?campaign={review.campaign.pk}&export=xlsx"))
    assert rows[0][:4] == ("专家", "工作单位", "已分配", "已提交")
    assert [r[:8] for r in rows[1:]] == [
        ("专家张三", None, 2, 0, 0, 2, 1, 0),
        ("专家李二", None, 3, 0, 1, 2, 0, 0),
        ("专家王一", None, 3, 2, 0, 1, 0, 0),
    ]
    # The default campaign is the newest one.
    assert client.get("/review/progress/").status_code == 200
    # Being assigned is not activity of the expert's.
    Assignment.objects.filter(expert=review.experts["e3"]).update(state=Assignment.State.ASSIGNED)
    idle = services.expert_progress(campaign=review.campaign, user=world.users["city"], q="张三")
    assert idle[0].last_activity is None


def scored_and_ranked(world, review):
    submit(review, "yx", "e1", 80, 90, 70, 60, comment="王一：实用")  # 77.5
    submit(review, "yx", "e2", 60, 60, 60, 60, comment="李二：一般")  # 60
    submit(review, "hs", "e1", 90, 90, 90, 90, comment="王一：优秀")  # 90
    submit(review, "hs", "e3", 100, 100, 100, 20, comment="张三：很好")  # 88
    submit(review, "edu", "e3", 40, 40, 40, 40, comment="张三：较差")  # 40
    # 5 of 9 sheets are in: the city ends scoring with a reason before ranking.
    closure.close_scoring(
        campaign=review.campaign, actor=world.users["city"], reason="评审期满，按已交评分排名"
    )
    services.compute_results(campaign=review.campaign, actor=world.users["city"])


def test_ranking_page_filters_search_and_item_sheets(world, review, client):
    scored_and_ranked(world, review)
    client.force_login(world.users["city"])
    url = f"/review/ranking/{review.campaign.pk}/"
    page = client.get(url).content.decode()
    assert (
        page.index("化工管道泄漏快速封堵器")
        < page.index("义县甲机械有限公司电机保护装置")
        < page.index("教学楼节能照明改造")
    )
    assert "89.000" in page and "68.750" in page and "40.000" in page
    assert "得分相同时原始平均分高者在前，仍相同时成果编号小者在前" in page
    assert "重新计算" in page and "1/3" in page  # an item with fewer sheets than experts_per_item
    page = client.get(url + "?field=energy").content.decode()
    assert "教学楼节能照明改造" in page and "化工管道泄漏快速封堵器" not in page
    page = client.get(url + "?q=封堵").content.decode()
    assert "化工管道泄漏快速封堵器" in page and "教学楼节能照明改造" not in page
    review.campaign.disagreement_threshold = Decimal("15")
    review.campaign.save(update_fields=["disagreement_threshold"])
    assert client.post(f"/review/ranking/{review.campaign.pk}/compute/").status_code == 302
    page = client.get(url + "?disagreement=on").content.decode()
    assert "义县甲机械有限公司电机保护装置" in page and "化工管道泄漏快速封堵器" not in page
    item_page = client.get(f"{url}items/{review.items['yx'].pk}/").content.decode()
    assert (
        "专家王一" in item_page
        and "专家李二" in item_page
        and "李二：一般" in item_page
        and "77.500" in item_page
    )
    assert "专家张三" in item_page  # assigned, not submitted: listed without scores


def test_ranking_export_has_every_experts_scores_and_comments(world, review, client):
    scored_and_ranked(world, review)
    client.force_login(world.users["city"])
    rows = workbook_rows(client.get(f"/review/ranking/{review.campaign.pk}/?export=xlsx"))
    header = rows[0]
    assert header[:4] == ("排名", "领域内排名", "成果编号", "成果名称")
    assert "创新性（满分100）" in header and "推广价值（满分100）" in header
    assert header[-3:] == ("专家加权总分", "评审意见", "提交时间")
    body = rows[1:]
    assert len(body) == 5  # item × expert
    col = {name: i for i, name in enumerate(header)}
    first = [r for r in body if r[col["成果名称"]] == "义县甲机械有限公司电机保护装置"]
    assert [
        (r[col["排名"]], r[col["评审专家"]], r[col["专家加权总分"]], r[col["评审意见"]]) for r in first
    ] == [
        (2, "专家李二", 60, "李二：一般"),
        (2, "专家王一", 77.5, "王一：实用"),
    ]
    assert first[1][col["创新性（满分100）"]] == 80 and first[1][col["综合得分"]] == 68.75
    assert first[0][col["申报单位"]] == "义县甲机械有限公司" and "义县职工一" in first[0][col["完成人"]]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="review.itemresult").count() == 1
    # The export follows the filters.
    rows = workbook_rows(client.get(f"/review/ranking/{review.campaign.pk}/?field=energy&export=xlsx"))
    assert [r[col["成果名称"]] for r in rows[1:]] == ["教学楼节能照明改造"]


def test_ranking_index_goes_to_the_newest_campaign(world, review, client):
    client.force_login(world.users["city"])
    response = client.get("/review/ranking/")
    assert response.status_code == 302 and response["Location"] == f"/review/ranking/{review.campaign.pk}/"


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert", "nobody"])
def test_only_the_city_sees_ranking_progress_and_results(world, review, client, who):
    scored_and_ranked(world, review)
    client.force_login(world.users[who])
    campaign = review.campaign.pk
    for url in (
        "/review/ranking/",
        f"/review/ranking/{campaign}/",
        f"/review/ranking/{campaign}/?export=xlsx",
        f"/review/ranking/{campaign}/items/{review.items['yx'].pk}/",
        "/review/progress/",
        f"/review/progress/?campaign={campaign}&export=xlsx",
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/review/ranking/{campaign}/compute/").status_code in (403, 404)
    assert ItemResult.objects.count() == 3


@pytest.mark.parametrize("who", ["city", "yixian", "unit", "worker", "nobody"])
def test_non_experts_have_no_tasks_page(world, review, client, who):
    client.force_login(world.users[who])
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/{review.assignments[('yx', 'e1')].pk}/").status_code == 404


def test_an_expert_of_two_roles_sees_only_their_own_tasks(world, review, client):
    # A district admin who is also an expert still sees only the items assigned to them.
    from innovation.accounts import services as account_services
    from innovation.accounts.roles import Role

    user = world.users["yixian"]
    account_services.grant_role(actor=None, user=user, role=Role.EXPERT, node=None)
    expert = make_expert(world, "", "专家义县", user=user)
    assign(review.items["hs"], expert)
    client.force_login(user)
    page = client.get("/review/").content.decode()
    assert (
        "化工管道泄漏快速封堵器" in page and "电机保护装置" not in page and "教学楼节能照明改造" not in page
    )
    assert client.get(f"/review/{review.assignments[('yx', 'e1')].pk}/").status_code == 404
    assert client.get(f"/review/ranking/{review.campaign.pk}/").status_code == 403
