"""Reads of 金牌师徒, always from the caller's scope."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict

from .models import (
    Agreement,
    Nomination,
    NominationState,
    PairAward,
    PairScore,
    Party,
    Selection,
    SelectionState,
    Side,
    State,
)
from .models.progress import PairPatent, SkillLevelChange, TeachingRecord, Training


def agreements_visible_to(user, action: str = Action.PAIR_VIEW) -> QuerySet:
    return restrict(list_queryset(), user, action)


def list_queryset() -> QuerySet:
    """Agreements with what a list row shows (unit, parties) in a fixed number of queries."""
    return Agreement.objects.select_related("enterprise__union__parent", "industry_union").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("worker").order_by("-side", "id"))
    )


def series_q(agreement: Agreement, prefix: str = "agreement") -> Q:
    """Rows hanging on any version of this agreement's series."""
    series = agreement.series_id
    return Q(**{f"{prefix}_id": series}) | Q(**{f"{prefix}__root_id": series})


def versions(agreement: Agreement) -> QuerySet:
    series = agreement.series_id
    return Agreement.objects.filter(Q(pk=series) | Q(root_id=series)).order_by("version")


def _tenths(hours) -> Decimal:
    """Hours to one decimal place (a sum on SQLite loses the column's scale)."""
    return Decimal(hours or 0).quantize(Decimal("0.1"))


def progress(agreement: Agreement) -> dict:
    """Everything recorded under every version of the series, with the totals the page shows."""
    teaching = TeachingRecord.objects.filter(series_q(agreement)).select_related("recorded_by")
    trainings = Training.objects.filter(series_q(agreement)).select_related("apprentice")
    hours = trainings.order_by().values("kind").annotate(h=Sum("hours"))
    by_kind = {row["kind"]: row["h"] for row in hours}
    return {
        "teaching": list(teaching),
        "teaching_hours": _tenths(teaching.aggregate(h=Sum("hours"))["h"]),
        "trainings": list(trainings),
        "training_hours": [(label, _tenths(by_kind.get(value))) for value, label in Training.Kind.choices],
        "skill_changes": list(
            SkillLevelChange.objects.filter(series_q(agreement))
            .select_related("record__worker")
            .order_by("record__on", "id")
        ),
        "patents": list(PairPatent.objects.filter(series_q(agreement)).select_related("patent")),
    }


def masters_and_apprentices(agreement: Agreement) -> tuple[list[Party], list[Party]]:
    parties = list(agreement.parties.all())
    return [p for p in parties if p.side == Side.MASTER], [p for p in parties if p.side == Side.APPRENTICE]


def _progress_note(agreement: Agreement) -> str:
    """ "· 带教12.0学时 · 晋升1次": the series' teaching hours and promotions, when there are any."""
    hours = TeachingRecord.objects.filter(series_q(agreement)).aggregate(h=Sum("hours"))["h"]
    promotions = SkillLevelChange.objects.filter(series_q(agreement)).count()
    parts = []
    if hours:
        parts.append(_("带教%(h)s学时") % {"h": _tenths(hours)})
    if promotions:
        parts.append(_("晋升%(n)d次") % {"n": promotions})
    return "".join(f" · {p}" for p in parts)


def my_pair_links(user) -> list:
    """The worker's home page: his masters and apprentices, one link per agreement in force or
    completed (the newest version of each series)."""
    from innovation.core.mylinks import MyLink

    mine = Party.objects.filter(
        worker__user=user, agreement__state__in=(State.APPROVED, State.ACTIVE, State.COMPLETED)
    ).select_related("agreement")
    links = []
    for party in mine.order_by("-agreement__start_on", "agreement_id"):
        agreement = party.agreement
        others = agreement.parties.exclude(worker__user=user).select_related("worker")
        if party.side == Side.APPRENTICE:
            label, names = _("我的师傅"), [p.worker.name for p in others if p.side == Side.MASTER]
        else:
            label, names = _("我的徒弟"), [p.worker.name for p in others if p.side == Side.APPRENTICE]
        links.append(
            MyLink(
                label=str(label),
                title=_("%(n)s（%(s)s%(p)s）")
                % {"n": "、".join(names), "s": agreement.get_state_display(), "p": _progress_note(agreement)},
                url=reverse("pairs:detail", args=[agreement.pk]),
            )
        )
    for award in (
        PairAward.objects.filter(worker__user=user).select_related("selection").order_by("-awarded_at")
    ):
        links.append(
            MyLink(
                label=str(_("我的金牌师徒证书")),
                title=_("%(s)s（验证码 %(c)s）") % {"s": award.selection.title, "c": award.certificate_code},
                url=reverse("pairs:award", args=[award.pk]),
            )
        )
    return links


# ---------------------------------------------------------------- selections


def selection_queryset():
    return Selection.objects.select_related("union", "enterprise", "budget_line")


def nomination_queryset():
    return Nomination.objects.select_related("selection", "enterprise", "agreement")


def award_queryset():
    return PairAward.objects.select_related("selection", "nomination", "commitment")


def score_queryset():
    return PairScore.objects.select_related("nomination__selection", "expert")


def listed(selection):
    """The pairs a published notice or a final result lists (public to everyone signed in)."""
    if selection.state == SelectionState.NOTICE:
        return selection.nominations.filter(state=NominationState.IN_DECISION).order_by("rank", "pk")
    if selection.state == SelectionState.FINAL:
        return selection.nominations.filter(state=NominationState.AWARDED).order_by("rank", "pk")
    return selection.nominations.none()


def unpaid_prizes(selection) -> int:
    """How many of a selection's prizes are committed and not wholly paid (0 for an internal
    selection, whose awards carry no money)."""
    return selection.awards.filter(
        commitment__isnull=False, commitment__paid_fen__lt=F("commitment__amount_fen")
    ).count()
