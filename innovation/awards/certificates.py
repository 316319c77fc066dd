"""Award certificates (获奖证书): one PDF per author, a verification code a public page checks,
and the batch download of a campaign's certificates as a zip.

The zip is streamed: each certificate is rendered and written to the response as it is
made, so memory stays flat and the first bytes leave at once, however big the campaign.
(The task runner would need a job row to show progress; streaming needs none.)
"""

import re
import secrets
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from .models import AwardShare
from .pdf import chinese_date, render_pdf

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


def verify_path(code: str) -> str:
    return reverse("verify:check", args=[code])


def verify_url(code: str, request=None) -> str:
    """The absolute address of the public check: SITE_URL when set, else the request's host."""
    base = getattr(settings, "SITE_URL", "") or ""
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


def certificate_pdf(share: AwardShare, *, request=None) -> bytes:
    facts = public_facts(share)
    return render_pdf(
        "awards/pdf/certificate.html",
        {
            **facts,
            "verify_url": verify_url(share.certificate_code, request),
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


class _Sink:
    """A write-only file the zip writes into; the generator empties it after each member."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def iter_zip(shares, *, request=None) -> Iterator[bytes]:
    """Yield a zip archive of one certificate PDF per share, member by member."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for share in shares:
            archive.writestr(certificate_filename(share), certificate_pdf(share, request=request))
            yield sink.take()
    yield sink.take()
