"""The demo's projects and benefit by channel, exactly: "2019年至今…通过技术攻关、'五小'创新、岗位创新、
名师带徒等多种方式为企业创造经济效益近5亿元"."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_benefit_by_channel_since_2019_is_近5亿元(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for

    figures = stats_for(User.objects.get(username="demo_city"))
    assert figures["benefit_by_channel_yuan"] == {
        "breakthrough": 170_500_000,
        "five_smalls": 289_784_000,
        "post": 27_640_000,
        "mentoring": 8_936_000,
    }
    assert sum(figures["benefit_by_channel_yuan"].values()) == 496_860_000
    assert figures["projects_total"] == 30


def test_every_state_and_the_filed_project(demo):
    from django.db.models import Count

    from innovation.projects.models import Project, ProjectSupport

    states = dict(Project.objects.values_list("state").annotate(n=Count("id")))
    assert states == {"proposed": 3, "approved": 2, "in_progress": 4, "concluded": 19, "stopped": 2}
    filed = Project.objects.get(title="催化裂化装置余热回收攻关")
    assert filed.achievement is not None and filed.achievement.state == "draft"
    assert filed.achievement.project == filed
    assert Project.objects.filter(achievement__isnull=False).count() == 1
    gao = Project.objects.get(title="重石脑油和航煤收率优化（卡边操作）")
    assert gao.benefit_verified_fen == 5_960_000_00  # 近600万元
    funds = ProjectSupport.objects.filter(kind="funds")
    assert sorted(s.amount_fen for s in funds) == [30_000_00, 50_000_00]
    assert sorted(s.commitment.paid_fen for s in funds) == [0, 50_000_00]


def test_the_studio_lead_and_the_unit_see_their_projects(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for

    assert stats_for(User.objects.get(username="demo_gaoyingming"))["projects_total"] == 4
    petro = stats_for(User.objects.get(username="demo_unit_petro"))
    assert petro["projects_total"] == 7
