"""(Re)build the near-duplicate index (查重) of achievements and their pairs: every filed item,
oldest first, as if each had just been submitted. Verdicts already recorded are kept."""

from django.core.management.base import BaseCommand

from innovation.achievements.duplicates.services import reindex_all


class Command(BaseCommand):
    help = "重建成果查重索引（全部已申报成果，按提交先后），并重新查找相似成果对；已有认定保留。"

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="先清空索引（已有认定保留）")

    def handle(self, *args, clear=False, **options):
        done, pairs = reindex_all(clear=clear)
        self.stdout.write(f"已索引 {done} 项成果，相似成果对 {pairs} 对。")
