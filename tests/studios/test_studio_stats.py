"""Figures: /api/v1/stats keys, the type × level × district counts page, incubated results and
the lineage figures — exact values, each within the caller's scope."""

import datetime
from decimal import Decimal

import pytest

from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement, Patent
from innovation.funds.models import BudgetLine, Commitment, LineKind
from innovation.studios import selectors
from innovation.studios.models import Studio, StudioLevel, StudioType
from innovation.studios.naming import selectors as naming_selectors
from innovation.studios.naming import services
from tests.achievements.conftest import full_fields, make_campaign

from .builders import apply, make_studio, push

MW, W, CR = StudioType.MODEL_WORKER, StudioType.WORKER, StudioType.CRAFTSMAN
P, C = StudioLevel.PROVINCIAL, StudioLevel.CITY


@pytest.fixture
def studios(world):
    """义县: 2 provincial model-worker, 1 city worker; 黑山: 1 city model-worker, 1 city worker
    (revoked, which does not count); 教育工会: 1 provincial worker."""
    made = {
        "yx_p_mw1": make_studio(world, "义县省劳模一", "yx_a", studio_type=MW, level=P),
        "yx_p_mw2": make_studio(world, "义县省劳模二", "yx_b", studio_type=MW, level=P),
        "yx_c_w": make_studio(world, "义县市职工", "yx_a", studio_type=W, level=C),
        "hs_c_mw": make_studio(world, "黑山市劳模", "hs_a", studio_type=MW, level=C),
        "hs_c_w": make_studio(world, "黑山市职工", "hs_b", studio_type=W, level=C),
        "edu_p_w": make_studio(world, "一中省职工", "edu", studio_type=W, level=P),
    }
    Studio.objects.filter(pk=made["hs_c_w"].pk).update(status=Studio.Status.REVOKED)
    return made


@pytest.fixture
def incubated(world, studios):
    """Filed achievements: 3 in 义县省劳模一 (2 patents, verified 100 + 250.50), 1 in 黑山市劳模;
    a draft with a studio and a filed one without do not count."""
    campaign = make_campaign(world)

    def make(unit, worker, studio, title, verified=None, patents=(), submit=True):
        item = achievement_services.achievement_create(
            actor=None,
            campaign=campaign,
            enterprise=world.units[unit],
            authors=[{"worker": world.workers[worker].pk, "share": 100}],
            **full_fields(title=title),
        )
        Achievement.objects.filter(pk=item.pk).update(
            studio=studio,
            benefit_verified=Decimal(verified) if verified else None,
            submitted_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC) if submit else None,
            state="submitted" if submit else "draft",
        )
        for number in patents:
            Patent.objects.create(achievement=item, type="utility", number=number, status="granted")
        return item

    s = studios
    make("yx_a", "yx_a_1", s["yx_p_mw1"], "一", "100", ("ZL1", "ZL2"))
    make("yx_a", "yx_a_1", s["yx_p_mw1"], "二", "250.50")
    make("yx_a", "yx_a_2", s["yx_p_mw1"], "三")
    make("hs_a", "hs_a_1", s["hs_c_mw"], "四", "1000", ("ZL3",))
    make("yx_a", "yx_a_2", s["yx_p_mw1"], "草稿", submit=False)
    make("yx_b", "yx_b_1", None, "无工作室")
    return campaign


def subsidy(
    world, paid_fen: int, amount_fen: int = 3_000_000, source_kind: str = "studio_subsidy"
) -> Commitment:
    line, _ = BudgetLine.objects.get_or_create(
        union=world.city,
        year=2024,
        kind=LineKind.STUDIO,
        defaults={"name": "2024年工作室补助", "base_fen": 85_000_000, "amount_fen": 85_000_000},
    )
    return Commitment.objects.create(
        line=line,
        amount_fen=amount_fen,
        paid_fen=paid_fen,
        payee="某工作室",
        purpose="补助",
        source_kind=source_kind,
        source_id=Commitment.objects.count() + 1,
        policy_ref="SubsidyPolicy#1",
        decision_ref="SubsidyRound#1",
        approved_by=world.users["city"],
        scope_path=line.scope_path,
    )


def stats(client, user):
    client.force_login(user)
    response = client.get("/api/v1/stats")
    assert response.status_code == 200
    return response.json()


def test_the_stats_figures_for_the_city(client, world, studios, incubated):
    subsidy(world, 3_000_000)
    subsidy(world, 1_234_599, amount_fen=2_000_000)
    subsidy(world, 500_000, source_kind="award")  # not a studio subsidy
    data = stats(client, world.users["city"])
    assert data["studios_total"] == 5
    by = data["studios_by_type_level"]
    assert len(by) == 12
    assert (
        by["model_worker.provincial"],
        by["worker.provincial"],
        by["model_worker.city"],
        by["worker.city"],
    ) == (
        2,
        1,
        1,
        1,
    )
    assert by["craftsman.national"] == 0
    assert data["studio_incubated_achievements"] == 4
    assert data["studio_subsidies_paid_yuan"] == 42_345  # 30,000 + 12,345.99 → whole yuan


def test_the_stats_figures_within_a_district(client, world, studios, incubated):
    subsidy(world, 3_000_000)
    data = stats(client, world.users["yixian"])
    assert data["studios_total"] == 3
    by = data["studios_by_type_level"]
    assert (by["model_worker.provincial"], by["worker.city"], by["model_worker.city"]) == (2, 1, 0)
    assert data["studio_incubated_achievements"] == 3
    assert data["studio_subsidies_paid_yuan"] == 0  # the city's line is not the district's
    data = stats(client, world.users["heishan"])
    assert (data["studios_total"], data["studio_incubated_achievements"]) == (1, 1)


def test_a_worker_counts_their_own(client, world, studios, incubated):
    services.member_add(actor=None, studio=studios["yx_c_w"], worker=world.workers["yx_a_1"])
    data = stats(client, world.users["worker"])
    assert data["studios_total"] == 1
    assert data["studios_by_type_level"]["worker.city"] == 1
    assert data["studio_incubated_achievements"] == 2  # their own filed incubated items


def test_incubated_totals_per_studio(world, studios, incubated):
    totals = selectors.incubated_totals([studios["yx_p_mw1"].pk, studios["hs_c_mw"].pk, studios["yx_c_w"].pk])
    one = totals[studios["yx_p_mw1"].pk]
    assert (one.count, one.patents, one.verified) == (3, 2, Decimal("350.50"))
    four = totals[studios["hs_c_mw"].pk]
    assert (four.count, four.patents, four.verified) == (1, 1, Decimal("1000"))
    assert totals[studios["yx_c_w"].pk].count == 0


def test_the_counts_page_reads_the_matrix_and_drills_down(client, world, studios):
    client.force_login(world.users["city"])
    response = client.get("/studios/stats/")
    assert response.status_code == 200
    summary = {row["label"]: [c["count"] for c in row["cells"]] for row in response.context["summary"]}
    assert summary == {
        "劳模创新工作室": [0, 2, 1, 0],
        "职工创新工作室": [0, 1, 1, 0],
        "工匠创新工作室": [0, 0, 0, 0],
    }
    assert response.context["grand"]["count"] == 5
    rows = {row.label: row.total.count for row in response.context["rows"]}
    assert rows == {"义县总工会": 3, "黑山县总工会": 1, "锦州市教育工会": 1}
    html = response.content.decode()
    link = "/studios/?status=active&amp;type=model_worker&amp;level=provincial"
    assert link in html
    listed = client.get("/studios/?status=active&type=model_worker&level=provincial")
    assert {r.record.name for r in listed.context["table"].page.object_list} == {
        "义县省劳模一",
        "义县省劳模二",
    }
    yixian = next(r for r in response.context["rows"] if r.label == "义县总工会")
    cell = next(
        c for c in yixian.cells if c.params["type"] == "model_worker" and c.params["level"] == "provincial"
    )
    assert cell.count == 2
    drilled = client.get(cell.url.replace("&amp;", "&"))
    assert drilled.context["table"].page.paginator.count == 2
    revoked = client.get("/studios/stats/?status=revoked")
    assert revoked.context["grand"]["count"] == 1


def test_the_counts_page_within_a_district_and_its_export(client, world, studios):
    client.force_login(world.users["heishan"])
    response = client.get("/studios/stats/")
    assert response.context["grand"]["count"] == 1
    assert [row.label for row in response.context["rows"]] == ["黑山县总工会"]
    export = client.get("/studios/stats/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_the_lineage_figures(client, world, campaign_posts):
    worker_studio = make_studio(world, "甲职工创新工作室", year=2019)
    services.lineage_set(
        actor=world.users["city"], studio=worker_studio, grew_from=None, demonstration_posts=campaign_posts
    )
    make_studio(world, "乙工作室", "yx_b", year=2019)
    grown = make_studio(world, "甲劳模创新工作室", studio_type=MW, year=2021)
    services.lineage_set(
        actor=world.users["city"], studio=grown, grew_from=worker_studio, demonstration_posts=[]
    )
    # 乙 is upgraded to a provincial naming in 2022; 甲职工 gets a city model-worker naming in 2021.
    yi = Studio.objects.get(name="乙工作室")
    services.studio_record(
        actor=world.users["city"],
        studio=yi,
        studio_type=W,
        level=P,
        year=2022,
        document_no="辽工发〔2022〕1号",
        named_by="辽宁省总工会",
        named_on=datetime.date(2022, 5, 1),
    )
    rows = {y.year: y for y in naming_selectors.lineage_years(Studio.objects.all())}
    assert set(rows) == {2019, 2021, 2022}
    assert (rows[2019].new_studios, rows[2019].from_posts, rows[2019].posts, rows[2019].upgrades) == (
        2,
        1,
        2,
        0,
    )
    assert (rows[2021].new_studios, rows[2021].from_studios, rows[2021].upgrades) == (1, 1, 0)
    assert (rows[2022].new_studios, rows[2022].upgrades, rows[2022].upgraded) == (0, 1, 1)
    client.force_login(world.users["city"])
    page = client.get("/studios/lineage/")
    assert page.status_code == 200
    assert page.context["totals"] == {
        "new_studios": 3,
        "from_posts": 1,
        "posts": 2,
        "from_studios": 1,
        "upgrades": 1,
    }
    names = lambda url: {r.record.name for r in client.get(url).context["table"].page.object_list}  # noqa: E731
    assert names("/studios/?first_year=2019&has_posts=true") == {"甲职工创新工作室"}
    assert names("/studios/?first_year=2021&has_grew_from=true") == {"甲劳模创新工作室"}
    assert names("/studios/?upgraded_in=2022") == {"乙工作室"}
    assert names("/studios/?upgraded_in=2019") == set()
    assert client.get("/studios/lineage/?export=xlsx").status_code == 200
    client.force_login(world.users["worker"])
    assert client.get("/studios/lineage/").status_code == 403


def test_an_upgrade_through_the_workflow_counts_in_its_year(world, model_worker):
    studio = make_studio(world, "高颖明职工创新工作室", leader=model_worker, year=2019)
    app = apply(world, studio=studio, name="高颖明劳模创新工作室", type=MW, leader=model_worker)
    push(world, app, "submit", "recommend", "name", name={"named_on": datetime.date(2023, 5, 1)})
    rows = {y.year: (y.new_studios, y.upgrades) for y in naming_selectors.lineage_years(Studio.objects.all())}
    assert rows == {2019: (1, 0), 2023: (0, 1)}
