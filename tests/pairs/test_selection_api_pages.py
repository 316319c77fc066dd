"""The selections' pages and API: scoped lists with filters and exports, the steps, the expert's
sheet, the award and its certificate on the public /verify/ page; /api/v1/stats figures."""

import pytest

from innovation.accounts.roles import Role
from innovation.pairs import services
from innovation.pairs.models import NominationState, PairAward, PairScore, SelectionState

from ..factories import make_user
from .selection_builders import (
    LATER,
    TODAY,
    YEAR,
    active_pairs,
    city_selection,
    experts,
    master_apprentice_line,
    prize_2020,
    run_to_notice,
)


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


@pytest.fixture
def awarded(world):
    city = world.users["city"]
    second = make_user("t_city_2", (Role.CITY_ADMIN, world.city))
    prize_2020()
    pairs = active_pairs(world, 2)
    experts(world, 2, employer=world.units["hs_a"])
    selection = city_selection(world, quota=2)
    run_to_notice(world, pairs, selection, second_city=second)
    services.budget_line_set(actor=city, selection=selection, line=master_apprentice_line(world, 10_000))
    services.selection_step(actor=city, selection=selection, step="finalise", now=LATER)
    return selection


def test_stats_count_the_pairs_awarded_and_the_prizes_paid(api, world, awarded):
    city = world.users["city"]
    stats = api(city, "get", "/api/v1/stats").json()
    assert (stats["pairs_awarded_by_year"], stats["pair_prizes_paid_yuan"]) == ({str(YEAR): 2}, 0)
    services.prizes_pay_all(actor=city, selection=awarded, paid_on=TODAY, voucher_prefix="JP")
    stats = api(city, "get", "/api/v1/stats").json()
    assert (stats["pairs_awarded_by_year"], stats["pair_prizes_paid_yuan"]) == ({str(YEAR): 2}, 10_000)
    other = api(world.users["heishan"], "get", "/api/v1/stats").json()  # another county: none of its pairs
    assert (other["pairs_awarded_by_year"], other["pair_prizes_paid_yuan"]) == ({}, 0)


def test_pay_all_is_offered_while_prizes_are_unpaid_and_the_ledger_names_its_sources(client, world, awarded):
    from innovation.funds.models import Commitment

    city = world.users["city"]
    client.force_login(city)
    page = client.get(f"/pairs/selections/{awarded.pk}/").content.decode()
    assert 'id="pay-all"' in page and "支付全部奖金（4笔未付）" in page
    commitment = Commitment.objects.filter(source_kind="pair_award").order_by("pk").first()
    assert (
        commitment.purpose.startswith(f"{YEAR}年锦州市金牌师徒创新创效奖（")
        and f"{YEAR}年{YEAR}年" not in commitment.purpose
    )
    assert (
        commitment.policy_ref.startswith("金牌师徒奖金标准第")
        and "师傅3,000.00元、徒弟2,000.00元" in commitment.policy_ref
    )
    assert commitment.decision_ref.startswith(f"金牌师徒评选第{awarded.pk}号第1版，审批：")
    services.prizes_pay_all(actor=city, selection=awarded, paid_on=TODAY, voucher_prefix="JP")
    page = client.get(f"/pairs/selections/{awarded.pk}/").content.decode()
    assert 'id="pay-all"' not in page and 'id="workflow-actions"' not in page


def test_the_lists_are_scoped_and_the_pages_render(client, world, awarded):
    for role in ("city", "yixian", "unit"):
        client.force_login(world.users[role])
        for name in ("selections", "nominations", "awards"):
            response = client.get(f"/pairs/{name}/")
            assert response.status_code == 200, (role, name)
        assert client.get(f"/pairs/selections/{awarded.pk}/").status_code == 200
    client.force_login(world.users["heishan"])
    assert client.get("/pairs/nominations/").context["table"].paginator.count == 0
    assert client.get("/pairs/awards/").context["table"].paginator.count == 0
    client.force_login(world.users["city"])
    assert client.get("/pairs/awards/").context["table"].paginator.count == 4
    assert client.get("/pairs/awards/?side=master").context["table"].paginator.count == 2
    assert client.get("/pairs/awards/?export=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    nomination = awarded.nominations.first()
    assert client.get(f"/pairs/nominations/{nomination.pk}/").status_code == 200


def test_the_apprentice_downloads_his_certificate_and_a_stranger_verifies_it(client, world, awarded):
    award = PairAward.objects.filter(selection=awarded, side="apprentice").select_related("worker").first()
    apprentice = make_user("t_apprentice", (Role.WORKER, award.worker.enterprise.union), worker=award.worker)
    client.force_login(apprentice)
    assert client.get(f"/pairs/awards/{award.pk}/").status_code == 200
    pdf = client.get(f"/pairs/awards/{award.pk}/certificate.pdf")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    other = PairAward.objects.exclude(worker=award.worker).first()
    assert client.get(f"/pairs/awards/{other.pk}/").status_code == 404
    client.logout()
    page = client.get(f"/verify/{award.certificate_code.lower()}/")
    assert page.context["facts"]["name"] == award.name
    assert "金牌师徒" in page.context["facts"]["grade"]
    assert client.get("/verify/ZZZZZZZZZZZZ/").context["facts"] is None


def test_the_api_runs_a_nomination_through_the_steps(api, world):
    pairs = active_pairs(world, 1)
    selection = city_selection(world)
    unit, county, city = world.users["unit"], world.users["yixian"], world.users["city"]
    made = api(
        unit,
        "post",
        "/api/v1/pairs/nominations",
        {"selection": selection.pk, "agreement": pairs[0].pk, "summary": "推荐"},
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    refused = api(
        world.users["heishan"], "post", f"/api/v1/pairs/nominations/{pk}/step", {"step": "recommend"}
    )
    assert refused.status_code == 404  # not in his county
    done = api(
        county, "post", f"/api/v1/pairs/nominations/{pk}/step", {"step": "recommend", "reason": "同意"}
    )
    assert done.json()["state"] == NominationState.RECOMMENDED
    closed = api(city, "post", f"/api/v1/pairs/selections/{selection.pk}/step", {"step": "close_call"})
    assert closed.json()["state"] == SelectionState.SCORING
    experts(world, 2, employer=world.units["hs_a"])
    assert api(city, "post", f"/api/v1/pairs/selections/{selection.pk}/auto-assign").status_code == 200
    sheet = PairScore.objects.select_related("expert__user").first()
    bad = api(
        sheet.expert.user,
        "post",
        f"/api/v1/pairs/scores/{sheet.pk}/submit",
        {"scores": {"skill": 120, "innovation": 1, "teaching": 1}},
    )
    assert bad.status_code == 400 and "0至100分" in str(bad.json())
    mine = api(sheet.expert.user, "get", "/api/v1/pairs/scores").json()
    assert [r["id"] for r in mine["results"]] == [sheet.pk]
    assert api(world.users["unit"], "get", "/api/v1/pairs/selections").json()["count"] == 1


def test_the_pages_take_the_steps(client, world):
    """The call published on its form; the unit nominates, the county recommends, the expert fills
    in the sheet (a score out of range shown, nothing saved), the city closes and ranks."""
    city, unit, county = world.users["city"], world.users["unit"], world.users["yixian"]
    pairs = active_pairs(world, 1)
    client.force_login(city)
    assert client.get("/pairs/selections/new/").status_code == 200
    made = client.post(
        "/pairs/selections/new/",
        {
            "level": "city",
            "union": world.city.pk,
            "year": YEAR,
            "title": f"{YEAR}年金牌师徒评选",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
            "quota": 11,
            "criteria": '[{"key": "skill", "label": "技能", "weight": 100, "max": 100}]',
        },
    )
    selection = world.city.pair_selections.get()
    assert made.status_code == 302 and made["Location"] == f"/pairs/selections/{selection.pk}/"
    client.force_login(unit)
    page = client.get(f"/pairs/selections/{selection.pk}/")
    assert page.context["nominate_form"] is not None
    client.post(f"/pairs/selections/{selection.pk}/nominate/", {"agreement": pairs[0].pk, "summary": "推荐"})
    nomination = selection.nominations.get()
    client.force_login(county)
    client.post(f"/pairs/nominations/{nomination.pk}/step/", {"step": "recommend"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RECOMMENDED
    client.force_login(city)
    client.post(f"/pairs/selections/{selection.pk}/step/", {"step": "close_call"})
    experts(world, 2, employer=world.units["hs_a"])
    client.post(f"/pairs/selections/{selection.pk}/action/", {"what": "auto_assign"})
    sheets = list(PairScore.objects.filter(nomination=nomination).select_related("expert__user"))
    assert len(sheets) == 2
    for value, sheet in zip(("88", "92"), sheets, strict=True):
        client.force_login(sheet.expert.user)
        assert client.get("/pairs/scores/").context["table"].paginator.count == 1
        bad = client.post(f"/pairs/scores/{sheet.pk}/", {"score_skill": "101"})
        assert bad.status_code == 400 and "0至100分之间" in bad.content.decode()
        assert (
            client.post(f"/pairs/scores/{sheet.pk}/", {"score_skill": value, "notes": "现场"}).status_code
            == 302
        )
    client.force_login(city)
    client.post(f"/pairs/selections/{selection.pk}/step/", {"step": "rank"})
    nomination.refresh_from_db()
    assert (nomination.state, str(nomination.score), nomination.rank) == (
        NominationState.IN_DECISION,
        "90.000",
        1,
    )
    page = client.get(f"/pairs/nominations/{nomination.pk}/")
    assert page.status_code == 200 and len(page.context["sheets"]) == 2
