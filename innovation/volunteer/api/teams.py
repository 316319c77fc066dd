from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.org.models import Enterprise, Region, Worker
from innovation.studios.models import Studio

from .. import selectors, services
from ..filters import TeamFilterSet
from ..models import MAX_CAPACITY, Category, ServiceTeam, TeamMember


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "worker", "name", "role", "skills", "joined_on", "left_on"]
        read_only_fields = fields


class ServiceTeamSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    members_now = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceTeam
        fields = [
            "id",
            "name",
            "enterprise",
            "enterprise_name",
            "leader",
            "leader_name",
            "studios",
            "districts",
            "categories",
            "capacity",
            "formed_on",
            "is_active",
            "members_now",
        ]
        read_only_fields = fields


class ServiceTeamDetailSerializer(ServiceTeamSerializer):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta(ServiceTeamSerializer.Meta):
        fields = [*ServiceTeamSerializer.Meta.fields, "description", "members"]
        read_only_fields = fields


class ServiceTeamWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {
        "enterprise": Action.SERVICE_MANAGE,
        "leader": Action.WORKER_VIEW,
        "studios": Action.STUDIO_VIEW,
    }
    name = serializers.CharField(max_length=100)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    leader = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.all())
    studios = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all(), many=True)
    districts = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.COUNTY), many=True
    )
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices), max_length=10)
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY)
    formed_on = serializers.DateField()
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ServiceTeamViewSet(ScopedReadOnlyViewSet):
    """Volunteer service teams (劳模志愿服务队) within the caller's scope, with their rosters."""

    queryset = (
        selectors.team_queryset()
        .prefetch_related("studios", "districts", "members__worker")
        .order_by("formed_on", "id")
    )
    serializer_class = ServiceTeamSerializer
    filterset_class = TeamFilterSet
    view_action = Action.SERVICE_VIEW

    def get_serializer_class(self):
        return ServiceTeamDetailSerializer if self.action != "list" else ServiceTeamSerializer

    @extend_schema(request=ServiceTeamWriteSerializer, responses={201: ServiceTeamDetailSerializer})
    def create(self, request):
        s = ServiceTeamWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        team = services.team_create(actor=request.user, **data)
        obj = self.get_queryset().get(pk=team.pk)
        return Response(ServiceTeamDetailSerializer(obj).data, status=201)
