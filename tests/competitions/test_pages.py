"""The competitions' pages: events, occupations, schemes and leagues for the organiser, the
unit's registration (form and Excel), confirm / return, the scoped lists and their exports, the
contestant card."""

import io

from openpyxl import Workbook, load_workbook

from innovation.competitions import services
from innovation.competitions.models import Competition, League, Occupation, Registration, Section
from innovation.org.models import Worker

from .builders import YEAR, competition, confirmed, contestant, occupation, open_event, unit_admin


def _login(client, user):
    client.force_login(user)
    return client


def test_the_organiser_pages_render_and_others_are_refused(client, world):
    comp = competition(world)
    occ = occupation(world, comp)
    league = services.league_create(actor=world.users["city"], union=world.city, year=YEAR, title="叉车联赛")
    _login(client, world.users["city"])
    for url in (
        "/competitions/",
        "/competitions/new/",
        f"/competitions/{comp.pk}/",
        f"/competitions/{comp.pk}/occupations/new/",
        f"/competitions/occupations/{occ.pk}/edit/",
        f"/competitions/occupations/{occ.pk}/scheme/",
        "/competitions/leagues/",
        "/competitions/leagues/new/",
        f"/competitions/leagues/{league.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/competitions/{comp.pk}/").content.decode()
    assert 'id="step-open_registration"' in page and "绕桩行驶" in page and "安全规范" in page
    assert "<td>10</td>" in page and "<td>5.50</td>" in page  # the maximum points, as written
    # Another county does not see the city's event; a worker and an expert have no list at all.
    _login(client, world.users["heishan"])
    assert client.get(f"/competitions/{comp.pk}/").status_code == 404
    assert client.get(f"/competitions/occupations/{occ.pk}/scheme/").status_code == 404
    assert client.get(f"/competitions/leagues/{league.pk}/").status_code == 404
    assert client.get("/competitions/").context["table"].paginator.count == 0
    for role in ("worker", "expert"):
        _login(client, world.users[role])
        assert client.get("/competitions/").status_code == 403, role
        assert client.get("/competitions/new/").status_code == 403, role
    _login(client, world.users["unit"])
    assert client.get("/competitions/new/").status_code == 403
    assert client.get(f"/competitions/{comp.pk}/").status_code == 404


def test_the_organiser_sets_up_an_event_through_the_forms(client, world):
    _login(client, world.users["city"])
    response = client.post(
        "/competitions/new/",
        {
            "title": "状元杯职工职业技能大赛",
            "level": "city",
            "year": YEAR,
            "venue": "锦州市职业技术学院",
            "registration_opens_on": f"{YEAR}-03-01",
            "registration_closes_on": f"{YEAR}-03-20",
            "starts_on": f"{YEAR}-04-10",
            "ends_on": f"{YEAR}-04-11",
        },
    )
    comp = Competition.objects.get(title="状元杯职工职业技能大赛")
    assert response.status_code == 302 and comp.union == world.city
    response = client.post(
        f"/competitions/{comp.pk}/occupations/new/",
        {
            "code": "wd",
            "title": "焊工",
            "quota_per_unit": 2,
            "theory_weight": 30,
            "practical_weight": 70,
            "tie_break": "practical,time",
            "places": "一等奖|1|3000\n二等奖|2|2000",
            "title_rules": "1|3|技术能手|技师\n4|8||高级工",
            "judgement_spread": 1,
        },
    )
    occ = Occupation.objects.get(competition=comp)
    assert response.status_code == 302
    assert (occ.code, occ.places[0], occ.title_rules[1]) == (
        "WD",
        {"label": "一等奖", "count": 1, "prize_fen": 300_000},
        {"from": 4, "to": 8, "title": "", "promotion": "3"},
    )
    scheme = {
        "sections": "A|焊接操作|60\nB|安全文明|40",
        "aspects": "A|A1|焊缝外观|measurement|20\nB|B1|安全规范|judgement|6|未做到|基本做到|做到|示范",
    }
    assert client.post(f"/competitions/occupations/{occ.pk}/scheme/", scheme).status_code == 302
    b1 = occ.aspects.get(code="B1")
    assert (b1.kind, b1.descriptors["3"], list(occ.sections.values_list("weight", flat=True))) == (
        "judgement",
        "示范",
        [60, 40],
    )


def test_bad_input_on_the_forms_is_refused_in_chinese_and_nothing_changes(client, world):
    comp = competition(world)
    occ = occupation(world, comp)
    _login(client, world.users["city"])
    # Weights of the sections that do not add up to 100.
    response = client.post(
        f"/competitions/occupations/{occ.pk}/scheme/",
        {
            "sections": "A|场地驾驶|60\nB|安全|30",
            "aspects": "A|A1|绕桩|measurement|10\nB|B1|规范|measurement|5",
        },
    )
    assert response.status_code == 400 and "100" in response.content.decode()
    assert list(Section.objects.filter(occupation=occ).values_list("weight", flat=True)) == [60, 40]
    # A line that cannot be read names its line.
    response = client.post(
        f"/competitions/occupations/{occ.pk}/scheme/",
        {"sections": "A|场地驾驶", "aspects": "A|A1|x|measurement|1"},
    )
    assert response.status_code == 400 and "第1行" in response.content.decode()
    # Theory and practical weights that do not add up to 100.
    response = client.post(
        f"/competitions/occupations/{occ.pk}/edit/",
        {
            "title": "叉车司机",
            "quota_per_unit": 2,
            "theory_weight": 40,
            "practical_weight": 70,
            "tie_break": "practical",
            "places": "一等奖|1|0",
            "judgement_spread": 1,
        },
    )
    assert response.status_code == 400
    assert Occupation.objects.get(pk=occ.pk).theory_weight == 30
    # Dates out of order.
    response = client.post(
        "/competitions/new/",
        {
            "title": "错日期",
            "level": "city",
            "year": YEAR,
            "registration_opens_on": f"{YEAR}-03-20",
            "registration_closes_on": f"{YEAR}-03-01",
            "starts_on": f"{YEAR}-04-10",
            "ends_on": f"{YEAR}-04-11",
        },
    )
    assert response.status_code == 400 and not Competition.objects.filter(title="错日期").exists()


def test_the_unit_registers_the_organiser_confirms_and_both_download_the_card(client, world, monkeypatch):
    comp, occ = open_event(world)
    worker = contestant(world, name="甲选手")
    _login(client, world.users["unit"])
    page = client.get("/competitions/registrations/new/")
    assert page.status_code == 200 and comp.title in page.content.decode()
    response = client.post("/competitions/registrations/new/", {"occupation": occ.pk, "worker": worker.pk})
    assert response.status_code == 302
    reg = Registration.objects.get(worker=worker)
    # The same worker twice: refused, one registration.
    again = client.post("/competitions/registrations/new/", {"occupation": occ.pk, "worker": worker.pk})
    assert again.status_code == 400 and "不能重复报名" in again.content.decode()
    assert Registration.objects.filter(worker=worker).count() == 1
    # The organiser returns it with a reason (none: refused), the unit resubmits, it is confirmed.
    _login(client, world.users["city"])
    assert 'id="step-confirm"' in client.get(f"/competitions/registrations/{reg.pk}/").content.decode()
    client.post(f"/competitions/registrations/{reg.pk}/step/", {"step": "return", "reason": ""})
    assert Registration.objects.get(pk=reg.pk).state == "submitted"
    client.post(f"/competitions/registrations/{reg.pk}/step/", {"step": "return", "reason": "照片不清"})
    assert Registration.objects.get(pk=reg.pk).state == "returned"
    _login(client, world.users["unit"])
    client.post(f"/competitions/registrations/{reg.pk}/step/", {"step": "resubmit"})
    _login(client, world.users["city"])
    client.post(f"/competitions/registrations/{reg.pk}/step/", {"step": "confirm"})
    reg.refresh_from_db()
    assert (reg.state, reg.card_number) == ("confirmed", f"{YEAR}FL0001")
    seen = {}

    def fake_pdf(template, context):
        seen.update(context)
        return b"%PDF-1.7 card"

    monkeypatch.setattr("innovation.competitions.views.registration.render_pdf", fake_pdf)
    for role in ("city", "unit"):
        _login(client, world.users[role])
        pdf = client.get(f"/competitions/registrations/{reg.pk}/card.pdf")
        assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf"), role
    id_number = Worker.objects.get(pk=worker.pk).id_number
    assert seen["card_number"] == reg.card_number and seen["anonymous_number"] == reg.anonymous_number
    assert seen["venue"] == "锦州市职业技术学院" and id_number not in str(seen)
    for role in ("heishan", "worker", "expert"):
        _login(client, world.users[role])
        assert client.get(f"/competitions/registrations/{reg.pk}/card.pdf").status_code in (403, 404), role


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "报名"
    ws.append(["工种代码", "姓名", "身份证号码"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "报名.xlsx"
    return buffer


def test_the_upload_shows_row_and_column_errors_and_registers_nothing(client, world):
    comp, occ = open_event(world)
    a = contestant(world, name="甲一")
    _login(client, world.users["unit"])
    template = client.get("/competitions/registrations/template.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]
    assert header == ["工种代码", "姓名", "身份证号码"]
    id_number = Worker.objects.get(pk=a.pk).id_number
    response = client.post(
        f"/competitions/{comp.pk}/upload/",
        {"file": _xlsx([("FL", "甲一", id_number), ("XX", "甲一错", id_number)])},
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "工种代码"), (3, "姓名")]
    assert 'id="upload-errors"' in response.content.decode() and Registration.objects.count() == 0
    good = client.post(f"/competitions/{comp.pk}/upload/", {"file": _xlsx([("FL", "甲一", id_number)])})
    assert good.status_code == 302 and Registration.objects.filter(worker=a).count() == 1
    # Another county's admin finds no such open event of his to upload to? The city's event is
    # open to every unit under the city; an expert may not upload at all.
    _login(client, world.users["expert"])
    assert client.get(f"/competitions/{comp.pk}/upload/").status_code == 403


def test_the_registrations_list_is_scoped_and_its_export_equals_the_filtered_list(client, world):
    comp, occ = open_event(world)
    mine = [contestant(world, "yx_a", name=n) for n in ("义一", "义二")]
    theirs = [contestant(world, "hs_a", name=n) for n in ("黑一", "黑二")]
    confirmed(world, occ, mine[:1] + theirs)
    services.register(actor=unit_admin(world, mine[1].enterprise), occupation=occ, worker=mine[1])
    _login(client, world.users["yixian"])
    names = {r.worker.name for r in client.get("/competitions/registrations/").context["table"].data}
    assert names == {"义一", "义二"}  # not 黑山县's contestants
    _login(client, world.users["heishan"])
    assert client.get("/competitions/registrations/").context["table"].paginator.count == 2
    _login(client, world.users["city"])
    assert client.get("/competitions/registrations/").context["table"].paginator.count == 4
    filtered = client.get(f"/competitions/registrations/?competition={comp.pk}&state=confirmed")
    listed = sorted(r.worker.name for r in filtered.context["table"].data)
    assert listed == ["义一", "黑一", "黑二"]
    export = client.get(f"/competitions/registrations/?competition={comp.pk}&state=confirmed&export=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == listed
    for worker in mine + theirs:
        assert Worker.objects.get(pk=worker.pk).id_number not in str(rows)
    _login(client, world.users["worker"])
    assert client.get("/competitions/registrations/").status_code == 403


def test_the_competitions_and_leagues_lists_filter_and_export(client, world):
    competition(world, title="叉车大赛")
    competition(world, title="焊工大赛")
    League.objects.create(union=world.heishan, year=YEAR, title="黑山联赛")
    _login(client, world.users["city"])
    response = client.get("/competitions/?q=叉车")
    assert [c.title for c in response.context["table"].data] == ["叉车大赛"]
    export = client.get("/competitions/?q=叉车&export=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["叉车大赛"]
    assert client.get("/competitions/leagues/").context["table"].paginator.count == 1
    _login(client, world.users["yixian"])
    assert client.get("/competitions/leagues/").context["table"].paginator.count == 0


def test_the_workflows_link_to_the_pages_and_the_queue(client, world):
    from innovation.core import workflow as kernel

    comp, occ = open_event(world)
    reg = services.register(actor=world.users["unit"], occupation=occ, worker=contestant(world))
    assert kernel.workflow_of(reg).url(reg) == f"/competitions/registrations/{reg.pk}/"
    assert kernel.workflow_of(comp).url(comp) == f"/competitions/{comp.pk}/"
    assert kernel.workflow_of(reg).queue_url() == "/competitions/registrations/?awaiting=me"
    client.force_login(world.users["city"])
    queue = client.get("/competitions/registrations/?awaiting=me")
    assert [r.pk for r in queue.context["table"].data] == [reg.pk]
    client.force_login(world.users["heishan"])
    assert client.get("/competitions/registrations/?awaiting=me").context["table"].paginator.count == 0


def test_the_card_is_a_real_pdf(client, world):
    comp, occ = open_event(world)
    [reg] = confirmed(world, occ, [contestant(world, name="甲选手")])
    client.force_login(world.users["unit"])
    assert 'id="card-link"' in client.get(f"/competitions/registrations/{reg.pk}/").content.decode()
    pdf = client.get(f"/competitions/registrations/{reg.pk}/card.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_odd_input_on_the_organiser_forms_is_a_400_never_a_500(client, world):
    comp = competition(world)
    occ = occupation(world, comp)
    _login(client, world.users["city"])
    url = f"/competitions/occupations/{occ.pk}/scheme/"
    for aspects in (
        "A|A1|绕桩|measurement|NaN",
        "A|A1|绕桩|measurement|1e999",
        "A|A1|绕桩|measurement|-3",
        "A|A1|绕桩|guess|3",
        "A|A1|绕桩|judgement|6|a|b|c",
        "A|A1|绕桩|judgement|6||||",
        "Z|A1|绕桩|measurement|3",
    ):
        response = client.post(url, {"sections": "A|场地驾驶|100", "aspects": aspects})
        assert response.status_code == 400, aspects
    assert sorted(occ.aspects.values_list("code", flat=True)) == ["A1", "A2", "B1"]
    edit = f"/competitions/occupations/{occ.pk}/edit/"
    base = {
        "title": "叉车司机",
        "quota_per_unit": 2,
        "theory_weight": 30,
        "practical_weight": 70,
        "tie_break": "practical",
        "places": "一等奖|1|0",
        "judgement_spread": 1,
    }
    for change in (
        {"tie_break": "aspect:ZZ"},
        {"tie_break": "luck"},
        {"places": "一等奖|0|0"},
        {"places": "一等奖|x|0"},
        {"title_rules": "5|1|能手|技师"},
        {"title_rules": "1|5|能手|宇航员"},
        {"min_age": 50, "max_age": 20},
        {"min_skill_level": "9"},
    ):
        assert client.post(edit, {**base, **change}).status_code == 400, change
    assert Occupation.objects.get(pk=occ.pk).places == occ.places
