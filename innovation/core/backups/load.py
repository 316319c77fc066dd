"""`manage.py restore`: check the archive whole, then load it into an empty database.

1. Every member's checksum and the manifest's format are checked, and the keys in use must be
   those of the backup (innovation.core.backups.archive.keys_match), before anything is written.
2. The database must be empty: no row in any table but those `migrate` itself fills
   (content types, permissions) and sign-in sessions.
3. Its schema is brought to the archive's migrations (a database never migrated is migrated;
   a newer empty schema is taken back), the files are written to MEDIA, all rows are inserted in
   one transaction with their own primary keys (foreign keys are checked at the end), sequences
   are reset (PostgreSQL), and `migrate` then brings the schema up to this version.

A failure at any step leaves the database as it was and removes the files written.
"""

import json
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor

from . import CREATED_BY_MIGRATE, DATA_DIR, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA_DIR, BackupError
from .archive import keys_match, label, models_to_copy, safe_member, sha256_stream

BATCH = 500


@dataclass
class RestoreResult:
    rows: int = 0
    tables: int = 0
    files: int = 0
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    created_at: str = ""


def read_manifest(path: Path) -> dict:
    """Check the archive whole (names, checksums, format) and return its manifest."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}。")
    seen: dict[str, tuple[str, int]] = {}
    manifest = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.isfile() or not safe_member(member.name):
                    raise BackupError(f"备份文件中有不应出现的条目「{member.name}」，不予恢复。")
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read().decode("utf-8"))
                else:
                    seen[member.name] = sha256_stream(handle)
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as exc:
        raise BackupError(f"备份文件 {path} 已损坏或不是本平台的备份：{exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 不是本平台的备份文件（缺少清单 manifest.json）。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('format_version')} 不受支持（本程序支持 {FORMAT_VERSION}）。"
        )
    expected = {entry["file"]: (entry["sha256"], entry["bytes"]) for entry in manifest["tables"].values()}
    expected |= {f"{MEDIA_DIR}{n}": (e["sha256"], e["bytes"]) for n, e in manifest["media"]["items"].items()}
    if seen != expected:
        broken = sorted(n for n in expected.keys() | seen.keys() if seen.get(n) != expected.get(n))
        raise BackupError(
            f"备份文件校验失败：{len(broken)} 个条目缺失或内容与清单不符（如 {broken[0]}），不予恢复。"
        )
    return manifest


def check_keys(manifest: dict) -> None:
    hash_ok, encryption_ok = keys_match(manifest.get("keys", {}))
    if not encryption_ok:
        raise BackupError(
            "当前的 FIELD_ENCRYPTION_KEYS 无法解密该备份中的个人信息：请使用备份时的加密密钥（可以在前面加上新密钥）。"
        )
    if not hash_ok:
        raise BackupError(
            "当前的 PII_HASH_KEY 与备份时不同：身份证号和手机号的检索将失效。请使用备份时的 PII_HASH_KEY。"
        )


def _non_empty_tables(using: str) -> list[str]:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    found = []
    for model in models_to_copy():
        if label(model) in CREATED_BY_MIGRATE or model._meta.db_table not in existing:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found.append(f"{label(model)}（{count:,} 行）")
    return found


def _targets(manifest: dict, using: str) -> list[tuple[str, str]]:
    """The archive's migration state as targets for the executor; refuses migrations this
    version does not know (a backup of a newer version)."""
    graph = MigrationExecutor(connections[using]).loader.graph
    targets = []
    for app_label, names in manifest["migrations"].items():
        unknown = [n for n in names if (app_label, n) not in graph.nodes]
        if unknown:
            raise BackupError(
                f"备份来自更新的程序版本（迁移 {app_label}.{unknown[0]} 在本程序中不存在）。"
                "请用备份时的版本或更新的版本恢复。"
            )
        applied = set(names)
        for name in names:  # the app's last applied migrations: none of their children applied
            children = graph.node_map[(app_label, name)].children
            if not any(child.key[0] == app_label and child.key[1] in applied for child in children):
                targets.append((app_label, name))
    return targets


def _migrate_to(targets: list[tuple[str, str]], using: str) -> None:
    """Bring the (empty) database's schema to the archive's: forwards from nothing, or back
    from a newer schema."""
    try:
        MigrationExecutor(connections[using]).migrate(targets)
    except IrreversibleError as exc:
        raise BackupError(f"无法把数据库结构退回到备份时的版本：{exc}。请在新建的空数据库上恢复。") from None


def _restore_media(tar: tarfile.TarFile, manifest: dict, storage, written: list[str]) -> int:
    items = manifest["media"]["items"]
    for member in tar:
        if not member.name.startswith(MEDIA_DIR):
            continue
        name = member.name[len(MEDIA_DIR) :]
        entry = items[name]
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if sha256_stream(handle)[0] == entry["sha256"]:
                    continue  # the very file is already there
            raise BackupError(
                f"上传文件目录中已有同名而内容不同的文件「{name}」，不予覆盖。请在空的 MEDIA 目录中恢复。"
            )
        saved = storage.save(name, File(tar.extractfile(member), name=name))
        written.append(saved)
        if saved != name:
            raise BackupError(f"文件「{name}」未能按原名保存（存为「{saved}」）。")
    return len(items)


def _insert(model, objects: list, using: str) -> None:
    fields = model._meta.local_concrete_fields
    connection = connections[using]
    size = max(1, connection.ops.bulk_batch_size(fields, objects) or BATCH)
    manager = model._base_manager.using(using)
    for start in range(0, len(objects), min(size, BATCH)):
        # raw: every value as archived, no auto_now or default filled in (how loaddata saves)
        manager._insert(objects[start : start + min(size, BATCH)], fields=fields, raw=True, using=using)


def _load_rows(tar: tarfile.TarFile, manifest: dict, using: str) -> dict[str, int]:
    by_file = {entry["file"]: name for name, entry in manifest["tables"].items()}
    models = {label(m): m for m in models_to_copy()}
    missing = sorted(set(manifest["tables"]) - set(models))
    if missing:
        raise BackupError(f"备份中的数据表 {missing[0]} 在本程序中不存在，不予恢复。")
    counts: dict[str, int] = {}
    for member in tar:
        if not member.name.startswith(DATA_DIR):
            continue
        model = models[by_file[member.name]]
        stream = (line.decode("utf-8") for line in tar.extractfile(member))
        batch: list = []
        count = 0
        for item in serializers.deserialize("jsonl", stream, using=using, ignorenonexistent=False):
            batch.append(item.object)
            if len(batch) >= BATCH:
                _insert(model, batch, using)
                count += len(batch)
                batch = []
        if batch:
            _insert(model, batch, using)
            count += len(batch)
        counts[label(model)] = count
    return counts


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, storage=None) -> RestoreResult:
    storage = storage or default_storage
    started = time.monotonic()
    manifest = read_manifest(path)
    check_keys(manifest)
    targets = _targets(manifest, using)
    non_empty = _non_empty_tables(using)
    if non_empty:
        shown = "、".join(non_empty[:3]) + ("等" if len(non_empty) > 3 else "")
        raise BackupError(
            f"数据库不是空的：{shown}。恢复只能在空数据库中进行（新建一个数据库，或先确认可以清空当前数据库）。"
        )
    _migrate_to(targets, using)
    result = RestoreResult(tables=len(manifest["tables"]), created_at=manifest["created_at"])
    written: list[str] = []
    connection = connections[using]
    try:
        with tarfile.open(path, "r:gz") as tar:
            result.files = _restore_media(tar, manifest, storage, written)
        with transaction.atomic(using=using), tarfile.open(path, "r:gz") as tar:
            from django.contrib.contenttypes.models import ContentType

            # What migrate made in the new database gives way to the archive's rows.
            for model_label in sorted(CREATED_BY_MIGRATE, reverse=True):  # permissions, then types
                apps.get_model(model_label)._base_manager.using(using).all().delete()
            apps.get_model("sessions.session")._base_manager.using(using).all().delete()
            counts = _load_rows(tar, manifest, using)
            tables = [apps.get_model(m)._meta.db_table for m in counts]
            connection.check_constraints(table_names=tables)
            sequences = connection.ops.sequence_reset_sql(no_style(), [apps.get_model(m) for m in counts])
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
            ContentType.objects.clear_cache()
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    wrong = {
        m: (n, manifest["tables"][m]["rows"]) for m, n in counts.items() if n != manifest["tables"][m]["rows"]
    }
    if wrong:  # pragma: no cover - a checksum-valid archive cannot get here
        raise BackupError(f"恢复的行数与清单不符：{wrong}")
    call_command("migrate", database=using, interactive=False, verbosity=0)
    result.counts = counts
    result.rows = sum(counts.values())
    result.seconds = time.monotonic() - started
    return result


def summary(result: RestoreResult) -> str:
    return (
        f"恢复完成：备份时间 {result.created_at}\n"
        f"  数据库 {result.tables} 张表，{result.rows:,} 行；上传文件 {result.files:,} 个；用时 {result.seconds:.1f} 秒"
    )
