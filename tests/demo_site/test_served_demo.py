"""The served demo is the seeded Jinzhou demo, reachable as its users reach it."""

import json


def test_the_served_demo_answers_the_city_admins_figures(demo_site):
    status, body = demo_site.get("/api/v1/stats", token=demo_site.token("demo_city"))

    assert status == 200
    stats = json.loads(body)
    # The report's five campaigns hold 1,312 filed items; this year's open campaign adds the eight
    # items on their way, all submitted once (the returned one too; innovation/achievements/demo/in_progress.py).
    by_year = stats["achievements_by_year"]
    assert {year: by_year[year] for year in ("2017", "2018", "2019", "2020", "2021")} == {
        "2017": 258,
        "2018": 263,
        "2019": 261,
        "2020": 266,
        "2021": 264,
    }
    assert stats["achievements_total"] == 1312 + 8 == sum(by_year.values())
    assert stats["studios_total"] == 91


def test_the_served_demo_serves_its_static_files(demo_site):
    status, body = demo_site.get("/static/vendor/htmx/htmx.min.js")

    assert status == 200
    assert b"htmx" in body[:2000]
