"""Demo accounts (README lists them). All share DEMO_PASSWORD; none must change it.

The administrators who must sign in with a second factor are enrolled with the fixed TOTP
secrets of demo_secrets.py (README lists them too), so that a first look works with any authenticator app.
They are public: `manage.py check --deploy` fails while any of them is in use."""

from innovation.org.models import Enterprise, TradeUnion, Worker

from . import services, twofactor
from .demo_secrets import DEMO_TOTP_SECRETS
from .models import User
from .roles import Role

DEMO_PASSWORD = "Jinzhou@2026"

# username, display name, [(role, node resolver)], worker (unit, name) to link
ACCOUNTS = [
    ("demo_city", "市总工会管理员", [(Role.CITY_ADMIN, ("union", "锦州市总工会"))], None),
    # The second city admin: decisions that move money need two different approvers (四眼原则).
    ("demo_city2", "市总工会审核员", [(Role.CITY_ADMIN, ("union", "锦州市总工会"))], None),
    ("demo_yixian", "义县总工会管理员", [(Role.DISTRICT_ADMIN, ("union", "义县总工会"))], None),
    ("demo_heishan", "黑山县总工会管理员", [(Role.DISTRICT_ADMIN, ("union", "黑山县总工会"))], None),
    ("demo_taihe", "太和区总工会管理员", [(Role.DISTRICT_ADMIN, ("union", "太和区总工会"))], None),
    ("demo_unit_petro", "锦州石化公司工会管理员", [(Role.UNIT_ADMIN, ("unit", "锦州石化公司"))], None),
    (
        "demo_unit_datang",
        "大唐锦州热电工会管理员",
        [(Role.UNIT_ADMIN, ("unit", "辽宁大唐国际锦州热电有限责任公司"))],
        None,
    ),
    (
        "demo_unit_tiansheng",
        "锦州天晟重工有限公司工会管理员",
        [(Role.UNIT_ADMIN, ("unit", "锦州天晟重工有限公司"))],
        None,
    ),
    # A small firm served by the volunteer teams (its order in service is on its home page).
    (
        "demo_unit_wantong",
        "北镇万通汽车零部件有限公司工会管理员",
        [(Role.UNIT_ADMIN, ("unit", "北镇万通汽车零部件有限公司"))],
        None,
    ),
    (
        "demo_liying",
        "李营",
        [(Role.WORKER, ("unit", "辽宁大唐国际锦州热电有限责任公司"))],
        ("辽宁大唐国际锦州热电有限责任公司", "李营"),
    ),
    (
        "demo_gaoyingming",
        "高颖明",
        [(Role.WORKER, ("unit", "锦州石化公司")), (Role.STUDIO_LEAD, ("unit", "锦州石化公司"))],
        ("锦州石化公司", "高颖明"),
    ),
    (
        "demo_sunjian",
        "孙健",
        [(Role.WORKER, ("unit", "锦州天晟重工有限公司")), (Role.TEAM_LEAD, ("unit", "锦州天晟重工有限公司"))],
        ("锦州天晟重工有限公司", "孙健"),
    ),
    ("demo_expert", "评审专家（示例）", [(Role.EXPERT, None)], None),
    ("demo_sysadmin", "系统管理员", [(Role.SYS_ADMIN, None)], None),
    ("demo_security", "安全管理员", [(Role.SECURITY_ADMIN, None)], None),
    ("demo_audit", "审计管理员", [(Role.AUDIT_ADMIN, None)], None),
]


def _node(ref):
    if ref is None:
        return None
    kind, name = ref
    if kind == "union":
        return TradeUnion.objects.get(name=name)
    return Enterprise.objects.select_related("union").get(name=name).union


def seed(stdout=None) -> list[str]:
    created = []
    for username, display_name, grants, worker_ref in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _password = services.user_create(
                actor=None, username=username, display_name=display_name, password=DEMO_PASSWORD
            )
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
            created.append(username)
        for role, ref in grants:
            services.grant_role(actor=None, user=user, role=role, node=_node(ref))
        if worker_ref:
            Worker.objects.filter(
                enterprise__name=worker_ref[0], name=worker_ref[1], user__isnull=True
            ).update(user=user)
        if username in DEMO_TOTP_SECRETS and not twofactor.two_factor_enabled(user):
            twofactor.enrol_with_known_secret(user=user, secret=DEMO_TOTP_SECRETS[username])
    return created
