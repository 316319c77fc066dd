"""The notice PDF, award certificates (one PDF, or a campaign's zip) and the public check."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.achievements.models import Campaign
from innovation.audit.models import AuditAction
from innovation.audit.services import record, record_denied, record_export
from innovation.core import jobs
from innovation.core.ratelimit import over_limit

from . import certificates
from .models import AwardShare, CertificateArchive, Decision
from .pdf import notice_pdf

PUBLISHED_STATES = (Decision.State.NOTICE, Decision.State.FINAL)


@login_required
@require_GET
def notice_pdf_view(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_scoped_or_404(
        Decision.objects.select_related("campaign__union"), request.user, Action.NOTICE_VIEW, pk=decision_id
    )
    if decision.state not in PUBLISHED_STATES:  # a decision not yet published is not a notice
        raise Http404
    data = notice_pdf(decision)
    response = HttpResponse(data, content_type="application/pdf")
    filename = _("%(year)s年度五小创新成果评审结果公示.pdf") % {"year": decision.campaign.year}
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_GET
def certificate(request: HttpRequest, share_id: int) -> HttpResponse:
    """One author's certificate: the author themself, or an admin whose scope holds the award."""
    share = get_scoped_or_404(
        AwardShare.objects.select_related("award__achievement", "award__campaign__union", "award__grade"),
        request.user,
        Action.AWARD_VIEW,
        pk=share_id,
    )
    data = certificates.certificate_pdf(share, request=request)
    record(
        action=AuditAction.EXPORT,
        actor=request.user,
        obj=share,
        detail=f"certificate pdf {share.certificate_code}",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(certificates.certificate_filename(share))}"
    )
    return response


def _campaign_for_archives(request: HttpRequest, campaign_id: int) -> Campaign:
    """The campaign whose certificates the user may zip (its union's admins), else 404 (audited)."""
    campaign = Campaign.objects.select_related("union").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    if not certificates.may_archive(request.user, campaign):
        record_denied(
            user=request.user, model=Campaign, lookup={"pk": campaign_id}, action="certificates.zip"
        )
        raise Http404
    return campaign


def _archive_or_404(request: HttpRequest, pk: int) -> CertificateArchive:
    archive = get_scoped_or_404(
        CertificateArchive.objects.select_related("campaign__union", "requested_by"),
        request.user,
        Action.AWARD_VIEW,
        pk=pk,
    )
    if not certificates.may_archive(request.user, archive.campaign):
        record_denied(
            user=request.user, model=CertificateArchive, lookup={"pk": pk}, action="certificates.zip"
        )
        raise Http404
    return jobs.check_lease(archive)  # a zip whose worker died says so instead of running for ever


@login_required
@require_GET
def certificates_zip(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The old address of the zip: the zip is now made in the background on its page."""
    return redirect("awards:certificate_archives", campaign_id=campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_archives(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A campaign's certificate zips: make one (POST), follow its progress, download it."""
    campaign = _campaign_for_archives(request, campaign_id)
    error = ""
    if request.method == "POST":
        try:
            certificates.request_archive(
                actor=request.user, campaign=campaign, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("awards:certificate_archives", campaign_id=campaign.pk)
    archives = [
        jobs.check_lease(a) for a in campaign.certificate_archives.select_related("requested_by")[:10]
    ]
    return render(
        request,
        "awards/certificate_archives.html",
        {
            "campaign": campaign,
            "archives": archives,
            "latest": archives[0] if archives else None,
            "shares": certificates.campaign_shares(campaign).count(),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def certificate_archive_progress(request: HttpRequest, pk: int) -> HttpResponse:
    archive = _archive_or_404(request, pk)
    return render(
        request,
        "awards/_certificate_archive.html",
        {"archive": archive, "stalled": jobs.waiting_too_long(archive)},
    )


@login_required
@require_GET
def certificate_archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    archive = _archive_or_404(request, pk)
    if archive.status != jobs.JobStatus.DONE or not archive.file:
        raise Http404
    record_export(
        user=request.user,
        model=AwardShare,
        rows=archive.total,
        description=f"certificates zip, campaign {archive.campaign_id}, archive {archive.pk}",
    )
    return FileResponse(
        archive.file.open("rb"),
        as_attachment=True,
        filename=certificates.archive_filename(archive),
        content_type="application/zip",
    )


# ---------------------------------------------------------------- the public check (no login)


@never_cache
@require_GET
def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Anyone may check a certificate by its code. A genuine one shows what the certificate
    itself states, nothing more; an unknown code gets the same page saying it was not found."""
    typed = request.GET.get("code")
    if code is None and typed is not None:
        normal = certificates.normalise_code(typed)
        if normal:
            return redirect("verify:check", code=normal)
        return render(request, "awards/verify.html", {"code": typed.strip()[:32], "checked": True})
    context: dict = {"code": certificates.normalise_code(code) or (code or ""), "checked": code is not None}
    if code is not None:
        if over_limit(request, "verify"):
            context.update(limited=True)
            return render(request, "awards/verify.html", context, status=429)
        share = certificates.share_by_code(code)
        if share is not None:
            context["facts"] = certificates.public_facts(share)
        else:
            context["facts"] = certificates.other_facts(code)
    return render(request, "awards/verify.html", context)
