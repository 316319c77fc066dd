"""manage.py backup and restore: one archive (database + uploaded files + manifest) in which
personal data stays ciphertext; a restore checks it whole, refuses a database that holds data,
other keys or a damaged or newer archive, and loads it into a new database exactly."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from innovation.achievements import services as achievement_services
from innovation.audit.models import AuditEntry
from innovation.core import pii
from innovation.org.models import Worker

from ..achievements.conftest import full_fields, make_campaign
from .subprocess_db import database_url, environment, manage, postgres_base, query

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + "申报材料".encode() * 50


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attachment(world, media):
    campaign = make_campaign(world)
    draft = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(title="备份演练用的成果"),
    )
    return achievement_services.attachment_add(
        actor=world.users["unit"],
        achievement=draft,
        upload=SimpleUploadedFile("说明.pdf", PDF, content_type="application/pdf"),
    )


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def backup(tmp_path: Path, name: str = "backup.tar.gz") -> Path:
    out = io.StringIO()
    call_command("backup", str(tmp_path / name), stdout=out)
    assert out.getvalue().startswith(f"备份完成：{tmp_path / name}")
    return tmp_path / name


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with change(name, data) -> data applied to every member."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


# ---------------------------------------------------------------- the archive


def test_the_archive_holds_every_table_every_file_and_their_checksums(world, attachment, tmp_path):
    path = backup(tmp_path)
    files = members(path)
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "innovation-backup" and manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["org.worker"]["rows"] == Worker.objects.count() == 10
    assert manifest["tables"]["audit.auditentry"]["rows"] == AuditEntry.objects.count()
    assert manifest["tables"]["achievements.attachment"]["rows"] == 1
    assert "sessions.session" not in manifest["tables"]
    assert manifest["migrations"]["achievements"][-1] == "0007_duplicate_pairs"
    for entry in manifest["tables"].values():
        data = files[entry["file"]]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
        assert data.count(b"\n") == entry["rows"]
    assert manifest["media"]["files"] == 1
    stored = f"media/{attachment.file.name}"
    assert files[stored] == PDF
    assert manifest["media"]["items"][attachment.file.name]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: the owner only


def test_no_id_or_phone_number_is_in_the_archive_in_clear(world, attachment, tmp_path):
    everything = b"".join(members(backup(tmp_path)).values())
    for worker in Worker.objects.all():
        assert worker.id_number.encode() not in everything
        assert worker.phone.encode() not in everything
        assert worker.id_number.ciphertext.encode() in everything  # the ciphertext as stored


def test_backup_does_not_overwrite_an_archive(world, tmp_path):
    backup(tmp_path)
    with pytest.raises(CommandError, match="已存在，备份不会覆盖已有文件"):
        backup(tmp_path)


def test_a_folder_gets_a_dated_archive(world, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    (made,) = tmp_path.glob("innovation-backup-*.tar.gz")
    assert str(made) in out.getvalue()


# ---------------------------------------------------------------- refusals


def test_restore_refuses_a_database_that_holds_data(world, attachment, tmp_path):
    path = backup(tmp_path)
    before = (Worker.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match=r"^数据库不是空的：.*恢复只能在空数据库中进行"):
        call_command("restore", str(path))
    assert (Worker.objects.count(), AuditEntry.objects.count()) == before


def test_restore_refuses_a_damaged_archive(world, tmp_path):
    path = backup(tmp_path)

    def flip(name, data):
        return data.replace(b'"name"', b'"nama"', 1) if name == "data/org.worker.jsonl" else data

    damaged = rewrite(path, tmp_path / "damaged.tar.gz", flip)
    with pytest.raises(
        CommandError, match="备份文件校验失败：1 个条目缺失或内容与清单不符（如 data/org.worker.jsonl）"
    ):
        call_command("restore", str(damaged))
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="已损坏或不是本平台的备份"):
        call_command("restore", str(tmp_path / "junk.tar.gz"))
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_restore_refuses_a_member_outside_its_folders(world, tmp_path):
    path = backup(tmp_path)
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "r:gz") as old, tarfile.open(evil, "w:gz") as new:
        for member in old:
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("media/../../etc/cron.d/x")
        info.size = 1
        new.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="不应出现的条目「media/../../etc/cron.d/x」"):
        call_command("restore", str(evil))


def test_restore_refuses_other_keys(world, tmp_path, settings):
    path = backup(tmp_path)
    original = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = ["Y2xlYXJseS1ub3QtdGhlLWtleS0wMTIzNDU2Nzg5YWI="]
    pii._fernet.cache_clear()
    try:
        with pytest.raises(CommandError, match="当前的 FIELD_ENCRYPTION_KEYS 无法解密该备份中的个人信息"):
            call_command("restore", str(path))
    finally:
        settings.FIELD_ENCRYPTION_KEYS = original
        pii._fernet.cache_clear()
    settings.PII_HASH_KEY = "another-hash-key"
    with pytest.raises(CommandError, match="当前的 PII_HASH_KEY 与备份时不同"):
        call_command("restore", str(path))


def test_restore_refuses_an_archive_of_a_newer_version(world, tmp_path):
    path = backup(tmp_path)

    def future(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["achievements"].append("0099_from_the_future")
        return json.dumps(manifest).encode()

    newer = rewrite(path, tmp_path / "newer.tar.gz", future)
    with pytest.raises(CommandError, match="备份来自更新的程序版本（迁移 achievements.0099_from_the_future"):
        call_command("restore", str(newer))


def test_check_only_reads_the_archive(world, tmp_path):
    path = backup(tmp_path)
    out = io.StringIO()
    call_command("restore", str(path), "--check", stdout=out)
    assert out.getvalue().startswith("备份文件完好：") and "密钥与当前配置一致" in out.getvalue()


# ---------------------------------------------------------------- into a new database


TARGETS = ["sqlite"] + (["postgresql"] if postgres_base() else [])


@pytest.mark.parametrize("vendor", TARGETS)
def test_a_restored_database_is_the_backed_up_one(world, attachment, tmp_path, vendor, worker_id):
    """Backup here, restore in a subprocess into a database never migrated (SQLite, and
    PostgreSQL when the suite runs on it: the archive crosses vendors), then back it up
    again: every table's rows are the same bytes, the files too."""
    path = backup(tmp_path)
    url = database_url(tmp_path, f"restored_{worker_id}", vendor=vendor)
    env = environment(url, tmp_path / "restored-media")
    done = manage(env, "restore", str(path))
    assert "恢复完成" in done.stdout and "上传文件 1 个" in done.stdout

    # the stored ciphertext came back byte for byte, and the file under its name
    worker = Worker.objects.get(pk=world.workers["yx_a_1"].pk)
    assert query(url, "SELECT id_number, phone FROM org_worker WHERE id = %s", (worker.pk,)) == [
        (worker.id_number.ciphertext, worker.phone.ciphertext)
    ]
    assert (tmp_path / "restored-media" / attachment.file.name).read_bytes() == PDF

    # the audit trail to the microsecond (JSON's usual millisecond times would lose it)
    trail = (
        manage(
            env,
            "shell",
            "-c",
            "import json; from innovation.audit.models import AuditEntry as A; "
            "print(json.dumps([[a.pk, a.at.isoformat(), a.action, a.detail] for a in A.objects.order_by('pk')]))",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert json.loads(trail) == [
        [a.pk, a.at.isoformat(), a.action, a.detail] for a in AuditEntry.objects.order_by("pk")
    ]
    assert any(a.at.microsecond % 1000 for a in AuditEntry.objects.all())  # there were microseconds to keep

    # backing the restored database up gives the very same tables
    again = tmp_path / "again.tar.gz"
    manage(env, "backup", str(again))
    first, second = members(path), members(again)
    first_manifest, second_manifest = json.loads(first["manifest.json"]), json.loads(second["manifest.json"])
    assert second_manifest["tables"] == first_manifest["tables"]
    assert second_manifest["media"] == first_manifest["media"]
    assert {n: d for n, d in second.items() if n != "manifest.json"} == {
        n: d for n, d in first.items() if n != "manifest.json"
    }

    # and a second restore into it is refused: it now holds data
    refused = manage(env, "restore", str(path), check=False)
    assert refused.returncode == 1 and "数据库不是空的" in refused.stderr
