"""The served demo is the seeded Jinzhou demo, reachable as its users reach it."""

import json


def test_the_served_demo_answers_the_city_admins_figures(demo_site):
    status, body = demo_site.get("/api/v1/stats", token=demo_site.token("demo_city"))

    assert status == 200
    stats = json.loads(body)
    assert stats["achievements_total"] == 1312
    assert stats["studios_total"] == 91


def test_the_served_demo_serves_its_static_files(demo_site):
    status, body = demo_site.get("/static/vendor/htmx/htmx.min.js")

    assert status == 200
    assert b"htmx" in body[:2000]
