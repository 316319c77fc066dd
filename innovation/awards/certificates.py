"""Award certificates (获奖证书): one PDF per author, a verification code a public page checks,
and a campaign's certificates in one zip.

The zip is made by a background job (innovation.core.tasks; at ~0.24 s a PDF a campaign takes
minutes): `request_archive` records a CertificateArchive and queues `build_archive`, which renders
the PDFs one by one under the archive's lease (innovation.core.jobs), reporting progress, and
keeps the finished file in storage; the page polls the progress and offers the download.
"""

import contextlib
import logging
import re
import secrets
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.audit import context as audit_context
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import jobs
from innovation.core.pdf import chinese_date, render_pdf

from .models import AwardShare, CertificateArchive

log = logging.getLogger(__name__)

# Unambiguous characters only (no 0/O, 1/I/L), so a code typed from paper is read right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17: guessing a valid code is hopeless
_CODE_INPUT = re.compile(r"^[A-Za-z0-9-]{4,32}$")


def new_certificate_code() -> str:
    """A fresh random verification code (the awards service stores it on AwardShare)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not AwardShare.objects.filter(certificate_code=code).exists():
            return code


def normalise_code(raw: str | None) -> str:
    """What a person typed -> the code to look up ('' when it cannot be a code)."""
    code = re.sub(r"\s+", "", raw or "").upper()
    return code if _CODE_INPUT.match(code) else ""


def share_by_code(raw: str | None) -> AwardShare | None:
    """The certificate with this code, case-insensitively (dashes typed for readability are
    ignored), or None."""
    code = normalise_code(raw)
    if not code:
        return None
    candidates = {code, code.replace("-", "")}
    q = Q()
    for value in candidates:
        q |= Q(certificate_code__iexact=value)
    return (
        AwardShare.objects.select_related("award__achievement", "award__campaign__union", "award__grade")
        .filter(q)
        .first()
    )


# Other apps' certificates checked on the same /verify/ page (金牌师徒: innovation.pairs): each
# finder takes a normalised code and returns the facts its certificate states, or None.
_FINDERS: list = []


def register_finder(finder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def other_facts(raw: str | None) -> dict | None:
    """The facts of a certificate another app issued with this code, or None."""
    code = normalise_code(raw)
    if not code:
        return None
    for finder in _FINDERS:
        facts = finder(code)
        if facts:
            return facts
    return None


def verify_path(code: str) -> str:
    return reverse("verify:check", args=[code])


def verify_url(code: str, request=None, base_url: str = "") -> str:
    """The absolute address of the public check: SITE_URL when set, else the request's host
    (or `base_url`, the host a background job's request came to)."""
    base = getattr(settings, "SITE_URL", "") or base_url
    if base:
        return base.rstrip("/") + verify_path(code)
    if request is not None:
        return request.build_absolute_uri(verify_path(code))
    return verify_path(code)


def public_facts(share: AwardShare) -> dict:
    """Everything the certificate (and the public check) states; nothing else is public:
    no amounts, no ID or phone numbers."""
    award = share.award
    campaign = award.campaign
    return {
        "name": share.name,
        "unit": share.unit,
        "title": award.achievement.title,
        "year": campaign.year,
        "grade": award.grade.get_code_display(),
        "union": campaign.union.name,
        "date": chinese_date(award.awarded_at),
        "code": share.certificate_code,
    }


def certificate_pdf(share: AwardShare, *, request=None, base_url: str = "") -> bytes:
    facts = public_facts(share)
    return render_pdf(
        "awards/pdf/certificate.html",
        {
            **facts,
            "verify_url": verify_url(share.certificate_code, request, base_url),
            # Long titles and unit names get a smaller type so the text never runs into the foot.
            "text_length": len(facts["title"]) + len(facts["unit"]) + len(facts["union"]),
        },
    )


def certificate_filename(share: AwardShare) -> str:
    """'2020-一等奖-李营-<code>.pdf' (characters a file system dislikes are replaced)."""
    award = share.award
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", share.name).strip("_") or "certificate"
    return f"{award.campaign.year}-{award.grade.get_code_display()}-{name}-{share.certificate_code}.pdf"


def campaign_shares(campaign) -> QuerySet:
    return (
        AwardShare.objects.filter(award__campaign=campaign)
        .select_related("award__achievement", "award__campaign__union", "award__grade")
        .order_by("award__grade__order", "award__id", "author__order")
    )


# ---------------------------------------------------------------- a campaign's zip


def may_archive(user, campaign) -> bool:
    """Who may make and download a campaign's zip: the admins of the campaign's union."""
    return can_act_at(user, Action.DECISION_MANAGE, campaign.union) or can_act_at(
        user, Action.AWARD_VIEW, campaign.union
    )


def request_archive(*, actor, campaign, base_url: str = "") -> CertificateArchive:
    """Queue the zip of a campaign's certificates; while one is being made, that one is
    returned instead of a second. Raises PermissionDenied, ValidationError."""
    if not may_archive(actor, campaign):
        raise PermissionDenied(_("您无权下载该活动的获奖证书。"))
    from innovation.core.tasks import enqueue

    from .tasks import build_certificate_archive

    with transaction.atomic():
        active = (
            CertificateArchive.objects.select_for_update()
            .filter(campaign=campaign, status__in=(jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING))
            .first()
        )
        if active is not None:
            return active
        total = campaign_shares(campaign).count()
        if not total:
            raise ValidationError(_("该活动还没有获奖证书。"))
        archive = CertificateArchive.objects.create(
            campaign=campaign,
            requested_by=actor,
            base_url=base_url[:200],
            total=total,
            scope_path=campaign.union.path,
        )
        record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=archive,
            detail=_("生成获奖证书压缩包：%(c)s，共 %(n)d 份证书。") % {"c": campaign.title, "n": total},
        )
        task_id = enqueue(build_certificate_archive, archive.pk)
        if task_id:
            CertificateArchive.objects.filter(pk=archive.pk, task_id="").update(task_id=task_id)
    archive.refresh_from_db()
    return archive


def archive_filename(archive: CertificateArchive) -> str:
    stamp = timezone.localtime(archive.finished_at or archive.created_at)
    return _("%(year)s年度获奖证书-%(stamp)s.zip") % {
        "year": archive.campaign.year,
        "stamp": f"{stamp:%Y%m%d-%H%M}",
    }


def build_archive(archive_id: int) -> None:
    """The background job (tasks.build_certificate_archive): render every certificate of the
    campaign into a zip, reporting progress, and keep the file in storage."""
    with jobs.lease(CertificateArchive, archive_id) as lease:
        if lease is None:
            return  # already made or being made (a repeated task, a second worker)
        archive = CertificateArchive.objects.select_related("campaign", "requested_by").get(pk=archive_id)
        shares = campaign_shares(archive.campaign)
        with audit_context.acting_as(archive.requested_by), tempfile.TemporaryFile() as scratch:
            try:
                total = shares.count()
                lease.renew(total=total, done_count=0)
                with zipfile.ZipFile(scratch, mode="w", compression=zipfile.ZIP_DEFLATED) as zipped:
                    for done, share in enumerate(shares.iterator(chunk_size=200), start=1):
                        pdf = certificate_pdf(share, base_url=archive.base_url)
                        zipped.writestr(certificate_filename(share), pdf)
                        lease.renew(done_count=done)
                size = scratch.tell()
                scratch.seek(0)
                name = f"{archive.campaign.year}-{archive.pk}-{secrets.token_hex(4)}.zip"
                archive.file.save(name, File(scratch), save=False)
                try:
                    lease.finish(status=jobs.JobStatus.DONE, file=archive.file.name, size=size, total=total)
                except jobs.LeaseLost:
                    archive.file.delete(save=False)
                    raise
            except jobs.LeaseLost:
                log.warning("certificate archive %s was taken back from this worker", archive_id)
            except Exception:
                log.exception("certificate archive %s failed", archive_id)
                with contextlib.suppress(jobs.LeaseLost):
                    lease.finish(
                        status=jobs.JobStatus.FAILED,
                        error=_("生成证书时发生系统错误，没有生成文件。请稍后重试，或联系系统管理员。"),
                    )
