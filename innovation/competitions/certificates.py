"""The certificates of the skills competitions (one per placed contestant): the facts printed on
them, the PDF (innovation.core.pdf) and the public check — the same /verify/ page and codes as
the five-smalls certificates (innovation.awards.certificates), which asks this module for a
code it does not know (registered in the app's ready())."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from innovation.awards import certificates as awards_certificates
from innovation.core.pdf import chinese_date, render_pdf

from .models import CompetitionAward


def public_facts(award: CompetitionAward) -> dict:
    """What the certificate (and the public check) states: no amounts, no personal numbers,
    no marks."""
    competition = award.competition
    grade = f"{award.occupation.title} {award.place}"
    if award.title:
        grade = f"{grade}（{award.title}）"
    return {
        "name": award.name,
        "unit": award.unit,
        "title": competition.title,
        "occupation": award.occupation.title,
        "place": award.place,
        "honour": award.title,
        "year": competition.year,
        "grade": grade,
        "union": competition.union.name,
        "date": chinese_date(award.awarded_at),
        "code": award.certificate_code,
        "title_label": _("赛事"),
    }


def facts_by_code(code: str) -> dict | None:
    """The /verify/ page's question for a code that is not a five-smalls certificate's."""
    q = Q()
    for value in {code, code.replace("-", "")}:
        q |= Q(certificate_code__iexact=value)
    award = CompetitionAward.objects.select_related("competition__union", "occupation").filter(q).first()
    return public_facts(award) if award else None


def verify_url(award: CompetitionAward, request=None) -> str:
    return awards_certificates.verify_url(award.certificate_code, request)


def certificate_pdf(award: CompetitionAward, *, request=None) -> bytes:
    return render_pdf(
        "competitions/pdf/certificate.html", {**public_facts(award), "verify_url": verify_url(award, request)}
    )


def filename(award: CompetitionAward) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", award.name).strip("_") or "certificate"
    return (
        f"{award.competition.year}-{award.occupation.title}-{award.place}-{name}-{award.certificate_code}.pdf"
    )
