"""The certificates of 金牌师徒 (one per awarded master and apprentice): the facts printed on
them, the PDF (innovation.core.pdf) and the public check — the same /verify/ page and codes as
the five-smalls certificates (innovation.awards.certificates), which asks this module for a
code it does not know (registered in the app's ready())."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from innovation.awards import certificates as awards_certificates
from innovation.core.pdf import chinese_date, render_pdf

from .models import PairAward


def public_facts(award: PairAward) -> dict:
    """What the certificate (and the public check) states: no amounts, no personal numbers."""
    selection = award.selection
    return {
        "name": award.name,
        "unit": award.unit,
        "title": award.nomination.title,
        "year": selection.year,
        "grade": _("金牌师徒（%(s)s）") % {"s": award.get_side_display()},
        "union": selection.union.name,
        "date": chinese_date(award.awarded_at),
        "code": award.certificate_code,
        "selection": selection.title,
        "title_label": _("师徒"),
    }


def facts_by_code(code: str) -> dict | None:
    """The /verify/ page's question for a code that is not a five-smalls certificate's."""
    candidates = {code, code.replace("-", "")}
    q = Q()
    for value in candidates:
        q |= Q(certificate_code__iexact=value)
    award = PairAward.objects.select_related("selection__union", "nomination").filter(q).first()
    return public_facts(award) if award else None


def verify_url(award: PairAward, request=None) -> str:
    return awards_certificates.verify_url(award.certificate_code, request)


def certificate_pdf(award: PairAward, *, request=None) -> bytes:
    return render_pdf(
        "pairs/pdf/certificate.html", {**public_facts(award), "verify_url": verify_url(award, request)}
    )


def filename(award: PairAward) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", award.name).strip("_") or "certificate"
    return f"{award.selection.year}-金牌师徒-{name}-{award.certificate_code}.pdf"
