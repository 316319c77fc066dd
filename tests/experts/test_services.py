import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from innovation.achievements.models import Campaign, State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.core.models import StepLog
from innovation.experts import services
from innovation.experts.models import Assignment, Availability, Conflict, ExpertProfile
from innovation.notifications.models import Notification
from innovation.org.models import Enterprise

from .conftest import make_expert, make_item, state_of


def pairs(campaign, states=Assignment.ACTIVE_STATES):
    return set(
        Assignment.objects.filter(campaign=campaign, state__in=states).values_list(
            "achievement__enterprise__name", "expert__name"
        )
    )


def test_auto_assign_gives_every_item_n_experts_without_conflicts_and_moves_it(
    world, campaign, items, experts
):
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    assert report.items == 4 and report.needing == 4
    assert report.assigned == 8 and report.covered == 4 and report.moved == 4
    assert report.shortfalls == []
    # The even share is ceil(4 items x 2 / 4 experts) = 2, but 丁 can only take hs_b (safety, not
    # hs_a): seven places at 2 each. The automatic cap rises to 3, as far as needed and no further.
    assert (report.cap_target, report.cap) == (2, 3)
    for key, item in items.items():
        rows = Assignment.objects.filter(achievement=item)
        assert rows.count() == 2
        assert {r.scope_path for r in rows} == {item.scope_path}
        assert state_of(item) == State.UNDER_REVIEW
        assert StepLog.objects.of(item).filter(step="assign", to_state=State.UNDER_REVIEW).count() == 1
    made = pairs(campaign)
    # 甲 (yx_a) never gets yx_a's item; 丁 (hs_a) never gets hs_a's item nor an efficiency item.
    assert ("义县甲机械有限公司", "专家甲") not in made
    assert ("黑山丙化工有限公司", "专家丁") not in made
    assert not {(u, e) for u, e in made if e == "专家丁" and u.startswith("义县")}
    loads = {e.name: Assignment.objects.filter(expert=e).count() for e in experts.values()}
    assert loads["专家丁"] == 1 and sorted(loads.values()) == [1, 2, 2, 3]
    audit = AuditEntry.objects.filter(object_type="experts.assignment", action=AuditAction.CREATE)
    assert audit.count() == 8
    summary = AuditEntry.objects.get(object_type="achievements.campaign", detail__startswith="auto_assign")
    assert summary.actor == world.users["city"]
    assert Notification.objects.filter(user=experts["jia"].user, title__contains="2项").count() == 1


def test_a_second_run_changes_nothing(world, campaign, items, experts):
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    assert (report.needing, report.assigned, report.moved) == (0, 0, 0)
    assert Assignment.objects.count() == 8


def test_same_enterprise_group_is_a_conflict(world, campaign, items, experts):
    # yx_b belongs to yx_a's group: 甲 may review neither.
    Enterprise.objects.filter(pk=world.units["yx_b"].pk).update(group=world.units["yx_a"])
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    jia = {u for u, e in pairs(campaign) if e == "专家甲"}
    assert jia == {"黑山丙化工有限公司", "黑山丁物流有限公司"}


def test_an_author_expert_and_a_declared_person_are_kept_off(world, campaign, items, experts):
    # 乙 is the registered worker yx_b_1 (author of yx_b's item); 丙 declared a conflict with hs_b_1.
    worker = world.workers["yx_b_1"]
    worker.user = experts["yi"].user
    worker.save(update_fields=["user"])
    services.conflict_add(actor=None, expert=experts["bing"], worker=world.workers["hs_b_1"], reason="亲属")
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    made = pairs(campaign)
    assert ("义县乙食品有限公司", "专家乙") not in made
    assert ("黑山丁物流有限公司", "专家丙") not in made
    # yx_b is left with 甲 and 丙 (乙 is an author), hs_b with 乙 and 丁 (丙 declared): all covered.
    assert report.shortfalls == []


def test_items_that_cannot_be_covered_are_reported_and_stay_ready(world, campaign, items, experts):
    Campaign.objects.filter(pk=campaign.pk).update(experts_per_item=3)
    campaign.refresh_from_db()
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    short = {s["title"]: s for s in report.shortfalls}
    # yx_a: of 甲乙丙 (efficiency) 甲 is its own unit -> 2 eligible for 3 places.
    assert short["yx_a成果"]["reason"] == "conflicts"
    assert short["yx_a成果"]["assigned"] == 2
    assert "只有2位可以评审" in short["yx_a成果"]["message"]
    # hs_a: 丁 is its own unit; 甲乙丙 remain.
    assert "hs_a成果" not in short
    assert state_of(items["yx_a"]) == State.READY_FOR_REVIEW
    assert state_of(items["hs_a"]) == State.UNDER_REVIEW
    assert report.moved == 4 - len(short)


def test_no_expert_in_the_field_is_said_so(world, campaign, items):
    make_expert(world, "e_only", "只懂安全", unit_key="edu", fields=("safety",))
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    reasons = {s["title"]: s["reason"] for s in report.shortfalls}
    assert reasons["yx_a成果"] == reasons["yx_b成果"] == "no_field"


def test_unavailable_and_inactive_experts_are_not_used(world, campaign, items, experts):
    services.availability_set(actor=None, expert=experts["yi"], campaign=campaign, available=False)
    ExpertProfile.objects.filter(pk=experts["bing"].pk).update(is_active=False)
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    used = {e for _u, e in pairs(campaign)}
    assert used == {"专家甲", "专家丁"}


def test_campaign_cap_and_personal_maximum_hold(world, campaign, items, experts):
    Campaign.objects.filter(pk=campaign.pk).update(expert_cap=3)
    campaign.refresh_from_db()
    services.availability_set(
        actor=None, expert=experts["ding"], campaign=campaign, available=True, max_items=1
    )
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    assert report.cap == 3
    assert Assignment.objects.filter(expert=experts["ding"]).count() == 1
    assert max(Assignment.objects.filter(expert=e).count() for e in experts.values()) <= 3
    assert report.shortfalls == []


def test_assignment_is_refused_after_the_review_deadline(world, campaign, items, experts):
    Campaign.objects.filter(pk=campaign.pk).update(
        review_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    campaign.refresh_from_db()
    with pytest.raises(ValidationError, match="截止"):
        services.auto_assign(campaign=campaign, actor=world.users["city"])
    assert Assignment.objects.count() == 0
    assert state_of(items["yx_a"]) == State.READY_FOR_REVIEW


@pytest.mark.parametrize("who", ["yixian", "unit", "expert", "worker"])
def test_only_the_city_assigns(world, campaign, items, experts, who):
    with pytest.raises(PermissionDenied):
        services.auto_assign(campaign=campaign, actor=world.users[who])
    assert Assignment.objects.count() == 0


# ---------------------------------------------------------------- decline and override


@pytest.fixture
def assigned(world, campaign, items, experts):
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    return Assignment.objects.select_related("expert__user", "achievement")


def test_decline_reassigns_to_another_eligible_expert_and_tells_the_city(world, campaign, assigned, experts):
    make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    row = assigned.filter(achievement__title="hs_b成果").first()
    expert_user = row.expert.user
    outcome = services.decline(assignment=row, actor=expert_user, reason="时间冲突")
    row.refresh_from_db()
    assert row.state == Assignment.State.DECLINED and row.reason == "时间冲突"
    (new,) = outcome.new
    assert new.expert.name == "专家戊"  # the only expert with a free place
    assert (new.origin, new.state, new.scope_path) == ("reassign", "assigned", row.scope_path)
    assert (
        Assignment.objects.filter(achievement=row.achievement, state__in=Assignment.ACTIVE_STATES).count()
        == 2
    )
    assert Notification.objects.filter(user=world.users["city"], title__contains="评审专家变动").count() == 1
    assert Notification.objects.filter(user=new.expert.user, title__contains="新分配给您1项").count() == 1
    assert AuditEntry.objects.filter(
        object_type="experts.assignment", object_id=str(row.pk), action=AuditAction.UPDATE
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="experts.assignment", object_id=str(new.pk), action=AuditAction.CREATE
    ).exists()


def test_decline_without_anyone_free_is_reported(world, campaign, assigned):
    row = assigned.filter(achievement__title="yx_a成果").first()
    outcome = services.decline(assignment=row, actor=row.expert.user, reason="专业不符")
    assert outcome.new == []
    assert outcome.shortfall is not None
    assert "未能自动补派专家" in outcome.message
    assert Notification.objects.filter(user=world.users["city"], body__contains="未能自动补派").count() == 1


def test_decline_needs_a_reason_and_the_expert_themself(world, assigned, experts):
    row = assigned.first()
    with pytest.raises(ValidationError):
        services.decline(assignment=row, actor=row.expert.user, reason="  ")
    other = next(e for e in experts.values() if e.pk != row.expert_id)
    with pytest.raises(PermissionDenied):
        services.decline(assignment=row, actor=other.user, reason="不想评")
    row.refresh_from_db()
    assert row.state == Assignment.State.ASSIGNED
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=other.user).count() == 1


def test_a_declined_assignment_cannot_be_declined_again(world, assigned):
    row = assigned.first()
    services.decline(assignment=row, actor=row.expert.user, reason="回避")
    with pytest.raises(ValidationError, match="不能谢绝"):
        services.decline(assignment=row, actor=row.expert.user, reason="回避")


def test_override_with_a_conflicted_expert_is_refused_and_audited(world, assigned, experts):
    row = assigned.filter(achievement__title="yx_a成果").first()
    before = set(Assignment.objects.values_list("pk", "state", "expert_id"))
    with pytest.raises(ValidationError) as exc:
        services.override(assignment=row, new_expert=experts["jia"], actor=world.users["city"], reason="调整")
    assert "须回避：专家本单位的成果" in str(exc.value)
    assert set(Assignment.objects.values_list("pk", "state", "expert_id")) == before
    entry = AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED, object_id=str(row.pk))
    assert "专家本单位" in entry.detail and entry.actor == world.users["city"]


def test_override_with_an_eligible_expert(world, campaign, assigned, experts):
    wu = make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    row = assigned.filter(achievement__title="yx_a成果").first()
    assert wu in services.eligible_experts(achievement=row.achievement, campaign=campaign)
    with pytest.raises(ValidationError):
        services.override(assignment=row, new_expert=wu, actor=world.users["city"], reason="")
    new = services.override(assignment=row, new_expert=wu, actor=world.users["city"], reason="原专家出差")
    row.refresh_from_db()
    assert row.state == Assignment.State.WITHDRAWN and row.reason == "原专家出差"
    assert (new.expert, new.origin, new.assigned_by) == (wu, "manual", world.users["city"])
    assert (
        AuditEntry.objects.filter(
            object_type="achievements.achievement", detail__startswith="override:"
        ).count()
        == 1
    )
    with pytest.raises(PermissionDenied):
        services.override(assignment=new, new_expert=experts["yi"], actor=world.users["yixian"], reason="x")


def test_declaring_a_conflict_withdraws_and_replaces_pending_work(world, campaign, assigned, experts):
    make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    row = assigned.filter(expert=experts["yi"]).exclude(achievement__title="yx_a成果").first()
    unit = row.achievement.enterprise
    conflict, replaced = services.conflict_add(
        actor=experts["yi"].user, expert=experts["yi"], enterprise=unit, reason="曾在该单位任职"
    )
    assert conflict.enterprise == unit
    row.refresh_from_db()
    assert row.state == Assignment.State.WITHDRAWN
    assert [r.new[0].expert.name for r in replaced] == ["专家戊"]
    assert not Assignment.objects.filter(
        expert=experts["yi"], achievement__enterprise=unit, state__in=Assignment.ACTIVE_STATES
    ).exists()


# ---------------------------------------------------------------- the pool


def test_creating_an_expert_makes_a_login_with_a_first_password_to_change(world):
    expert, password = services.expert_create(
        actor=world.users["city"],
        union=world.city,
        username="zhang_gong",
        name=" 张工 ",
        fields=["safety", "efficiency", "safety"],
        employer=world.units["edu"],
        employer_outside="ignored",
        phone="13812341234",
    )
    user = expert.user
    assert user.check_password(password) and user.must_change_password
    assert user.has_role("expert")
    assert (expert.name, expert.fields, expert.employer_outside) == ("张工", ["safety", "efficiency"], "")
    assert expert.phone_masked == "138****1234" and expert.phone == "13812341234"
    assert expert.phone_hash and expert.scope_path == world.city.path
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM experts_expertprofile WHERE id = %s", [expert.pk])
        stored = cursor.fetchone()[0]
    assert "13812341234" not in stored  # ciphertext at rest


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"fields": []}, "fields"),
        ({"fields": ["cooking"]}, "fields"),
        ({"phone": "12345"}, "phone"),
        ({"username": ""}, "username"),
        ({"username": "t_city"}, "username"),
        ({"employer_outside": ""}, "employer"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_expert_input_is_refused_and_nothing_is_created(world, kwargs, field):
    values = {"username": "new_one", "name": "李工", "fields": ["safety"], "employer_outside": "外单位"}
    values.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.expert_create(actor=world.users["city"], union=world.city, **values)
    assert field in exc.value.message_dict
    assert not ExpertProfile.objects.exists()
    assert not world.users["city"].__class__.objects.filter(username="new_one").exists()


def test_a_registered_worker_becomes_an_expert_with_their_account(world):
    worker = world.workers["yx_a_1"]  # t_worker's record
    expert, password = services.expert_create(
        actor=world.users["city"], union=world.city, name=worker.name, fields=["safety"], worker=worker
    )
    assert password is None and expert.user == world.users["worker"] and expert.employer == worker.enterprise


def test_only_city_admins_create_or_edit_experts(world, experts):
    for who in ("yixian", "unit", "expert"):
        with pytest.raises(PermissionDenied):
            services.expert_create(
                actor=world.users[who],
                union=world.city,
                username="x1",
                name="x",
                fields=["safety"],
                employer_outside="y",
            )
        with pytest.raises(PermissionDenied):
            services.expert_update(actor=world.users[who], expert=experts["jia"], title="教授")
    services.expert_update(
        actor=world.users["city"], expert=experts["jia"], title="高级工程师", name="专家甲甲"
    )
    experts["jia"].user.refresh_from_db()
    assert experts["jia"].user.display_name == "专家甲甲"


def test_an_expert_keeps_their_own_conflicts_and_availability_only(world, campaign, experts):
    jia, yi = experts["jia"], experts["yi"]
    conflict, _replaced = services.conflict_add(
        actor=jia.user, expert=jia, enterprise=world.units["hs_b"], reason="合作项目"
    )
    services.availability_set(actor=jia.user, expert=jia, campaign=campaign, available=False, note="出国")
    assert Availability.objects.get(expert=jia, campaign=campaign).available is False
    with pytest.raises(PermissionDenied):
        services.conflict_add(actor=jia.user, expert=yi, enterprise=world.units["hs_b"], reason="x")
    with pytest.raises(PermissionDenied):
        services.availability_set(actor=yi.user, expert=jia, campaign=campaign, available=True)
    with pytest.raises(PermissionDenied):
        services.conflict_remove(actor=yi.user, conflict=conflict)
    with pytest.raises(ValidationError):
        services.conflict_add(actor=jia.user, expert=jia, enterprise=world.units["hs_b"], reason="again")
    with pytest.raises(ValidationError):
        services.availability_set(actor=jia.user, expert=jia, campaign=campaign, available=True, max_items=0)
    services.conflict_remove(actor=jia.user, conflict=conflict)
    assert not Conflict.objects.exists()
    assert AuditEntry.objects.filter(object_type="experts.conflict", action=AuditAction.DELETE).count() == 1


def test_under_review_items_lacking_an_expert_are_filled_by_the_next_run(world, campaign, assigned, experts):
    row = assigned.filter(achievement__title="yx_a成果").first()
    services.decline(assignment=row, actor=row.expert.user, reason="回避")  # nobody free: stays short
    make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    report = services.auto_assign(campaign=campaign, actor=world.users["city"])
    assert (report.needing, report.assigned, report.moved) == (1, 1, 0)
    assert report.shortfalls == []


def test_make_item_helper_leaves_ready_items(world, campaign):
    item = make_item(world, campaign, "edu")
    assert state_of(item) == State.READY_FOR_REVIEW
