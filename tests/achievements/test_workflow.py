import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.achievements import services, workflow
from innovation.achievements.models import Achievement, DemonstrationPost, State
from innovation.audit.models import AuditEntry
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.notifications.models import Notification

from .conftest import full_fields

# Who may take each step on an item of unit yx_a (in 义县).
ALLOWED = {
    "submit": {"unit"},
    "recommend": {"yixian", "city"},
    "district_return": {"yixian", "city"},
    "district_reject": {"yixian", "city"},
    "pass": {"city"},
    "city_return": {"city"},
    "fail": {"city"},
}
EVERYONE = [
    "city",
    "yixian",
    "heishan",
    "unit",
    "worker",
    "expert",
    "sysadmin",
    "security",
    "audit",
    "nobody",
]


def at_state(achievement, state):
    Achievement.objects.filter(pk=achievement.pk).update(state=state, submitted_at=timezone.now())
    achievement.refresh_from_db()
    return achievement


@pytest.mark.parametrize("step", list(ALLOWED))
@pytest.mark.parametrize("who", EVERYONE)
def test_every_step_for_every_role(world, draft, step, who):
    spec = workflow.WORKFLOW.named(step)[0]
    at_state(draft, spec.sources[0])
    user = world.users[who]
    kwargs = {"reason": "理由", "pledge": True}
    if who in ALLOWED[step]:
        moved = kernel.run(obj=draft, step=step, actor=user, **kwargs)
        assert moved.state == spec.target
        assert (
            StepLog.objects.filter(
                workflow="achievement", object_id=draft.pk, step=step, actor=user, to_state=spec.target
            ).count()
            == 1
        )
    else:
        with pytest.raises(PermissionDenied):
            kernel.run(obj=draft, step=step, actor=user, **kwargs)
        draft.refresh_from_db()
        assert draft.state == spec.sources[0]


def test_submit_names_demonstration_posts_and_notifies_the_district(world, draft):
    kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.submitted_at is not None
    assert draft.pledge_confirmed_by == world.users["unit"]
    year = draft.campaign.year
    posts = DemonstrationPost.objects.filter(year=year)
    assert {(p.enterprise_id, p.post) for p in posts} == {(world.units["yx_a"].pk, "钳工")}
    assert set(posts.get().workers.all()) == {world.workers["yx_a_1"], world.workers["yx_a_2"]}
    assert Notification.objects.filter(user=world.users["yixian"]).count() == 1
    assert not Notification.objects.filter(user=world.users["heishan"]).exists()
    entry = AuditEntry.objects.filter(
        action="update", object_type="achievements.achievement", object_id=str(draft.pk)
    ).last()
    assert entry.changes["state"] == ["draft", "submitted"] and entry.detail == "submit"


def test_a_second_submission_names_no_new_post(world, campaign, draft):
    kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    second = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(title="另一项成果"),
    )
    kernel.run(obj=second, step="submit", actor=world.users["unit"], pledge=True)
    assert DemonstrationPost.objects.count() == 1


def test_submit_needs_the_pledge(world, draft):
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=draft, step="submit", actor=world.users["unit"])
    assert "pledge" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not DemonstrationPost.objects.exists()


def test_submit_after_the_window_is_refused(world, draft):
    draft.campaign.__class__.objects.filter(pk=draft.campaign_id).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    assert "不在申报期内" in exc.value.messages[0]
    assert Achievement.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_double_click_on_submit_is_refused_the_second_time(world, draft):
    kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    assert "待县区预审" in exc.value.messages[0]
    assert StepLog.objects.filter(workflow="achievement", object_id=draft.pk).count() == 1


def test_an_incomplete_item_cannot_be_submitted(world, campaign):
    item = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        title="只有名称",
        kind="invention",
        field="safety",
    )
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=item, step="submit", actor=world.users["unit"], pledge=True)
    assert set(exc.value.message_dict) == {"post", "problem", "solution", "effect", "authors"}


@pytest.mark.parametrize("step", ["district_return", "district_reject", "city_return", "fail"])
def test_returning_or_rejecting_needs_a_reason(world, draft, step):
    at_state(draft, workflow.WORKFLOW.named(step)[0].sources[0])
    with pytest.raises(ValidationError) as exc:
        kernel.run(obj=draft, step=step, actor=world.users["city"], reason="  ")
    assert "reason" in exc.value.message_dict


def test_the_whole_path_and_a_return_that_comes_back_through_the_same_path(world, draft):
    unit, yixian, city = world.users["unit"], world.users["yixian"], world.users["city"]
    kernel.run(obj=draft, step="submit", actor=unit, pledge=True)
    kernel.run(obj=draft, step="recommend", actor=yixian)
    kernel.run(obj=draft, step="city_return", actor=city, reason="请补充效益计算依据")
    draft.refresh_from_db()
    assert draft.state == State.RETURNED and draft.is_editable
    assert Notification.objects.filter(user=unit, body="请补充效益计算依据").exists()
    services.achievement_update(actor=unit, achievement=draft, benefit_basis="按年节约人工2人计算")
    kernel.run(obj=draft, step="submit", actor=unit, pledge=True)
    kernel.run(obj=draft, step="recommend", actor=yixian)
    kernel.run(obj=draft, step="pass", actor=city)
    draft.refresh_from_db()
    assert draft.state == State.READY_FOR_REVIEW
    assert list(StepLog.objects.of(draft).values_list("step", "from_state", "to_state")) == [
        ("submit", "draft", "submitted"),
        ("recommend", "submitted", "recommended"),
        ("city_return", "recommended", "returned"),
        ("submit", "returned", "submitted"),
        ("recommend", "submitted", "recommended"),
        ("pass", "recommended", "ready_for_review"),
    ]


def test_a_submitted_item_cannot_be_edited(world, draft):
    kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.achievement_update(actor=world.users["unit"], achievement=draft, title="改名")


def test_nothing_else_writes_the_state():
    """Only workflow.transition assigns Achievement.state (the seeders write historical rows)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "innovation"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name in ("workflow.py", "demo.py") or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.state\s*=(?!=)|update\(\s*state=", text) and "achievements" in str(path):
            offenders.append(str(path))
    assert offenders == []


def test_bulk_recommend_by_a_district_admin(world, campaign, draft):
    items = [draft]
    for i in range(2):
        items.append(
            services.achievement_create(
                actor=world.users["unit"],
                campaign=campaign,
                enterprise=world.units["yx_a"],
                authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
                **full_fields(title=f"成果{i}"),
            )
        )
    for item in items:
        kernel.run(obj=item, step="submit", actor=world.users["unit"], pledge=True)
    done, problems = services.bulk_transition(
        actor=world.users["yixian"], achievements=items, step="recommend"
    )
    assert (done, problems) == (3, [])
    assert set(Achievement.objects.values_list("state", flat=True)) == {State.RECOMMENDED}


def test_a_worker_drafts_their_own_but_cannot_submit(world, campaign):
    me = world.users["worker"]
    item = services.achievement_create(
        actor=me,
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(title="我的小建议"),
    )
    services.achievement_update(actor=me, achievement=item, effect="效果更好")
    with pytest.raises(PermissionDenied):
        kernel.run(obj=item, step="submit", actor=me, pledge=True)
    with pytest.raises(PermissionDenied):
        services.achievement_create(
            actor=me,
            campaign=campaign,
            enterprise=world.units["yx_a"],
            authors=[{"worker": world.workers["yx_a_2"].pk, "share": 100}],
            **full_fields(title="替别人报"),
        )
