"""The Jinzhou demo: the report's units and people, the 9 divisions, the demo accounts;
and running it twice changes nothing."""

import base64
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovation.accounts.models import User
from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.audit import chain
from innovation.audit.models import AuditEntry
from innovation.core.validators import validate_id_number
from innovation.org.models import Enterprise, Honour, Region, TradeUnion, Worker

DIVISIONS = {
    "古塔区",
    "凌河区",
    "太和区",
    "黑山县",
    "义县",
    "凌海市",
    "北镇市",
    "锦州经济技术开发区",
    "锦州松山新区",
}


pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_seed_demo_is_idempotent(demo):
    """Every project table holds as many rows after a second seed (and a third run of the
    achievements' part) as after the first (tests/demo_db.py counts them)."""
    assert demo.first == demo.second == demo.third


def test_the_nine_county_level_divisions_each_with_a_union(demo):
    assert set(Region.objects.filter(level=Region.Level.COUNTY).values_list("name", flat=True)) == DIVISIONS
    districts = TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT)
    assert districts.count() == 9
    assert all(d.parent.name == "锦州市总工会" for d in districts)


def test_every_division_has_units_and_workers(demo):
    for union in TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT):
        units = Enterprise.objects.filter(scope_path__startswith=union.path).count()
        workers = Worker.objects.filter(scope_path__startswith=union.path).count()
        assert units >= 30 and workers >= 400, union.name


def test_hundreds_of_units_and_thousands_of_workers(demo):
    assert 300 <= Enterprise.objects.count() <= 400
    assert 5000 <= Worker.objects.count() <= 8000


@pytest.mark.parametrize(
    ("unit", "people"),
    [
        ("辽宁大唐国际锦州热电有限责任公司", {"李营"}),
        ("锦州石化公司", {"高颖明", "王亮", "马志刚", "陈恩奇"}),
        ("锦州天晟重工有限公司", {"孙健", "王明帅"}),
    ],
)
def test_the_reports_units_and_people(demo, unit, people):
    enterprise = Enterprise.objects.get(name=unit)
    assert people <= set(enterprise.workers.values_list("name", flat=True))


def test_the_port_and_its_support_centre(demo):
    port = Enterprise.objects.get(name="锦州港股份有限公司")
    centre = Enterprise.objects.get(name="锦州港股份有限公司港口保障中心")
    assert centre.group == port
    assert centre.union.parent == port.union


def test_sun_yang_is_a_model_worker(demo):
    sun = Worker.objects.get(name="孙洋", honours__kind=Honour.Kind.MODEL_WORKER)
    assert sun.enterprise.union.path.startswith(TradeUnion.objects.get(name="锦州市总工会").path)


def test_all_id_numbers_are_valid_and_unique(demo):
    hashes = list(Worker.objects.values_list("id_number_hash", flat=True))
    assert len(hashes) == len(set(hashes))
    for worker in Worker.objects.order_by("?")[:200]:
        assert validate_id_number(worker.id_number) == worker.id_number


@pytest.mark.parametrize(
    ("username", "role", "node"),
    [
        ("demo_city", "city_admin", "锦州市总工会"),
        ("demo_yixian", "district_admin", "义县总工会"),
        ("demo_heishan", "district_admin", "黑山县总工会"),
        ("demo_unit_petro", "unit_admin", "锦州石化公司工会"),
        ("demo_unit_tiansheng", "unit_admin", "锦州天晟重工有限公司工会"),
        ("demo_unit_wantong", "unit_admin", "北镇万通汽车零部件有限公司工会"),
        ("demo_liying", "worker", "辽宁大唐国际锦州热电有限责任公司工会"),
        ("demo_expert", "expert", None),
        ("demo_audit", "audit_admin", None),
    ],
)
def test_demo_accounts(demo, username, role, node):
    user = User.objects.get(username=username)
    assert user.check_password("Jinzhou@2026")
    assert not user.must_change_password
    grant = user.grants.get(role=role)
    assert (grant.node.name if grant.node else None) == node


def test_demo_liying_sees_only_himself(demo):
    user = User.objects.get(username="demo_liying")
    assert list(restrict(Worker.objects.all(), user, Action.WORKER_VIEW).values_list("name", flat=True)) == [
        "李营"
    ]


def test_demo_yixian_and_heishan_see_disjoint_rows(demo):
    yixian = set(
        restrict(
            Worker.objects.all(), User.objects.get(username="demo_yixian"), Action.WORKER_VIEW
        ).values_list("pk", flat=True)
    )
    heishan = set(
        restrict(
            Worker.objects.all(), User.objects.get(username="demo_heishan"), Action.WORKER_VIEW
        ).values_list("pk", flat=True)
    )
    assert yixian and heishan and not (yixian & heishan)


def test_named_rows_were_written_through_the_services_and_audited(demo):
    assert AuditEntry.objects.filter(object_type="org.worker", object_repr="李营", action="create").exists()


def test_the_demo_administrators_are_enrolled_with_the_secrets_readme_lists(demo):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    listed = dict(re.findall(r"^\| `(demo_\w+)` \| `([A-Z2-7]{32})` \|", readme, re.MULTILINE))
    assert set(listed) == {"demo_city", "demo_city2", "demo_sysadmin", "demo_security", "demo_audit"}
    for username, secret in listed.items():
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed and base64.b32encode(device.bin_key).decode() == secret, username
    assert TOTPDevice.objects.count() == 5  # the others sign in with the password alone
    assert (
        AuditEntry.objects.filter(
            action="otp_enrol", detail="demo account: the fixed secret listed in README"
        ).count()
        == 5
    )


def test_the_seeded_demos_audit_chain_is_intact(demo):
    finding = chain.verify()
    assert finding.intact and finding.rows == AuditEntry.objects.count()


# What each demo account finds waiting on its home page, from this year's work in progress
# (innovation/achievements/demo/in_progress.py and the experts' assignments of this year), the
# studios' missing yearly reports and the report years' items the units may still resubmit.
TODOS = {
    "demo_city": [
        ("成果：待市总形式审查", 2),
        ("成果：待县区预审", 3),
        ("服务订单：待受理", 1),
        ("服务订单：待派单/认领", 1),
        ("技能大赛：报名中", 1),
        ("技能晋级推荐：已推荐", 25),
        ("技术攻关项目：待审批", 3),
        ("技术攻关项目：效益待核实", 1),
    ],
    "demo_city2": [
        ("成果：待市总形式审查", 2),
        ("成果：待县区预审", 3),
        ("服务订单：待受理", 1),
        ("服务订单：待派单/认领", 1),
        ("技能大赛：报名中", 1),
        ("技能晋级推荐：已推荐", 25),
        ("技术攻关项目：待审批", 3),
        ("技术攻关项目：效益待核实", 1),
    ],
    # The projects on their way (innovation/projects/demo): proposed ones wait for the city's
    # approval, approved and running ones for their unit (and the studio's lead); one concluded
    # project (天晟重工's 焊接机器人离线编程, 2026) waits for the union to verify its benefit.
    # The volunteer orders open this year (innovation/volunteer/demo/orders.py): one just posted in
    # 义县, one triaged in 黑山县 (孙健's team may claim it), one in service in 太和区.
    "demo_yixian": [("成果：待县区预审", 3), ("服务订单：待受理", 1)],
    "demo_heishan": [("服务订单：待派单/认领", 1)],
    "demo_sunjian": [("服务订单：服务中", 1), ("服务订单：待派单/认领", 1)],
    "demo_unit_datang": [
        ("成果：草稿", 1),
        ("成果：退回修改", 2),
        ("2025年度报告待提交", 2),
        ("技术攻关项目：攻关中", 1),
    ],
    # Its second draft is 高颖明's project filed as an achievement.
    "demo_unit_petro": [
        ("成果：草稿", 2),
        ("2025年度报告待提交", 2),
        ("技术攻关项目：已立项", 1),
        ("技术攻关项目：攻关中", 1),
    ],
    "demo_unit_tiansheng": [
        ("成果：草稿", 1),
        ("成果：退回修改", 1),
        ("2025年度报告待提交", 2),
        ("技术攻关项目：攻关中", 1),
    ],
    "demo_liying": [],
    "demo_expert": [("评审任务：待评分", 2)],
    "demo_gaoyingming": [("2025年度报告待提交", 1), ("技术攻关项目：攻关中", 1)],
}


@pytest.mark.parametrize("username", sorted(TODOS))
def test_every_demo_account_has_its_to_dos(demo, username):
    from innovation.core.workflow import todos_for

    todos = todos_for(User.objects.get(username=username))
    assert [(str(t.label), t.count) for t in todos] == TODOS[username]


def test_the_people_an_item_is_about_are_told_of_each_step(demo):
    from innovation.notifications.models import Notification

    item = "发电机碳刷温度在线监测预警装置"
    told = Notification.objects.filter(user__username="demo_liying", title__contains=item).order_by("id")
    assert [n.title for n in told] == [f"成果「{item}」：{step}" for step in ("提交", "推荐", "形式审查通过")]
    returned = Notification.objects.get(user__username="demo_unit_datang", title__endswith="：退回修改")
    assert returned.body == "经济效益计算依据不足：请补充近一年的运行数据和财务部门出具的效益证明后重新提交。"
    campaign = f"{timezone.localdate().year}年锦州市职工“五小”创新成果征集活动"
    new_work = Notification.objects.filter(user__username="demo_expert", title__startswith=campaign)
    assert [(n.title, n.url) for n in new_work] == [
        (f"{campaign}：新分配给您1项成果评审", "/experts/my/")
    ] * 2
