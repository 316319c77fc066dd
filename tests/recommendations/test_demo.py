"""The demo's recommendations to the provincial contest, exactly: 李营's 2020 一等奖 as the report
says, 12 recommendations over 2019–2021 of which 8 won, in the figures and the honours."""

import datetime

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_liying_won_the_2020_provincial_first_prize(demo):
    from innovation.org.models import Honour
    from innovation.recommendations.models import Recommendation

    rec = Recommendation.objects.select_related("contest", "category", "award__grade").get(
        contest__year=2020, achievement__title="蓄电池组充放电试验自动数据记录装置"
    )
    assert (rec.contest.name, rec.contest.organiser, rec.category.name) == (
        "辽宁省职工创新大赛",
        "辽宁省总工会",
        "职工组",
    )
    assert (rec.award.campaign.year, rec.award.grade.code) == (2020, "first")
    assert (rec.state, rec.result_label, rec.certificate_no, rec.result_date) == (
        "result",
        "省级职工组一等奖",
        "辽工创赛〔2020〕001号",
        datetime.date(2020, 11, 20),
    )
    honour = Honour.objects.get(worker__name="李营", kind=Honour.Kind.CONTEST_AWARD)
    assert (honour.level, honour.year, honour.title) == (
        "provincial",
        2020,
        "2020年辽宁省职工创新大赛职工组一等奖",
    )


def test_the_demo_figures(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for
    from innovation.recommendations import selectors
    from innovation.recommendations.models import Recommendation

    recs = Recommendation.objects.all()
    assert selectors.conversion_by_year(recs) == [
        {"year": 2019, "recommended": 4, "awarded": 2, "first": 0},
        {"year": 2020, "recommended": 4, "awarded": 3, "first": 1},
        {"year": 2021, "recommended": 4, "awarded": 3, "first": 0},
    ]
    prizes = sorted(recs.values_list("result_prize", flat=True))
    assert prizes.count("none") == 4 and prizes.count("second") == 3 and prizes.count("third") == 4
    stats = stats_for(User.objects.get(username="demo_city"))
    assert stats["provincial_awards_total"] == 8
    assert stats["recommendations_by_year"] == {"2019": 4, "2020": 4, "2021": 4}


def test_the_demo_is_idempotent(demo):
    from innovation.recommendations import demo as recommendations_demo
    from innovation.recommendations.models import Recommendation

    assert recommendations_demo.seed() == 0
    assert Recommendation.objects.count() == 12
    assert demo.first["recommendations.Recommendation"] == demo.second["recommendations.Recommendation"] == 12


def test_the_demo_pages_open(demo, client):
    from django.urls import reverse

    from innovation.accounts.models import User
    from innovation.recommendations.models import Contest, Recommendation

    contest = Contest.objects.get(year=2020)
    rec = Recommendation.objects.get(contest=contest, achievement__title="蓄电池组充放电试验自动数据记录装置")
    client.force_login(User.objects.get(username="demo_city"))
    for url in (
        reverse("recommendations:list"),
        reverse("recommendations:list") + "?result=awarded",
        reverse("recommendations:contests"),
        reverse("recommendations:contest", args=[contest.pk]),
        reverse("recommendations:candidates", args=[contest.pk]),
        reverse("recommendations:packages", args=[contest.pk]),
        reverse("recommendations:result_import", args=[contest.pk]),
        reverse("recommendations:objections"),
        reverse("recommendations:detail", args=[rec.pk]),
        reverse("recommendations:notice", args=[contest.pk]),
        reverse("achievements:detail", args=[rec.achievement_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(reverse("recommendations:contests")).content.decode()
    assert "获奖率 66.7%" in html  # 8 of 12
    html = client.get(reverse("achievements:detail", args=[rec.achievement_id])).content.decode()
    assert "省级职工组一等奖（证书编号 辽工创赛〔2020〕001号）" in html
    html = client.get(reverse("recommendations:candidates", args=[contest.pk])).content.decode()
    assert "该成果已推荐至本大赛（职工组，已录入结果）。" in html
