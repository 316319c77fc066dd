"""The pages: committee decision, public notice, objections, award list and detail — each
showing exactly the caller's scope, with data present that could leak."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from innovation.achievements.models import AwardGrade
from innovation.awards import services
from innovation.awards.models import Award, Decision, Objection

from . import decision_world as support
from .decision_world import after_notice, line_of, to_notice

# Shared fixtures (tests/awards has no conftest of its own).
city2 = support.city2
media = support.media
ranked = support.ranked

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def final(world, ranked):
    decision = to_notice(ranked)
    services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    return decision


def titles(ranks) -> set[str]:
    return {f"成果{r:02d}" for r in ranks}


ALL_RANKS = range(1, 13)
# 义县 items are ranks 1,3,5,7,9,11 (yx_a: 1,5,9 — t_worker is their first author); 1–10 are awarded.
AWARD_SCOPE = {
    "city": titles(range(1, 11)),
    "yixian": titles([1, 3, 5, 7, 9]),
    "heishan": titles([2, 4, 6, 8, 10]),
    "unit": titles([1, 5, 9]),
    "worker": titles([1, 5, 9]),
}


@pytest.mark.parametrize("who", [*AWARD_SCOPE, "expert", "audit"])
def test_award_list_shows_exactly_the_callers_awards(client, world, final, who):
    client.force_login(world.users[who])
    page = client.get("/awards/")
    if who in ("expert", "audit"):
        assert page.status_code == 403
        return
    assert page.status_code == 200
    html = page.content.decode()
    shown = {t for t in titles(ALL_RANKS) if t in html}
    assert shown == AWARD_SCOPE[who]


def test_award_list_export_has_exactly_the_scoped_rows(client, world, final):
    client.force_login(world.users["yixian"])
    response = client.get("/awards/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("编号", "年度", "成果名称", "单位", "奖项", "奖金(元)")
    assert {r[2][:4] for r in rows[1:]} == titles([1, 3, 5, 7, 9])


def test_award_list_filters_and_search(client, world, final):
    client.force_login(world.users["city"])

    def shown(query):
        html = client.get(f"/awards/?{query}").content.decode()
        return {t for t in titles(ALL_RANKS) if t in html}

    year = final.campaign.year
    assert shown("grade=first") == titles([1])
    assert shown("grade=excellence") == titles([7, 8, 9, 10])
    assert shown(f"district={world.heishan.pk}") == titles([2, 4, 6, 8, 10])
    assert shown(f"year={year}") == titles(range(1, 11))
    assert shown(f"year={year - 1}") == set()
    assert shown("q=成果03") == titles([3])
    assert shown("q=黑山丁") == titles([4, 8])  # unit name
    assert shown(f"q={world.workers['hs_b_1'].name}") == titles([2, 4, 6, 8, 10])  # 黑山职工一 (both units)
    assert shown("unit=黑山丙") == titles([2, 6, 10])


def test_award_detail_shows_shares_amounts_and_commitment_state(client, world, final):
    award = Award.objects.get(achievement__title__startswith="成果01")
    client.force_login(world.users["yixian"])
    page = client.get(f"/awards/{award.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "5,000.00" in html
    assert "待支付" in html
    assert award.shares.get().certificate_code in html
    assert "t_city、t_city2" in html or ("t_city" in html and "t_city2" in html)


def test_award_detail_of_another_district_is_not_found(client, world, final):
    award = Award.objects.get(achievement__title__startswith="成果01")
    client.force_login(world.users["heishan"])
    assert client.get(f"/awards/{award.pk}/").status_code == 404
    client.force_login(world.users["worker"])
    other = Award.objects.get(achievement__title__startswith="成果03")
    assert client.get(f"/awards/{other.pk}/").status_code == 404


def test_decisions_are_for_the_city_admin_only(client, world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    for who in ("yixian", "unit", "worker", "expert"):
        client.force_login(world.users[who])
        assert client.get("/awards/decisions/").status_code == 403
        assert client.get(f"/awards/decisions/{decision.pk}/").status_code == 404
    client.force_login(world.users["city"])
    page = client.get("/awards/decisions/")
    assert page.status_code == 200
    assert ranked.campaign.title in page.content.decode()


def test_propose_from_the_list_page(client, world, ranked):
    client.force_login(world.users["city"])
    page = client.get("/awards/decisions/")
    assert 'id="propose-card"' in page.content.decode()
    response = client.post("/awards/decisions/propose/", {"campaign": ranked.campaign.pk})
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/awards/decisions/{decision.pk}/"
    assert decision.lines.count() == 12


def test_decision_page_shows_lines_quotas_and_adjust_forms(client, world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    client.force_login(world.users["city"])
    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert html.count('class="d-flex gap-1 adjust-form"') == 12
    assert 'id="tally-first"' in html
    assert "1 / 1" in html and "4 / 4" in html
    assert 'id="prize-total">21,000.00' in html
    assert 'id="approve-first"' in html


def test_adjust_over_quota_on_the_page_shows_the_message_and_changes_nothing(client, world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    first = AwardGrade.objects.get(campaign=ranked.campaign, code="first")
    line = line_of(decision, ranked.items[1])
    client.force_login(world.users["city"])
    response = client.post(
        f"/awards/decisions/{decision.pk}/adjust/",
        {"line": line.pk, "grade": first.pk, "reason": "创新性突出"},
        follow=True,
    )
    assert "「一等奖」名额为1项，已审定1项，不能再增加。" in response.content.decode()
    assert line_of(decision, ranked.items[1]).grade.code == "second"
    response = client.post(
        f"/awards/decisions/{decision.pk}/adjust/",
        {"line": line.pk, "grade": "", "reason": "材料不全"},
        follow=True,
    )
    assert "已调整为：不授奖" in response.content.decode()
    assert line_of(decision, ranked.items[1]).grade is None


def test_four_eyes_on_the_pages(client, world, ranked, city2):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.set_budget_line(decision=decision, line=ranked.line, actor=ranked.city)
    client.force_login(world.users["city"])
    client.post(f"/awards/decisions/{decision.pk}/approve/")
    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert 'id="waiting-other"' in html and 'id="approve-second"' not in html
    response = client.post(f"/awards/decisions/{decision.pk}/approve/", follow=True)
    assert "四眼原则" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.APPROVING
    client.force_login(city2)
    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert 'id="approve-second"' in html
    client.post(f"/awards/decisions/{decision.pk}/approve/")
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.LOCKED
    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert "adjust-form" not in html and 'id="publish"' in html
    client.post(f"/awards/decisions/{decision.pk}/publish/")
    assert Decision.objects.get(pk=decision.pk).state == Decision.State.NOTICE


def test_finalise_on_the_page_before_the_notice_ends_shows_why(client, world, ranked):
    decision = to_notice(ranked)
    client.force_login(world.users["city"])
    response = client.post(f"/awards/decisions/{decision.pk}/finalise/", follow=True)
    assert "公示期满后才能生效" in response.content.decode()
    Decision.objects.filter(pk=decision.pk).update(notice_ends=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(f"/awards/decisions/{decision.pk}/finalise/", follow=True)
    assert "审定已生效" in response.content.decode()
    assert Award.objects.count() == 10


def test_budget_line_chooser(client, world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    client.force_login(world.users["city"])
    html = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert "五小专项经费" in html and 'id="budget-submit"' in html
    client.post(f"/awards/decisions/{decision.pk}/budget-line/", {"budget_line": ranked.line.pk})
    assert Decision.objects.get(pk=decision.pk).budget_line == ranked.line


@pytest.mark.parametrize("who", ["city", "yixian", "heishan", "unit", "worker", "expert"])
def test_the_notice_is_visible_to_every_signed_in_user(client, world, ranked, who):
    decision = to_notice(ranked)
    client.force_login(world.users[who])
    listing = client.get("/awards/notices/")
    assert listing.status_code == 200
    assert ranked.campaign.title in listing.content.decode()
    page = client.get(f"/awards/notices/{decision.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert titles(range(1, 11)) <= {t for t in titles(ALL_RANKS) if t in html}
    assert "成果11" not in html and "成果12" not in html  # not awarded: not on the list
    assert 'id="objection-card"' in html
    assert 'id="notice-period"' in html


def test_the_notice_shows_names_but_no_personal_data(client, world, ranked):
    decision = to_notice(ranked)
    client.force_login(world.users["expert"])
    html = client.get(f"/awards/notices/{decision.pk}/").content.decode()
    worker = world.workers["yx_a_1"]
    assert worker.name in html
    assert "义县甲机械有限公司" in html
    for secret in (worker.id_number, worker.id_number_masked, worker.phone, worker.phone_masked):
        assert secret and secret not in html


def test_a_draft_decision_has_no_public_notice(client, world, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    client.force_login(world.users["worker"])
    assert client.get(f"/awards/notices/{decision.pk}/").status_code == 404
    assert ranked.campaign.title not in client.get("/awards/notices/").content.decode()


@pytest.mark.usefixtures("media")
def test_raise_an_objection_on_the_page_and_answer_it(client, world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[1])
    client.force_login(world.users["worker"])
    form = client.get(f"/awards/notices/{decision.pk}/objection/?line={line.pk}")
    assert form.status_code == 200
    response = client.post(
        f"/awards/notices/{decision.pk}/objection/",
        {
            "line": line.pk,
            "reason": "该成果与本单位成果雷同",
            "attachment": SimpleUploadedFile("材料.pdf", PDF),
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.raised_by == world.users["worker"]
    # The objector sees their own objection; another user does not.
    assert "该成果与本单位成果雷同" in client.get("/awards/objections/").content.decode()
    client.force_login(world.users["expert"])
    assert "该成果与本单位成果雷同" not in client.get("/awards/objections/").content.decode()
    assert client.get(f"/awards/objections/{objection.pk}/attachment/").status_code == 404
    # The city admin answers on the list page.
    client.force_login(world.users["city"])
    html = client.get("/awards/objections/").content.decode()
    assert "该成果与本单位成果雷同" in html and "answer-form" in html
    assert client.get(f"/awards/objections/{objection.pk}/attachment/").status_code == 200
    client.post(f"/awards/objections/{objection.pk}/answer/", {"upheld": "false", "answer": "经核查不雷同。"})
    objection.refresh_from_db()
    assert objection.state == Objection.State.DISMISSED
    client.force_login(world.users["worker"])
    html = client.get(f"/awards/notices/{decision.pk}/").content.decode()
    assert "经核查不雷同。" in html


def test_objections_list_export(client, world, ranked):
    decision = to_notice(ranked)
    services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="甲异议"
    )
    client.force_login(world.users["city"])
    response = client.get("/awards/objections/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][5] == "甲异议"


def test_an_objection_after_the_notice_on_the_page_is_refused(client, world, ranked):
    decision = to_notice(ranked)
    Decision.objects.filter(pk=decision.pk).update(notice_ends=timezone.now() - datetime.timedelta(minutes=1))
    line = line_of(decision, ranked.items[1])
    client.force_login(world.users["worker"])
    html = client.get(f"/awards/notices/{decision.pk}/").content.decode()
    assert 'id="objection-card"' not in html and 'id="objections-closed"' in html
    response = client.post(
        f"/awards/notices/{decision.pk}/objection/", {"line": line.pk, "reason": "迟到的异议"}
    )
    assert response.status_code == 200
    assert "现已结束" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_upheld_objection_withdraws_the_notice_but_its_objector_still_sees_why(client, world, ranked):
    decision = to_notice(ranked)
    objection = services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="抄袭"
    )
    client.force_login(world.users["city"])
    client.post(f"/awards/objections/{objection.pk}/answer/", {"upheld": "true", "answer": "属实"})
    assert Decision.objects.get(pk=decision.pk).version == 2
    client.force_login(world.users["worker"])
    html = client.get(f"/awards/notices/{decision.pk}/").content.decode()
    assert 'id="withdrawn"' in html and "属实" in html
    client.force_login(world.users["expert"])
    assert client.get(f"/awards/notices/{decision.pk}/").status_code == 404
