"""The competitions' API: the twins of the pages (lists, details, steps, registration, the judge's
sheet and marks, theory scores, the sign-off), scoped as the pages, every bad input a 4xx."""

import pytest

from innovation.competitions.models import Aspect, Competition, Mark, Registration, TheoryScore

from .builders import YEAR, competition, confirmed, contestant, occupation, open_event, started


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_the_organiser_sets_up_and_opens_an_event(api, world):
    city = world.users["city"]
    made = api(
        city,
        "post",
        "/api/v1/competitions",
        {
            "union": world.city.pk,
            "year": YEAR,
            "title": "物流和物业行业消防安全技能大赛",
            "starts_on": f"{YEAR}-06-10",
            "ends_on": f"{YEAR}-06-10",
            "registration_opens_on": f"{YEAR}-05-01",
            "registration_closes_on": f"{YEAR}-05-20",
        },
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    comp = Competition.objects.get(pk=pk)
    occupation(world, comp)
    detail = api(city, "get", f"/api/v1/competitions/{pk}").json()
    assert [o["code"] for o in detail["occupations"]] == ["FL"]
    assert [s["weight"] for s in detail["occupations"][0]["sections"]] == [60, 40]
    opened = api(city, "post", f"/api/v1/competitions/{pk}/step", {"step": "open_registration"})
    assert opened.status_code == 200 and opened.json()["state"] == "registration_open"
    assert [s["action"] for s in opened.json()["steps"]] == ["open_registration"]
    # The wrong step now, an unknown step, another county's union: 4xx, nothing changed.
    again = api(city, "post", f"/api/v1/competitions/{pk}/step", {"step": "open_registration"})
    assert again.status_code == 400
    assert api(city, "post", f"/api/v1/competitions/{pk}/step", {"step": "fly"}).status_code == 400
    county = api(
        world.users["heishan"], "post", f"/api/v1/competitions/{pk}/step", {"step": "close_registration"}
    )
    assert county.status_code == 404
    foreign = api(
        world.users["heishan"],
        "post",
        "/api/v1/competitions",
        {
            **{k: made.json()[k] for k in ("year", "title", "starts_on", "ends_on")},
            "union": world.city.pk,
            "registration_opens_on": f"{YEAR}-05-01",
            "registration_closes_on": f"{YEAR}-05-20",
        },
    )
    assert foreign.status_code == 400 and "union" in foreign.json()
    assert Competition.objects.get(pk=pk).state == "registration_open" and Competition.objects.count() == 1


def test_bad_input_is_a_reasoned_4xx_never_a_500(api, world):
    city = world.users["city"]
    comp = competition(world)
    for body in (
        {},
        {"union": "x", "year": "y"},
        {"union": world.city.pk, "year": YEAR, "title": "x" * 300, "starts_on": "bad"},
        {
            "union": world.city.pk,
            "year": YEAR,
            "title": "倒序",
            "starts_on": f"{YEAR}-06-10",
            "ends_on": f"{YEAR}-06-01",
            "registration_opens_on": f"{YEAR}-05-01",
            "registration_closes_on": f"{YEAR}-05-20",
        },
    ):
        response = api(city, "post", "/api/v1/competitions", body)
        assert response.status_code == 400, body
    assert api(city, "get", "/api/v1/competitions?year=abc").status_code == 400
    assert api(city, "get", "/api/v1/competitions?nonsense=1").status_code == 400
    assert api(city, "get", "/api/v1/competitions/99999999999").status_code == 404
    assert (
        api(
            city,
            "post",
            "/api/v1/competitions/leagues",
            {
                "union": world.city.pk,
                "year": YEAR,
                "title": "联赛",
                "rule": "best_of",
                "rounds_total": 3,
                "best_n": 5,
            },
        ).status_code
        == 400
    )
    assert api(world.users["worker"], "get", "/api/v1/competitions").json()["count"] == 0
    assert Competition.objects.count() == 1 and comp.title


def test_registration_through_the_api_is_scoped(api, world):
    comp, occ = open_event(world)
    worker = contestant(world, name="甲选手")
    unit, city = world.users["unit"], world.users["city"]
    made = api(
        unit, "post", "/api/v1/competitions/registrations", {"occupation": occ.pk, "worker": worker.pk}
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert made.json()["worker_name"] == "甲选手" and "id_number" not in str(made.json())
    twice = api(
        unit, "post", "/api/v1/competitions/registrations", {"occupation": occ.pk, "worker": worker.pk}
    )
    assert twice.status_code == 400 and "不能重复报名" in str(twice.json())
    outsider = contestant(world, "hs_a", name="丙选手")  # not the unit's worker: "not found"
    refused = api(
        unit, "post", "/api/v1/competitions/registrations", {"occupation": occ.pk, "worker": outsider.pk}
    )
    assert refused.status_code == 400 and "worker" in refused.json()
    assert (
        api(unit, "post", f"/api/v1/competitions/registrations/{pk}/step", {"step": "confirm"}).status_code
        == 403
    )
    returned = api(city, "post", f"/api/v1/competitions/registrations/{pk}/step", {"step": "return"})
    assert returned.status_code == 400  # no reason
    done = api(city, "post", f"/api/v1/competitions/registrations/{pk}/step", {"step": "confirm"})
    assert done.status_code == 200 and done.json()["card_number"] == f"{YEAR}FL0001"
    # The lists: the county sees its units' contestants only, the organiser all of them.
    confirmed(world, occ, [outsider])
    assert api(world.users["yixian"], "get", "/api/v1/competitions/registrations").json()["count"] == 1
    assert api(world.users["heishan"], "get", "/api/v1/competitions/registrations").json()["count"] == 1
    listed = api(
        city, "get", f"/api/v1/competitions/registrations?competition={comp.pk}&state=confirmed"
    ).json()
    assert sorted(r["worker_name"] for r in listed["results"]) == ["丙选手", "甲选手"]
    assert api(world.users["heishan"], "get", f"/api/v1/competitions/registrations/{pk}").status_code == 404
    assert Registration.objects.count() == 2


def test_the_judge_enters_marks_all_or_nothing_and_the_chief_signs_off(api, world):
    comp, occ, regs, judges = started(world)
    aspects = {a.code: a for a in Aspect.objects.filter(occupation=occ)}
    judge = judges[1].judge
    sheet = api(judge, "get", f"/api/v1/competitions/occupations/{occ.pk}/sheet")
    assert sheet.status_code == 200
    assert sorted(c["anonymous_number"] for c in sheet.json()["contestants"]) == sorted(
        r.anonymous_number for r in regs
    )
    assert regs[0].worker.name not in sheet.content.decode()
    assert (sheet.json()["page"], sheet.json()["pages"], sheet.json()["contestants_total"]) == (
        1,
        1,
        len(regs),
    )
    bad = api(judge, "get", f"/api/v1/competitions/occupations/{occ.pk}/sheet?page=0")
    assert (bad.status_code, bad.json()) == (400, {"page": ["页码须为1至1000000之间的整数。"]})
    for role in ("city", "unit", "heishan"):
        assert (
            api(world.users[role], "get", f"/api/v1/competitions/occupations/{occ.pk}/sheet").status_code
            == 404
        )

    def cells(values):
        return [
            {"registration": r.pk, "aspect": aspects[code].pk, "value": v}
            for r in regs
            for code, v in values.items()
        ]

    url = f"/api/v1/competitions/occupations/{occ.pk}/marks"
    bad = api(judge, "post", url, {"marks": cells({"A1": "8", "A2": "6", "B1": "2"})})  # A2 over 5.5
    assert bad.status_code == 400 and [e["index"] for e in bad.json()["marks"]] == [1, 4]
    assert Mark.objects.count() == 0
    assert api(judge, "post", url, {"marks": []}).status_code == 400
    assert api(judge, "post", url, {"marks": [{"registration": "x"}]}).status_code == 400
    for assignment in judges:
        done = api(assignment.judge, "post", url, {"marks": cells({"A1": "8", "A2": "5", "B1": "2"})})
        assert done.status_code == 200 and done.json() == {"entered": 6}
    sign = f"/api/v1/competitions/occupations/{occ.pk}/sign-off"
    assert api(judge, "post", sign).status_code == 404  # not the chief
    signed = api(judges[0].judge, "post", sign)
    assert signed.status_code == 200 and signed.json()["marks_locked_at"]
    late = api(judge, "post", url, {"marks": cells({"A1": "7"})[:1]})
    assert late.status_code == 400 and "须填写原因" in str(late.json())
    fixed = api(judge, "post", url, {"marks": cells({"A1": "7"})[:1], "reason": "复核"})
    assert fixed.status_code == 200 and Mark.objects.filter(after_lock=True).count() == 1


def test_the_organiser_enters_theory_scores_through_the_api(api, world):
    comp, occ, regs, judges = started(world)
    url = f"/api/v1/competitions/occupations/{occ.pk}/theory"
    city = world.users["city"]
    bad = api(city, "post", url, {"scores": [{"registration": regs[0].pk, "score": "101"}]})
    assert bad.status_code == 400 and TheoryScore.objects.count() == 0
    good = api(city, "post", url, {"scores": [{"registration": r.pk, "score": "80"} for r in regs]})
    assert good.status_code == 200 and TheoryScore.objects.count() == 2
    assert api(world.users["heishan"], "post", url, {"scores": []}).status_code == 404
    listed = api(city, "get", f"/api/v1/competitions/occupations?competition={comp.pk}").json()
    assert [o["code"] for o in listed["results"]] == ["FL"]


def test_a_judge_lists_his_places_on_panels_only(api, world):
    comp, occ, regs, judges = started(world)
    mine = api(judges[0].judge, "get", "/api/v1/competitions/judging").json()
    assert [(r["occupation"], r["is_chief"], len(r["aspects"])) for r in mine["results"]] == [
        (occ.pk, True, 3)
    ]
    other = api(judges[1].judge, "get", "/api/v1/competitions/judging?chief=true").json()
    assert other["count"] == 0
    assert api(judges[1].judge, "get", "/api/v1/competitions/judging?chief=maybe").status_code == 400
    assert api(world.users["unit"], "get", "/api/v1/competitions/judging").json()["count"] == 0
