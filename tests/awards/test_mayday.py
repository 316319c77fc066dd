"""The May-Day award quota (五一劳动奖): reserved places, proposed candidates with exact points
and order, confirmation by the city admin, the page and its Excel export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import mayday
from innovation.awards.models import MayDayCandidate, MayDayQuota
from innovation.org import services as org_services
from tests.achievements.conftest import make_campaign
from tests.awards.test_certificates import make_award
from tests.factories import make_worker

T0 = timezone.make_aware(datetime.datetime(2020, 12, 1, 10, 0))


@pytest.fixture
def people(world):
    unit = world.units["yx_a"]
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬"]
    return {n: make_worker(unit, f"职工{n}") for n in names}


@pytest.fixture
def year_2020(world, people):
    """Awards of 2020 (and one of 2019 that must not count):

    award                         authors (share)      points
    1 first    T0                 甲 60, 乙 40          甲 6,   乙 4 (乙 not first here)
    2 second   T0+1d              乙 100               乙 6  -> 乙 10
    3 third    T0                 丙 100               丙 3
    4 first    T0+2d              丁 50, 甲 50          丁 5,   甲 5 -> 甲 11
    5 excel.   T0                 戊 100               戊 1
    6 second   T0                 己 50, 辛 50          己 3 (ties 丙 at 3, higher grade first), 辛 co-author only
    7 excel.   T0+1d              庚 100               庚 1 (ties 戊, later award)
    8 first    T0                 壬 100               壬 has left the job: not a candidate
    2019 first                    丙 100               other year: not counted
    """
    campaign = make_campaign(world, year=2020)
    p = people

    def award(title, grade, authors, at):
        return make_award(world, campaign, title=title, grade=grade, authors=authors, awarded_at=at)

    award("成果一", "first", [(p["甲"], 60), (p["乙"], 40)], T0)
    award("成果二", "second", [(p["乙"], 100)], T0 + datetime.timedelta(days=1))
    award("成果三", "third", [(p["丙"], 100)], T0)
    award("成果四", "first", [(p["丁"], 50), (p["甲"], 50)], T0 + datetime.timedelta(days=2))
    award("成果五", "excellence", [(p["戊"], 100)], T0)
    award("成果六", "second", [(p["己"], 50), (p["辛"], 50)], T0)
    award("成果七", "excellence", [(p["庚"], 100)], T0 + datetime.timedelta(days=1))
    award("成果八", "first", [(p["壬"], 100)], T0)
    org_services.worker_update(actor=None, worker=p["壬"], is_active=False)
    other = make_campaign(world, year=2019)
    make_award(world, other, title="旧成果", grade="first", authors=[(p["丙"], 100)])
    return campaign


EXPECTED = [
    ("职工甲", Decimal("11.00")),
    ("职工乙", Decimal("10.00")),
    ("职工丁", Decimal("5.00")),
    ("职工己", Decimal("3.00")),
    ("职工丙", Decimal("3.00")),
    ("职工戊", Decimal("1.00")),
    ("职工庚", Decimal("1.00")),
]


def make_quota(world, *, places=20, percent="17.5") -> MayDayQuota:
    return mayday.quota_save(
        union=world.city, year=2020, places_total=places, share_percent=percent, actor=world.users["city"]
    )


@pytest.mark.parametrize(
    ("places", "percent", "reserved"),
    [(20, "17.5", 3), (20, "20", 4), (7, "50", 3), (100, "0", 0), (3, "100", 3), (9, "33.33", 2)],
)
def test_reserved_places_are_rounded_down(world, places, percent, reserved):
    assert mayday.reserved_places(make_quota(world, places=places, percent=percent)) == reserved


def test_candidates_have_exact_points_and_order(world, year_2020):
    quota = make_quota(world)
    rows = mayday.propose_candidates(quota=quota, actor=world.users["city"])
    assert [(c.worker.name, c.points) for c in rows] == EXPECTED
    stored = list(MayDayCandidate.objects.filter(quota=quota).select_related("worker"))
    assert [(c.rank, c.worker.name, c.points) for c in stored] == [
        (i, name, points) for i, (name, points) in enumerate(EXPECTED, start=1)
    ]
    first = stored[0]
    assert "《成果一》一等奖，第1完成人，份额60%" in first.basis
    assert "《成果四》一等奖，第2完成人，份额50%" in first.basis
    audit = AuditEntry.objects.filter(
        object_type="awards.maydayquota", detail__startswith="May-Day candidates"
    )
    assert audit.get().detail == "May-Day candidates proposed: 7; reserved 3"


def test_proposing_again_replaces_the_list(world, year_2020, people):
    quota = make_quota(world)
    mayday.propose_candidates(quota=quota, actor=world.users["city"])
    mayday.propose_candidates(quota=quota, actor=world.users["city"])
    assert quota.candidates.count() == 7


def test_confirming_within_the_reserved_places(world, year_2020, people):
    quota = make_quota(world)
    mayday.propose_candidates(quota=quota, actor=world.users["city"])
    chosen = [people["甲"].pk, people["乙"].pk, people["己"].pk]
    mayday.confirm(quota=quota, worker_ids=chosen, actor=world.users["city"])
    quota.refresh_from_db()
    assert quota.confirmed_by == world.users["city"] and quota.confirmed_at is not None
    assert set(quota.candidates.filter(confirmed=True).values_list("worker_id", flat=True)) == set(chosen)
    detail = AuditEntry.objects.filter(detail__startswith="May-Day confirmed").get().detail
    assert detail == "May-Day confirmed: 职工甲、职工乙、职工己"
    # once confirmed, nothing changes any more
    with pytest.raises(ValidationError):
        mayday.propose_candidates(quota=quota, actor=world.users["city"])
    with pytest.raises(ValidationError):
        make_quota(world, places=30)
    assert quota.candidates.filter(confirmed=True).count() == 3


def test_confirming_more_than_reserved_is_refused_and_changes_nothing(world, year_2020, people):
    quota = make_quota(world)
    mayday.propose_candidates(quota=quota, actor=world.users["city"])
    four = [people[n].pk for n in "甲乙丁己"]
    with pytest.raises(ValidationError) as err:
        mayday.confirm(quota=quota, worker_ids=four, actor=world.users["city"])
    assert "最多只能确认 3 人" in err.value.messages[0]
    with pytest.raises(ValidationError, match="不在候选名单"):
        mayday.confirm(quota=quota, worker_ids=[people["辛"].pk], actor=world.users["city"])
    with pytest.raises(ValidationError, match="至少选择"):
        mayday.confirm(quota=quota, worker_ids=[], actor=world.users["city"])
    quota.refresh_from_db()
    assert quota.confirmed_at is None
    assert not quota.candidates.filter(confirmed=True).exists()


def test_only_the_city_admin_manages_the_quota(world, year_2020):
    quota = make_quota(world)
    for who in ("yixian", "unit", "worker"):
        with pytest.raises(PermissionDenied):
            mayday.propose_candidates(quota=quota, actor=world.users[who])
        with pytest.raises(PermissionDenied):
            mayday.quota_save(
                union=world.city, year=2020, places_total=5, share_percent=10, actor=world.users[who]
            )


def test_bad_quota_input_is_explained(world):
    with pytest.raises(ValidationError) as err:
        mayday.quota_save(union=world.city, year=2020, places_total=0, share_percent="120", actor=None)
    assert set(err.value.message_dict) == {"places_total", "share_percent"}
    assert not MayDayQuota.objects.exists()


# ---------------------------------------------------------------- the page


def test_the_page_sets_the_quota_proposes_and_confirms(client, world, year_2020, people):
    client.force_login(world.users["city"])
    page = client.get("/awards/mayday/", {"year": 2020})
    assert page.status_code == 200
    text = page.content.decode()
    assert "一等奖10分、二等奖6分、三等奖3分、优秀奖1分" in text
    assert "向下取整" in text

    saved = client.post(
        "/awards/mayday/", {"action": "quota", "year": 2020, "places_total": 20, "share_percent": "17.5"}
    )
    assert saved.status_code == 302
    quota = MayDayQuota.objects.get(year=2020)
    assert (quota.places_total, quota.share_percent, quota.scope_path) == (
        20,
        Decimal("17.50"),
        world.city.path,
    )

    client.post("/awards/mayday/", {"action": "propose", "year": 2020})
    page = client.get("/awards/mayday/", {"year": 2020})
    assert [c.worker.name for c in page.context["candidates"]] == [name for name, _ in EXPECTED]
    assert page.context["reserved"] == 3

    too_many = client.post(
        "/awards/mayday/",
        {"action": "confirm", "year": 2020, "worker": [people[n].pk for n in "甲乙丁己"]},
        follow=True,
    )
    assert "最多只能确认 3 人" in too_many.content.decode()
    client.post(
        "/awards/mayday/", {"action": "confirm", "year": 2020, "worker": [people[n].pk for n in "甲乙丁"]}
    )
    assert sorted(quota.candidates.filter(confirmed=True).values_list("worker__name", flat=True)) == [
        "职工丁",
        "职工乙",
        "职工甲",
    ]


def test_bad_quota_form_input_shows_errors(client, world):
    client.force_login(world.users["city"])
    response = client.post(
        "/awards/mayday/", {"action": "quota", "year": 2020, "places_total": -1, "share_percent": "abc"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"places_total", "share_percent"}
    assert not MayDayQuota.objects.exists()


def test_the_candidate_list_exports_to_excel(client, world, year_2020):
    quota = make_quota(world)
    mayday.propose_candidates(quota=quota, actor=world.users["city"])
    client.force_login(world.users["city"])
    response = client.get("/awards/mayday/", {"year": 2020, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("年度", "排序", "姓名")
    assert [(r[1], r[2], Decimal(str(r[5]))) for r in rows[1:]] == [
        (i, name, points) for i, (name, points) in enumerate(EXPECTED, start=1)
    ]
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="awards.maydaycandidate").count()
        == 1
    )


def test_the_search_narrows_the_list(client, world, year_2020):
    mayday.propose_candidates(quota=make_quota(world), actor=world.users["city"])
    client.force_login(world.users["city"])
    page = client.get("/awards/mayday/", {"year": 2020, "q": "丁"})
    assert [c.worker.name for c in page.context["candidates"]] == ["职工丁"]


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "expert"])
def test_the_page_is_for_the_city_admin(client, world, who):
    client.force_login(world.users[who])
    assert client.get("/awards/mayday/").status_code == 403
