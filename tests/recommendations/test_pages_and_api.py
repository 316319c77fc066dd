"""The pages and their API twins: list with filters and Excel equal to it, the contest's page,
the candidates' page selecting within quotas, the result entry and import pages; the API's
4xx with Chinese reasons."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from innovation.recommendations import services
from innovation.recommendations.models import Recommendation

from .conftest import IN_2020, make_contest, select


def _setup(world, awards, contest):
    a = select(world, contest, awards.liying)
    b = select(world, contest, awards.second)
    services.submit(actor=world.users["city"], recommendation=a, now=IN_2020)
    services.record_result(
        actor=world.users["city"],
        recommendation=a,
        prize="first",
        certificate_no="C-1",
        result_date="2020-11-20",
    )
    return a, b


def test_the_list_filters_and_exports_the_same_rows(client, world, awards, contest):
    a, b = _setup(world, awards, contest)
    client.force_login(world.users["city"])
    url = reverse("recommendations:list")
    html = client.get(url).content.decode()
    assert "蓄电池组充放电试验自动数据记录装置" in html and "危化品装卸防静电监测仪" in html
    html = client.get(url, {"result": "awarded"}).content.decode()
    assert "蓄电池组充放电试验自动数据记录装置" in html and "危化品装卸防静电监测仪" not in html
    html = client.get(url, {"q": "李营"}).content.decode()
    assert "蓄电池组充放电试验自动数据记录装置" in html and "危化品装卸防静电监测仪" not in html
    html = client.get(
        url, {"district": world.heishan.pk, "year": 2020, "contest": contest.pk}
    ).content.decode()
    assert "危化品装卸防静电监测仪" in html and "蓄电池组充放电试验自动数据记录装置" not in html
    response = client.get(url, {"result": "awarded", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        len(rows) == 2
        and rows[1][1] == "蓄电池组充放电试验自动数据记录装置"
        and rows[1][9] == "省级职工组一等奖"
    )


def test_the_district_sees_only_its_items_and_cannot_manage(client, world, awards, contest):
    a, b = _setup(world, awards, contest)
    client.force_login(world.users["heishan"])
    html = client.get(reverse("recommendations:list")).content.decode()
    assert "危化品装卸防静电监测仪" in html and "蓄电池组充放电试验自动数据记录装置" not in html
    assert client.get(reverse("recommendations:detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("recommendations:detail", args=[b.pk])).status_code == 200
    assert client.get(reverse("recommendations:candidates", args=[contest.pk])).status_code == 404
    assert client.get(reverse("recommendations:contest", args=[contest.pk])).status_code == 200


def test_the_city_pages_open(client, world, awards, contest):
    a, b = _setup(world, awards, contest)
    client.force_login(world.users["city"])
    for name, args in (
        ("recommendations:contests", []),
        ("recommendations:contest_new", []),
        ("recommendations:contest", [contest.pk]),
        ("recommendations:candidates", [contest.pk]),
        ("recommendations:packages", [contest.pk]),
        ("recommendations:result_import", [contest.pk]),
        ("recommendations:result_template", [contest.pk]),
        ("recommendations:objections", []),
        ("recommendations:detail", [a.pk]),
        ("recommendations:detail", [b.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    html = client.get(reverse("recommendations:contests")).content.decode()
    assert "辽宁省职工创新大赛" in html and "获奖率 50.0%" in html


def test_the_candidates_page_selects_and_refuses_over_quota(client, world, awards):
    open_contest = make_contest(
        world, name="辽宁省职工创新大赛（补报）", deadline=datetime.date(2099, 12, 31)
    )
    client.force_login(world.users["city"])
    url = reverse("recommendations:candidates", args=[open_contest.pk])
    html = client.get(url).content.decode()
    assert "市级获奖等级为优秀奖，本大赛只接受一等奖、二等奖、三等奖的成果。" in html
    youth = open_contest.categories.get(name="青年组")
    response = client.post(
        url, {"achievement": awards.liying.achievement_id, "category": youth.pk, "opinion": "同意"}
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.category, rec.opinion, rec.state) == (youth, "同意", "selected")
    response = client.post(url, {"achievement": awards.second.achievement_id, "category": youth.pk})
    assert response.status_code == 400
    assert "「青年组」推荐名额为1项，已推荐1项，名额已满。" in response.content.decode()
    assert Recommendation.objects.count() == 1


def test_the_result_entry_page(client, world, awards, contest):
    a = select(world, contest, awards.liying)
    services.submit(actor=world.users["city"], recommendation=a, now=IN_2020)
    client.force_login(world.users["city"])
    url = reverse("recommendations:result", args=[a.pk])
    response = client.post(
        url, {"prize": "first", "level": "provincial", "certificate_no": "", "result_date": "2020-11-20"}
    )
    assert response.status_code == 400 and "获奖的成果须填写证书编号。" in response.content.decode()
    a.refresh_from_db()
    assert a.state == "submitted"
    response = client.post(
        url, {"prize": "first", "level": "provincial", "certificate_no": "C-9", "result_date": "2020-11-20"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.state, a.result_label, a.certificate_no) == ("result", "省级职工组一等奖", "C-9")


def test_the_api(world, awards, contest):
    api = APIClient()
    api.force_authenticate(world.users["city"])
    a, b = _setup(world, awards, contest)
    data = api.get("/api/v1/recommendations", {"result": "awarded"}).json()
    assert [r["title"] for r in data["results"]] == ["蓄电池组充放电试验自动数据记录装置"]
    assert data["results"][0]["result"] == "省级职工组一等奖"
    assert api.get(f"/api/v1/recommendations/{a.pk}").json()["history"][0]["action"] == "select"
    contests = api.get("/api/v1/recommendations/contests").json()
    assert [c["name"] for c in contests["results"]] == ["辽宁省职工创新大赛"]
    candidates = api.get(f"/api/v1/recommendations/contests/{contest.pk}/candidates").json()
    assert {c["title"]: c["eligible"] for c in candidates}["物流叉车安全提示装置"] is False
    # refusals: 4xx with the reasons
    response = api.post(f"/api/v1/recommendations/{b.pk}/step", {"step": "withdraw"}, format="json")
    assert response.status_code == 400 and "请填写撤回理由。" in str(response.json())
    response = api.post(
        f"/api/v1/recommendations/{a.pk}/result",
        {"prize": "first", "result_date": "2020-11-20"},
        format="json",
    )
    assert response.status_code == 400 and "不能执行「录入结果」" in str(response.json())
    response = api.post(
        "/api/v1/recommendations",
        {
            "contest": contest.pk,
            "category": contest.categories.get(name="职工组").pk,
            "achievement": awards.third.achievement_id,
        },
        format="json",
    )
    assert response.status_code == 400 and "已过期" in str(response.json())
    response = api.post(
        "/api/v1/recommendations/contests",
        {
            "name": "全国职工创新大赛",
            "organiser": "中华全国总工会",
            "level": "national",
            "year": 2021,
            "deadline": "2021-09-30",
            "categories": [],
        },
        format="json",
    )
    assert response.status_code == 400
    assert (
        api.post(f"/api/v1/recommendations/{b.pk}/step", {"step": "submit"}, format="json").status_code == 400
    )
    district = APIClient()
    district.force_authenticate(world.users["yixian"])
    assert [r["title"] for r in district.get("/api/v1/recommendations").json()["results"]] == [
        "蓄电池组充放电试验自动数据记录装置"
    ]
    response = district.post(
        f"/api/v1/recommendations/{a.pk}/step", {"step": "withdraw", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert Recommendation.objects.get(pk=a.pk).state == "result"


def test_a_contest_is_created_on_its_page(client, world, awards):
    client.force_login(world.users["city"])
    url = reverse("recommendations:contest_new")
    data = {
        "name": "全国职工优秀技术创新成果",
        "organiser": "中华全国总工会",
        "level": "national",
        "year": 2021,
        "deadline": "2099-06-30",
        "categories": "职工组,3\n青年组，2",
        "eligible_grades": ["first"],
        "max_age_years": 2,
        "notice_days": 5,
    }
    response = client.post(url, {**data, "categories": "职工组"})
    assert (
        response.status_code == 400 and "第1行格式不正确，应为：组别名称,名额。" in response.content.decode()
    )
    response = client.post(url, data)
    assert response.status_code == 302
    from innovation.recommendations.models import Contest

    contest = Contest.objects.get()
    assert (contest.level, contest.eligible_grades, contest.union) == ("national", ["first"], world.city)
    assert [(c.name, c.quota) for c in contest.categories.all()] == [("职工组", 3), ("青年组", 2)]


def test_the_public_notice_takes_an_objection(client, world, awards):
    open_contest = make_contest(world, deadline=datetime.date(2099, 12, 31))
    rec = services.select(
        actor=world.users["city"],
        contest=open_contest,
        category=open_contest.categories.get(name="职工组"),
        achievement=awards.liying.achievement,
    )
    url = reverse("recommendations:notice", args=[open_contest.pk])
    assert client.get(url).status_code == 404  # not published yet
    services.publish_notice(actor=world.users["city"], contest=open_contest)
    html = client.get(url).content.decode()
    assert "蓄电池组充放电试验自动数据记录装置" in html and 'id="objection-form"' in html
    response = client.post(
        reverse("recommendations:notice_objection", args=[open_contest.pk]),
        {
            "objection-recommendation": rec.pk,
            "objection-name": "张三",
            "objection-phone": "13812345678",
            "objection-reason": "与他人成果雷同",
        },
    )
    assert response.status_code == 302
    objection = rec.objections.get()
    assert (objection.public_name, objection.phone_masked, objection.state) == ("张三", "138****5678", "open")
    client.force_login(world.users["city"])
    html = client.get(reverse("recommendations:objections")).content.decode()
    assert "与他人成果雷同" in html
    response = client.post(
        reverse("recommendations:answer", args=[objection.pk]), {"upheld": "false", "answer": "经核实不雷同"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert (objection.state, objection.answer) == ("dismissed", "经核实不雷同")
