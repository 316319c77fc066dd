"""Studios in /api/v1/: the same services, workflow, filters and scope as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import DemonstrationPost
from innovation.api.base import HistoryListSerializer, ScopedViewSet, StepLogSerializer
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, Worker

from . import selectors, services, workflow
from .filters import ApplicationFilterSet, StudioFilterSet
from .models import Member, Naming, Studio, StudioApplication, StudioType
from .views import annotated_studios

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


class RecordSerializer(serializers.Serializer):
    """A provincial or national naming; for a new studio also its unit, name and leader."""

    type = serializers.ChoiceField(choices=StudioType.choices)
    level = serializers.ChoiceField(choices=[(lv.value, lv.label) for lv in services.RECORDED_LEVELS])
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = restrict(
                Enterprise.objects.all(), request.user, Action.STUDIO_MANAGE
            )
            self.fields["leader"].queryset = restrict(Worker.objects.all(), request.user, Action.WORKER_VIEW)


class MemberAddSerializer(serializers.Serializer):
    worker = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.all())
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in (Member.Role.MEMBER, Member.Role.CORE)]
    )
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)


class LeaveSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    left_on = serializers.DateField(required=False, allow_null=True, default=None)


class LineageSerializer(serializers.Serializer):
    grew_from = serializers.PrimaryKeyRelatedField(
        queryset=Studio.objects.none(), allow_null=True, required=False
    )
    demonstration_posts = serializers.PrimaryKeyRelatedField(
        queryset=DemonstrationPost.objects.none(), many=True, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["grew_from"].queryset = restrict(
                Studio.objects.all(), request.user, Action.STUDIO_VIEW
            )
            self.fields["demonstration_posts"].child_relation.queryset = restrict(
                DemonstrationPost.objects.all(), request.user, Action.DEMO_POST_VIEW
            )


class LineageYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    new_studios = serializers.IntegerField()
    from_posts = serializers.IntegerField()
    posts = serializers.IntegerField()
    from_studios = serializers.IntegerField()
    upgrades = serializers.IntegerField()


class ApplicationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    steps = serializers.SerializerMethodField()
    named_studio = serializers.SerializerMethodField()

    class Meta:
        model = StudioApplication
        list_serializer_class = HistoryListSerializer
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "studio",
            "name",
            "type",
            "level",
            "leader",
            "leader_name",
            "field",
            "founded_on",
            "address",
            "results_so_far",
            "plan",
            "state",
            "district_opinion",
            "inspection_record",
            "panel_opinion",
            "decision_reason",
            "document_no",
            "submitted_at",
            "decided_at",
            "named_studio",
            "steps",
        ]
        read_only_fields = [
            "level",
            "state",
            "district_opinion",
            "inspection_record",
            "panel_opinion",
            "decision_reason",
            "document_no",
            "submitted_at",
            "decided_at",
        ]
        extra_kwargs = {
            "results_so_far": {"required": False, "allow_blank": True, "max_length": services.TEXT_MAX},
            "plan": {"required": False, "allow_blank": True, "max_length": services.TEXT_MAX},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = restrict(
                Enterprise.objects.all(), request.user, Action.STUDIO_APPLY
            )
            self.fields["studio"].queryset = restrict(Studio.objects.all(), request.user, Action.STUDIO_VIEW)
            self.fields["leader"].queryset = restrict(Worker.objects.all(), request.user, Action.WORKER_VIEW)

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data

    def get_named_studio(self, obj) -> int | None:
        naming = getattr(obj, "naming", None) if obj.state == StudioApplication.State.NAMED else None
        return naming.studio_id if naming else None


class ApplicationTransitionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=list({s.name: (s.name, str(s.label)) for s in workflow.STEPS}.values())
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX)
    inspection_record = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX
    )
    panel_opinion = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX
    )
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    named_on = serializers.DateField(required=False, allow_null=True, default=None)


# ---------------------------------------------------------------- viewsets


class StudioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Studio.objects.all()
    serializer_class = StudioSerializer
    filterset_class = StudioFilterSet
    view_action = Action.STUDIO_VIEW

    def base_queryset(self):
        return annotated_studios().prefetch_related("namings", "demonstration_posts")

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
        years = selectors.lineage_years(self.get_queryset())
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


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = StudioApplication.objects.select_related("enterprise", "leader", "naming")
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    view_action = Action.STUDIO_VIEW

    FIELDS = ("studio", "name", "type", "leader", "field", "founded_on", "address", "results_so_far", "plan")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        app = services.application_create(
            actor=request.user, enterprise=enterprise, **{k: v for k, v in data.items() if k in self.FIELDS}
        )
        return Response(ApplicationSerializer(self.base_queryset().get(pk=app.pk)).data, status=201)

    def partial_update(self, request, pk=None):
        app = self.get_scoped(Action.STUDIO_APPLY)
        serializer = self.get_serializer(app, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in self.FIELDS}
        app = services.application_update(actor=request.user, application=app, **data)
        return Response(ApplicationSerializer(self.base_queryset().get(pk=app.pk)).data)

    update = partial_update

    @extend_schema(
        request=ApplicationTransitionSerializer,
        responses=ApplicationSerializer,
        summary="Take one step (submit, recommend, return, name, decline, city_return)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        app = self.get_object()
        serializer = ApplicationTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kernel.run(obj=app, actor=request.user, **serializer.validated_data)
        return Response(ApplicationSerializer(self.get_object()).data)


# Filled by register() with the reports / assessment / subsidies / alliances twins
# (innovation.studios.api_more, imported late so that it may import from this module).
api_urlpatterns: list = []


def register(router) -> None:
    from . import api_more

    router.register("studios", StudioViewSet, basename="studio")
    router.register("studio-applications", ApplicationViewSet, basename="studio-application")
    api_more.register(router)
    api_urlpatterns[:] = list(api_more.api_urlpatterns)
