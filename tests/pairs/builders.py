"""Agreements built through the services, as a unit union would."""

import datetime

from django.utils import timezone

from innovation.pairs import services
from innovation.pairs.models import ApprenticeCapPolicy, Party, TargetKind

# Dates around today: an agreement that started three months ago and runs two years.
TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=90)
END = START + datetime.timedelta(days=730)
SIGNED = START - datetime.timedelta(days=10)


def cap(n: int = 3, on: datetime.date = datetime.date(2020, 1, 1)) -> ApprenticeCapPolicy:
    return ApprenticeCapPolicy.objects.create(
        effective_from=on, max_apprentices=n, note="锦州市金牌师徒管理办法"
    )


def draft(actor, enterprise, masters, apprentices, *, industry_union=None, start=START, end=END, target=True):
    agreement = services.agreement_create(
        actor=actor,
        enterprise=enterprise,
        industry_union=industry_union,
        start_on=start,
        end_on=end,
        masters=masters,
        apprentices=apprentices,
    )
    if target:
        services.target_add(
            actor=actor,
            agreement=agreement,
            kind=TargetKind.SKILL_LEVEL,
            apprentice=apprentices[0],
            skill_level="3",
            due_on=end,
        )
    return agreement


def sign_all(actor, agreement, on=SIGNED):
    for party in Party.objects.filter(agreement=agreement):
        services.party_sign(actor=actor, party=party, signed_on=on, today=TODAY)


def approved(actor, enterprise, masters, apprentices, **kw):
    agreement = draft(actor, enterprise, masters, apprentices, **kw)
    sign_all(actor, agreement)
    services.agreement_approve(actor=actor, agreement=agreement)
    agreement.refresh_from_db()
    return agreement
