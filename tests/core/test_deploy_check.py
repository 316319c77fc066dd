"""`manage.py check --deploy` is clean under production settings (environment variables only),
and fails while two-factor sign-in could be passed by: a published demo TOTP secret in use, or a
setting that lets a session or an API call in without the second factor."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from innovation.accounts.checks import two_factor_deploy_checks

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST", "TESTING", "SECRET_KEY", "PII_", "FIELD_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        HTTPS="true",
        SECRET_KEY="p" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        FIELD_ENCRYPTION_KEYS="Sm1uZ3pob3UtcHJvZC1rZXktMDEyMzQ1Njc4OWFiY2Q=",
        PII_HASH_KEY="production-pii-hash-key",
        ALLOWED_HOSTS="innovation.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    env.update(extra)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def check_deploy(env) -> subprocess.CompletedProcess:
    return manage(env, "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_while_a_demo_totp_secret_is_in_use(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput", "-v", "0").returncode == 0
    enrol = (
        "from innovation.accounts.models import User; from innovation.accounts import demo, twofactor; "
        "u = User.objects.create(username='demo_audit'); "
        "twofactor.enrol_with_known_secret(user=u, secret=demo.DEMO_TOTP_SECRETS['demo_audit'])"
    )
    assert manage(env, "shell", "-c", enrol).returncode == 0

    result = check_deploy(env)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "accounts.E204" in result.stderr
    assert "Published demo TOTP secrets are in use by: demo_audit." in result.stderr


def test_check_deploy_fails_when_the_api_takes_a_password_alone(tmp_path):
    """A settings module that adds HTTP Basic to the API: a password alone would open it."""
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="tests.core.basic_auth_settings")
    result = check_deploy(env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "accounts.E202" in result.stderr
    assert "rest_framework.authentication.BasicAuthentication" in result.stderr


MIDDLEWARE_WITHOUT_GATE = [
    m for m in settings.MIDDLEWARE if m != "innovation.accounts.middleware.TwoFactorRequiredMiddleware"
]


@pytest.mark.parametrize(
    ("change", "error_id"),
    [
        ({"MIDDLEWARE": MIDDLEWARE_WITHOUT_GATE}, "accounts.E201"),
        (
            {
                "MIDDLEWARE": [m for m in settings.MIDDLEWARE if m != "django_otp.middleware.OTPMiddleware"]
                + ["django_otp.middleware.OTPMiddleware"]
            },
            "accounts.E201",
        ),
        ({"AXES_ENABLED": False}, "accounts.E203"),
    ],
    ids=["no-gate", "otp-middleware-out-of-order", "no-lockout"],
)
@pytest.mark.django_db
def test_each_two_factor_bypass_fails_the_deploy_check(change, error_id):
    assert two_factor_deploy_checks() == []
    with override_settings(**change):
        assert [error.id for error in two_factor_deploy_checks()] == [error_id]


def test_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "TESTING")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings")
    # Run from a copy of the tree's settings without the developer's .env being read.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.env as e; e.load_dotenv=lambda p: None; import django; django.setup()",
        ],
        cwd=ROOT,
        env={**env, "SECRET_KEY": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
