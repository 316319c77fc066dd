"""The notice PDF, award certificates (one PDF, or a campaign's zip) and the public check."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, get_scoped_or_404
from innovation.achievements.models import Campaign
from innovation.audit.models import AuditAction
from innovation.audit.services import record, record_denied, record_export
from innovation.core.ratelimit import over_limit

from . import certificates
from .models import AwardShare, Decision
from .pdf import notice_pdf

PUBLISHED_STATES = (Decision.State.NOTICE, Decision.State.FINAL)


def _attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


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


@login_required
@require_GET
def certificates_zip(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Every certificate of a campaign, streamed as a zip (see certificates.iter_zip)."""
    campaign = Campaign.objects.select_related("union").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    user = request.user
    if not (
        can_act_at(user, Action.DECISION_MANAGE, campaign.union)
        or can_act_at(user, Action.AWARD_VIEW, campaign.union)
    ):
        record_denied(user=user, model=Campaign, lookup={"pk": campaign_id}, action="certificates.zip")
        raise Http404
    shares = certificates.campaign_shares(campaign)
    count = shares.count()
    record_export(
        user=user, model=AwardShare, rows=count, description=f"certificates zip, campaign {campaign.pk}"
    )
    filename = _("%(year)s年度获奖证书-%(stamp)s.zip") % {
        "year": campaign.year,
        "stamp": f"{timezone.localtime():%Y%m%d-%H%M}",
    }
    response = StreamingHttpResponse(
        certificates.iter_zip(shares.iterator(chunk_size=200), request=request),
        content_type="application/zip",
    )
    response["Content-Disposition"] = _attachment(filename)
    response["X-Certificates"] = str(count)
    return response


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
    return render(request, "awards/verify.html", context)
