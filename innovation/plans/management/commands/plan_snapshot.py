"""Take the quarterly snapshot of a plan's version in force (run after each quarter's end):

    python manage.py plan_snapshot --user demo_city [--plan ID] [--year 2021 --quarter 1]

Without --year/--quarter: the quarter that ended last. The snapshot is queued as a job (run at
once under the immediate backend, else by the worker) in the name of --user, whose scope the
actuals are computed in (the city admin's: the whole city)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innovation.accounts.models import User
from innovation.plans import selectors, services


def last_quarter(today: datetime.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3  # the quarter before the current one, 0 = last year's Q4
    return (today.year, quarter) if quarter else (today.year - 1, 4)


class Command(BaseCommand):
    help = "生成三年工作方案的季度快照（排队执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="以该用户（市总工会管理员）的名义和范围生成")
        parser.add_argument("--plan", type=int, help="方案编号（默认最新印发的方案）")
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户 {options['user']} 不存在或已停用。")
        plans = selectors.plans_visible_to(user).order_by("-adopted_on", "-id")
        plan = plans.filter(pk=options["plan"]).first() if options["plan"] else plans.first()
        if plan is None:
            raise CommandError("没有找到该用户可见的工作方案。")
        today = timezone.localdate()
        year, quarter = options["year"], options["quarter"]
        if (year is None) != (quarter is None):
            raise CommandError("--year 和 --quarter 须同时给出。")
        if year is None:
            year, quarter = last_quarter(today)
        version = selectors.current_version(plan, today)
        try:
            run = services.snapshot_request(actor=user, version=version, year=year, quarter=quarter)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from None
        run.refresh_from_db()
        self.stdout.write(
            f"{plan} {version.label} {year}年第{quarter}季度：{run.get_status_display()}（{run.done_count}行）"
        )
