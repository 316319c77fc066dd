"""Near-duplicate pairs (查重): the list of pairs, the city's verdict and 重新查重 on one item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.core.generic import ScopedListView

from .. import duplicates
from ..duplicates.exports import DuplicatePairExporter
from ..duplicates.filters import DuplicatePairFilterSet
from ..duplicates.selectors import visible_pairs
from ..duplicates.tables import DuplicatePairTable
from ..models import DuplicatePair
from .detail import scoped_achievement


class DuplicatePairListView(ScopedListView):
    model = DuplicatePair
    action = Action.DUPLICATE_VIEW
    filterset_class = DuplicatePairFilterSet
    table_class = DuplicatePairTable
    exporter_class = DuplicatePairExporter
    title = gettext_lazy("相似成果（查重）")

    def base_queryset(self):
        return visible_pairs(self.request.user)


def _back(request: HttpRequest, default) -> HttpResponse:
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


@login_required
@require_POST
def pair_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_scoped_or_404(DuplicatePair.objects.all(), request.user, Action.DUPLICATE_VIEW, pk=pk)
    try:
        duplicates.record_verdict(
            actor=request.user,
            pair=pair,
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已认定：%(v)s") % {"v": pair.get_verdict_display()})
    return _back(request, reverse("achievements:detail", args=[pair.newer_id]))


@login_required
@require_POST
def achievement_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = scoped_achievement(request, pk)
    try:
        pairs = duplicates.recheck(actor=request.user, achievement=achievement)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        if pairs:
            messages.warning(request, _("重新查重完成：与%(n)d项已申报的成果相似。") % {"n": len(pairs)})
        else:
            messages.success(request, _("重新查重完成：未发现相似的已申报成果。"))
    return redirect("achievements:detail", pk=pk)
