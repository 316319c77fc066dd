"""Recording namings, the leader honour rule, duplicate namings, the roster policy, lineage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from innovation.audit.models import AuditAction, AuditEntry
from innovation.org.models import Honour
from innovation.studios.models import AssessmentRubric, Member, Naming, Studio, StudioLevel, StudioType
from innovation.studios.naming import rules, services
from tests.factories import make_worker

from .builders import honour, make_studio

JUNE = datetime.date(2020, 6, 1)


def record(world, **kw):
    data = {
        "actor": world.users["city"],
        "studio_type": StudioType.MODEL_WORKER,
        "level": StudioLevel.PROVINCIAL,
        "year": 2020,
        "document_no": "辽工发〔2020〕15号",
        "named_by": "辽宁省总工会",
        "named_on": JUNE,
    }
    data.update(kw)
    return services.studio_record(**data)


def new_studio_fields(world, leader, **kw):
    return {"enterprise": world.units["yx_a"], "name": "高颖明劳模创新工作室", "leader": leader, **kw}


# ---------------------------------------------------------------- the leader honour rule


def test_a_model_worker_studio_is_recorded_with_its_leader_on_the_roster(world, model_worker):
    naming = record(world, **new_studio_fields(world, model_worker))
    studio = naming.studio
    assert (studio.type, studio.level, studio.status) == ("model_worker", "provincial", "active")
    assert (studio.named_year, studio.document_no, studio.named_by) == (
        2020,
        "辽工发〔2020〕15号",
        "辽宁省总工会",
    )
    assert studio.scope_path == world.units["yx_a"].scope_path
    assert len(naming.certificate_code) == 12
    leader = studio.members.get()
    assert (leader.worker, leader.role, leader.joined_on, leader.left_on) == (
        model_worker,
        "leader",
        JUNE,
        None,
    )


def test_a_model_worker_studio_without_a_model_worker_leader_is_refused(world):
    plain = world.workers["yx_a_1"]
    honour(plain, Honour.Kind.CRAFTSMAN)  # an honour, but not the one required
    with pytest.raises(ValidationError) as exc:
        record(world, **new_studio_fields(world, plain))
    assert exc.value.message_dict["leader"] == [
        "劳模创新工作室的带头人须获得“劳动模范”荣誉称号（任一级别），义县职工一没有该荣誉记录。"
    ]
    assert not Studio.objects.exists() and not Naming.objects.exists() and not Member.objects.exists()
    refused = AuditEntry.objects.filter(action=AuditAction.REFUSED).get()
    assert refused.actor == world.users["city"] and "劳动模范" in refused.detail


def test_any_level_of_the_honour_will_do_and_a_craftsman_studio_needs_a_craftsman(world):
    worker = world.workers["yx_a_2"]
    honour(worker, Honour.Kind.MODEL_WORKER, Honour.Level.DISTRICT)
    with pytest.raises(ValidationError) as exc:
        record(world, studio_type=StudioType.CRAFTSMAN, **new_studio_fields(world, worker, name="工匠工作室"))
    assert "“工匠”" in exc.value.message_dict["leader"][0]
    naming = record(world, **new_studio_fields(world, worker))
    assert naming.studio.type == StudioType.MODEL_WORKER


def test_a_worker_studio_needs_no_honour(world):
    naming = record(world, studio_type=StudioType.WORKER, **new_studio_fields(world, world.workers["yx_a_1"]))
    assert naming.studio.type == StudioType.WORKER


def test_the_rule_is_data_in_one_place():
    assert rules.LEADER_HONOUR == {"model_worker": "model_worker", "craftsman": "craftsman"}


# ---------------------------------------------------------------- what may be recorded, by whom


def test_the_city_level_is_named_through_an_application_only(world, model_worker):
    with pytest.raises(ValidationError) as exc:
        record(world, level=StudioLevel.CITY, **new_studio_fields(world, model_worker))
    assert "须经申请" in exc.value.message_dict["level"][0]


def test_a_district_admin_cannot_record_a_naming(world, model_worker):
    with pytest.raises(PermissionDenied):
        record(world, actor=world.users["yixian"], **new_studio_fields(world, model_worker))
    assert (
        AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["yixian"]).count() == 1
    )


def test_missing_fields_are_named(world):
    with pytest.raises(ValidationError) as exc:
        record(
            world,
            document_no=" ",
            named_by="",
            year=1900,
            enterprise=world.units["yx_a"],
            name="",
            leader=None,
        )
    assert set(exc.value.message_dict) == {"document_no", "named_by", "year", "name", "leader"}


def test_the_leader_must_work_in_the_unit(world, model_worker):
    with pytest.raises(ValidationError) as exc:
        record(world, enterprise=world.units["hs_a"], name="黑山工作室", leader=model_worker)
    assert exc.value.message_dict["leader"] == ["带头人须是本单位职工。"]


def test_a_second_studio_of_the_same_name_in_the_unit_is_refused(world, model_worker):
    record(world, **new_studio_fields(world, model_worker))
    other = make_worker(world.units["yx_a"], "另一劳模")
    honour(other)
    with pytest.raises(ValidationError) as exc:
        record(world, **new_studio_fields(world, other))
    assert "已有同名工作室" in exc.value.message_dict["name"][0]


# ---------------------------------------------------------------- duplicate namings and the rank


def test_a_second_naming_at_the_same_type_and_level_is_refused(world, model_worker):
    studio = record(world, **new_studio_fields(world, model_worker)).studio
    with pytest.raises(ValidationError) as exc:
        record(world, studio=studio, document_no="辽工发〔2021〕3号", year=2021)
    assert exc.value.messages == [
        "「高颖明劳模创新工作室」已获得省级劳模创新工作室命名，同一工作室同类型同级别只能命名一次。"
    ]
    assert studio.namings.count() == 1


def test_the_unique_constraint_backs_the_rule(world):
    studio = make_studio(world, "甲工作室")
    naming = studio.namings.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Naming.objects.create(
            studio=studio,
            type=naming.type,
            level=naming.level,
            year=2021,
            document_no="x",
            named_by="x",
            named_on=JUNE,
            certificate_code="DUPLICATE1",
        )


def test_type_and_level_are_those_of_the_highest_naming(world):
    studio = make_studio(world, "甲职工创新工作室", studio_type=StudioType.MODEL_WORKER, year=2018)
    assert (studio.type, studio.level) == ("model_worker", "city")
    record(world, studio=studio, studio_type=StudioType.WORKER, document_no="辽工发〔2020〕9号")
    studio.refresh_from_db()
    assert (studio.type, studio.level, studio.named_year) == ("worker", "provincial", 2020)
    record(
        world, studio=studio, studio_type=StudioType.MODEL_WORKER, year=2021, document_no="辽工发〔2021〕2号"
    )
    studio.refresh_from_db()
    assert (studio.type, studio.level, studio.document_no) == (
        "model_worker",
        "provincial",
        "辽工发〔2021〕2号",
    )
    assert studio.namings.count() == 3


def test_a_revoked_studio_gets_no_new_naming(world):
    studio = make_studio(world, "甲工作室")
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.REVOKED)
    studio.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        record(world, studio=studio, studio_type=StudioType.WORKER)
    assert "已摘牌" in exc.value.message_dict["studio"][0]


# ---------------------------------------------------------------- members and the roster policy


def test_a_member_joins_and_leaves(world):
    studio = make_studio(world, "甲工作室")
    worker = world.workers["yx_a_1"]
    member = services.member_add(
        actor=world.users["unit"], studio=studio, worker=worker, role=Member.Role.CORE, joined_on=JUNE
    )
    assert (member.role, member.joined_on) == ("core", JUNE)
    services.member_leave(actor=world.users["unit"], member=member, left_on=datetime.date(2021, 1, 1))
    member.refresh_from_db()
    assert member.left_on == datetime.date(2021, 1, 1)
    with pytest.raises(ValidationError) as exc:
        services.member_leave(actor=world.users["unit"], member=member)
    assert "已于2021-01-01退出" in exc.value.messages[0]


def test_a_worker_on_another_active_roster_is_refused_with_that_studios_name(world, rubric):
    first = make_studio(world, "甲一工作室")
    second = make_studio(world, "甲二工作室")
    worker = world.workers["yx_a_1"]
    services.member_add(actor=world.users["unit"], studio=first, worker=worker, joined_on=JUNE)
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=world.users["unit"], studio=second, worker=worker, joined_on=JUNE)
    assert exc.value.message_dict["worker"] == [
        "义县职工一已是「甲一工作室」的在册成员；按现行考核办法，职工只能在一个工作室在册，请先办理退出。"
    ]
    assert not second.members.filter(worker=worker).exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__contains="甲一工作室").count() == 1


def test_after_leaving_the_worker_may_join_another(world, rubric):
    first = make_studio(world, "甲一工作室")
    second = make_studio(world, "甲二工作室")
    worker = world.workers["yx_a_1"]
    member = services.member_add(actor=world.users["unit"], studio=first, worker=worker, joined_on=JUNE)
    services.member_leave(actor=world.users["unit"], member=member, left_on=JUNE)
    assert services.member_add(actor=world.users["unit"], studio=second, worker=worker, joined_on=JUNE).pk


def test_when_the_rubric_allows_two_rosters_the_worker_joins_both(world, rubric):
    AssessmentRubric.objects.create(
        effective_year=2020, criteria=[], excellent_from=90, qualified_from=60, one_roster_only=False
    )
    first = make_studio(world, "甲一工作室")
    second = make_studio(world, "甲二工作室")
    worker = world.workers["yx_a_1"]
    services.member_add(actor=world.users["unit"], studio=first, worker=worker, joined_on=JUNE)
    services.member_add(actor=world.users["unit"], studio=second, worker=worker, joined_on=JUNE)
    # The rubric of 2019 still forbids it for a joining date in 2019.
    third = make_studio(world, "甲三工作室")
    with pytest.raises(ValidationError):
        services.member_add(
            actor=world.users["unit"], studio=third, worker=worker, joined_on=datetime.date(2019, 12, 1)
        )


def test_a_revoked_studios_roster_does_not_count(world, rubric):
    first = make_studio(world, "甲一工作室")
    worker = world.workers["yx_a_1"]
    services.member_add(actor=world.users["unit"], studio=first, worker=worker, joined_on=JUNE)
    Studio.objects.filter(pk=first.pk).update(status=Studio.Status.REVOKED)
    second = make_studio(world, "甲二工作室")
    assert services.member_add(actor=world.users["unit"], studio=second, worker=worker, joined_on=JUNE).pk


def test_member_refusals(world):
    studio = make_studio(world, "甲工作室")
    worker = world.workers["yx_a_1"]
    unit = world.users["unit"]
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=unit, studio=studio, worker=worker, role=Member.Role.LEADER)
    assert "带头人由命名确定" in exc.value.message_dict["role"][0]
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=unit, studio=studio, worker=studio.leader)
    assert "已是「甲工作室」的在册成员" in exc.value.message_dict["worker"][0]
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=unit, studio=studio, worker=worker, joined_on=datetime.date(2999, 1, 1))
    assert exc.value.message_dict["joined_on"] == ["加入日期不能晚于今天。"]
    member = services.member_add(actor=unit, studio=studio, worker=worker, joined_on=JUNE)
    with pytest.raises(ValidationError) as exc:
        services.member_leave(actor=unit, member=member, left_on=datetime.date(2020, 5, 31))
    assert exc.value.message_dict["left_on"] == ["退出日期不能早于加入日期（2020-06-01）。"]
    with pytest.raises(ValidationError) as exc:
        services.member_leave(actor=unit, member=studio.members.get(role=Member.Role.LEADER))
    assert "带头人不能直接退出" in exc.value.messages[0]
    assert studio.members.filter(left_on__isnull=True).count() == 2


def test_who_keeps_the_roster(world, studio_lead, model_worker):
    studio = make_studio(
        world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker
    )
    worker = world.workers["yx_a_1"]
    services.member_add(actor=studio_lead, studio=studio, worker=worker, joined_on=JUNE)  # the leader
    other = make_studio(world, "黑山工作室", "hs_a")
    for outsider in (world.users["heishan"], world.users["yixian"], world.users["worker"], studio_lead):
        with pytest.raises(PermissionDenied):
            services.member_add(actor=outsider, studio=other, worker=world.workers["hs_a_2"], joined_on=JUNE)
    # A member of the roster who is not its leader keeps nothing, even with a studio-lead grant.
    with pytest.raises(PermissionDenied):
        services.member_add(actor=world.users["worker"], studio=studio, worker=world.workers["yx_a_2"])
    services.member_add(
        actor=world.users["city"], studio=other, worker=world.workers["hs_a_2"], joined_on=JUNE
    )


# ---------------------------------------------------------------- lineage


def test_lineage_records_the_earlier_studio_and_posts(world, campaign_posts):
    earlier = make_studio(world, "甲职工创新工作室", year=2019)
    later = make_studio(world, "甲劳模创新工作室", studio_type=StudioType.MODEL_WORKER, year=2021)
    services.lineage_set(
        actor=world.users["unit"], studio=later, grew_from=earlier, demonstration_posts=campaign_posts
    )
    later.refresh_from_db()
    assert later.grew_from == earlier
    assert set(later.demonstration_posts.all()) == set(campaign_posts)


def test_lineage_refusals(world, campaign_posts):
    earlier = make_studio(world, "甲职工创新工作室", year=2019)
    later = make_studio(world, "甲劳模创新工作室", studio_type=StudioType.MODEL_WORKER, year=2021)
    unit = world.users["unit"]
    with pytest.raises(ValidationError) as exc:
        services.lineage_set(actor=unit, studio=later, grew_from=later, demonstration_posts=[])
    assert exc.value.message_dict["grew_from"] == ["前身工作室不能是它自己。"]
    with pytest.raises(ValidationError) as exc:
        services.lineage_set(actor=unit, studio=earlier, grew_from=later, demonstration_posts=[])
    assert "不能晚于本工作室" in exc.value.message_dict["grew_from"][0]
    services.lineage_set(actor=world.users["city"], studio=later, grew_from=earlier, demonstration_posts=[])
    Studio.objects.filter(pk=earlier.pk).update(named_year=2021)
    earlier.namings.update(year=2021)
    with pytest.raises(ValidationError) as exc:
        services.lineage_set(actor=unit, studio=earlier, grew_from=later, demonstration_posts=[])
    assert "不能成环" in exc.value.message_dict["grew_from"][0]
    old = make_studio(world, "甲老工作室", year=2010)
    with pytest.raises(ValidationError) as exc:
        services.lineage_set(actor=unit, studio=old, grew_from=None, demonstration_posts=campaign_posts)
    assert "晚于本工作室命名（2010年）" in exc.value.message_dict["demonstration_posts"][0]
    heishan = make_studio(world, "黑山工作室", "hs_a", year=2022)
    with pytest.raises(PermissionDenied):
        services.lineage_set(actor=unit, studio=heishan, grew_from=None, demonstration_posts=[])
    with pytest.raises(ValidationError) as exc:
        services.lineage_set(
            actor=world.users["unit"], studio=later, grew_from=heishan, demonstration_posts=[]
        )
    assert exc.value.message_dict["grew_from"] == ["前身工作室不在您的查看范围内。"]
