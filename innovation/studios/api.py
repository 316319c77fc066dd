"""Studios in /api/v1/: the same services, workflow, filters and scope as the pages. The studio
itself (its namings, roster and lineage) is here; the sub-domains' twins are in naming/api.py
(applications), reports/api.py, subsidies/api.py and alliances/api.py, registered by register()."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.achievements.models import DemonstrationPost
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.org.models import Enterprise, Worker

from . import selectors
from .alliances import api as alliances_api
from .filters import StudioFilterSet
from .models import Member, Naming, Studio, StudioType
from .naming import api as naming_api
from .naming import selectors as naming_selectors
from .naming import services
from .naming.models import RECORDED_LEVELS
from .reports import api as reports_api
from .subsidies import api as subsidies_api

# ---------------------------------------------------------------- serializers


class NamingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Naming
        fields = [
            "id",
            "type",
            "level",
            "year",
            "document_no",
            "named_by",
            "named_on",
            "application",
            "certificate_code",
        ]


class MemberSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "worker", "worker_name", "role", "joined_on", "left_on"]


class StudioSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    members_now = serializers.IntegerField(read_only=True)
    incubated = serializers.IntegerField(read_only=True)
    namings = NamingSerializer(many=True, read_only=True)
    demonstration_posts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Studio
        fields = [
            "id",
            "name",
            "type",
            "level",
            "enterprise",
            "enterprise_name",
            "leader",
            "leader_name",
            "field",
            "founded_on",
            "named_year",
            "document_no",
            "named_by",
            "address",
            "status",
            "grew_from",
            "demonstration_posts",
            "revoked_on",
            "revoke_document_no",
            "revoke_reason",
            "members_now",
            "incubated",
            "namings",
        ]
        read_only_fields = fields


class RecordSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    """A provincial or national naming; for a new studio also its unit, name and leader."""

    type = serializers.ChoiceField(choices=StudioType.choices)
    level = serializers.ChoiceField(choices=[(lv.value, lv.label) for lv in RECORDED_LEVELS])
    year = serializers.IntegerField()
    document_no = serializers.CharField(max_length=60)
    named_by = serializers.CharField(max_length=60)
    named_on = serializers.DateField()
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    leader = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.all(), required=False)
    field = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    founded_on = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    scoped_fields = {"enterprise": Action.STUDIO_MANAGE, "leader": Action.WORKER_VIEW}


class MemberAddSerializer(serializers.Serializer):
    worker = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.all())
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in (Member.Role.MEMBER, Member.Role.CORE)]
    )
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)


class LeaveSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    left_on = serializers.DateField(required=False, allow_null=True, default=None)


class LineageSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    grew_from = serializers.PrimaryKeyRelatedField(
        queryset=Studio.objects.all(), allow_null=True, required=False
    )
    demonstration_posts = serializers.PrimaryKeyRelatedField(
        queryset=DemonstrationPost.objects.all(), many=True, required=False
    )

    scoped_fields = {"grew_from": Action.STUDIO_VIEW, "demonstration_posts": Action.DEMO_POST_VIEW}


class LineageYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    new_studios = serializers.IntegerField()
    from_posts = serializers.IntegerField()
    posts = serializers.IntegerField()
    from_studios = serializers.IntegerField()
    upgrades = serializers.IntegerField()


# ---------------------------------------------------------------- viewsets


class StudioViewSet(ScopedReadOnlyViewSet):
    queryset = Studio.objects.all()
    serializer_class = StudioSerializer
    filterset_class = StudioFilterSet
    view_action = Action.STUDIO_VIEW

    def base_queryset(self):
        return selectors.annotated_studios().prefetch_related("namings", "demonstration_posts")

    @extend_schema(
        request=RecordSerializer,
        responses=StudioSerializer,
        summary="Record a provincial or national naming of a studio new to the platform (city)",
    )
    def create(self, request):
        serializer = RecordSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        naming = services.studio_record(actor=request.user, studio_type=data.pop("type"), **data)
        return Response(StudioSerializer(self.base_queryset().get(pk=naming.studio_id)).data, status=201)

    @extend_schema(
        request=RecordSerializer,
        responses=StudioSerializer,
        summary="Record a provincial or national naming of this studio (city)",
    )
    @action(detail=True, methods=["post"])
    def namings(self, request, pk=None):
        studio = self.get_object()
        serializer = RecordSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for key in ("enterprise", "name", "leader", "field", "founded_on", "address"):
            data.pop(key, None)
        services.studio_record(actor=request.user, studio=studio, studio_type=data.pop("type"), **data)
        return Response(StudioSerializer(self.get_object()).data, status=201)

    @extend_schema(
        methods=["get"], responses=MemberSerializer(many=True), summary="The roster (current and past)"
    )
    @extend_schema(
        methods=["post"], request=MemberAddSerializer, responses=MemberSerializer, summary="Add a member"
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def members(self, request, pk=None):
        studio = self.get_object()
        if request.method == "GET":
            rows = studio.members.select_related("worker").order_by("left_on", "role", "joined_on", "id")
            return Response(MemberSerializer(rows, many=True).data)
        serializer = MemberAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_add(actor=request.user, studio=studio, **serializer.validated_data)
        return Response(MemberSerializer(member).data, status=201)

    @extend_schema(request=LeaveSerializer, responses=MemberSerializer, summary="A member leaves the roster")
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        from django.http import Http404

        studio = self.get_object()
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = (
            studio.members.select_related("worker").filter(pk=serializer.validated_data["member"]).first()
        )
        if member is None:
            raise Http404
        member.studio = studio
        member = services.member_leave(
            actor=request.user, member=member, left_on=serializer.validated_data["left_on"]
        )
        return Response(MemberSerializer(member).data)

    @extend_schema(
        request=LineageSerializer,
        responses=StudioSerializer,
        summary="Set the earlier studio and the demonstration posts it grew from",
    )
    @action(detail=True, methods=["post"])
    def lineage(self, request, pk=None):
        studio = self.get_object()
        serializer = LineageSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.lineage_set(
            actor=request.user,
            studio=studio,
            grew_from=data.get("grew_from", studio.grew_from),
            demonstration_posts=data.get("demonstration_posts", list(studio.demonstration_posts.all())),
        )
        return Response(StudioSerializer(self.get_object()).data)

    @extend_schema(responses={200: dict}, summary="Counts by type × level (active studios), and by district")
    @action(detail=False, methods=["get"])
    def counts(self, request):
        qs = self.filter_queryset(self.get_queryset())
        rows, total = selectors.district_matrix(qs, request.user)
        return Response(
            {
                "by_type_level": selectors.by_type_level_keys(qs),
                "total": qs.count(),
                "by_district": [
                    {
                        "district": r.params.get("district"),
                        "name": r.label,
                        "counts": {
                            f"{c.params['type']}.{c.params['level']}": c.count for c in r.cells if c.count
                        },
                        "total": r.total.count,
                    }
                    for r in rows
                ],
            }
        )

    @extend_schema(
        responses=LineageYearSerializer(many=True),
        summary="Per year: new studios, grown from posts or studios, upgrades",
    )
    @action(
        detail=False, methods=["get"], url_path="lineage-stats", pagination_class=None, filter_backends=[]
    )
    def lineage_stats(self, request):
        years = naming_selectors.lineage_years(self.get_queryset())
        return Response(
            [
                {
                    "year": y.year,
                    "new_studios": y.new_studios,
                    "from_posts": y.from_posts,
                    "posts": y.posts,
                    "from_studios": y.from_studios,
                    "upgrades": y.upgrades,
                }
                for y in years
            ]
        )


# The studio app adds no paths of its own beside the router's.
api_urlpatterns: list = []


def register(router) -> None:
    router.register("studios", StudioViewSet, basename="studio")
    router.register("studio-applications", naming_api.ApplicationViewSet, basename="studio-application")
    router.register("studio-reports", reports_api.YearReportViewSet, basename="studio-report")
    router.register("studio-assessments", reports_api.AssessmentViewSet, basename="studio-assessment")
    router.register("studio-rubrics", reports_api.RubricViewSet, basename="studio-rubric")
    router.register("studio-revocations", reports_api.RevocationViewSet, basename="studio-revocation")
    router.register("subsidy-policies", subsidies_api.SubsidyPolicyViewSet, basename="subsidy-policy")
    router.register("subsidy-rounds", subsidies_api.SubsidyRoundViewSet, basename="subsidy-round")
    router.register("subsidy-lines", subsidies_api.SubsidyLineViewSet, basename="subsidy-line")
    router.register("studio-alliances", alliances_api.AllianceViewSet, basename="studio-alliance")
