"""The service orders' pages (being written: list, order page, forms, queues)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action
from innovation.core.generic import ScopedListView

from .. import selectors
from ..models import ServiceOrder


class OrderListView(ScopedListView):
    model = ServiceOrder
    action = Action.SERVICE_VIEW

    def base_queryset(self):
        return selectors.order_queryset()


@login_required
@require_GET
def order_detail(request, pk: int) -> HttpResponse:
    raise NotImplementedError
