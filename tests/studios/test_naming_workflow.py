"""The naming path: unit applies → district recommends → city names (or declines, or returns),
every step by its role, every refusal, and the upgrade of a studio."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.audit.models import AuditAction, AuditEntry
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.notifications.models import Notification
from innovation.studios.models import Member, Naming, Studio, StudioApplication, StudioType
from innovation.studios.naming import rules, services
from tests.factories import make_user

from .builders import apply, honour, make_studio, push

State = StudioApplication.State


def test_the_whole_path_names_a_new_studio(world):
    app = apply(world)
    assert (app.state, app.level, app.scope_path) == ("draft", "city", world.units["yx_a"].scope_path)
    push(world, app, "submit")
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.submitted_at is not None
    assert Notification.objects.filter(user=world.users["yixian"]).count() == 1
    assert not Notification.objects.filter(user=world.users["heishan"]).exists()
    push(world, app, "recommend", recommend={"reason": "该工作室成果突出，同意推荐。"})
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED and app.district_opinion == "该工作室成果突出，同意推荐。"
    assert Notification.objects.filter(user=world.users["city"]).count() == 1
    push(world, app, "name", name={"named_on": datetime.date(2024, 3, 8)})
    app.refresh_from_db()
    assert app.state == State.NAMED
    assert (app.inspection_record, app.panel_opinion, app.document_no) == (
        "现场考察：场地、设备齐全。",
        "同意命名。",
        "锦工发〔2024〕8号",
    )
    naming = app.naming
    studio = naming.studio
    assert (studio.name, studio.type, studio.level, studio.status) == (
        "甲机械钳工职工创新工作室",
        "worker",
        "city",
        "active",
    )
    assert (studio.named_year, studio.document_no, studio.named_by) == (
        2024,
        "锦工发〔2024〕8号",
        "锦州市总工会",
    )
    assert (naming.year, naming.named_on, naming.recorded_by) == (
        2024,
        datetime.date(2024, 3, 8),
        world.users["city"],
    )
    assert len(naming.certificate_code) == 12
    leader = studio.members.get()
    assert (leader.worker, leader.role, leader.joined_on) == (
        world.workers["yx_a_1"],
        "leader",
        datetime.date(2024, 3, 8),
    )
    assert app.studio is None  # a new studio: reached through its naming
    steps = list(StepLog.objects.of(app).values_list("step", "from_state", "to_state", "actor__username"))
    assert steps == [
        ("submit", "draft", "submitted", "t_unit"),
        ("recommend", "submitted", "recommended", "t_yixian"),
        ("name", "recommended", "named", "t_city"),
    ]
    assert StepLog.objects.of(app).get(step="name").reason == "命名文号：锦工发〔2024〕8号"
    assert (
        AuditEntry.objects.filter(object_type="studios.studioapplication", object_id=str(app.pk)).count() >= 4
    )
    assert Notification.objects.filter(user=world.users["unit"], title__contains="命名").exists()


def test_the_district_returns_and_the_unit_submits_again(world):
    app = push(world, apply(world), "submit", "return")
    assert app.state == State.RETURNED and app.district_opinion == "请补充成果材料。"
    services.application_update(actor=world.users["unit"], application=app, results_so_far="补充：专利2项。")
    app = push(world, app, "submit", "recommend", "city_return")
    assert app.state == State.RETURNED and app.decision_reason == "请补充。"
    app = push(world, app, "submit", "recommend", "decline", decline={"reason": "成果尚不足以命名。"})
    assert app.state == State.DECLINED and app.decision_reason == "成果尚不足以命名。"
    assert app.decided_at is not None
    assert not Studio.objects.exists()
    assert StepLog.objects.of(app).count() == 8


@pytest.mark.parametrize(
    ("state_steps", "step", "who"),
    [
        ((), "submit", "yixian"),  # only the unit submits
        ((), "submit", "worker"),
        (("submit",), "recommend", "unit"),  # the unit does not recommend itself
        (("submit",), "recommend", "heishan"),  # another district never
        (("submit", "recommend"), "name", "yixian"),  # only the city names
        (("submit", "recommend"), "decline", "unit"),
    ],
)
def test_a_step_by_the_wrong_role_is_refused_and_audited(world, state_steps, step, who):
    app = push(world, apply(world), *state_steps)
    before = app.state
    with pytest.raises(PermissionDenied):
        push(world, app, step, actor=world.users[who])
    app.refresh_from_db()
    assert app.state == before
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users[who]).count() == 1


@pytest.mark.parametrize(
    ("state_steps", "step"),
    [
        ((), "recommend"),
        ((), "name"),
        (("submit",), "submit"),  # a double click
        (("submit",), "name"),  # the district has not recommended yet
        (("submit", "recommend"), "recommend"),
        (("submit", "recommend", "name"), "decline"),
        (("submit", "recommend", "decline"), "name"),
    ],
)
def test_a_step_out_of_order_is_refused(world, state_steps, step):
    app = push(world, apply(world), *state_steps)
    before = app.state
    with pytest.raises(ValidationError) as exc:
        push(world, app, step)
    assert "不能执行" in exc.value.messages[0]
    app.refresh_from_db()
    assert app.state == before


def test_opinions_and_naming_records_are_required(world):
    app = push(world, apply(world), "submit")
    for step in ("recommend", "return"):
        with pytest.raises(ValidationError) as exc:
            push(world, app, step, **{step: {"reason": " "}})
        assert "reason" in exc.value.message_dict
    push(world, app, "recommend")
    with pytest.raises(ValidationError) as exc:
        push(world, app, "name", name={"inspection_record": "", "panel_opinion": "", "document_no": ""})
    assert exc.value.message_dict == {
        "inspection_record": ["命名须填写现场考察记录。"],
        "panel_opinion": ["命名须填写评审组意见。"],
        "document_no": ["命名须填写命名文号。"],
    }
    with pytest.raises(ValidationError) as exc:
        push(world, app, "decline", decline={"reason": ""})
    assert exc.value.message_dict == {"reason": ["请填写不予命名理由。"]}
    with pytest.raises(ValidationError):
        push(world, app, "name", name={"named_on": datetime.date(2999, 1, 1)})
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED and not Studio.objects.exists()
    with pytest.raises(ValidationError) as exc:
        push(world, app, "teleport", actor=world.users["city"])
    assert exc.value.message_dict == {"step": ["未知的操作。"]}


def test_submission_needs_the_results_and_the_plan(world):
    app = apply(world, results_so_far="", plan=" ")
    with pytest.raises(ValidationError) as exc:
        push(world, app, "submit")
    assert exc.value.message_dict == {
        "results_so_far": ["提交前须填写“已取得成果”。"],
        "plan": ["提交前须填写“建设计划”。"],
    }
    assert StepLog.objects.filter(workflow="studio_application").count() == 0
    assert (
        AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="application.submit").count()
        == 1
    )


def test_a_model_worker_application_needs_a_model_worker_leader(world, model_worker):
    with pytest.raises(ValidationError) as exc:
        apply(world, name="甲劳模创新工作室", type=StudioType.MODEL_WORKER)
    assert "劳动模范" in exc.value.message_dict["leader"][0]
    assert not StudioApplication.objects.exists()
    app = apply(world, name="高颖明劳模创新工作室", type=StudioType.MODEL_WORKER, leader=model_worker)
    push(world, app, "submit", "recommend")
    # The honour is checked again when the city names it (here: the record was withdrawn).
    model_worker.honours.all().delete()
    with pytest.raises(ValidationError) as exc:
        push(world, app, "name")
    assert "劳动模范" in exc.value.message_dict["leader"][0]
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED and not Studio.objects.exists()


def test_application_rules(world, unit_admins):
    with pytest.raises(PermissionDenied):
        apply(world, user=world.users["yixian"])  # a district does not apply for a unit
    with pytest.raises(PermissionDenied):
        apply(world, user=unit_admins["unit_hs_a"])  # nor another unit
    with pytest.raises(ValidationError) as exc:
        apply(world, leader=world.workers["hs_a_1"])
    assert exc.value.message_dict["leader"] == ["带头人须是申请单位的职工。"]
    with pytest.raises(ValidationError) as exc:
        apply(world, name="")
    assert exc.value.message_dict["name"] == ["请填写工作室名称。"]
    first = push(world, apply(world), "submit")
    second = apply(world)
    with pytest.raises(ValidationError) as exc:
        push(world, second, "submit")
    assert exc.value.message_dict["name"] == ["本单位已有一份同名的进行中申请。"]
    push(world, first, "recommend", "name")
    with pytest.raises(ValidationError) as exc:
        push(world, second, "submit")
    assert "本单位已有同名工作室" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as exc:
        services.application_update(actor=world.users["unit"], application=first, name="改名")
    assert "不能修改" in exc.value.messages[0]


def test_naming_applies_the_roster_policy_to_the_leader(world):
    make_studio(world, "甲老工作室", leader=world.workers["yx_a_1"])
    app = push(world, apply(world, name="甲新工作室"), "submit", "recommend")
    with pytest.raises(ValidationError) as exc:
        push(world, app, "name")
    assert "已是「甲老工作室」的在册成员" in exc.value.message_dict["leader"][0]
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED and Studio.objects.count() == 1


# ---------------------------------------------------------------- upgrades


def test_a_city_worker_studio_upgrades_to_a_model_worker_studio(world, model_worker, campaign_posts):
    earlier = make_studio(world, "甲前身工作室", year=2016)
    studio = make_studio(world, "高颖明职工创新工作室", leader=model_worker, year=2019)
    services.lineage_set(
        actor=world.users["unit"], studio=studio, grew_from=earlier, demonstration_posts=campaign_posts
    )
    old_naming = studio.namings.get()
    app = apply(
        world, studio=studio, name="高颖明劳模创新工作室", type=StudioType.MODEL_WORKER, leader=model_worker
    )
    push(world, app, "submit", "recommend", "name", name={"named_on": datetime.date(2024, 5, 1)})
    studio.refresh_from_db()
    assert studio.pk == app.studio_id
    assert (studio.name, studio.type, studio.level, studio.named_year) == (
        "高颖明劳模创新工作室",
        "model_worker",
        "city",
        2024,
    )
    assert studio.grew_from == earlier  # the lineage is kept
    assert set(studio.demonstration_posts.all()) == set(campaign_posts)
    assert list(studio.namings.order_by("named_on").values_list("type", "year")) == [
        ("worker", 2019),
        ("model_worker", 2024),
    ]
    assert Naming.objects.get(application=app).pk != old_naming.pk
    assert studio.members.filter(left_on__isnull=True).count() == 1  # the leader, once
    assert Studio.objects.count() == 2


def test_an_upgrade_with_a_new_leader_keeps_the_old_one_as_core_member(world, model_worker):
    studio = make_studio(world, "甲职工创新工作室", leader=world.workers["yx_a_2"])
    app = apply(
        world, studio=studio, name="甲劳模创新工作室", type=StudioType.MODEL_WORKER, leader=model_worker
    )
    push(world, app, "submit", "recommend", "name")
    studio.refresh_from_db()
    assert studio.leader == model_worker
    roles = dict(studio.members.values_list("worker__name", "role"))
    assert roles == {"高颖明": "leader", world.workers["yx_a_2"].name: "core"}


def test_an_application_that_is_no_upgrade_is_refused(world, model_worker):
    studio = make_studio(world, "甲劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    for studio_type in (StudioType.MODEL_WORKER, StudioType.WORKER):
        with pytest.raises(ValidationError) as exc:
            apply(world, studio=studio, name=studio.name, type=studio_type, leader=model_worker)
        assert "不是升级" in exc.value.message_dict["type"][0]
    heishan = make_studio(world, "黑山工作室", "hs_a")
    with pytest.raises(ValidationError) as exc:
        apply(world, studio=heishan, leader=model_worker, name="x", type=StudioType.MODEL_WORKER)
    assert exc.value.message_dict["studio"] == ["只能为本单位的工作室申请升级。"]


def test_two_open_upgrades_of_one_studio_are_refused(world, model_worker):
    studio = make_studio(world, "甲职工创新工作室", leader=model_worker)
    first = apply(
        world, studio=studio, name="甲劳模创新工作室", type=StudioType.MODEL_WORKER, leader=model_worker
    )
    push(world, first, "submit")
    honour(model_worker, "craftsman")
    second = apply(
        world, studio=studio, name="甲工匠创新工作室", type=StudioType.CRAFTSMAN, leader=model_worker
    )
    with pytest.raises(ValidationError) as exc:
        push(world, second, "submit")
    assert exc.value.message_dict["studio"] == ["该工作室已有一份进行中的升级申请。"]


def test_the_city_recommends_for_units_filed_directly_under_it(world):
    from innovation.accounts.roles import Role

    direct = world.units["edu"]  # under the education industry union, which has no admin here
    admin = make_user("t_unit_edu", (Role.UNIT_ADMIN, direct.union))
    app = apply(world, user=admin, unit="edu", name="一中职工创新工作室")
    push(world, app, "submit", actor=admin)
    push(world, app, "recommend", "name", actor=world.users["city"])
    app.refresh_from_db()
    assert app.state == State.NAMED


def test_steps_for_offers_each_role_its_buttons(world):
    app = apply(world)
    names = lambda who: [s.name for s in kernel.steps_for(app, world.users[who])]  # noqa: E731
    assert names("unit") == ["submit"] and names("yixian") == [] and names("city") == []
    app = push(world, app, "submit")
    assert names("unit") == [] and names("yixian") == ["recommend", "return"] and names("heishan") == []
    app = push(world, app, "recommend")
    assert names("city") == ["name", "decline", "city_return"] and names("yixian") == []
    assert Member.objects.count() == 0


def test_the_system_files_an_application_under_a_named_account(world):
    """The demo loader (actor=None) names the account the application is filed under."""
    with pytest.raises(ValidationError) as exc:
        services.application_create(
            actor=None,
            enterprise=world.units["hs_a"],
            name="黑山丙工作室",
            type=StudioType.WORKER,
            leader=world.workers["hs_a_1"],
        )
    assert exc.value.messages == ["申请须记录提交账号。"]
    app = services.application_create(
        actor=None,
        created_by=world.users["city"],
        enterprise=world.units["hs_a"],
        name="黑山丙工作室",
        type=StudioType.WORKER,
        leader=world.workers["hs_a_1"],
        results_so_far="攻关3项。",
        plan="带徒。",
    )
    for step in ("submit", "recommend", "name"):
        kernel.run(
            obj=app,
            step=step,
            actor=None,
            reason="同意。",
            inspection_record="合格。",
            panel_opinion="同意。",
            document_no="锦工发〔2019〕3号",
            named_on=datetime.date(2019, 6, 1),
            notify_people=False,
        )
    app.refresh_from_db()
    assert (app.state, app.naming.studio.named_year, app.created_by) == ("named", 2019, world.users["city"])
    assert list(StepLog.objects.of(app).values_list("actor", flat=True)) == [None, None, None]


def test_an_achievement_names_an_active_studio_of_its_own_unit(world):
    studio = make_studio(world, "甲工作室", "yx_a")
    rules.check_incubator(studio=studio, enterprise=world.units["yx_a"])
    rules.check_incubator(studio=None, enterprise=world.units["yx_a"])
    with pytest.raises(ValidationError) as exc:
        rules.check_incubator(studio=studio, enterprise=world.units["yx_b"])
    assert exc.value.message_dict == {"studio": ["孵化工作室须是申报单位的工作室。"]}
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.REVOKED)
    studio.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        rules.check_incubator(studio=studio, enterprise=world.units["yx_a"])
    assert "已摘牌" in exc.value.message_dict["studio"][0]
