"""Issue 8, defect 2: authors (and the incubating studio) of an achievement come from inside the
actor's scope. Any other id is refused exactly like an id that names nothing — on the API and on
the edit page alike — and the answer never carries the other worker's name."""

import pytest

from innovation.achievements import services
from innovation.achievements.models import Achievement

from ..studios.builders import make_studio
from .conftest import full_fields

MISSING = 2**62  # an id that names no worker and no studio


@pytest.fixture
def draft(world, campaign):
    return services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(title="本单位草稿"),
    )


def _patch(client, user, item, body):
    client.force_login(user)
    return client.patch(f"/api/v1/achievements/{item.pk}", data=body, content_type="application/json")


def _authors(item):
    return [(a.worker_id, a.outside_name, a.share) for a in item.authors.order_by("order")]


@pytest.mark.parametrize("other", ["hs_a_1", "yx_b_1"])
def test_a_worker_outside_the_unit_is_refused_like_a_missing_one(client, world, draft, other):
    stranger = world.workers[other]
    before = _authors(draft)

    def authors_with(worker_id):
        return {
            "authors": [
                {"worker": world.workers["yx_a_1"].pk, "share": "50"},
                {"worker": worker_id, "share": "50"},
            ]
        }

    refused = _patch(client, world.users["unit"], draft, authors_with(stranger.pk))
    missing = _patch(client, world.users["unit"], draft, authors_with(MISSING))

    assert refused.status_code == missing.status_code == 400
    assert refused.json() == missing.json()
    assert refused.json() == {
        "authors": ["第2位完成人不存在或不是申报单位的在职职工；其他单位人员请填写为外单位完成人。"]
    }
    assert stranger.name not in refused.content.decode()
    draft.refresh_from_db()
    assert _authors(draft) == before


def test_creating_through_the_api_refuses_a_worker_of_another_district(client, world, campaign):
    client.force_login(world.users["unit"])
    body = {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        **full_fields(title="越权作者"),
        "authors": [
            {"worker": world.workers["yx_a_1"].pk, "share": "50"},
            {"worker": world.workers["hs_a_1"].pk, "share": "50"},
        ],
    }
    response = client.post("/api/v1/achievements", data=body, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["authors"]
    assert world.workers["hs_a_1"].name not in response.content.decode()
    assert not Achievement.objects.filter(title="越权作者").exists()


def test_an_outside_co_author_is_free_text_and_the_unit_s_workers_are_accepted(client, world, draft):
    response = _patch(
        client,
        world.users["unit"],
        draft,
        {
            "authors": [
                {"worker": world.workers["yx_a_2"].pk, "share": "60"},
                {"worker": None, "outside_name": "黑山某专家", "outside_unit": "黑山丙化工", "share": "40"},
            ]
        },
    )

    assert response.status_code == 200, response.json()
    assert [(a["worker"], a["name"], a["share"]) for a in response.json()["authors"]] == [
        (world.workers["yx_a_2"].pk, world.workers["yx_a_2"].name, "60.00"),
        (None, "黑山某专家", "40.00"),
    ]


def test_a_studio_of_another_unit_is_refused_like_a_missing_one(client, world, draft):
    own = make_studio(world, "义县甲职工创新工作室", "yx_a")
    foreign = make_studio(world, "黑山丙职工创新工作室", "hs_a")

    refused = _patch(client, world.users["unit"], draft, {"studio": foreign.pk})
    missing = _patch(client, world.users["unit"], draft, {"studio": MISSING})
    accepted = _patch(client, world.users["unit"], draft, {"studio": own.pk})

    assert refused.status_code == missing.status_code == 400
    assert (
        refused.json() == missing.json() == {"studio": ["所选工作室不存在，或不是申报单位在册的创新工作室。"]}
    )
    assert foreign.name not in refused.content.decode()
    assert accepted.status_code == 200 and accepted.json()["studio"] == own.pk


def _form(campaign, world, second_worker):
    return {
        "campaign": campaign.pk,
        "enterprise": world.units["yx_a"].pk,
        **full_fields(title="网页越权作者"),
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "10",
        "authors-0-worker": world.workers["yx_a_1"].pk,
        "authors-0-share": "50",
        "authors-1-worker": second_worker,
        "authors-1-share": "50",
        "patents-TOTAL_FORMS": "0",
        "patents-INITIAL_FORMS": "0",
        "patents-MIN_NUM_FORMS": "0",
        "patents-MAX_NUM_FORMS": "10",
    }


def test_the_author_formset_refuses_a_foreign_worker_like_a_missing_one(client, world, campaign):
    client.force_login(world.users["unit"])

    refused = client.post("/achievements/new/", _form(campaign, world, world.workers["hs_a_1"].pk))
    missing = client.post("/achievements/new/", _form(campaign, world, MISSING))

    assert refused.status_code == missing.status_code == 200
    refused_errors = refused.context["authors"].forms[1].errors
    assert refused_errors == missing.context["authors"].forms[1].errors
    assert list(refused_errors) == ["worker"]
    assert world.workers["hs_a_1"].name not in refused.content.decode()
    assert not Achievement.objects.filter(title="网页越权作者").exists()


def test_the_service_refuses_a_foreign_worker_whoever_calls_it(world, campaign):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.achievement_create(
            actor=world.users["unit"],
            campaign=campaign,
            enterprise=world.units["yx_a"],
            authors=[
                {"worker": world.workers["yx_a_1"].pk, "share": 50},
                {"worker": world.workers["hs_a_1"].pk, "share": 50},
            ],
            **full_fields(title="服务层越权"),
        )

    assert exc.value.message_dict == {
        "authors": ["第2位完成人不存在或不是申报单位的在职职工；其他单位人员请填写为外单位完成人。"]
    }
