"""Databases of their own for tests that run `manage.py` in subprocesses (the worker process,
backup and restore): an SQLite file, or a PostgreSQL database beside the test database when
DATABASE_URL names a PostgreSQL server (or when `vendor` asks for one)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def postgres_base() -> str:
    base = os.environ.get("DATABASE_URL", "")
    return base if base.startswith(("postgres://", "postgresql://")) else ""


def database_url(tmp: Path, name: str, *, vendor: str | None = None) -> str:
    """A new, empty database called `name` (a file in `tmp` for SQLite)."""
    vendor = vendor or ("postgresql" if postgres_base() else "sqlite")
    if vendor == "sqlite":
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    import dj_database_url
    import psycopg

    base = postgres_base()
    cfg = dj_database_url.parse(base)
    db_name = f"{cfg['NAME']}_{name}"[:63]
    with psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    return f"{base.rpartition('/')[0]}/{db_name}"


def environment(database: str, media: Path, **extra: str) -> dict:
    env = {
        **os.environ,
        "TESTING": "true",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    env.pop("PYTEST_XDIST_WORKER", None)  # the subprocess decides TESTING from the variable alone
    return env


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
        timeout=900,
    )


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of `sql` read straight from the database at `url` (no Django start-up)."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()
