"""`manage.py check --deploy` is clean under production settings (environment variables only)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
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
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
