from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken

from innovation.accounts.models import User
from innovation.audit.models import AuditAction
from innovation.audit.services import record


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (use it as 'Authorization: Token <token>'); --revoke removes all of the user's tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="revoke every token of the user instead")

    def handle(self, *args, username: str, revoke: bool, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user named {username!r}") from None
        with transaction.atomic():
            if revoke:
                count, _ = AuthToken.objects.filter(user=user).delete()
                record(
                    action=AuditAction.TOKEN_REVOKE, obj=user, detail=f"{count} token(s) revoked by command"
                )
                self.stdout.write(f"revoked {count} token(s) of {username}")
                return
            _instance, token = AuthToken.objects.create(user=user)
            record(
                action=AuditAction.TOKEN_CREATE,
                obj=user,
                detail=f"token {_instance.token_key} created by command",
            )
        self.stdout.write(token)
