"""Whole files: `import_workbook` (validate, then create when everything is valid), the upload
(`start_import`: check the file, store it as an ImportBatch, queue the job) and the job itself
(`run_batch`, under the batch's lease)."""

import io
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action, Scope, scope_for
from innovation.accounts.scope import can, home_node, restrict
from innovation.audit import context as audit_context
from innovation.core import jobs

from ..models import Campaign, ImportBatch
from ..uploads import check_upload
from .columns import ImportRefused, import_max_bytes, read_workbook
from .importer import AchievementImporter, ImportOutcome, SubmitFailed

log = logging.getLogger(__name__)


def _file_error(message: str) -> dict:
    return {"row": None, "column": "", "message": message}


def import_workbook(
    fileobj,
    *,
    campaign: Campaign,
    actor,
    submit: bool = False,
    batch: ImportBatch | None = None,
    sha256: str = "",
    lease: jobs.Lease | None = None,
) -> ImportOutcome:
    """Validate and, when everything is valid, create. Nothing is written on any error."""
    outcome = ImportOutcome()
    started = time.perf_counter()
    try:
        if campaign.closes_at <= timezone.now():
            raise ImportRefused(_("%(c)s 已截止申报，不能再导入成果。") % {"c": campaign.title})
        if submit and not campaign.is_open():
            raise ImportRefused(_("%(c)s 不在申报期内，不能导入后直接提交。") % {"c": campaign.title})
        if sha256:
            previous = ImportBatch.objects.filter(
                campaign=campaign, sha256=sha256, status=ImportBatch.Status.DONE
            )
            if batch is not None:
                previous = previous.exclude(pk=batch.pk)
            done = previous.order_by("finished_at").first()
            if done is not None:
                raise ImportRefused(
                    _("该文件已于 %(t)s 导入到“%(c)s”（导入批次 #%(b)d），同一文件不能重复导入。")
                    % {
                        "t": timezone.localtime(done.finished_at or done.created_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        "c": campaign.title,
                        "b": done.pk,
                    }
                )
        sheet = read_workbook(fileobj)
        if lease is not None:
            lease.renew(total_rows=len(sheet.rows))
        elif batch is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(total_rows=len(sheet.rows))
        importer = AchievementImporter(
            campaign=campaign, actor=actor, submit=submit, batch=batch, lease=lease
        )
        prepared = importer.validate(sheet)
        outcome.validate_seconds = time.perf_counter() - started
        if importer.errors:
            outcome.errors = importer.errors
            return outcome
        started = time.perf_counter()
        try:
            created = importer.create(prepared)
        except SubmitFailed as exc:
            outcome.errors = exc.errors
            return outcome
        outcome.created = len(created)
        outcome.create_seconds = time.perf_counter() - started
    except ImportRefused as exc:
        outcome.errors = [_file_error(exc.message)]
    return outcome


def run_batch(batch_id: int, *, ip: str | None = None, user_agent: str = "") -> None:
    """The background job (tasks.run_import): import one stored batch under its lease and
    record the outcome on it. A successful import marks the batch done in its own transaction."""
    with jobs.lease(ImportBatch, batch_id) as lease:
        if lease is None:
            return  # already run or running (a retried job, a second worker)
        batch = ImportBatch.objects.select_related("campaign__union", "created_by").get(pk=batch_id)
        with audit_context.acting_as(batch.created_by, ip=ip, user_agent=user_agent):
            try:
                with batch.file.open("rb") as handle:
                    data = handle.read()
                outcome = import_workbook(
                    io.BytesIO(data),
                    campaign=batch.campaign,
                    actor=batch.created_by,
                    submit=batch.submit,
                    batch=batch,
                    sha256=batch.sha256,
                    lease=lease,
                )
            except jobs.LeaseLost:
                log.warning("import batch %s was taken back from this worker; its work is dropped", batch_id)
                return
            except Exception:
                log.exception("import batch %s failed", batch_id)
                outcome = ImportOutcome(
                    errors=[
                        _file_error(_("导入时发生系统错误，未写入任何数据。请稍后重试，或联系系统管理员。"))
                    ]
                )
        if outcome.errors:
            try:
                lease.finish(status=ImportBatch.Status.FAILED, created_count=0, errors=outcome.errors)
            except jobs.LeaseLost:
                log.warning("import batch %s was taken back from this worker", batch_id)


def _grant_path(actor, campaign: Campaign) -> str:
    """Where a batch hangs in the scope tree: the widest node the actor imports at."""
    if any(scope_for(g.role, Action.ACHIEVEMENT_IMPORT) is Scope.ALL for g in actor.active_grants()):
        return campaign.union.path
    node = home_node(actor, Action.ACHIEVEMENT_IMPORT)
    return node.path if node is not None else ""


def start_import(
    *,
    actor,
    campaign: Campaign,
    upload,
    submit: bool = False,
    pledge: bool = False,
    ip: str | None = None,
    user_agent: str = "",
) -> ImportBatch:
    """Check the upload, store it as a batch and queue the import. Raises ValidationError."""
    from innovation.core.tasks import enqueue

    from ..tasks import run_import

    if not can(actor, Action.ACHIEVEMENT_IMPORT):
        raise PermissionDenied(_("您无权批量导入成果。"))
    if not restrict(Campaign.objects.filter(pk=campaign.pk), actor, Action.CAMPAIGN_VIEW).exists():
        raise PermissionDenied(_("您无权查看该征集活动。"))
    errors: dict[str, list] = {}
    if not campaign.is_open():
        errors["campaign"] = [_("该征集活动不在申报期内，不能导入。")]
    if submit:
        if not can(actor, Action.ACHIEVEMENT_SUBMIT):
            errors["submit"] = [_("您无权直接提交成果（须由基层工会提交），请取消勾选“导入后直接提交”。")]
        elif not pledge:
            errors["pledge"] = [_("导入后直接提交须确认真实性承诺。")]
    if upload.size > import_max_bytes():
        errors["file"] = [
            _("文件大小为 %(s).1f MB，超过导入上限 %(l)d MB，请拆分后导入。")
            % {"s": upload.size / 1048576, "l": import_max_bytes() // 1048576}
        ]
    if errors:
        raise ValidationError(errors)
    try:
        _ext, _type, digest = check_upload(upload, allowed=("xlsx",))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if ImportBatch.objects.filter(campaign=campaign, sha256=digest, status=ImportBatch.Status.DONE).exists():
        raise ValidationError(
            {"file": [_("该文件已成功导入到“%(c)s”，同一文件不能重复导入。") % {"c": campaign.title}]}
        )
    upload.seek(0)
    content = upload.read()
    batch = ImportBatch(
        campaign=campaign,
        original_name=upload.name[:200],
        sha256=digest,
        submit=bool(submit),
        created_by=actor,
        scope_path=_grant_path(actor, campaign),
    )
    with transaction.atomic():
        batch.file.save(f"{digest[:16]}.xlsx", ContentFile(content), save=False)
        batch.save()
        task_id = enqueue(run_import, batch.pk, ip=ip, user_agent=user_agent)
        if task_id:
            ImportBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=task_id)
    batch.refresh_from_db()
    return batch
