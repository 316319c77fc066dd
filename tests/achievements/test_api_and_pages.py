import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from innovation.achievements import services
from innovation.achievements.models import Achievement, State
from innovation.audit.models import AuditEntry
from innovation.core import workflow as kernel
from innovation.core.models import StepLog

from .conftest import full_fields


@pytest.fixture
def api(client):
    def call(user, method, url, **data):
        client.force_login(user)
        return getattr(client, method)(url, data=data or None, content_type="application/json")

    return call


@pytest.fixture
def items(world, campaign):
    """One filed item in each of 义县 (yx_a, yx_b) and 黑山 (hs_a), plus a draft in yx_a."""
    made = {}
    for key, unit_key, title in (
        ("yx_a", "yx_a", "义县甲成果"),
        ("yx_b", "yx_b", "义县乙成果"),
        ("hs_a", "hs_a", "黑山丙成果"),
    ):
        unit = world.units[unit_key]
        from innovation.accounts import services as acc
        from innovation.accounts.roles import Role

        admin = world.users["unit"] if unit_key == "yx_a" else None
        item = services.achievement_create(
            actor=admin,
            campaign=campaign,
            enterprise=unit,
            authors=[{"worker": world.workers[f"{unit_key}_1"].pk, "share": 100}],
            **full_fields(title=title, benefit_claimed="100000"),
        )
        if admin is None:
            admin = (
                world.users.get(f"unit_{unit_key}")
                or acc.user_create(actor=None, username=f"t_unit_{unit_key}", password="Test@Pass2026")[0]
            )
            acc.grant_role(actor=None, user=admin, role=Role.UNIT_ADMIN, node=unit.union)
            world.users[f"unit_{unit_key}"] = admin
        kernel.run(obj=item, step="submit", actor=admin, pledge=True)
        made[key] = item
    made["draft"] = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        **full_fields(title="草稿成果"),
    )
    return made


EXPECTED = {
    "city": {"yx_a", "yx_b", "hs_a", "draft"},
    "yixian": {"yx_a", "yx_b", "draft"},
    "heishan": {"hs_a"},
    "unit": {"yx_a", "draft"},
    "worker": {"yx_a"},
    "expert": set(),
    "audit": set(),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_achievement_list_page_and_api_show_exactly_the_scope(client, world, items, who):
    want = {items[k].pk for k in EXPECTED[who]}
    client.force_login(world.users[who])
    page = client.get("/achievements/")
    if who in ("expert", "audit"):
        assert page.status_code == 403
    else:
        assert {a.pk for a in page.context["table"].data} == want
    api = client.get("/api/v1/achievements?page_size=100")
    assert {r["id"] for r in api.json()["results"]} == want


def test_out_of_scope_detail_is_a_404(client, world, items):
    client.force_login(world.users["heishan"])
    assert client.get(f"/achievements/{items['yx_a'].pk}/").status_code == 404
    assert client.get(f"/api/v1/achievements/{items['yx_a'].pk}").status_code == 404


def test_the_district_queue_counts_what_awaits_it(client, world, items):
    client.force_login(world.users["yixian"])
    response = client.get("/achievements/", {"awaiting": "me"})
    assert {a.pk for a in response.context["table"].data} == {items["yx_a"].pk, items["yx_b"].pk}
    assert response.context["queue_count"] == 2


def test_bulk_recommend_page(client, world, items):
    client.force_login(world.users["yixian"])
    ids = [items["yx_a"].pk, items["yx_b"].pk, items["hs_a"].pk]
    response = client.post("/achievements/bulk/", {"step": "recommend", "ids": ids})
    assert response.status_code == 302
    states = dict(Achievement.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {
        items["yx_a"].pk: "recommended",
        items["yx_b"].pk: "recommended",
        items["hs_a"].pk: "submitted",
    }


def test_step_page_refuses_a_second_click_with_a_message(client, world, items):
    client.force_login(world.users["yixian"])
    url = f"/achievements/{items['yx_a'].pk}/step/"
    client.post(url, {"step": "recommend"})
    response = client.post(url, {"step": "recommend"}, follow=True)
    assert "不能执行「推荐」" in response.content.decode()
    assert StepLog.objects.of(items["yx_a"]).filter(step="recommend").count() == 1


def test_full_text_search_finds_chinese_words(client, world, items):
    client.force_login(world.users["city"])
    # Terms match anywhere in title, texts, unit and authors: the draft's unit is in 义县 too.
    found = client.get("/achievements/", {"q": "义县 成果"}).context["table"].data
    assert {a.title for a in found} == {"义县甲成果", "义县乙成果", "草稿成果"}
    assert {a.title for a in client.get("/achievements/", {"q": "乙成果"}).context["table"].data} == {
        "义县乙成果"
    }
    assert not list(client.get("/achievements/", {"q": "不存在的词"}).context["table"].data)
    by_text = client.get("/achievements/", {"q": "自动采集"}).context["table"].data
    assert len(list(by_text)) == 4
    api = client.get("/api/v1/achievements", {"q": "黑山"}).json()
    assert [r["title"] for r in api["results"]] == ["黑山丙成果"]


def test_filters_and_export_of_exactly_the_filtered_rows(client, world, items):
    client.force_login(world.users["city"])
    response = client.get(
        "/achievements/", {"district": world.yixian.pk, "state": "submitted", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == ["义县乙成果", "义县甲成果"]
    assert rows[1][7].endswith("(100%)")
    assert AuditEntry.objects.filter(action="export", object_type="achievements.achievement").count() == 1


def test_api_create_submit_and_bad_input(api, world, campaign):
    unit = world.users["unit"]
    payload = {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        "authors": [{"worker": world.workers["yx_a_1"].pk, "share": "100"}],
        **full_fields(title="接口成果"),
    }
    created = api(unit, "post", "/api/v1/achievements", **payload)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = api(
        unit,
        "post",
        "/api/v1/achievements",
        **{
            **payload,
            "title": "份额不对",
            "authors": [{"worker": world.workers["yx_a_1"].pk, "share": "90"}],
        },
    )
    assert bad.status_code == 400 and "authors" in bad.json()
    negative = api(
        unit, "post", "/api/v1/achievements", **{**payload, "title": "负数", "benefit_claimed": "-5"}
    )
    assert negative.status_code == 400
    no_pledge = api(unit, "post", f"/api/v1/achievements/{pk}/transition", step="submit")
    assert no_pledge.status_code == 400 and "pledge" in no_pledge.json()
    submitted = api(unit, "post", f"/api/v1/achievements/{pk}/transition", step="submit", pledge=True)
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    again = api(unit, "post", f"/api/v1/achievements/{pk}/transition", step="submit", pledge=True)
    assert again.status_code == 400
    foreign = api(world.users["heishan"], "post", f"/api/v1/achievements/{pk}/transition", step="recommend")
    assert foreign.status_code == 404
    wrong_role = api(world.users["unit"], "post", f"/api/v1/achievements/{pk}/transition", step="recommend")
    assert wrong_role.status_code == 403
    recommended = api(
        world.users["yixian"], "post", f"/api/v1/achievements/{pk}/transition", step="recommend"
    )
    assert recommended.json()["state"] == "recommended"
    unknown = api(world.users["city"], "post", f"/api/v1/achievements/{pk}/transition", step="award")
    assert unknown.status_code == 400
    verified = api(
        world.users["city"],
        "post",
        f"/api/v1/achievements/{pk}/verify-benefit",
        amount="2000000",
        note="核减",
    )
    assert verified.status_code == 200 and Decimal(verified.json()["benefit_verified"]) == Decimal("2000000")


def test_stats_keys(client, world, items):
    services.benefit_verify(actor=world.users["city"], achievement=items["yx_a"], amount="80000")
    client.force_login(world.users["city"])
    data = client.get("/api/v1/stats").json()
    year = str(items["yx_a"].campaign.year)
    assert data["achievements_total"] == 3
    assert data["achievements_by_year"] == {year: 3}
    assert data["demonstration_posts_total"] == 3
    assert data["benefit_claimed_yuan"] == 300000
    assert data["benefit_verified_yuan"] == 80000
    client.force_login(world.users["yixian"])
    data = client.get("/api/v1/stats").json()
    assert (data["achievements_total"], data["benefit_claimed_yuan"], data["demonstration_posts_total"]) == (
        2,
        200000,
        2,
    )


def test_demonstration_posts_list_print_and_api(client, world, items):
    client.force_login(world.users["yixian"])
    listed = client.get("/achievements/demonstration-posts/").context["table"].data
    assert {p.enterprise_id for p in listed} == {world.units["yx_a"].pk, world.units["yx_b"].pk}
    printed = client.get("/achievements/demonstration-posts/print/").content.decode()
    assert "职工创新示范岗命名名单" in printed and "义县甲机械有限公司" in printed and "黑山" not in printed
    api = client.get("/api/v1/demonstration-posts").json()
    assert api["count"] == 2


def test_the_edit_page_saves_a_draft_with_authors(client, world, campaign):
    client.force_login(world.users["unit"])
    data = {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        **full_fields(title="网页填报"),
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "10",
        "authors-0-worker": world.workers["yx_a_1"].pk,
        "authors-0-share": "70",
        "authors-1-outside_name": "外协专家",
        "authors-1-outside_unit": "某研究院",
        "authors-1-share": "30",
        "patents-TOTAL_FORMS": "1",
        "patents-INITIAL_FORMS": "0",
        "patents-MIN_NUM_FORMS": "0",
        "patents-MAX_NUM_FORMS": "10",
        "patents-0-type": "utility",
        "patents-0-number": "zl202021234567.8",
        "patents-0-status": "granted",
    }
    response = client.post("/achievements/new/", data)
    item = Achievement.objects.get(title="网页填报")
    assert response.status_code == 302 and response["Location"] == f"/achievements/{item.pk}/"
    assert [(a.name, a.share) for a in item.authors.all()] == [
        (world.workers["yx_a_1"].name, Decimal("70.00")),
        ("外协专家", Decimal("30.00")),
    ]
    assert item.patents.get().number == "ZL202021234567.8"
    assert item.state == State.DRAFT
    bad = client.post("/achievements/new/", {**data, "title": "份额错", "authors-0-share": "50"})
    assert bad.status_code == 200 and "合计须为100" in bad.content.decode()
    autosave = client.post(f"/achievements/{item.pk}/autosave/", {**data, "effect": "自动保存的效果"})
    assert "已自动保存" in autosave.content.decode()
    item.refresh_from_db()
    assert item.effect == "自动保存的效果"


def test_campaign_pages(client, world, campaign):
    client.force_login(world.users["city"])
    page = client.get(f"/achievements/campaigns/{campaign.pk}/").content.decode()
    assert "一等奖" in page and "5,000" in page or "5000" in page
    assert client.get("/achievements/campaigns/new/").status_code == 200
    client.force_login(world.users["yixian"])
    assert client.get("/achievements/campaigns/new/").status_code == 403


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("district", [("义县总工会", 2, "200,000.00"), ("黑山县总工会", 1, "100,000.00")]),
        ("kind", [("小发明", 3, "300,000.00")]),
        ("unit", None),
    ],
)
def test_benefit_totals_by_grouping_link_to_their_rows(client, world, items, by, expected):
    services.benefit_verify(actor=world.users["city"], achievement=items["hs_a"], amount="90000")
    client.force_login(world.users["city"])
    response = client.get("/achievements/benefits/", {"by": by})
    rows = response.context["rows"]
    totals = response.context["totals"]
    assert (totals["count"], totals["claimed"], totals["verified"]) == (
        3,
        Decimal("300000.00"),
        Decimal("90000.00"),
    )
    if expected:
        assert [(r.label, r.count, f"{r.claimed:,.2f}") for r in rows] == expected
    else:
        assert sorted(r.count for r in rows) == [1, 1, 1]
    first = rows[0]
    listed = client.get("/achievements/" + first.url).context["table"].page.paginator.count
    assert listed == first.count


def test_benefit_totals_respect_scope_and_export(client, world, items):
    client.force_login(world.users["heishan"])
    response = client.get("/achievements/benefits/", {"by": "year"})
    assert [(r.count, r.claimed) for r in response.context["rows"]] == [(1, Decimal("100000.00"))]
    export = client.get("/achievements/benefits/", {"by": "field", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert list(sheet.iter_rows(values_only=True))[1][:2] == ("提高效率", 1)


def test_queue_tab_keeps_its_place_and_says_when_empty(client, world):
    client.force_login(world.users["yixian"])
    body = client.get("/achievements/?awaiting=me").content.decode()
    assert '<input type="hidden" name="awaiting" value="me">' in body
    assert "暂无符合条件的记录。" in body
    assert 'id="bulk-submit"' not in body
