"""A member's own page (我的志愿服务): the teams he serves in, his credits (visits he was present
at, their hours, the orders they belong to), each visit with its order (linked where he may open
it), and the training sessions of his teams' orders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.org.models import Worker

from .. import selectors
from ..models import ServiceOrder, ServiceVisit, TeamMember


@login_required
@require_GET
def my_service(request: HttpRequest) -> HttpResponse:
    worker = Worker.objects.filter(user=request.user).first()
    if worker is None:
        raise Http404
    memberships = list(
        TeamMember.objects.filter(worker=worker).select_related("team").order_by("left_on", "joined_on", "id")
    )
    visits = list(
        ServiceVisit.objects.filter(members=worker)
        .select_related("order__enterprise", "order__team")
        .order_by("-on", "-id")
    )
    open_orders = set(
        restrict(
            ServiceOrder.objects.filter(pk__in={v.order_id for v in visits}),
            request.user,
            Action.SERVICE_VIEW,
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "volunteer/mine.html",
        {
            "worker": worker,
            "memberships": memberships,
            "credit": selectors.worker_credit(worker),
            "visits": visits,
            "open_orders": open_orders,
        },
    )
