import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.org import services
from innovation.org.models import Enterprise, TradeUnion, Worker

from ..factories import make_worker, new_id_number


def test_district_admin_cannot_register_a_worker_in_another_district(world):
    with pytest.raises(PermissionDenied):
        services.worker_create(
            actor=world.users["yixian"],
            enterprise=world.units["hs_a"],
            name="越权",
            post="钳工",
            id_number=new_id_number(),
        )
    assert not Worker.objects.filter(name="越权").exists()


def test_a_duplicate_id_number_is_refused_with_a_clear_message(world):
    existing = world.workers["hs_a_1"]
    with pytest.raises(ValidationError) as exc:
        services.worker_create(
            actor=world.users["city"],
            enterprise=world.units["yx_a"],
            name="重复",
            post="钳工",
            id_number=existing.id_number,
        )
    assert exc.value.message_dict["id_number"] == ["该身份证号码已登记，同一职工不能重复登记。"]


def test_gender_and_birth_year_come_from_the_id_number_and_must_agree(world):
    number = new_id_number("210727", birth_year=1988, gender="F")
    worker = services.worker_create(
        actor=None, enterprise=world.units["yx_a"], name="女工", post="质检员", id_number=number
    )
    assert (worker.gender, worker.birth_year) == ("F", 1988)
    with pytest.raises(ValidationError) as exc:
        services.worker_create(
            actor=None,
            enterprise=world.units["yx_a"],
            name="不符",
            post="质检员",
            id_number=new_id_number("210727", birth_year=1990, gender="M"),
            gender="F",
            birth_year=1991,
        )
    assert set(exc.value.message_dict) == {"gender", "birth_year"}


def test_moving_a_worker_needs_scope_at_both_ends(world):
    worker = world.workers["yx_a_1"]
    with pytest.raises(PermissionDenied):
        services.worker_update(actor=world.users["yixian"], worker=worker, enterprise=world.units["hs_a"])
    moved = services.worker_update(actor=world.users["city"], worker=worker, enterprise=world.units["hs_a"])
    assert moved.scope_path == world.units["hs_a"].union.path


def test_enterprise_credit_code_is_validated_and_unique(world):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(
            actor=world.users["yixian"],
            parent_union=world.yixian,
            name="坏代码公司",
            size="small",
            industry="C",
            region=world.units["yx_a"].region,
            uscc="91210700MA0QDY7B2X",
        )
    assert "uscc" in exc.value.message_dict
    assert not Enterprise.objects.filter(name="坏代码公司").exists()


def test_creating_an_enterprise_creates_its_base_union_under_the_parent(world):
    enterprise = services.enterprise_create(
        actor=world.users["heishan"],
        parent_union=world.heishan,
        name="黑山新公司",
        size="micro",
        industry="F",
        region=world.units["hs_a"].region,
    )
    assert enterprise.union.kind == TradeUnion.Kind.UNIT
    assert enterprise.union.parent_id == world.heishan.pk
    assert enterprise.scope_path == f"{world.heishan.path}{enterprise.union.pk}/"


def test_a_sub_unit_hangs_under_its_unit_and_the_unit_admin_sees_it(world):
    sub = services.enterprise_create(
        actor=world.users["unit"],
        parent_union=world.units["yx_a"].union,
        name="甲公司一车间",
        size="small",
        industry="C",
        region=world.units["yx_a"].region,
        group=world.units["yx_a"],
    )
    assert sub.union.kind == TradeUnion.Kind.SUB_UNIT
    make_worker(sub, "车间职工")
    from innovation.accounts.policy import Action
    from innovation.accounts.scope import restrict

    names = set(
        restrict(Worker.objects.all(), world.users["unit"], Action.WORKER_VIEW).values_list("name", flat=True)
    )
    assert "车间职工" in names


def test_moving_a_union_rewrites_every_path_below_it(world):
    unit = world.units["yx_b"]
    services.union_move(actor=world.users["city"], union=unit.union, new_parent=world.heishan)
    unit.refresh_from_db()
    unit.union.refresh_from_db()
    assert unit.union.path == f"{world.heishan.path}{unit.union.pk}/"
    assert unit.scope_path == unit.union.path
    assert set(Worker.objects.filter(enterprise=unit).values_list("scope_path", flat=True)) == {
        unit.union.path
    }


def test_a_union_cannot_move_under_its_own_descendant(world):
    with pytest.raises(ValidationError):
        services.union_move(
            actor=world.users["city"], union=world.yixian, new_parent=world.units["yx_a"].union
        )


def test_a_district_admin_cannot_create_a_top_level_union(world):
    with pytest.raises(PermissionDenied):
        services.union_create(
            actor=world.users["yixian"], name="野工会", kind=TradeUnion.Kind.CITY, parent=None
        )


def test_honour_duplicates_are_refused(world):
    worker = world.workers["yx_a_1"]
    services.honour_add(actor=None, worker=worker, kind="model_worker", level="city", year=2020)
    with pytest.raises(ValidationError):
        services.honour_add(actor=None, worker=worker, kind="model_worker", level="city", year=2020)
