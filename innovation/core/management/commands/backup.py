"""manage.py backup PATH — the whole database (personal data as stored ciphertext) and every
uploaded file in one archive with a manifest. See innovation.core.backups and README."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovation.core.backups import BackupError
from innovation.core.backups.dump import summary, write_backup


class Command(BaseCommand):
    help = "Write a backup archive (database + uploaded files + manifest) to PATH (a file or a folder)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the archive to write, or a folder to write a dated archive in")
        parser.add_argument("--database", default="default")

    def handle(self, *, path: str, database: str, **options) -> None:
        try:
            result = write_backup(Path(path).expanduser(), using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary(result))
