"""`manage.py backup`: one consistent snapshot of the database, then the uploaded files."""

import contextlib
import datetime
import importlib.metadata
import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.timezone import is_aware

from . import DATA_DIR, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA_DIR, BackupError
from .archive import database_vendor, field_names, key_checks, label, models_to_copy, sha256_stream

CHUNK = 2000


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes and times to milliseconds; a backup keeps every
    microsecond (the audit trail's times, for one, must come back exactly)."""

    def default(self, o):
        if isinstance(o, datetime.time) and is_aware(o):
            raise ValueError("JSON can't represent timezone-aware times.")
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class BackupResult:
    path: Path
    rows: int = 0
    tables: int = 0
    files: int = 0
    media_bytes: int = 0
    archive_bytes: int = 0
    seconds: float = 0.0
    manifest: dict = field(default_factory=dict)


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS):
    """A read transaction that sees the database as it was at one moment while the site goes
    on writing: REPEATABLE READ on PostgreSQL; on SQLite (WAL) a deferred transaction, which
    reads one snapshot and takes no write lock (the project opens IMMEDIATE ones by default)."""
    connection = connections[using]
    if connection.in_atomic_block:  # already inside a transaction (tests): it is the snapshot
        with transaction.atomic(using=using):
            yield
        return
    if connection.vendor == "sqlite":
        if not hasattr(connection, "transaction_mode"):
            connection.get_connection_params()
        old_mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = old_mode
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _dump_model(model, path: Path, using: str) -> int:
    serializer = serializers.get_serializer("jsonl")()
    names = field_names(model)
    rows = 0
    batch: list = []
    with path.open("w", encoding="utf-8") as out:
        for obj in model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK):
            batch.append(obj)
            if len(batch) == CHUNK:
                serializer.serialize(batch, stream=out, fields=names, cls=ExactJSONEncoder)
                rows += len(batch)
                batch = []
        if batch:
            serializer.serialize(batch, stream=out, fields=names, cls=ExactJSONEncoder)
            rows += len(batch)
    return rows


def _media_names(storage, folder: str = "") -> list[str]:
    """Every file in the storage, recursively (storage API: works for any backend)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in dirs:
        names.extend(_media_names(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def write_backup(target: Path, *, using: str = DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    """Write the archive to `target` (a file name, or a folder to put a dated file in)."""
    storage = storage or default_storage
    started = time.monotonic()
    now = timezone.now()
    if target.is_dir():
        target = target / f"innovation-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"
    if target.exists():
        raise BackupError(f"文件 {target} 已存在，备份不会覆盖已有文件，请换一个文件名。")
    if not target.parent.is_dir():
        raise BackupError(f"目录 {target.parent} 不存在。")
    result = BackupResult(path=target)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="innovation-backup-") as scratch:
        scratch_dir = Path(scratch)
        tables: dict[str, dict] = {}
        # 1. The database, as one snapshot.
        with snapshot(using):
            for model in models_to_copy():
                path = scratch_dir / f"{label(model)}.jsonl"
                rows = _dump_model(model, path, using)
                with path.open("rb") as handle:
                    digest, size = sha256_stream(handle)
                tables[label(model)] = {
                    "file": f"{DATA_DIR}{label(model)}.jsonl",
                    "rows": rows,
                    "bytes": size,
                    "sha256": digest,
                }
                result.rows += rows
            migrations = _applied_migrations(using)
        result.tables = len(tables)
        # 2. The uploaded files, after the snapshot: every file a row of it names exists by then.
        media: dict[str, dict] = {}
        old_umask = os.umask(0o077)  # the archive holds personal data: owner only
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                for model_label, entry in tables.items():
                    tar.add(scratch_dir / f"{model_label}.jsonl", arcname=entry["file"], recursive=False)
                for name in _media_names(storage):
                    with storage.open(name, "rb") as handle:
                        digest, size = sha256_stream(handle)
                        handle.seek(0)
                        info = tarfile.TarInfo(f"{MEDIA_DIR}{name}")
                        info.size = size
                        info.mtime = int(now.timestamp())
                        info.mode = 0o600
                        tar.addfile(info, handle)
                    media[name] = {"bytes": size, "sha256": digest}
                    result.files += 1
                    result.media_bytes += size
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": now.isoformat(),
                    "software": {
                        "platform": importlib.metadata.version("jinzhou-innovation"),
                        "django": django.get_version(),
                    },
                    "database": {"vendor": database_vendor(), "tables": len(tables), "rows": result.rows},
                    "migrations": migrations,
                    "keys": key_checks(),
                    "tables": tables,
                    "media": {"files": result.files, "bytes": result.media_bytes, "items": media},
                    "personal_data": "ciphertext as stored (Fernet); restore needs the same FIELD_ENCRYPTION_KEYS and PII_HASH_KEY",
                }
                _add_bytes(
                    tar,
                    MANIFEST,
                    json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                    now.timestamp(),
                )
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            os.umask(old_umask)
    result.manifest = manifest
    result.archive_bytes = target.stat().st_size
    result.seconds = time.monotonic() - started
    return result


def summary(result: BackupResult) -> str:
    return (
        f"备份完成：{result.path}\n"
        f"  数据库 {result.tables} 张表，{result.rows:,} 行；上传文件 {result.files:,} 个（{result.media_bytes:,} 字节）\n"
        f"  备份文件 {result.archive_bytes:,} 字节，用时 {datetime.timedelta(seconds=round(result.seconds))}"
    )
