"""The serializers of the competitions' API (read: the rows as the pages show them, never an ID
number; write: input only, every rule is in innovation.competitions.services)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.api.base import ScopedRelatedFieldsMixin, StepLogSerializer
from innovation.core import workflow as kernel
from innovation.org.models import TradeUnion, Worker

from ..forms import open_competitions
from ..models import (
    Aspect,
    Competition,
    JudgeAssignment,
    League,
    LeagueRule,
    Level,
    Occupation,
    Registration,
    Section,
)
from ..workflow import COMPETITION_STEPS, REGISTRATION_STEPS

CELLS_MAX = 5000


class CompetitionLeagueSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = League
        fields = ["id", "union", "union_name", "year", "title", "rule", "best_n", "rounds_total"]
        read_only_fields = fields


class CompetitionLeagueWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {"union": Action.COMPETITION_MANAGE}

    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    rule = serializers.ChoiceField(choices=LeagueRule.choices, default=LeagueRule.SUM)
    rounds_total = serializers.IntegerField(min_value=1, max_value=20, default=1)
    best_n = serializers.IntegerField(min_value=1, max_value=20, required=False, allow_null=True)


class CompetitionAspectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Aspect
        fields = ["id", "code", "title", "kind", "max_points", "descriptors"]
        read_only_fields = fields


class CompetitionSectionSerializer(serializers.ModelSerializer):
    aspects = CompetitionAspectSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "code", "title", "weight", "aspects"]
        read_only_fields = fields


class CompetitionOccupationSerializer(serializers.ModelSerializer):
    sections = CompetitionSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Occupation
        fields = [
            "id",
            "competition",
            "code",
            "title",
            "quota_per_unit",
            "min_skill_level",
            "max_skill_level",
            "min_age",
            "max_age",
            "theory_weight",
            "practical_weight",
            "tie_break",
            "places",
            "title_rules",
            "judgement_spread",
            "standardise",
            "marks_locked_at",
            "results_stale",
            "sections",
        ]
        read_only_fields = fields


class CompetitionSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "union",
            "union_name",
            "level",
            "year",
            "title",
            "kind",
            "league",
            "round_no",
            "venue",
            "starts_on",
            "ends_on",
            "registration_opens_on",
            "registration_closes_on",
            "state",
            "scheme_locked_at",
        ]
        read_only_fields = fields


class CompetitionDetailSerializer(CompetitionSerializer):
    occupations = CompetitionOccupationSerializer(many=True, read_only=True)
    registrations_count = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(CompetitionSerializer.Meta):
        fields = [*CompetitionSerializer.Meta.fields, "notes", "occupations", "registrations_count", "steps"]
        read_only_fields = fields

    def get_registrations_count(self, obj) -> int:
        """The live registrations the caller may see (a unit: its own)."""
        request = self.context.get("request")
        qs = Registration.objects.filter(occupation__competition=obj).exclude(state="withdrawn")
        return restrict(qs, request.user, Action.COMPETITION_VIEW).count() if request else 0

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class CompetitionWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {"union": Action.COMPETITION_MANAGE, "league": Action.COMPETITION_MANAGE}

    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.all())
    level = serializers.ChoiceField(choices=Level.choices, default=Level.CITY)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    registration_opens_on = serializers.DateField()
    registration_closes_on = serializers.DateField()
    league = serializers.PrimaryKeyRelatedField(
        queryset=League.objects.all(), required=False, allow_null=True
    )
    round_no = serializers.IntegerField(min_value=1, max_value=20, required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionUpdateSerializer(serializers.Serializer):
    """An event's particulars corrected before it starts (the year, league and round stay)."""

    level = serializers.ChoiceField(choices=Level.choices)
    title = serializers.CharField(max_length=200)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    registration_opens_on = serializers.DateField()
    registration_closes_on = serializers.DateField()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[s.name for s in COMPETITION_STEPS])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionRegistrationSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    competition = serializers.IntegerField(source="occupation.competition_id", read_only=True)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "competition",
            "occupation",
            "occupation_title",
            "worker",
            "worker_name",
            "enterprise",
            "enterprise_name",
            "state",
            "return_reason",
            "card_number",
            "anonymous_number",
            "confirmed_at",
        ]
        read_only_fields = fields


class CompetitionRegistrationDetailSerializer(CompetitionRegistrationSerializer):
    steps = serializers.SerializerMethodField()

    class Meta(CompetitionRegistrationSerializer.Meta):
        fields = [*CompetitionRegistrationSerializer.Meta.fields, "steps"]
        read_only_fields = fields

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class CompetitionRegisterSerializer(serializers.Serializer):
    """A unit admin's registration: an occupation of an event open to their unit, one of their
    workers (anything else is "not found")."""

    occupation = serializers.PrimaryKeyRelatedField(queryset=Occupation.objects.all())
    worker = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        user = request.user
        self.fields["occupation"].queryset = Occupation.objects.filter(
            competition__in=open_competitions(user)
        )
        self.fields["worker"].queryset = restrict(
            Worker.objects.filter(is_active=True), user, Action.WORKER_VIEW
        )


class CompetitionRegistrationStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[s.name for s in REGISTRATION_STEPS])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionSheetAspectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2)


class CompetitionSheetMarkSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    aspect = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=6, decimal_places=2)


class CompetitionSheetContestantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    anonymous_number = serializers.CharField()


class CompetitionSheetSerializer(serializers.Serializer):
    """A page of a judge's sheet: their aspects, the page's contestants by anonymous number only,
    their marks of them."""

    occupation = serializers.IntegerField()
    locked = serializers.BooleanField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    contestants_total = serializers.IntegerField()
    aspects = CompetitionSheetAspectSerializer(many=True)
    contestants = CompetitionSheetContestantSerializer(many=True)
    marks = CompetitionSheetMarkSerializer(many=True)


class CompetitionMarkInSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    aspect = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    value = serializers.CharField(max_length=20)
    time_taken = serializers.IntegerField(min_value=0, max_value=86400, required=False, allow_null=True)


class CompetitionMarksSerializer(serializers.Serializer):
    marks = CompetitionMarkInSerializer(many=True, allow_empty=False, max_length=CELLS_MAX)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionTheoryInSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    score = serializers.CharField(max_length=20)


class CompetitionTheorySerializer(serializers.Serializer):
    scores = CompetitionTheoryInSerializer(many=True, allow_empty=False, max_length=CELLS_MAX)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompetitionEnteredSerializer(serializers.Serializer):
    entered = serializers.IntegerField()


class CompetitionJudgingSerializer(serializers.ModelSerializer):
    """One place on a panel: the occupation, whether the chief, the aspects marked."""

    competition = serializers.IntegerField(source="occupation.competition_id", read_only=True)
    competition_title = serializers.CharField(source="occupation.competition.title", read_only=True)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)

    class Meta:
        model = JudgeAssignment
        fields = [
            "id",
            "competition",
            "competition_title",
            "occupation",
            "occupation_title",
            "name",
            "is_chief",
            "aspects",
        ]
        read_only_fields = fields
