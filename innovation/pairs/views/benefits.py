"""名师带徒创效 on the detail page: the unit records a benefit the pair created, the county or city
union verifies it (the figure benefit_by_channel_yuan counts the verified ones)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovation.accounts.policy import Action
from innovation.core.generic import ScopedListView

from .. import services
from ..exports import PairBenefitExporter
from ..filters import PairBenefitFilterSet
from ..forms import BenefitForm, BenefitVerifyForm
from ..models import PairBenefit
from ..tables import PairBenefitTable
from .common import act, scoped_agreement


class PairBenefitListView(ScopedListView):
    """Every 名师带徒创效 record in scope (the rows behind the 名师带徒 channel of the benefit
    figure, with `?verified=true&since_year=2019`)."""

    model = PairBenefit
    action = Action.PAIR_VIEW
    filterset_class = PairBenefitFilterSet
    table_class = PairBenefitTable
    exporter_class = PairBenefitExporter
    title = _("名师带徒创效")
    select_related = ("agreement__enterprise",)


def _fen(value) -> int:
    return int((value * 100).to_integral_value())


@login_required
@require_POST
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk)
    form = BenefitForm(request.POST, prefix="benefit")

    def call():
        data = dict(form.cleaned_data)
        data["claimed_fen"] = _fen(data.pop("claimed"))
        return services.benefit_add(actor=request.user, agreement=agreement, **data)

    return act(request, pk, call, _("创效成果已登记，等待工会核实。"), form=form)


@login_required
@require_POST
def benefit_verify(request: HttpRequest, pk: int, bpk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk)
    benefit = get_object_or_404(agreement.benefits, pk=bpk)
    form = BenefitVerifyForm(request.POST, prefix=f"verify-{bpk}")
    return act(
        request,
        pk,
        lambda: services.benefit_verify(
            actor=request.user, benefit=benefit, verified_fen=_fen(form.cleaned_data["verified"])
        ),
        _("创效成果已核实。"),
        form=form,
    )
