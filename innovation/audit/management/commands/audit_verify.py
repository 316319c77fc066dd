from django.core.management.base import BaseCommand, CommandError

from innovation.audit.chain import verify_and_record


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain from its first row. Intact: print the row count and the "
        "head hash (keep it outside the database) and exit 0. Broken: name the first broken link "
        "(row id, time, what differs) and exit 1. The result is kept and shown on /audit/."
    )

    def handle(self, *args, **options):
        finding = verify_and_record(checked_by="manage.py audit_verify")
        if not finding.intact:
            raise CommandError(finding.describe(), returncode=1)
        self.stdout.write(finding.describe())
