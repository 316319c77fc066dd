"""The API twin of the order pages: the orders within the caller's scope, posting one, each step
through the workflow kernel, the ranked teams, the service record (visits, trainings, the pauses of
the clock, expenses); the expenses' approval and payment."""

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.api.base import ScopedReadOnlyViewSet
from innovation.core import workflow as kernel
from innovation.funds.api import PaymentSerializer
from innovation.org.models import Worker

from .. import rules, selectors, services
from ..filters import OrderFilterSet
from ..models import ExpenseState, OrderPause, ServiceExpense, ServiceTeam, ServiceVisit
from .order_serializers import (
    ServiceExpenseDetailSerializer,
    ServiceExpensePaySerializer,
    ServiceExpenseSerializer,
    ServiceExpenseStepSerializer,
    ServiceExpenseWriteSerializer,
    ServiceMatchSerializer,
    ServiceOrderDetailSerializer,
    ServiceOrderSerializer,
    ServiceOrderStepSerializer,
    ServiceOrderWriteSerializer,
    ServiceReasonSerializer,
    ServiceTrainingWriteSerializer,
    ServiceVisitWriteSerializer,
)

TEAM_STEPS = ("dispatch", "claim")


def _rows(queryset, ids: list[int], field: str, missing: str) -> list:
    """The rows of `ids` within `queryset`, in the order given; an id outside it is a 400 that
    names the id only (never a row the caller may not see)."""
    ids = list(dict.fromkeys(ids))
    found = {row.pk: row for row in queryset.filter(pk__in=ids)}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise ValidationError({field: [missing % {"n": "、".join(unknown)}]})
    return [found[i] for i in ids]


class OrderViewSet(ScopedReadOnlyViewSet):
    """Service orders (订单式服务) within the caller's scope: the enterprise's problem, the team
    serving it, its SLA clocks, the service record and its history."""

    queryset = selectors.order_queryset()
    serializer_class = ServiceOrderSerializer
    filterset_class = OrderFilterSet
    view_action = Action.SERVICE_VIEW

    def base_queryset(self):
        return selectors.order_queryset().prefetch_related(
            Prefetch("visits", queryset=ServiceVisit.objects.prefetch_related("members")),
            "trainings__trainees",
            Prefetch("pauses", queryset=OrderPause.objects.order_by("started_at", "id")),
            "expenses__commitment",
        )

    def get_queryset(self):
        if self.action == "list":
            return restrict(selectors.order_queryset(), self.request.user, self.view_action)
        return super().get_queryset()

    def get_serializer_class(self):
        return ServiceOrderSerializer if self.action == "list" else ServiceOrderDetailSerializer

    def _answer(self, order, status=200):
        obj = self.base_queryset().get(pk=order.pk)
        return Response(
            ServiceOrderDetailSerializer(obj, context={"request": self.request}).data, status=status
        )

    @extend_schema(
        request=ServiceOrderWriteSerializer, responses={201: ServiceOrderDetailSerializer}, summary="Post"
    )
    def create(self, request):
        s = ServiceOrderWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        order = services.order_post(actor=request.user, **s.validated_data)
        return self._answer(order, 201)

    def _team(self, order, team_id):
        """The team a dispatch or a claim names: any team for whoever may triage the order (the
        ranked list shows them all), else a team within the caller's view (the leader's own)."""
        if team_id is None:
            return None
        teams = ServiceTeam.objects.select_related("leader")
        triage = selectors.order_queryset().filter(pk=order.pk)
        if not restrict(triage, self.request.user, Action.SERVICE_TRIAGE).exists():
            teams = restrict(teams, self.request.user, Action.SERVICE_VIEW)
        return _rows(teams, [team_id], "team", _("编号为%(n)s的服务队不存在或不在您的权限范围内。"))[0]

    @extend_schema(
        request=ServiceOrderStepSerializer,
        responses=ServiceOrderDetailSerializer,
        summary="Take one workflow step (triage, dispatch, claim, start, resolve, confirm, close, …)",
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        order = self.get_object()
        s = ServiceOrderStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        name, reason, team_id = data.pop("step"), data.pop("reason"), data.pop("team")
        payload = {}
        if name in TEAM_STEPS:
            payload["team"] = self._team(order, team_id)
        elif name == "resolve":
            payload.update(outcome=data["outcome"], diagnosis=data["diagnosis"], solution=data["solution"])
        elif name == "confirm":
            payload.update(
                rating=data["rating"],
                comment=data["comment"],
                benefit_claimed_fen=data["benefit_claimed_fen"],
            )
        elif name == "close":
            payload["benefit_verified_fen"] = data["benefit_verified_fen"]
        kernel.run(obj=order, step=name, actor=request.user, reason=reason, **payload)
        return self._answer(order)

    @extend_schema(
        request=None,
        responses=ServiceMatchSerializer(many=True),
        summary="The teams ranked for the order (for whoever triages it)",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matches(self, request, pk=None):
        order = self.get_scoped(Action.SERVICE_TRIAGE)
        return Response(ServiceMatchSerializer(selectors.match_teams(order), many=True).data)

    def _leads(self, order) -> bool:
        """Ids of workers are looked up for the team's leader only: anyone else is refused by
        the service (403) before it reads the people named."""
        return order.team_id is not None and rules.leads(self.request.user, order.team)

    def _team_workers(self, order, ids: list[int], field: str) -> list:
        if not self._leads(order):
            return []
        workers = Worker.objects.filter(service_memberships__team_id=order.team_id).distinct()
        return _rows(workers, ids, field, _("编号为%(n)s的职工不是本订单服务队的队员。"))

    @extend_schema(
        request=ServiceVisitWriteSerializer, responses={201: ServiceOrderDetailSerializer}, summary="Visit"
    )
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        order = self.get_object()
        s = ServiceVisitWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data["members"] = self._team_workers(order, data["members"], "members")
        services.visit_add(actor=request.user, order=order, **data)
        return self._answer(order, 201)

    @extend_schema(
        request=ServiceTrainingWriteSerializer,
        responses={201: ServiceOrderDetailSerializer},
        summary="Training",
    )
    @action(detail=True, methods=["post"])
    def trainings(self, request, pk=None):
        order = self.get_object()
        s = ServiceTrainingWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        # Those trained are the enterprise's own workers.
        data["trainees"] = (
            _rows(
                Worker.objects.filter(enterprise_id=order.enterprise_id),
                data["trainees"],
                "trainees",
                _("编号为%(n)s的职工不是该企业的职工。"),
            )
            if self._leads(order)
            else []
        )
        services.training_add(actor=request.user, order=order, **data)
        return self._answer(order, 201)

    @extend_schema(
        request=ServiceReasonSerializer,
        responses=ServiceOrderDetailSerializer,
        summary="Pause the clock (waiting)",
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        order = self.get_object()
        s = ServiceReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.pause_start(actor=request.user, order=order, reason=s.validated_data["reason"])
        return self._answer(order)

    @extend_schema(request=None, responses=ServiceOrderDetailSerializer, summary="Resume the clock")
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        order = self.get_object()
        services.pause_end(actor=request.user, order=order)
        return self._answer(order)

    @extend_schema(
        request=ServiceExpenseWriteSerializer,
        responses={201: ServiceExpenseDetailSerializer},
        summary="Propose an expense",
    )
    @action(detail=True, methods=["post"])
    def expenses(self, request, pk=None):
        order = self.get_object()
        s = ServiceExpenseWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        expense = services.expense_propose(actor=request.user, order=order, **s.validated_data)
        obj = ServiceExpense.objects.select_related("order", "commitment").get(pk=expense.pk)
        return Response(ServiceExpenseDetailSerializer(obj, context={"request": request}).data, status=201)


class ExpenseFilterSet(filters.FilterSet):
    state = filters.ChoiceFilter(choices=ExpenseState.choices, label=_("状态"))
    order = filters.NumberFilter(field_name="order_id", label=_("订单编号"))

    class Meta:
        model = ServiceExpense
        fields = ["state", "order"]


class ExpenseViewSet(ScopedReadOnlyViewSet):
    """The orders' expenses within the caller's scope: approved (committed on the year's
    志愿服务经费 line) or rejected by the city union, then paid through the ledger."""

    queryset = ServiceExpense.objects.select_related("order", "commitment").order_by("created_at", "id")
    serializer_class = ServiceExpenseSerializer
    filterset_class = ExpenseFilterSet
    view_action = Action.SERVICE_VIEW

    def get_serializer_class(self):
        return ServiceExpenseSerializer if self.action == "list" else ServiceExpenseDetailSerializer

    def _answer(self, expense, status=200):
        obj = self.base_queryset().get(pk=expense.pk)
        return Response(
            ServiceExpenseDetailSerializer(obj, context={"request": self.request}).data, status=status
        )

    @extend_schema(
        request=ServiceExpenseStepSerializer,
        responses=ServiceExpenseDetailSerializer,
        summary="Approve or reject",
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        expense = self.get_object()
        s = ServiceExpenseStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        kernel.run(obj=expense, actor=request.user, **s.validated_data)
        return self._answer(expense)

    @extend_schema(
        request=ServiceExpensePaySerializer,
        responses={201: PaymentSerializer},
        summary="Pay through the ledger",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        expense = self.get_object()
        s = ServiceExpensePaySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        payment = services.expense_pay(actor=request.user, expense=expense, **s.validated_data)
        return Response(PaymentSerializer(payment).data, status=201)
