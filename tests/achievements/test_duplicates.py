"""Near-duplicate detection of achievements (查重): the check at submit, on import and on demand;
who sees what; the city's verdict; blocking_pair."""

import pytest
from django.urls import reverse

from innovation.accounts.roles import Role
from innovation.achievements import services
from innovation.achievements.duplicates import Verdict, blocking_pair, record_verdict
from innovation.achievements.models import DuplicatePair, State
from innovation.audit.models import AuditEntry
from innovation.core import workflow as kernel
from innovation.similarity.models import SimilarityBand

from ..factories import make_user
from ..similarity.texts import BATTERY, BATTERY_REORDERED, BATTERY_TRADITIONAL, UNRELATED
from .conftest import full_fields
from .test_import import row, run, workbook

EARLIER_TITLE = "单体电压自动巡检记录仪"
EARLIER_UNIT = "黑山丙化工有限公司"
SHORT = ["蓄电池组充放电试验自动数据记录装置", "见附件。", "见附件。", "见附件。"]


def _texts(texts, title=None):
    return {
        "title": title or texts[0],
        "problem": texts[1],
        "solution": texts[2],
        "effect": texts[3],
    }


def _filed(world, campaign, unit_key, actor, texts, title=None, capture=None):
    item = services.achievement_create(
        actor=actor,
        campaign=campaign,
        enterprise=world.units[unit_key],
        authors=[{"worker": world.workers[f"{unit_key}_1"].pk, "share": 100}],
        **full_fields(**_texts(texts, title)),
    )
    kernel.run(obj=item, step="submit", actor=actor, pledge=True)
    return item


@pytest.fixture
def hs_unit(world):
    return make_user("t_unit_hs", (Role.UNIT_ADMIN, world.units["hs_a"].union))


@pytest.fixture
def earlier(world, campaign, hs_unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _filed(world, campaign, "hs_a", hs_unit, BATTERY, title=EARLIER_TITLE)


@pytest.fixture
def newer(world, campaign, earlier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _filed(world, campaign, "yx_a", world.users["unit"], BATTERY_REORDERED)


def test_submit_indexes_and_finds_the_earlier_item(world, earlier, newer):
    pair = DuplicatePair.objects.get()
    assert (pair.newer, pair.earlier) == (newer, earlier)
    assert pair.jaccard == pytest.approx(0.6967, abs=1e-4)
    assert pair.verdict == ""
    assert pair.scope_path == newer.scope_path
    assert SimilarityBand.objects.filter(corpus="achievement").count() == 64  # 32 bands × 2 items
    newer.refresh_from_db()
    assert newer.state == State.SUBMITTED  # warned, never blocked


def test_traditional_and_full_width_copy_is_found_and_unrelated_is_not(
    world, campaign, earlier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        copy = _filed(world, campaign, "yx_a", world.users["unit"], BATTERY_TRADITIONAL)
        other = _filed(world, campaign, "yx_a", world.users["unit"], UNRELATED)
    assert list(DuplicatePair.objects.filter(newer=copy).values_list("earlier_id", flat=True)) == [earlier.pk]
    assert not DuplicatePair.objects.filter(newer=other).exists()
    # The earlier item is never paired with a later one when it is checked again.
    services_pairs = DuplicatePair.objects.filter(newer=earlier)
    assert not services_pairs.exists()


def test_short_texts_do_not_match(world, campaign, hs_unit):
    # A title and "见附件" in every text: below the guard, the same title matches nothing.
    _filed(world, campaign, "hs_a", hs_unit, SHORT)
    _filed(world, campaign, "yx_a", world.users["unit"], SHORT)
    assert not DuplicatePair.objects.exists()


def test_a_failing_check_never_blocks_the_submission(
    world, campaign, monkeypatch, django_capture_on_commit_callbacks
):
    from innovation.similarity import engine

    def broken(*args, **kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(engine, "matches", broken)
    with django_capture_on_commit_callbacks(execute=True):
        item = _filed(world, campaign, "yx_a", world.users["unit"], BATTERY)
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_the_unit_sees_that_a_match_exists_not_its_text(client, world, earlier, newer):
    client.force_login(world.users["unit"])
    page = client.get(reverse("achievements:detail", args=[newer.pk])).content.decode()
    assert "与已申报的成果相似" in page
    assert "其他单位已申报一项相似的成果（" in page
    assert EARLIER_TITLE not in page and EARLIER_UNIT not in page
    assert "duplicate-diff" not in page and "verdict-form" not in page


def test_the_city_sees_title_diff_and_the_verdict_form(client, world, earlier, newer):
    client.force_login(world.users["city"])
    page = client.get(reverse("achievements:detail", args=[newer.pk])).content.decode()
    assert "相似的已申报成果" in page
    assert EARLIER_TITLE in page and "相似度 70%" in page
    assert "duplicate-diff" in page and '<ins class="dup-ins">' in page and '<del class="dup-del">' in page
    assert "verdict-form" in page


def test_the_county_sees_the_match_but_not_another_countys_text(client, world, earlier, newer):
    client.force_login(world.users["yixian"])
    page = client.get(reverse("achievements:detail", args=[newer.pk])).content.decode()
    assert "相似的已申报成果" in page and "其他单位已申报一项相似的成果" in page
    assert EARLIER_TITLE not in page and "verdict-form" not in page


def test_submit_page_warns(client, world, campaign, earlier, django_capture_on_commit_callbacks):
    item = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(**_texts(BATTERY_TRADITIONAL)),
    )
    client.force_login(world.users["unit"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("achievements:step", args=[item.pk]), {"step": "submit", "pledge": "on"}
        )
    page = client.get(response.url).content.decode()
    assert "该成果与1项已申报的成果相似" in page
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_city_verdict_is_recorded_audited_and_blocks(client, world, earlier, newer):
    pair = DuplicatePair.objects.get()
    client.force_login(world.users["city"])
    response = client.post(
        reverse("achievements:pair_verdict", args=[pair.pk]), {"verdict": "duplicate", "note": "同一装置"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.verdict, pair.note, pair.verdict_by) == ("duplicate", "同一装置", world.users["city"])
    assert AuditEntry.objects.filter(
        object_type="achievements.duplicatepair", object_id=str(pair.pk)
    ).exists()
    assert blocking_pair(newer) == pair
    assert blocking_pair(earlier) is None
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.EVOLVED)
    assert blocking_pair(newer) is None
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.RESUBMISSION)
    assert blocking_pair(newer) == pair


def test_verdict_out_of_scope_is_refused_and_changes_nothing(client, world, earlier, newer):
    pair = DuplicatePair.objects.get()
    # The county sees the pair but may not judge it: a message, nothing changed.
    client.force_login(world.users["yixian"])
    client.post(reverse("achievements:pair_verdict", args=[pair.pk]), {"verdict": "duplicate"})
    # The unit does not see the pair at all: 404.
    client.force_login(world.users["unit"])
    assert (
        client.post(
            reverse("achievements:pair_verdict", args=[pair.pk]), {"verdict": "duplicate"}
        ).status_code
        == 404
    )
    pair.refresh_from_db()
    assert pair.verdict == ""
    # The API likewise: 403 with a Chinese message for the county, 404 for the unit.
    client.force_login(world.users["yixian"])
    response = client.post(
        f"/api/v1/duplicates/{pair.pk}/verdict", {"verdict": "duplicate"}, content_type="application/json"
    )
    assert response.status_code == 403 and "不在您的认定权限范围内" in response.json()["detail"]
    client.force_login(world.users["unit"])
    response = client.post(
        f"/api/v1/duplicates/{pair.pk}/verdict", {"verdict": "duplicate"}, content_type="application/json"
    )
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.verdict == ""


def test_pair_list_export_and_api_are_scoped(client, world, earlier, newer):
    url = reverse("achievements:duplicates")
    client.force_login(world.users["city"])
    page = client.get(url).content.decode()
    assert newer.title in page and EARLIER_TITLE in page
    assert client.get(url, {"verdict": "undecided"}).context["table"].paginator.count == 1
    assert client.get(url, {"verdict": "duplicate"}).context["table"].paginator.count == 0
    assert client.get(url, {"jaccard_min": "0.8"}).context["table"].paginator.count == 0
    export = client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    data = client.get("/api/v1/duplicates").json()
    assert data["count"] == 1 and data["results"][0]["earlier_title"] == EARLIER_TITLE
    response = client.post(
        f"/api/v1/duplicates/{DuplicatePair.objects.get().pk}/verdict",
        {"verdict": "evolved", "note": "有改进"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["verdict"] == "evolved"

    client.force_login(world.users["yixian"])
    data = client.get("/api/v1/duplicates").json()
    assert data["count"] == 1
    assert data["results"][0]["earlier"] is None and data["results"][0]["earlier_title"] == ""
    page = client.get(url).content.decode()
    assert EARLIER_TITLE not in page and "其他单位的成果" in page
    client.force_login(world.users["heishan"])
    assert client.get("/api/v1/duplicates").json()["count"] == 0
    client.force_login(world.users["unit"])
    assert client.get(url).status_code == 403
    assert client.get("/api/v1/duplicates").json()["count"] == 0


def test_recheck_on_demand(client, world, earlier, newer):
    DuplicatePair.objects.all().delete()
    client.force_login(world.users["unit"])
    response = client.post(reverse("achievements:recheck", args=[newer.pk]))
    assert response.status_code == 302
    assert DuplicatePair.objects.filter(newer=newer, earlier=earlier).exists()
    # A verdict survives a re-check.
    pair = DuplicatePair.objects.get()
    record_verdict(actor=world.users["city"], pair=pair, verdict=Verdict.DUPLICATE)
    client.post(reverse("achievements:recheck", args=[newer.pk]))
    pair.refresh_from_db()
    assert pair.verdict == "duplicate"
    # Nobody outside the item's scope re-checks it.
    client.force_login(world.users["heishan"])
    assert client.post(reverse("achievements:recheck", args=[newer.pk])).status_code == 404


def test_import_flags_near_copies(world, campaign, earlier, django_capture_on_commit_callbacks):
    worker = world.workers["yx_a_1"]
    content = workbook(
        [
            row(
                "蓄電池組充放電試驗自動數據記錄裝置",
                worker,
                problem=BATTERY_TRADITIONAL[1],
                solution=BATTERY_TRADITIONAL[2],
                effect=BATTERY_TRADITIONAL[3],
            ),
            row(UNRELATED[0], worker, problem=UNRELATED[1], solution=UNRELATED[2], effect=UNRELATED[3]),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = run(content, campaign, world.users["unit"], submit=True)
    assert not outcome.errors
    flagged = DuplicatePair.objects.values_list("newer__title", "earlier_id")
    assert list(flagged) == [("蓄電池組充放電試驗自動數據記錄裝置", earlier.pk)]


def test_an_assigned_expert_sees_the_earlier_text_without_its_unit(client, world, campaign, earlier):
    from ..review.conftest import assign, make_expert, under_review

    texts = _texts(BATTERY_REORDERED)
    item = under_review(world, campaign, "yx_a", texts.pop("title"), **texts)
    assert DuplicatePair.objects.filter(newer=item, earlier=earlier).exists()
    assignment = assign(item, make_expert(world, "", "专家王一", user=world.users["expert"]))
    client.force_login(world.users["expert"])
    page = client.get(reverse("review:score", args=[assignment.pk])).content.decode()
    assert "相似的已申报成果" in page and EARLIER_TITLE in page and "duplicate-diff" in page
    assert EARLIER_UNIT not in page and "verdict-form" not in page
