"""Load the Jinzhou demo. Idempotent: running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from innovation.accounts import demo as accounts_demo
from innovation.achievements import demo as achievements_demo
from innovation.awards import demo as awards_demo
from innovation.org import demo as org_demo
from innovation.org.models import Enterprise, TradeUnion, Worker
from innovation.studios import demo as studios_demo

# Each part seeds after the parts it stands on; later issues append theirs.
PARTS = [
    ("org", org_demo.seed),
    ("accounts", accounts_demo.seed),
    ("achievements", achievements_demo.seed),
    ("review and awards", awards_demo.seed),
    ("studios", studios_demo.seed),
]


class Command(BaseCommand):
    help = "Load the Jinzhou demo organisation, people and accounts (safe to run repeatedly)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, seed in PARTS:
                self.stdout.write(f"seeding {name} …")
                seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"demo ready: {TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT).count()} county-level unions, "
                f"{Enterprise.objects.count()} units, {Worker.objects.count()} workers"
            )
        )
