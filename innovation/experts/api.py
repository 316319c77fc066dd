"""The expert pool and the assignment in /api/v1/: the same services, filters and scope as the pages."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.achievements.models import Campaign, Field
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.org.models import Worker

from . import services
from .filters import AssignmentFilterSet, ExpertFilterSet
from .models import Assignment, Availability, Conflict, ExpertProfile
from .selectors import pool_union_of


class ExpertSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", required=False, allow_blank=True, max_length=150)
    fields = serializers.ListField(child=serializers.ChoiceField(choices=Field.choices), allow_empty=False)
    employer_name = serializers.CharField(source="employer_label", read_only=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    worker = serializers.PrimaryKeyRelatedField(
        queryset=Worker.objects.all(), write_only=True, required=False, allow_null=True
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "username",
            "name",
            "union",
            "employer",
            "employer_outside",
            "employer_name",
            "title",
            "fields",
            "tags",
            "phone",
            "phone_masked",
            "is_active",
            "worker",
        ]
        read_only_fields = ["union", "phone_masked"]

    scoped_fields = {"employer": Action.ENTERPRISE_VIEW, "worker": Action.WORKER_VIEW}


class ConflictSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    worker_name = serializers.CharField(source="worker.name", read_only=True, default="")

    class Meta:
        model = Conflict
        fields = [
            "id",
            "expert",
            "enterprise",
            "enterprise_name",
            "worker",
            "worker_name",
            "reason",
            "created_at",
        ]

    # Declared units: any unit (an expert declares them and sees no part of the tree;
    # unit names are public on the notices); people: within the caller's view of workers.
    scoped_fields = {"expert": Action.EXPERT_VIEW, "worker": Action.WORKER_VIEW}


class AvailabilitySerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Availability
        fields = ["id", "campaign", "expert", "available", "max_items", "note"]
        validators = []  # one row per expert and campaign: the service updates it in place

    scoped_fields = {"expert": Action.EXPERT_VIEW, "campaign": Action.CAMPAIGN_VIEW}


class AssignmentSerializer(serializers.ModelSerializer):
    achievement_title = serializers.CharField(source="achievement.title", read_only=True)
    field = serializers.CharField(source="achievement.field", read_only=True)
    enterprise_name = serializers.SerializerMethodField()
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "campaign",
            "achievement",
            "achievement_title",
            "field",
            "enterprise_name",
            "expert",
            "expert_name",
            "state",
            "origin",
            "reason",
            "created_at",
        ]

    def get_enterprise_name(self, obj) -> str | None:
        # Anonymous review: an expert never learns the unit; the organisers always see it.
        if obj.campaign.anonymous_review and not self.context.get("organiser"):
            return None
        return obj.achievement.enterprise.name


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class OverrideSerializer(ScopedRelatedFieldsMixin, ReasonSerializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=ExpertProfile.objects.all())

    scoped_fields = {"expert": Action.EXPERT_VIEW}


class AutoAssignSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())


ReportSerializer = inline_serializer(
    "AssignReport",
    {
        "campaign_id": serializers.IntegerField(),
        "items": serializers.IntegerField(),
        "needing": serializers.IntegerField(),
        "assigned": serializers.IntegerField(),
        "covered": serializers.IntegerField(),
        "moved": serializers.IntegerField(),
        "experts": serializers.IntegerField(),
        "cap": serializers.IntegerField(),
        "seconds": serializers.FloatField(),
        "shortfalls": serializers.ListField(child=serializers.DictField()),
    },
)


class ExpertViewSet(ScopedReadOnlyViewSet):
    queryset = ExpertProfile.objects.select_related("employer", "user").defer("phone")
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    view_action = Action.EXPERT_VIEW

    @staticmethod
    def _values(data: dict) -> dict:
        data.pop("user", None)
        data.pop("worker", None)
        return data

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        username = (data.get("user") or {}).get("username", "")
        worker = data.get("worker")
        expert, password = services.expert_create(
            actor=request.user,
            union=pool_union_of(request.user),
            username=username,
            worker=worker,
            **self._values(data),
        )
        body = ExpertSerializer(expert, context=self.get_serializer_context()).data
        body["initial_password"] = password  # shown once; the user must change it at first login
        return Response(body, status=201)

    def update(self, request, pk=None, partial=False):
        expert = self.get_scoped(Action.EXPERT_MANAGE)
        serializer = self.get_serializer(expert, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = self._values(dict(serializer.validated_data))
        services.expert_update(actor=request.user, expert=expert, **data)
        return Response(ExpertSerializer(self.get_object(), context=self.get_serializer_context()).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)


class ConflictViewSet(ScopedReadOnlyViewSet):
    queryset = Conflict.objects.select_related("enterprise", "worker").order_by("id")
    serializer_class = ConflictSerializer
    view_action = Action.EXPERT_VIEW

    @extend_schema(responses=ConflictSerializer)
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        conflict, replaced = services.conflict_add(
            actor=request.user,
            expert=d["expert"],
            enterprise=d.get("enterprise"),
            worker=d.get("worker"),
            reason=d.get("reason", ""),
        )
        body = ConflictSerializer(conflict, context=self.get_serializer_context()).data
        body["replaced"] = [{"assignment": r.old.pk, "message": r.message} for r in replaced]
        return Response(body, status=201)

    def destroy(self, request, pk=None):
        services.conflict_remove(actor=request.user, conflict=self.get_object())
        return Response(status=204)


class AvailabilityViewSet(ScopedReadOnlyViewSet):
    queryset = Availability.objects.order_by("id")
    serializer_class = AvailabilitySerializer
    view_action = Action.EXPERT_VIEW

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        row = services.availability_set(
            actor=request.user,
            expert=d["expert"],
            campaign=d["campaign"],
            available=d.get("available", True),
            max_items=d.get("max_items"),
            note=d.get("note", ""),
        )
        return Response(AvailabilitySerializer(row, context=self.get_serializer_context()).data, status=201)


class AssignmentViewSet(ScopedReadOnlyViewSet):
    """City admins see and change the assignments in their scope; an expert sees and declines their own."""

    queryset = Assignment.objects.select_related("achievement__enterprise", "expert", "campaign")
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    view_action = Action.REVIEW_ASSIGN

    def get_queryset(self):
        return services.assignments_visible_to(self.request.user).select_related(
            "achievement__enterprise", "expert", "campaign"
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except Assignment.DoesNotExist:
            return get_scoped_or_404(
                self.base_queryset(), self.request.user, Action.REVIEW_SCORE, pk=self.kwargs["pk"]
            )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        from innovation.accounts.scope import can

        context["organiser"] = can(self.request.user, Action.REVIEW_ASSIGN)
        return context

    @extend_schema(
        request=AutoAssignSerializer, responses=ReportSerializer, summary="Assign experts automatically"
    )
    @action(detail=False, methods=["post"], url_path="auto-assign")
    def auto_assign(self, request):
        serializer = AutoAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = get_scoped_or_404(
            Campaign.objects.select_related("union"),
            request.user,
            Action.REVIEW_ASSIGN,
            pk=serializer.validated_data["campaign"].pk,
        )
        report = services.auto_assign(campaign=campaign, actor=request.user)
        return Response(report.as_dict())

    @extend_schema(request=OverrideSerializer, responses=AssignmentSerializer, summary="Replace the expert")
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        assignment = self.get_scoped(Action.REVIEW_ASSIGN)
        serializer = OverrideSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        new = services.override(
            assignment=assignment,
            new_expert=serializer.validated_data["expert"],
            actor=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(AssignmentSerializer(new, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        request=ReasonSerializer,
        responses=inline_serializer(
            "DeclineOutcome",
            {
                "declined": AssignmentSerializer(),
                "replacements": AssignmentSerializer(many=True),
                "message": serializers.CharField(),
            },
        ),
        summary="Decline an assignment (the expert); another eligible expert is assigned",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        assignment = self.get_scoped(Action.REVIEW_SCORE)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = services.decline(
            assignment=assignment, actor=request.user, reason=serializer.validated_data["reason"]
        )
        context = self.get_serializer_context()
        return Response(
            {
                "declined": AssignmentSerializer(outcome.old, context=context).data,
                "replacements": AssignmentSerializer(outcome.new, many=True, context=context).data
                if context["organiser"]
                else [],
                "message": outcome.message if context["organiser"] else "",
            }
        )


api_urlpatterns: list = []


def register(router) -> None:
    router.register("experts", ExpertViewSet, basename="expert")
    router.register("expert-conflicts", ConflictViewSet, basename="expert-conflict")
    router.register("expert-availability", AvailabilityViewSet, basename="expert-availability")
    router.register("assignments", AssignmentViewSet, basename="assignment")
