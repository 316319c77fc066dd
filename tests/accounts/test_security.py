import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation.accounts import services
from innovation.accounts.models import RoleGrant, User
from innovation.accounts.roles import Role
from innovation.audit.models import AuditAction, AuditEntry

from ..factories import PASSWORD, make_user

LOGIN = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!xyz", "password_too_short"),
        ("abcdefgh1", "password_character_classes"),
        ("ABCDEFGH", "password_character_classes"),
        ("12345678", "password_entirely_numeric"),
        ("password", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert code in [e.code for e in exc.value.error_list]


def test_a_strong_password_is_accepted():
    # validate_password raises on any rule broken and returns None when every rule holds.
    assert validate_password("Jinzhou@2026x") is None
    assert [v.__class__.__name__ for v in get_default_password_validators()] == [
        v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS
    ]
    for validator in get_default_password_validators():
        assert validator.validate("Jinzhou@2026x") is None, validator


def test_character_class_rule_is_configurable(settings):
    from innovation.accounts.validators import CharacterClassValidator

    # Two classes (lower case, digits) pass a rule of two, fail the default of three.
    assert CharacterClassValidator(min_classes=2).validate("abcdefgh1") is None
    with pytest.raises(ValidationError) as default:
        CharacterClassValidator().validate("abcdefgh1")
    assert default.value.code == "password_character_classes"
    # Three classes fail a rule of four, with the number in the message.
    with pytest.raises(ValidationError) as four:
        CharacterClassValidator(min_classes=4).validate("Abcdefgh1")
    assert four.value.code == "password_character_classes"
    assert "4" in four.value.messages[0]
    assert "4" in CharacterClassValidator(min_classes=4).get_help_text()


@pytest.mark.django_db
def test_login_error_is_the_same_for_unknown_and_known_users(client):
    make_user("real_user")
    known = post_login(client, "real_user", "Wrong@Pass1")
    unknown = post_login(client, "no_such_user", "Wrong@Pass1")
    assert known.status_code == unknown.status_code == 200
    msg = "用户名或密码不正确"
    assert msg in known.content.decode() and msg in unknown.content.decode()
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["locked_user", "ghost_user"])
def test_five_failures_lock_the_name_for_fifteen_minutes(client, username):
    if username == "locked_user":
        make_user(username)
    for _ in range(4):
        assert post_login(client, username, "Wrong@Pass1").status_code == 200
    fifth = post_login(client, username, "Wrong@Pass1")
    assert fifth.status_code == 429
    # Even the right password is refused while locked, with the same message for both names.
    sixth = post_login(client, username, PASSWORD)
    assert sixth.status_code == 429
    assert "已被锁定15分钟" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, object_repr=username).exists()
    # Five failures, plus the attempt refused while locked.
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, object_repr=username).count() == 6


@pytest.mark.django_db
def test_lock_expires_after_the_cool_off(client):
    make_user("cooled")
    for _ in range(5):
        post_login(client, "cooled", "Wrong@Pass1")
    assert post_login(client, "cooled", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert post_login(client, "cooled", PASSWORD).status_code == 302


def test_lockout_settings_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


@pytest.mark.django_db
def test_successful_login_is_audited_with_the_address(client):
    user = make_user("auditme")
    assert post_login(client, "auditme", PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == user
    assert entry.ip == "127.0.0.1"


def test_idle_sessions_expire_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_an_expired_session_is_sent_back_to_login(client):
    from django.contrib.sessions.models import Session

    user = make_user("idle")
    client.force_login(user)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_first_login_with_a_generated_password_must_change_it(client):
    user, password = services.user_create(actor=None, username="newclerk", display_name="新办事员")
    assert user.must_change_password is True
    assert post_login(client, "newclerk", password).status_code == 302
    for url in ("/", "/org/workers/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/", url
    response = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "Fresh#Pass2026", "new_password2": "Fresh#Pass2026"},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGE, object_id=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_with_a_chinese_message(client):
    user, password = services.user_create(actor=None, username="weakling")
    client.force_login(user)
    response = client.post(
        "/accounts/password/", {"old_password": password, "new_password1": "abc", "new_password2": "abc"}
    )
    assert response.status_code == 200
    assert "密码" in str(response.context["form"].errors)
    user.refresh_from_db()
    assert user.check_password(password)


def test_generated_passwords_satisfy_the_rules():
    passwords = [services.generate_password() for _ in range(20)]
    for password in passwords:
        assert validate_password(password) is None, password
        assert len(password) == 14
    assert len(set(passwords)) == 20  # random, not one fixed password


@pytest.mark.django_db
def test_no_account_may_hold_two_of_the_three_administrator_roles():
    user = make_user("admin3", (Role.SYS_ADMIN, None))
    for role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        with pytest.raises(ValidationError):
            services.grant_role(actor=None, user=user, role=role)
    # The database refuses it too, whatever path tries.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=Role.AUDIT_ADMIN)
    assert list(user.grants.values_list("role", flat=True)) == [Role.SYS_ADMIN]


@pytest.mark.django_db
def test_only_the_security_administrator_grants_roles_and_only_the_system_administrator_creates_accounts(
    world,
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=world.users["city"], user=world.users["nobody"], role=Role.CITY_ADMIN, node=world.city
        )
    with pytest.raises(PermissionDenied):
        services.user_create(actor=world.users["security"], username="x1")
    assert not RoleGrant.objects.filter(user=world.users["nobody"]).exists()
    assert not User.objects.filter(username="x1").exists()
    grant = services.grant_role(
        actor=world.users["security"],
        user=world.users["nobody"],
        role=Role.UNIT_ADMIN,
        node=world.units["hs_a"].union,
    )
    assert list(RoleGrant.objects.filter(user=world.users["nobody"])) == [grant]
    assert (grant.role, grant.node) == (Role.UNIT_ADMIN, world.units["hs_a"].union)
    created, password = services.user_create(actor=world.users["sysadmin"], username="x2")
    assert User.objects.get(username="x2") == created
    assert created.check_password(password) and created.must_change_password


@pytest.mark.django_db
@pytest.mark.demo_db
def test_seeded_demo_has_no_superuser_and_no_default_admin(demo):
    assert User.objects.filter(username="demo_city").exists()
    assert User.objects.filter(is_superuser=True).count() == 0
    assert not User.objects.filter(username__in=["admin", "root", "administrator"]).exists()


@pytest.mark.django_db
def test_security_headers_and_csp(client):
    response = client.get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
