"""The recommendation package (推荐材料包) of a contest: a 推荐表 PDF per active recommendation
(innovation.core.pdf), filled from the record with the recommending union's opinion, and the
推荐汇总表 (xlsx, innovation.core.exports), in one zip whose PDFs are named
成果名称-单位-第一完成人.pdf.

Made by a background job, like the certificate archive (innovation.awards.certificates):
`request_package` records a PackageBuild and queues `build_package`, which renders under the
row's lease (innovation.core.jobs), reporting progress, and keeps the file in storage."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import tempfile
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit import context as audit_context
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import jobs
from innovation.core.pdf import chinese_date, render_pdf

from .exports import SummaryExporter
from .models import ACTIVE_STATES, Contest, PackageBuild, Recommendation

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
NAME_MAX = 80


def package_recommendations(contest: Contest):
    return (
        Recommendation.objects.filter(contest=contest, state__in=ACTIVE_STATES)
        .select_related(
            "contest__union", "category", "achievement__enterprise", "award__grade", "award__campaign"
        )
        .prefetch_related("achievement__authors__worker")
        .order_by("category__order", "category_id", "award__grade__order", "id")
    )


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text or "").strip("_")


def form_filename(rec: Recommendation) -> str:
    """'成果名称-单位-第一完成人.pdf' (characters a file system dislikes replaced)."""
    authors = list(rec.achievement.authors.all())
    first = authors[0].name if authors else ""
    parts = [
        _safe(rec.achievement.title)[:NAME_MAX],
        _safe(rec.achievement.enterprise.name)[:40],
        _safe(first),
    ]
    return "-".join(p for p in parts if p) + ".pdf"


def _benefit(a) -> str:
    amount = a.benefit_verified if a.benefit_verified is not None else a.benefit_claimed
    if amount is None:
        return "—"
    kind = a.get_benefit_type_display() or _("效益")
    note = _("（核定）") if a.benefit_verified is not None else _("（申报）")
    return f"{kind} {amount:,.2f} 元/年{note}"


def form_pdf(rec: Recommendation) -> bytes:
    a = rec.achievement
    return render_pdf(
        "recommendations/pdf/form.html",
        {
            "rec": rec,
            "contest": rec.contest,
            "a": a,
            "authors": list(a.authors.all()),
            "union_name": rec.contest.union.name,
            "award_label": f"{rec.award.campaign.year}年{rec.award.grade.get_code_display()}",
            "benefit": _benefit(a),
            "issued_on": chinese_date(timezone.now()),
        },
    )


def summary_filename(contest: Contest) -> str:
    return f"{contest.year}年{_safe(contest.name)}-推荐汇总表.xlsx"


def may_package(user, contest: Contest) -> bool:
    return can_act_at(user, Action.RECOMMENDATION_MANAGE, contest.union)


def request_package(*, actor, contest: Contest) -> PackageBuild:
    """Queue the package of a contest; while one is being made, that one is returned."""
    if not may_package(actor, contest):
        raise PermissionDenied(_("您无权生成该大赛的推荐材料包。"))
    from innovation.core.tasks import enqueue

    from .tasks import build_package as task

    with transaction.atomic():
        active = (
            PackageBuild.objects.select_for_update()
            .filter(contest=contest, status__in=(jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING))
            .first()
        )
        if active is not None:
            return active
        total = package_recommendations(contest).count()
        if not total:
            raise ValidationError(_("该大赛还没有推荐任何成果，不能生成推荐材料包。"))
        package = PackageBuild.objects.create(contest=contest, requested_by=actor, total=total)
        record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=package,
            detail=_("生成推荐材料包：%(c)s，共 %(n)d 份推荐表。") % {"c": contest, "n": total},
        )
        task_id = enqueue(task, package.pk)
        if task_id:
            PackageBuild.objects.filter(pk=package.pk, task_id="").update(task_id=task_id)
    package.refresh_from_db()
    return package


def package_filename(package: PackageBuild) -> str:
    stamp = timezone.localtime(package.finished_at or package.created_at)
    return f"{package.contest.year}年{_safe(package.contest.name)}-推荐材料-{stamp:%Y%m%d-%H%M}.zip"


def build_package(package_id: int) -> None:
    """The background job: every 推荐表, then the 推荐汇总表, into one zip kept in storage."""
    with jobs.lease(PackageBuild, package_id) as lease:
        if lease is None:
            return
        package = PackageBuild.objects.select_related("contest__union", "requested_by").get(pk=package_id)
        recs = package_recommendations(package.contest)
        with audit_context.acting_as(package.requested_by), tempfile.TemporaryFile() as scratch:
            try:
                total = recs.count()
                lease.renew(total=total, done_count=0)
                names: set[str] = set()
                with zipfile.ZipFile(scratch, mode="w", compression=zipfile.ZIP_DEFLATED) as zipped:
                    for done, rec in enumerate(recs, start=1):
                        name = form_filename(rec)
                        if name in names:  # two items of the same title, unit and first author
                            name = name[:-4] + f"-{rec.pk}.pdf"
                        names.add(name)
                        zipped.writestr(name, form_pdf(rec))
                        lease.renew(done_count=done)
                    data, _count = SummaryExporter().workbook_bytes(recs)
                    zipped.writestr(summary_filename(package.contest), data)
                size = scratch.tell()
                scratch.seek(0)
                stored = f"{package.contest.year}-{package.pk}-{secrets.token_hex(4)}.zip"
                package.file.save(stored, File(scratch), save=False)
                try:
                    lease.finish(status=jobs.JobStatus.DONE, file=package.file.name, size=size, total=total)
                except jobs.LeaseLost:
                    package.file.delete(save=False)
                    raise
            except jobs.LeaseLost:
                log.warning("recommendation package %s was taken back from this worker", package_id)
            except Exception:
                log.exception("recommendation package %s failed", package_id)
                with contextlib.suppress(jobs.LeaseLost):
                    lease.finish(
                        status=jobs.JobStatus.FAILED,
                        error=_("生成推荐材料包时发生系统错误，没有生成文件。请稍后重试，或联系系统管理员。"),
                    )
