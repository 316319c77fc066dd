"""A studio lead sees what his studio incubated and finds his studio from his home
(issue 8, defect 14); he still edits only his own achievements."""

import pytest

from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement
from innovation.studios.models import StudioType
from tests.achievements.conftest import full_fields, make_campaign
from tests.factories import make_worker

from .builders import make_studio


@pytest.fixture
def incubated(world, model_worker, studio_lead):
    """高颖明's studio with three filed items and a draft incubated by co-workers, and another
    studio's filed item (rows that could leak)."""
    campaign = make_campaign(world)
    studio = make_studio(
        world, "高颖明劳模创新工作室", "yx_a", studio_type=StudioType.MODEL_WORKER, leader=model_worker
    )
    other = make_studio(world, "黑山丙化工职工创新工作室", "hs_a")
    colleague = make_worker(world.units["yx_a"], "王亮")

    def item(title, studio, unit="yx_a", author=colleague, state="submitted"):
        made = achievement_services.achievement_create(
            actor=None,
            campaign=campaign,
            enterprise=world.units[unit],
            authors=[{"worker": author, "share": 100}],
            **full_fields(title=title),
        )
        if state != "draft":
            Achievement.objects.filter(pk=made.pk).update(
                studio=studio, submitted_at=made.created_at, state=state
            )
        else:
            Achievement.objects.filter(pk=made.pk).update(studio=studio)
        return made

    return {
        "studio": studio,
        "filed": [
            item("航煤收率优化操作法", studio),
            item("常减压装置节能改造", studio),
            item("换热器清洗新工艺", studio, state="returned"),
        ],
        "draft": item("尚未提交的草稿", studio, state="draft"),
        "elsewhere": item("黑山丙化工的成果", other, unit="hs_a", author=world.workers["hs_a_1"]),
    }


def test_the_lead_sees_his_studios_incubated_achievements_on_its_page(client, studio_lead, incubated):
    client.force_login(studio_lead)

    response = client.get(f"/studios/{incubated['studio'].pk}/")

    assert response.context["incubated_visible"] == 3
    assert [a.title for a in response.context["incubated"]] == [
        "换热器清洗新工艺",
        "常减压装置节能改造",
        "航煤收率优化操作法",
    ]
    assert "您的权限范围内没有可查看的成果明细" not in response.content.decode()


def test_the_incubated_list_holds_exactly_his_studios_filed_items(client, studio_lead, incubated):
    client.force_login(studio_lead)

    response = client.get(f"/studios/incubated/?studio={incubated['studio'].pk}")
    everything = client.get("/studios/incubated/")

    titles = {row.record.title for row in response.context["table"].page.object_list}
    assert titles == {"航煤收率优化操作法", "常减压装置节能改造", "换热器清洗新工艺"}
    assert response.context["totals"]["count"] == 3
    assert everything.context["totals"]["count"] == 3  # not the other studio's, not the draft


def test_the_lead_reads_an_incubated_item_but_edits_only_his_own(client, studio_lead, incubated):
    client.force_login(studio_lead)
    returned = incubated["filed"][2]

    assert client.get(f"/achievements/{returned.pk}/").status_code == 200
    assert client.get(f"/achievements/{returned.pk}/edit/").status_code == 404
    assert client.get(f"/achievements/{incubated['draft'].pk}/").status_code == 404
    assert client.get(f"/achievements/{incubated['elsewhere'].pk}/").status_code == 404


def test_a_plain_worker_sees_no_studio_items(client, world, incubated):
    client.force_login(world.users["worker"])

    assert client.get("/studios/incubated/").context["totals"]["count"] == 0


def test_the_lead_s_home_links_to_his_studio(client, studio_lead, incubated):
    client.force_login(studio_lead)

    html = client.get("/").content.decode()

    studio = incubated["studio"]
    assert f'<a href="/studios/{studio.pk}/" class="my-link">高颖明劳模创新工作室（带头人）</a>' in html
    assert "黑山丙化工职工创新工作室" not in html


def test_the_totals_without_a_filter_are_those_of_the_whole_list(client, world, incubated):
    client.force_login(world.users["city"])

    response = client.get("/studios/incubated/")

    assert response.context["table"].paginator.count == 4  # three of 高颖明's, one of 黑山
    assert response.context["totals"]["count"] == 4
