"""manage.py restore PATH — load a backup archive into an empty database and its files into
MEDIA (checked whole first; refused for a database that holds data). See innovation.core.backups."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovation.core.backups import BackupError
from innovation.core.backups.load import check_keys, read_manifest, restore_backup, summary


class Command(BaseCommand):
    help = "Restore a backup archive written by `manage.py backup` into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--check", action="store_true", help="only check the archive (checksums, keys), write nothing"
        )

    def handle(self, *, path: str, database: str, check: bool, **options) -> None:
        archive = Path(path).expanduser()
        try:
            if check:
                manifest = read_manifest(archive)
                check_keys(manifest)
                self.stdout.write(
                    f"备份文件完好：{manifest['created_at']}，{manifest['database']['rows']:,} 行，"
                    f"{manifest['media']['files']:,} 个文件；密钥与当前配置一致。"
                )
                return
            result = restore_backup(archive, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary(result))
