"""The password-change form checks the old password under the same lockout as the login
(LOGIN_FAILURE_LIMIT failures lock the username for LOGIN_LOCKOUT_MINUTES): every wrong old
password is audited, the lockout too, and a locked account is signed out."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from innovation.audit.models import AuditAction, AuditEntry

from ..factories import PASSWORD, make_user

CHANGE = "/accounts/password/"
NEW = "Fresh#Pass2026"


def change(client, old: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


@pytest.fixture
def clerk(db):
    return make_user("clerk")


def test_each_wrong_old_password_is_audited_and_the_form_says_why(client, clerk):
    client.force_login(clerk)

    response = change(client, "Guess#1234")

    assert response.status_code == 200
    assert "原密码不正确" in response.content.decode()
    assert "还可尝试4次" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (entry.actor, entry.object_id, entry.detail) == (
        clerk,
        str(clerk.pk),
        "password change: wrong old password",
    )
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_five_wrong_old_passwords_lock_the_account_and_sign_it_out(client, clerk):
    client.force_login(clerk)
    for _ in range(4):
        assert change(client, "Guess#1234").status_code == 200

    fifth = change(client, "Guess#1234")

    assert fifth.status_code == 429
    assert "已被锁定15分钟" in fifth.content.decode()
    assert "_auth_user_id" not in client.session  # signed out
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor=clerk).count() == 5
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, object_repr="clerk").count() == 1
    # The lock is the login's: the right password does not get in for 15 minutes.
    assert client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code == 429
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_a_locked_account_cannot_change_its_password_even_with_the_right_one(client, clerk):
    client.force_login(clerk)  # a session opened before someone else's guesses locked the name
    guesser = Client()
    for _ in range(5):
        guesser.post("/accounts/login/", {"username": "clerk", "password": "Wrong@Pass1"})

    response = change(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_the_limit_and_lock_time_are_the_logins(client, clerk, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(clerk)
    assert change(client, "Guess#1234").status_code == 200
    assert change(client, "Guess#1234").status_code == 200
    assert change(client, "Guess#1234").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    client.force_login(clerk)
    assert change(client, PASSWORD).status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(NEW)


def test_the_right_old_password_clears_the_failures(client, clerk):
    client.force_login(clerk)
    for _ in range(4):
        change(client, "Guess#1234")

    assert change(client, PASSWORD).status_code == 302

    assert AccessAttempt.objects.filter(username="clerk").count() == 0
    client.logout()
    assert (
        client.post("/accounts/login/", {"username": "clerk", "password": "Wrong@Pass1"}).status_code == 200
    )


def test_no_typed_password_is_kept_by_the_lockout_records(client, clerk):
    client.force_login(clerk)
    change(client, "Guess#1234")
    client.logout()
    client.post(
        "/accounts/login/?next=/org/workers/%3Fq%3D210727199001011236",
        {"username": "clerk", "password": "Wrong@Pass1"},
    )

    kept = "".join(AccessAttempt.objects.values_list("get_data", "post_data").first())
    for secret in ("Guess#1234", NEW, "Wrong@Pass1", "210727199001011236"):
        assert secret not in kept
