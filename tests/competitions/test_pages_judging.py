"""The judging pages: the judge's sheet (anonymous numbers only, the whole sheet in one
transaction), the chief judge's flags and sign-off, corrections after the lock with a reason, the
organiser's theory scores."""

from decimal import Decimal

from innovation.competitions import selectors
from innovation.competitions.models import Aspect, Mark, TheoryScore

from .builders import started


def _sheet_post(regs, judges_aspects, values, **extra):
    data = dict(extra)
    for reg in regs:
        for aspect in judges_aspects:
            data[f"m-{reg.pk}-{aspect.pk}"] = values[aspect.code]
    return data


GOOD = {"A1": "8", "A2": "5", "B1": "2"}


def test_the_judges_sheet_shows_numbers_not_names_and_others_are_refused(client, world):
    comp, occ, regs, judges = started(world)
    client.force_login(judges[1].judge)
    page = client.get(f"/competitions/occupations/{occ.pk}/sheet/")
    text = page.content.decode()
    assert page.status_code == 200
    assert [r["r"].anonymous_number for r in page.context["rows"]] == sorted(r.anonymous_number for r in regs)
    for reg in regs:
        assert reg.anonymous_number in text
        assert reg.worker.name not in text and reg.enterprise.name not in text and reg.card_number not in text
    assert 'id="sign-off"' not in text  # not the chief
    assert client.get("/competitions/judging/").status_code == 200
    # The organiser, another county and a unit do not open a judge's sheet.
    for role in ("city", "heishan", "unit"):
        client.force_login(world.users[role])
        assert client.get(f"/competitions/occupations/{occ.pk}/sheet/").status_code == 404, role
    client.force_login(world.users["worker"])
    assert client.get("/competitions/judging/").status_code == 403


def test_the_whole_sheet_is_saved_at_once_or_not_at_all(client, world):
    comp, occ, regs, judges = started(world)
    aspects = list(Aspect.objects.filter(occupation=occ))
    client.force_login(judges[1].judge)
    url = f"/competitions/occupations/{occ.pk}/sheet/"
    bad = _sheet_post(regs, aspects, {**GOOD, "B1": "4"})  # a judgement outside 0–3
    response = client.post(url, bad)
    assert response.status_code == 400
    assert sorted((n, a) for n, a, _m in response.context["errors"]) == sorted(
        (r.anonymous_number, "B1") for r in regs
    )
    assert "只能打0、1、2、3分" in response.content.decode() and Mark.objects.count() == 0
    response = client.post(url, _sheet_post(regs, aspects, GOOD))
    assert response.status_code == 302 and Mark.objects.filter(judge=judges[1].judge).count() == 6
    # Saving the same sheet again adds nothing; one changed cell adds one mark.
    client.post(url, _sheet_post(regs, aspects, GOOD))
    assert Mark.objects.count() == 6
    data = _sheet_post(regs, aspects, GOOD)
    data[f"m-{regs[0].pk}-{aspects[0].pk}"] = "9"
    client.post(url, data)
    assert (Mark.objects.count(), Mark.objects.filter(is_current=True).count()) == (7, 6)


def test_the_chief_sees_the_flags_signs_off_and_a_correction_needs_a_reason(client, world):
    comp, occ, regs, judges = started(world)
    aspects = list(Aspect.objects.filter(occupation=occ))
    url = f"/competitions/occupations/{occ.pk}/sheet/"
    for i, assignment in enumerate(judges):
        client.force_login(assignment.judge)
        b1 = "0" if i == 2 else "2"  # the third judge differs by 2 on the first contestant
        for reg in regs:
            data = _sheet_post([reg], aspects, {**GOOD, "B1": b1 if reg == regs[0] else "2"})
            assert client.post(url, data).status_code == 302
    chief = judges[0].judge
    client.force_login(chief)
    # The sheet comes at once; the chief's summary after it (its own request).
    assert 'id="chief-panel"' in client.get(url).content.decode()
    page = client.get(f"/competitions/occupations/{occ.pk}/chief/")
    assert (page.context["missing"], page.context["flags_total"]) == (0, 1)
    assert [(f["anonymous_number"], f["aspect"]) for f in page.context["flags"]] == [
        (regs[0].anonymous_number, "B1")
    ]
    assert 'id="sign-off"' in page.content.decode()
    # Only the chief sees the summary and signs off.
    client.force_login(judges[1].judge)
    assert 'id="chief-panel"' not in client.get(url).content.decode()
    assert client.get(f"/competitions/occupations/{occ.pk}/chief/").status_code == 404
    assert client.post(f"/competitions/occupations/{occ.pk}/sign-off/").status_code == 404
    client.force_login(chief)
    assert client.post(f"/competitions/occupations/{occ.pk}/sign-off/").status_code == 302
    occ.refresh_from_db()
    assert occ.marks_locked
    # After the lock: a change without a reason is refused, with one it is a recorded re-entry.
    client.force_login(judges[2].judge)
    data = _sheet_post([regs[0]], aspects, {**GOOD, "B1": "2"})
    refused = client.post(url, data)
    assert refused.status_code == 400 and "须填写原因" in refused.content.decode()
    assert Mark.objects.filter(after_lock=True).count() == 0
    assert client.post(url, {**data, "reason": "复核录像，原评分有误"}).status_code == 302
    fixed = Mark.objects.get(after_lock=True)
    assert (fixed.value, fixed.reason, fixed.registration_id) == (
        Decimal("2.00"),
        "复核录像，原评分有误",
        regs[0].pk,
    )


def test_the_organiser_enters_theory_scores(client, world):
    comp, occ, regs, judges = started(world)
    url = f"/competitions/occupations/{occ.pk}/theory/"
    client.force_login(world.users["city"])
    page = client.get(url)
    assert page.status_code == 200 and regs[0].worker.name in page.content.decode()
    bad = client.post(url, {f"s-{regs[0].pk}": "88.5", f"s-{regs[1].pk}": "101"})
    assert bad.status_code == 400 and "0到100" in bad.content.decode() and TheoryScore.objects.count() == 0
    assert client.post(url, {f"s-{regs[0].pk}": "88.5", f"s-{regs[1].pk}": "90"}).status_code == 302
    assert sorted(TheoryScore.objects.values_list("score", flat=True)) == [Decimal("88.50"), Decimal("90.00")]
    for role in ("heishan", "unit"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role
    client.force_login(judges[0].judge)
    assert client.get(url).status_code == 404


def test_the_sheet_comes_a_page_of_contestants_at_a_time(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "SHEET_PAGE", 1)
    comp, occ, regs, judges = started(world)
    aspects = list(Aspect.objects.filter(occupation=occ))
    ordered = selectors.judge_sheet(judges[1].judge, occ)[1]  # by anonymous number, clashes left out
    client.force_login(judges[1].judge)
    url = f"/competitions/occupations/{occ.pk}/sheet/"
    pages = len(ordered)
    assert pages >= 2, "the builder's contest must fill more than one page"
    for n in range(1, pages + 1):
        page = client.get(url, {"page": n})
        assert [r["r"].pk for r in page.context["rows"]] == [r.pk for r in ordered[n - 1 : n]]
        assert f'href="?page={pages}"' in page.content.decode()
    # Out of range or not a number: the nearest page.
    assert [r["r"].pk for r in client.get(url, {"page": "99"}).context["rows"]] == [
        r.pk for r in ordered[-1:]
    ]
    assert [r["r"].pk for r in client.get(url, {"page": "x"}).context["rows"]] == [r.pk for r in ordered[:1]]
    # A page saves its own contestants and comes back to itself; a cell of another page is refused.
    second = ordered[1:2]
    response = client.post(f"{url}?page=2", _sheet_post(second, aspects, GOOD))
    assert (response.status_code, response["Location"]) == (302, f"{url}?page=2")
    assert Mark.objects.filter(judge=judges[1].judge).count() == len(second) * len(aspects)
    response = client.post(f"{url}?page=2", _sheet_post(ordered[:1], aspects, GOOD))
    assert response.status_code == 400
    assert Mark.objects.filter(judge=judges[1].judge).count() == len(second) * len(aspects)
    # The API's sheet comes in the same pages.
    api = client.get(f"/api/v1/competitions/occupations/{occ.pk}/sheet", {"page": 2}).json()
    assert (api["page"], api["pages"], [c["id"] for c in api["contestants"]]) == (2, pages, [second[0].pk])
    assert sorted(m["aspect"] for m in api["marks"]) == sorted(a.pk for a in aspects)
