"""The API twin of the project pages: the projects within the caller's scope, proposing one, each
step through the workflow kernel, the milestones, the union's verification of the benefit, and
filing a concluded project as a five-smalls achievement. The same services as the pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Field, Kind
from innovation.api.base import ScopedReadOnlyViewSet, StepLogSerializer
from innovation.api.converters import ID_MAX
from innovation.core import workflow as kernel
from innovation.experts.models import ExpertProfile
from innovation.funds.models import MAX_FEN
from innovation.org.models import Enterprise, Worker
from innovation.studios.models import Studio

from . import selectors, services
from .filters import ProjectFilterSet
from .models import (
    MAX_MEMBERS,
    MAX_MILESTONES,
    PROJECT_CHANNELS,
    TEXT_MAX,
    Milestone,
    OwnerKind,
    Project,
    ProjectSupport,
)
from .workflow import PROJECT_STEPS

STEP_CHOICES = list({s.name: (s.name, str(s.label)) for s in PROJECT_STEPS if s.manual}.values())


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def _fen(**kwargs):
    return serializers.IntegerField(min_value=0, max_value=MAX_FEN, **kwargs)


class ProjectMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on"]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "channel",
            "channel_label",
            "owner_kind",
            "enterprise",
            "enterprise_name",
            "studio",
            "team_name",
            "state",
            "state_label",
            "start_on",
            "end_on",
            "concluded_on",
            "benefit_claimed_fen",
            "benefit_verified_fen",
            "achievement",
        ]
        read_only_fields = fields


class ProjectAvailableStepSerializer(serializers.Serializer):
    step = serializers.CharField(source="name")
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()


class ProjectMemberSerializer(serializers.Serializer):
    worker = serializers.IntegerField(source="worker_id")
    name = serializers.CharField(source="worker.name")
    role = serializers.CharField()


class ProjectSupportSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    committed_fen = serializers.IntegerField(source="commitment.amount_fen", read_only=True, default=None)
    paid_fen = serializers.IntegerField(source="commitment.paid_fen", read_only=True, default=None)

    class Meta:
        model = ProjectSupport
        fields = [
            "id",
            "kind",
            "kind_label",
            "on",
            "amount_fen",
            "committed_fen",
            "paid_fen",
            "payee",
            "expert",
            "helper_name",
            "content",
        ]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    members = serializers.SerializerMethodField()
    supports = serializers.SerializerMethodField()
    milestones = ProjectMilestoneSerializer(many=True, read_only=True)
    steps = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "problem",
            "goal",
            "plan",
            "result",
            "stop_reason",
            "benefit_basis",
            "members",
            "milestones",
            "supports",
            "steps",
            "history",
        ]
        read_only_fields = fields

    @extend_schema_field(ProjectMemberSerializer(many=True))
    def get_members(self, obj) -> list:
        return ProjectMemberSerializer(
            obj.memberships.select_related("worker").order_by("order"), many=True
        ).data

    @extend_schema_field(ProjectSupportSerializer(many=True))
    def get_supports(self, obj) -> list:
        rows = obj.supports.select_related("commitment").order_by("on", "pk")
        return ProjectSupportSerializer(rows, many=True).data

    @extend_schema_field(ProjectAvailableStepSerializer(many=True))
    def get_steps(self, obj) -> list:
        request = self.context.get("request")
        steps = kernel.steps_for(obj, request.user) if request is not None else []
        return ProjectAvailableStepSerializer(steps, many=True).data

    @extend_schema_field(StepLogSerializer(many=True))
    def get_history(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class ProjectMilestoneWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    due_on = serializers.DateField()


class ProjectProposeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    channel = serializers.ChoiceField(choices=[c.value for c in PROJECT_CHANNELS])
    enterprise = _id()
    owner_kind = serializers.ChoiceField(choices=OwnerKind.values)
    studio = _id(required=False, allow_null=True, default=None)
    team_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    problem = serializers.CharField(max_length=TEXT_MAX)
    goal = serializers.CharField(max_length=TEXT_MAX)
    plan = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    members = serializers.ListField(child=_id(), max_length=MAX_MEMBERS, allow_empty=True)
    milestones = ProjectMilestoneWriteSerializer(many=True, required=False, max_length=MAX_MILESTONES)


class ProjectStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=STEP_CHOICES)
    reason = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    result = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    benefit_claimed_fen = _fen(required=False, allow_null=True, default=None)
    benefit_basis = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    concluded_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProjectExpertHelpSerializer(serializers.Serializer):
    on = serializers.DateField()
    expert = _id(required=False, allow_null=True, default=None)
    helper_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=200)


class ProjectFundsSerializer(serializers.Serializer):
    amount_fen = _fen()
    content = serializers.CharField(max_length=200)
    payee = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    on = serializers.DateField()


class ProjectVerifySerializer(serializers.Serializer):
    benefit_verified_fen = _fen()
    note = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class ProjectFileSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.values, required=False)
    field = serializers.ChoiceField(choices=Field.values, required=False)


class ProjectFiledSerializer(serializers.Serializer):
    achievement = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()


def _one(queryset, pk, field: str, message: str):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: [message % {"n": pk}]})
    return row


class ProjectViewSet(ScopedReadOnlyViewSet):
    """Technical breakthrough projects (技术攻关项目) within the caller's scope: the problem, the
    members, the plan's milestones, the state, the result and its benefit (claimed and verified),
    and the five-smalls achievement it was filed as."""

    queryset = selectors.project_queryset()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    view_action = Action.PROJECT_VIEW

    def get_serializer_class(self):
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def _answer(self, project, status=200):
        obj = self.base_queryset().get(pk=project.pk)
        return Response(ProjectDetailSerializer(obj, context={"request": self.request}).data, status=status)

    @extend_schema(
        request=ProjectProposeSerializer, responses={201: ProjectDetailSerializer}, summary="Propose"
    )
    def create(self, request):
        s = ProjectProposeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        user = request.user
        enterprise = _one(
            Enterprise.objects.filter(pk__in=restrict(Enterprise.objects.all(), user, Action.ENTERPRISE_VIEW))
            | Enterprise.objects.filter(studios__leader__user=user),
            data.pop("enterprise"),
            "enterprise",
            _("编号为%(n)s的单位不存在或不在您的权限范围内。"),
        )
        studio_id = data.pop("studio")
        data["studio"] = (
            _one(
                Studio.objects.filter(enterprise=enterprise),
                studio_id,
                "studio",
                _("编号为%(n)s的工作室不属于所选单位。"),
            )
            if studio_id
            else None
        )
        ids = list(dict.fromkeys(data.pop("members")))
        found = Worker.objects.filter(enterprise=enterprise, is_active=True).in_bulk(ids)
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {"members": [_("编号为%(n)s的职工不是所选单位的在职职工。") % {"n": "、".join(missing)}]}
            )
        data["members"] = [found[i] for i in ids]
        data["milestones"] = [dict(m) for m in data.get("milestones") or []]
        project = services.project_create(actor=user, enterprise=enterprise, **data)
        return self._answer(project, 201)

    @extend_schema(
        request=ProjectStepSerializer, responses=ProjectDetailSerializer, summary="Take one workflow step"
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        project = self.get_object()
        s = ProjectStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        name, reason = data.pop("step"), data.pop("reason")
        payload = data if name == "conclude" else {}
        kernel.run(obj=project, step=name, actor=request.user, reason=reason, **payload)
        return self._answer(project)

    @extend_schema(
        request=ProjectMilestoneWriteSerializer, responses={201: ProjectDetailSerializer}, summary="Milestone"
    )
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        project = self.get_object()
        s = ProjectMilestoneWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.milestone_add(actor=request.user, project=project, **s.validated_data)
        return self._answer(project, 201)

    @extend_schema(
        request=ProjectExpertHelpSerializer, responses={201: ProjectDetailSerializer}, summary="Expert help"
    )
    @action(detail=True, methods=["post"])
    def experts(self, request, pk=None):
        """An expert's help: an expert of the pool the caller may read (`expert`), or a name."""
        project = self.get_object()
        s = ProjectExpertHelpSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        expert_id = data.pop("expert")
        if expert_id is not None:
            pool = restrict(ExpertProfile.objects.filter(is_active=True), request.user, Action.EXPERT_VIEW)
            data["expert"] = _one(
                pool, expert_id, "expert", _("编号为%(n)s的专家不在专家库或不在您的权限范围内。")
            )
        services.expert_help_add(actor=request.user, project=project, **data)
        return self._answer(project, 201)

    @extend_schema(
        request=ProjectFundsSerializer, responses={201: ProjectDetailSerializer}, summary="Funds support"
    )
    @action(detail=True, methods=["post"])
    def funds(self, request, pk=None):
        """Money for the project, committed on the city union's 「其他」 line through the ledger."""
        project = self.get_object()
        s = ProjectFundsSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.funds_commit(actor=request.user, project=project, **s.validated_data)
        return self._answer(project, 201)

    @extend_schema(
        request=ProjectVerifySerializer, responses=ProjectDetailSerializer, summary="Verify the benefit"
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        project = self.get_object()
        s = ProjectVerifySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.benefit_verify(
            actor=request.user,
            project=project,
            amount_fen=s.validated_data["benefit_verified_fen"],
            note=s.validated_data["note"],
        )
        return self._answer(project)

    @extend_schema(
        request=ProjectFileSerializer,
        responses={201: ProjectFiledSerializer},
        summary="File as an achievement",
    )
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        project = self.get_object()
        s = ProjectFileSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        achievement = services.project_file(
            actor=request.user, project=project, kind=data.get("kind", ""), field=data.get("field", "")
        )
        return Response(
            {"achievement": achievement.pk, "title": achievement.title, "state": achievement.state},
            status=201,
        )


def register(router) -> None:
    router.register("projects", ProjectViewSet, basename="project")
