"""Two-factor sign-in: who must use it, enrolment, the code step, the lockout over it, recovery
codes, the security administrator's reset, and the API. Sessions are built through the login
form here (force_login would stand for a finished sign-in)."""

import base64
import time

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovation.accounts import twofactor
from innovation.audit.models import AuditAction, AuditEntry

from ..api.test_api import token_for
from ..factories import PASSWORD
from ..twofactor import code_at, current_code, enrolled_device

LOGIN = "/accounts/login/"
VERIFY = "/accounts/2fa/verify/"
SETUP = "/accounts/2fa/setup/"
CODES = "/accounts/2fa/recovery-codes/"
WRONG_CODE_MESSAGE = "验证码不正确。连续失败5次账户将被锁定15分钟。"
LOCKED = "登录失败次数过多，该账户已被锁定15分钟"

pytestmark = pytest.mark.django_db


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def wrong_code(device) -> str:
    """A six-digit code the device does not accept now."""
    device.refresh_from_db()
    base = int(time.time()) // device.step + device.drift
    accepted = {code_at(device.key, base + offset) for offset in range(-2, 3)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in accepted)


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.parametrize("who", ["city", "sysadmin", "security", "audit"])
def test_required_roles_are_sent_to_enrol_and_reach_nothing_until_verified(client, world, who):
    user = world.users[who]
    assert password_step(client, user.username).status_code == 302

    for path in (
        "/",
        "/org/workers/",
        "/audit/",
        "/backoffice/",
        "/accounts/password/",
        "/accounts/security/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), path
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.json() == {"detail": "请先在登录页完成两步验证后再使用接口。"}
    page = client.get(SETUP)
    assert page.status_code == 200
    assert 'id="otp-required"' in page.content.decode()
    assert 'id="main-nav"' not in page.content.decode()  # the sign-in layout, no menu


def test_enrolment_shows_the_qr_code_and_the_secret_and_a_right_code_enrols(client, world):
    user = world.users["city"]
    password_step(client, "t_city")

    page = client.get(SETUP)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in html
    assert '<svg role="img" id="otp-qr"' in html and "<path" in html
    assert 'style="' not in html  # nothing the CSP (style-src 'self') would refuse
    assert f"secret={secret}" in device.config_url and "issuer=" in device.config_url
    client.get(SETUP)  # a reload shows the same secret
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [device.pk]

    refused = client.post(SETUP, {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert "验证码不正确，请核对手机时间后输入身份验证器当前显示的6位数字。" in refused.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not AuditEntry.objects.filter(action=AuditAction.OTP_ENROL).exists()

    done = client.post(SETUP, {"code": current_code(device)})
    assert done.status_code == 302 and done["Location"] == CODES
    shown = client.get(CODES)
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(f"{code[:4].upper()} {code[4:].upper()}" in shown.content.decode() for code in codes)
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(
        codes
    )
    again = client.get(CODES)  # shown once
    assert again.context["codes"] is None
    assert 'id="codes-left">10<' in again.content.decode()
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed is True
    entry = AuditEntry.objects.get(action=AuditAction.OTP_ENROL, object_id=str(user.pk))
    assert entry.actor == user
    assert entry.detail == "authenticator app enrolled; 10 recovery codes issued"


def test_an_enrolled_user_passes_the_code_step_and_goes_where_they_were_going(client, world):
    device = enrolled_device(world.users["city"])
    response = password_step(client, "t_city", next="/org/workers/")
    assert response["Location"] == "/org/workers/"
    gated = client.get("/org/workers/")
    assert gated.status_code == 302 and gated["Location"] == f"{VERIFY}?next=%2Forg%2Fworkers%2F"
    assert client.get(gated["Location"]).status_code == 200
    before = client.cookies["sessionid"].value

    passed = client.post(VERIFY, {"code": current_code(device), "next": "/org/workers/"})

    assert passed.status_code == 302 and passed["Location"] == "/org/workers/"
    assert client.get("/org/workers/").status_code == 200
    assert client.cookies["sessionid"].value != before  # a new session key once verified
    assert AuditEntry.objects.filter(action=AuditAction.OTP_VERIFY, actor=world.users["city"]).count() == 1


def test_the_code_step_does_not_send_anyone_off_site(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city")
    passed = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example.org/"})
    assert passed["Location"] == "/"


def test_a_wrong_code_is_refused_counted_and_audited(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city")

    response = client.post(VERIFY, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.content.decode()
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="t_city").failures_since_start == 1
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, object_repr="t_city")
    assert entry.detail == "wrong two-factor code"


def test_five_wrong_codes_lock_the_name_and_end_the_session(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city")
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200

    fifth = client.post(VERIFY, {"code": wrong_code(device)})

    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert "_auth_user_id" not in client.session
    assert password_step(client, "t_city").status_code == 429  # the right password, while locked
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, object_repr="t_city").exists()
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.LOGIN_FAILED, object_repr="t_city", detail="wrong two-factor code"
        ).count()
        == 5
    )


def test_a_locked_name_cannot_pass_the_code_step(client, world):
    device = enrolled_device(world.users["city"])
    assert password_step(client, "t_city").status_code == 302
    elsewhere = Client()
    for _ in range(5):
        password_step(elsewhere, "t_city", "Wrong@Pass1")

    response = client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.last_t == -1  # the code was not even tried
    assert not AuditEntry.objects.filter(action=AuditAction.OTP_VERIFY).exists()


def test_the_password_step_does_not_forgive_wrong_codes(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city")
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device)})
    client.post("/accounts/logout/")

    assert password_step(client, "t_city").status_code == 302  # the right password: not locked yet
    assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 429


def test_passing_the_code_step_forgives_the_earlier_failures(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city", "Wrong@Pass1")
    password_step(client, "t_city")
    client.post(VERIFY, {"code": wrong_code(device)})
    assert AccessAttempt.objects.get(username="t_city").failures_since_start == 2

    client.post(VERIFY, {"code": current_code(device)})

    assert not AccessAttempt.objects.filter(username="t_city").exists()


def test_a_recovery_code_signs_in_once(client, world):
    user = world.users["city"]
    enrolled_device(user)
    codes = twofactor.regenerate_recovery_codes(actor=user)
    password_step(client, "t_city")

    passed = client.post(VERIFY, {"code": codes[0].upper()})  # typed in capitals

    assert passed.status_code == 302 and passed["Location"] == "/"
    assert signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RECOVERY)
    assert entry.actor == user and entry.detail == "recovery code used; 9 left"
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.post("/accounts/logout/")
    password_step(client, "t_city")
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and WRONG_CODE_MESSAGE in again.content.decode()
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action=AuditAction.OTP_RECOVERY).count() == 1


def test_the_security_administrator_resets_a_lost_authenticator_with_a_reason(client, world):
    victim, security = world.users["city"], world.users["security"]
    enrolled_device(victim)
    twofactor.regenerate_recovery_codes(actor=victim)

    with pytest.raises(ValidationError):
        twofactor.reset(actor=security, user=victim, reason="  ")
    for who in ("sysadmin", "city", "audit"):
        with pytest.raises(PermissionDenied):
            twofactor.reset(actor=world.users[who], user=victim, reason="手机丢失")
    with pytest.raises(PermissionDenied):
        twofactor.reset(actor=security, user=security, reason="手机丢失")
    assert TOTPDevice.objects.filter(user=victim).count() == 1
    assert StaticToken.objects.filter(device__user=victim).count() == 10
    assert (
        AuditEntry.objects.filter(action=AuditAction.REFUSED, detail__startswith="two-factor reset").count()
        == 1
    )
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.ACCESS_DENIED, detail__startswith="two-factor reset"
        ).count()
        == 4
    )

    twofactor.reset(actor=security, user=victim, reason="手机丢失，本人持工作证当面申请")

    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert not StaticToken.objects.filter(device__user=victim).exists()
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET, object_id=str(victim.pk))
    assert entry.actor == security
    assert entry.detail == (
        "reset by the security administrator (enrolled); reason: 手机丢失，本人持工作证当面申请"
    )
    password_step(client, "t_city")
    assert client.get("/")["Location"] == SETUP


def test_the_reset_is_a_back_office_action_of_the_security_administrator_with_a_reason(client, world):
    victim = world.users["city"]
    enrolled_device(victim)
    changelist = "/backoffice/accounts/user/"
    chosen = {"action": "reset_two_factor", "_selected_action": [victim.pk]}
    client.force_login(world.users["security"])

    confirm = client.post(changelist, chosen)
    assert confirm.status_code == 200
    assert "重置两步验证" in confirm.content.decode() and "t_city" in confirm.content.decode()
    refused = client.post(changelist, {**chosen, "apply": "1", "reason": ""})
    assert refused.status_code == 200
    assert "该字段是必填项。" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=victim).exists()

    done = client.post(changelist, {**chosen, "apply": "1", "reason": "手机丢失"})

    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert AuditEntry.objects.get(action=AuditAction.OTP_RESET).detail.endswith("reason: 手机丢失")

    client.force_login(world.users["sysadmin"])
    page = client.get(changelist)
    assert page.status_code == 200
    assert 'value="reset_two_factor"' not in page.content.decode()


def test_others_sign_in_with_the_password_alone_until_they_turn_it_on(client, world):
    user = world.users["yixian"]
    password_step(client, "t_yixian")
    assert signed_in(client)
    security = client.get("/accounts/security/").content.decode()
    assert "未启用" in security and 'id="otp-enable"' in security

    setup = client.get(SETUP)
    assert 'id="main-nav"' in setup.content.decode()  # the usual layout: nothing is owed yet
    assert 'id="otp-required"' not in setup.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert client.post(SETUP, {"code": current_code(device)})["Location"] == CODES

    client.post("/accounts/logout/")
    password_step(client, "t_yixian")
    assert client.get("/")["Location"] == VERIFY
    client.post(VERIFY, {"code": current_code(device)})
    assert signed_in(client)


def test_an_optional_user_turns_it_off_with_a_current_code_and_a_required_one_cannot(client, world):
    device = enrolled_device(world.users["yixian"])
    client.force_login(world.users["yixian"])
    client.post("/accounts/security/turn-off/", {"code": wrong_code(device)})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    client.post("/accounts/security/turn-off/", {"code": current_code(device)})

    assert not TOTPDevice.objects.filter(user=world.users["yixian"]).exists()
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET)
    assert entry.actor == world.users["yixian"] and entry.detail == "turned off by the user"

    city_device = enrolled_device(world.users["city"])
    client.force_login(world.users["city"])
    assert 'id="otp-mandatory"' in client.get("/accounts/security/").content.decode()
    with pytest.raises(PermissionDenied):
        twofactor.turn_off(actor=world.users["city"], code=current_code(city_device))
    assert TOTPDevice.objects.filter(pk=city_device.pk).exists()


def test_replacing_an_authenticator_needs_the_current_one_first(client, world):
    user = world.users["yixian"]
    old = enrolled_device(user)
    password_step(client, "t_yixian")
    assert client.get(SETUP)["Location"] == VERIFY
    client.post(VERIFY, {"code": current_code(old)})

    client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SETUP, {"code": current_code(new)})

    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]


def test_api_tokens_are_not_asked_for_a_code(client, world):
    token = token_for("t_city")  # a city admin who has not even enrolled
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["username"] == "t_city"


def test_session_access_to_the_api_follows_the_rule_of_the_pages(client, world):
    device = enrolled_device(world.users["city"])
    password_step(client, "t_city")
    assert client.get("/api/v1/me").status_code == 403
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION="Basic dF9jaXR5OlRlc3RAUGFzczIwMjY=").status_code == 403
    )

    client.post(VERIFY, {"code": current_code(device)})

    assert client.get("/api/v1/me").json()["username"] == "t_city"


def test_force_login_in_tests_stands_for_a_finished_sign_in(client, world):
    client.force_login(world.users["city"])
    assert signed_in(client)
    assert TOTPDevice.objects.filter(user=world.users["city"], confirmed=True).count() == 1
    client.force_login(world.users["yixian"])
    assert signed_in(client)
    assert not TOTPDevice.objects.filter(user=world.users["yixian"]).exists()


def test_a_new_city_admin_enrols_first_then_changes_the_generated_password(client, world):
    from innovation.accounts import services
    from innovation.accounts.roles import Role

    user, generated = services.user_create(actor=None, username="new_city", display_name="新管理员")
    services.grant_role(actor=None, user=user, role=Role.CITY_ADMIN, node=world.city)
    password_step(client, "new_city", generated)
    assert client.get("/")["Location"] == SETUP
    assert client.get("/accounts/password/")["Location"].startswith(SETUP)

    client.get(SETUP)
    client.post(SETUP, {"code": current_code(TOTPDevice.objects.get(user=user))})
    assert client.get(CODES).status_code == 200  # the codes are shown before the password change
    assert client.get("/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200
