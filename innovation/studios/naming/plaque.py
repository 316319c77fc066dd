"""The naming plaque / certificate (命名牌匾/证书) of a studio naming, as a PDF, and the public
check of its verification code.

The plaque states the honour ("锦州市劳模创新工作室"), the studio, its unit, the document
number, the date and the issuing union, with a verification code anyone can check on the
public page (which also says whether the studio has since been revoked).
"""

import re

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from innovation.core.pdf import chinese_date, render_pdf

from ..models import Studio, StudioLevel
from .models import Naming

_CODE_INPUT = re.compile(r"^[A-Za-z0-9-]{4,32}$")
UNION_SUFFIX = "总工会"


def has_plaque(naming: Naming) -> bool:
    """The platform issues the plaques of the namings the city made (through an application, or
    city namings of the past); provincial and national plaques are issued by those bodies."""
    return naming.application_id is not None or naming.level == StudioLevel.CITY


def plaque_title(naming: Naming) -> str:
    """'锦州市劳模创新工作室': the place of the issuing union and the type. Without a place
    (an issuer not named '…总工会'), the level: '市级劳模创新工作室'."""
    issuer = (naming.named_by or "").strip()
    if issuer.endswith(UNION_SUFFIX) and len(issuer) > len(UNION_SUFFIX):
        place = issuer[: -len(UNION_SUFFIX)]
        if naming.level == StudioLevel.NATIONAL and place in ("中华全国", "全国"):
            place = "全国"
        return f"{place}{naming.get_type_display()}"
    return f"{naming.get_level_display()}{naming.get_type_display()}"


def normalise_code(raw: str | None) -> str:
    code = re.sub(r"\s+", "", raw or "").upper()
    return code if _CODE_INPUT.match(code) else ""


def naming_by_code(raw: str | None) -> Naming | None:
    code = normalise_code(raw)
    if not code:
        return None
    q = Q(certificate_code__iexact=code) | Q(certificate_code__iexact=code.replace("-", ""))
    return Naming.objects.select_related("studio__enterprise").filter(q).first()


def verify_path(code: str) -> str:
    return reverse("studios:verify", args=[code])


def verify_url(code: str, request=None) -> str:
    base = getattr(settings, "SITE_URL", "") or ""
    if base:
        return base.rstrip("/") + verify_path(code)
    if request is not None:
        return request.build_absolute_uri(verify_path(code))
    return verify_path(code)


def public_facts(naming: Naming) -> dict:
    """What the plaque states, and nothing else (no members, no personal data)."""
    studio = naming.studio
    return {
        "title": plaque_title(naming),
        "studio": studio.name,
        "unit": studio.enterprise.name,
        "type": naming.get_type_display(),
        "level": naming.get_level_display(),
        "year": naming.year,
        "document_no": naming.document_no,
        "union": naming.named_by,
        "date": chinese_date(naming.named_on),
        "code": naming.certificate_code,
        "revoked": studio.status == Studio.Status.REVOKED,
        "revoked_on": chinese_date(studio.revoked_on) if studio.revoked_on else "",
    }


def plaque_pdf(naming: Naming, *, request=None) -> bytes:
    facts = public_facts(naming)
    return render_pdf(
        "studios/pdf/plaque.html",
        {
            **facts,
            "verify_url": verify_url(naming.certificate_code, request),
            "long_name": len(facts["studio"]) > 16,
        },
    )


def plaque_filename(naming: Naming) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", naming.studio.name).strip("_") or "studio"
    return f"{naming.year}-{name}-{naming.get_level_display()}{naming.get_type_display()}-{naming.certificate_code}.pdf"
