"""The dashboard's figures, exact, within each caller's scope."""

from tests.dashboards.conftest import charts_of


def _data(client, user, **params):
    client.force_login(user)
    response = client.get("/dashboard/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["data"]


def test_the_city_sees_every_county_by_year_area_field_and_kind(client, rows):
    w = rows.world
    charts = charts_of(_data(client, w.users["city"]))
    assert charts["achievements_by_year"] == {
        "申报成果": {"2023": 3, "2024": 3},
        "获奖成果": {"2023": 2, "2024": 0},
    }
    assert charts["achievements_by_area"] == {
        "申报成果": {"义县总工会": 3, "黑山县总工会": 2, "锦州市教育工会": 1},
        "获奖成果": {"义县总工会": 1, "黑山县总工会": 1, "锦州市教育工会": 0},
    }
    assert charts["achievements_by_field"] == {"申报成果": {"安全生产": 2, "提高效率": 2, "提升质量": 2}}
    assert charts["achievements_by_kind"]["申报成果"] == {"小发明": 3, "小创造": 1, "小设计": 1, "小建议": 1}
    # 1,000.40 + 2,000.00 + 500.00 = 3,500.40 → 3,500 whole yuan; 2024 has no verified benefit.
    assert charts["benefit_by_year"] == {"核定经济效益": {"2023": 3500}}
    assert charts["studios_by_type_level"] == {
        "劳模创新工作室": {"省级": 1, "市级": 0},
        "职工创新工作室": {"省级": 0, "市级": 2},
    }


def test_a_county_never_sees_another_countys_figures(client, rows):
    w = rows.world
    data = _data(client, w.users["yixian"])
    charts = charts_of(data)
    assert charts["achievements_by_year"] == {
        "申报成果": {"2023": 2, "2024": 1},
        "获奖成果": {"2023": 1, "2024": 0},
    }
    assert charts["achievements_by_area"] == {
        "申报成果": {"义县甲机械有限公司工会": 2, "义县乙食品有限公司工会": 1},
        "获奖成果": {"义县甲机械有限公司工会": 1, "义县乙食品有限公司工会": 0},
    }
    assert charts["benefit_by_year"] == {"核定经济效益": {"2023": 3000}}
    assert charts["studios_by_type_level"] == {
        "劳模创新工作室": {"省级": 1, "市级": 0},
        "职工创新工作室": {"省级": 0, "市级": 1},
    }
    body = str(data)
    assert "黑山" not in body and "教育" not in body
    heishan = charts_of(_data(client, w.users["heishan"]))
    assert heishan["achievements_by_year"] == {
        "申报成果": {"2023": 1, "2024": 1},
        "获奖成果": {"2023": 1, "2024": 0},
    }


def test_the_year_filter_applies_to_the_whole_dashboard(client, rows):
    charts = charts_of(_data(client, rows.world.users["city"], year=2024))
    assert charts["achievements_by_year"] == {"申报成果": {"2024": 3}, "获奖成果": {"2024": 0}}
    assert charts["achievements_by_area"]["申报成果"] == {
        "义县总工会": 1,
        "黑山县总工会": 1,
        "锦州市教育工会": 1,
    }
    assert charts["achievements_by_field"] == {"申报成果": {"安全生产": 1, "提升质量": 2}}
    assert charts["benefit_by_year"] == {"核定经济效益": {}}


def test_the_city_drills_down_to_a_county_and_a_unit(client, rows):
    w = rows.world
    county = _data(client, w.users["city"], node=w.yixian.pk)
    assert [c["name"] for c in county["breadcrumb"]] == ["锦州市总工会", "义县总工会"]
    assert county["breadcrumb"][0]["url"] == "/dashboard/"
    # The city at 义县 sees what 义县's own admin sees.
    assert (
        charts_of(county)["achievements_by_year"]
        == charts_of(_data(client, w.users["yixian"]))["achievements_by_year"]
    )
    unit = w.units["yx_a"].union
    data = _data(client, w.users["city"], node=unit.pk)
    assert [c["name"] for c in data["breadcrumb"]] == ["锦州市总工会", "义县总工会", unit.name]
    charts = charts_of(data)
    assert charts["achievements_by_year"] == {"申报成果": {"2023": 2}, "获奖成果": {"2023": 1}}
    assert "achievements_by_area" not in charts  # a unit is the bottom of the drill
    # The district filter is the same as drilling to that county.
    assert charts_of(_data(client, w.users["city"], district=w.heishan.pk))["achievements_by_year"] == {
        "申报成果": {"2023": 1, "2024": 1},
        "获奖成果": {"2023": 1, "2024": 0},
    }


def test_a_unit_admin_sees_its_own_unit(client, rows):
    charts = charts_of(_data(client, rows.world.users["unit"]))
    assert charts["achievements_by_year"] == {"申报成果": {"2023": 2}, "获奖成果": {"2023": 1}}
    assert charts["studios_by_type_level"] == {"劳模创新工作室": {"省级": 1}}
    assert "budget_lines" not in charts  # a unit union keeps no budget lines here


def test_a_worker_gets_a_small_dashboard_of_his_own_items(client, rows):
    # t_worker is yx_a_1, the author of 甲一 and 甲二.
    data = _data(client, rows.world.users["worker"])
    assert data["scope"] == "self"
    charts = charts_of(data)
    assert charts["my_achievements_by_year"] == {"成果": {"2023": 2}}
    assert charts["my_achievements_by_state"] == {"成果": {"待县区预审": 1, "已获奖": 1}}


def test_an_expert_has_no_dashboard(client, rows):
    client.force_login(rows.world.users["expert"])
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/home/").status_code == 204
    assert client.get("/dashboard/report-figures/").status_code == 403
    assert client.get("/api/v1/dashboard").status_code == 403


def test_budget_use_per_line_of_the_latest_year_within_the_scope(client, rows):
    from innovation.funds.models import BudgetLine, LineKind

    w = rows.world
    for year, base in ((2023, 100_000_00), (2024, 850_000_00)):
        BudgetLine.objects.create(
            union=w.city,
            year=year,
            kind=LineKind.STUDIO,
            name=f"{year}年工作室补助",
            base_fen=base,
            amount_fen=base,
        )
    BudgetLine.objects.create(
        union=w.yixian,
        year=2024,
        kind=LineKind.FIVE_SMALLS,
        name="义县五小经费",
        base_fen=50_000_00,
        amount_fen=50_000_00,
    )
    city = next(c for c in _data(client, w.users["city"])["charts"] if c["key"] == "budget_lines")
    assert city["categories"] == ["2024 义县五小经费", "2024年工作室补助"]  # the latest year only, by kind
    assert [p["value"] for p in city["series"][0]["data"]] == [50_000, 850_000]
    older = next(c for c in _data(client, w.users["city"], year=2023)["charts"] if c["key"] == "budget_lines")
    assert older["categories"] == ["2023年工作室补助"]
    county = next(c for c in _data(client, w.users["yixian"])["charts"] if c["key"] == "budget_lines")
    assert county["categories"] == ["2024 义县五小经费"]
