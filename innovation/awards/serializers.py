"""The API's serializers for decisions, notices, objections and awards (innovation.awards.api):
what each answer holds, and the input each action takes. Reads go through selectors."""

from django.db.models import Prefetch
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Author, Campaign
from innovation.funds.models import BudgetLine
from innovation.review.api import ScoringClosureSerializer

from . import selectors
from .models import Award, AwardShare, Decision, DecisionLine, Objection


def _name(user) -> str | None:
    return str(user) if user else None


# ---------------------------------------------------------------- serializers


class DecisionGradeTallySerializer(serializers.Serializer):
    code = serializers.CharField(source="grade.code")
    label = serializers.CharField(source="grade.get_code_display")
    quota = serializers.IntegerField()
    count = serializers.IntegerField()
    prize_fen = serializers.IntegerField()


class DecisionLineSerializer(serializers.ModelSerializer):
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    proposed_grade = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grade = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DecisionLine
        fields = [
            "id",
            "rank",
            "score",
            "achievement",
            "achievement_title",
            "unit",
            "proposed_grade",
            "grade",
            "reason",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    proposed_by = serializers.SerializerMethodField()
    first_approver = serializers.SerializerMethodField()
    second_approver = serializers.SerializerMethodField()
    finalised_by = serializers.SerializerMethodField()
    # Present when the city ended scoring before every sheet was in (innovation.review.closure).
    scoring_closure = ScoringClosureSerializer(
        source="campaign.scoring_closure", read_only=True, allow_null=True
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "campaign",
            "campaign_title",
            "year",
            "state",
            "version",
            "proposed_by",
            "proposed_at",
            "first_approver",
            "first_approved_at",
            "second_approver",
            "second_approved_at",
            "notice_starts",
            "notice_ends",
            "finalised_by",
            "finalised_at",
            "budget_line",
            "scoring_closure",
        ]

    def get_proposed_by(self, obj) -> str | None:
        return _name(obj.proposed_by)

    def get_first_approver(self, obj) -> str | None:
        return _name(obj.first_approver)

    def get_second_approver(self, obj) -> str | None:
        return _name(obj.second_approver)

    def get_finalised_by(self, obj) -> str | None:
        return _name(obj.finalised_by)


STATE_HELP = "draft 拟定中 / approving 待第二人审批 / locked 已审定 / notice 公示中 / final 已生效"


class DecisionDetailSerializer(DecisionSerializer):
    # The state's enum is documented once, on Decision (DecisionStateEnum).
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    tally = serializers.SerializerMethodField()
    prize_total_fen = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "tally", "prize_total_fen", "lines"]

    def get_tally(self, obj) -> list[dict]:
        return DecisionGradeTallySerializer(selectors.grade_tally(obj), many=True).data

    def get_prize_total_fen(self, obj) -> int:
        return selectors.prize_total_fen(obj)

    def get_lines(self, obj) -> list[dict]:
        lines = obj.lines.select_related("achievement__enterprise", "proposed_grade", "grade").order_by(
            "rank", "id"
        )
        return DecisionLineSerializer(lines, many=True).data


class DecisionProposeSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["campaign"].queryset = restrict(
                Campaign.objects.all(), request.user, Action.DECISION_MANAGE
            )


class DecisionAdjustSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1)
    # A plain string (the view checks it against the campaign's grades), so the schema keeps one
    # enum for AwardGrade.Code (CodeEnum, from the campaigns API).
    grade = serializers.CharField(
        allow_null=True,
        max_length=16,
        help_text="first / second / third / excellence（一等奖…优秀奖），null 表示不授奖",
    )
    reason = serializers.CharField(allow_blank=True, max_length=300)


class DecisionReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)


class DecisionBudgetLineSerializer(serializers.Serializer):
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["budget_line"].queryset = restrict(
                BudgetLine.objects.all(), request.user, Action.FUNDS_VIEW
            )


class NoticeLineSerializer(serializers.Serializer):
    """Public: achievement, unit, authors' names and grade — nothing personal beyond names."""

    line = serializers.IntegerField(source="pk")
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    authors = serializers.SerializerMethodField()
    grade = serializers.CharField(source="grade.code")
    grade_label = serializers.CharField(source="grade.get_code_display")

    def get_authors(self, obj) -> list[str]:
        return [a.name for a in obj.achievement.authors.all()]


class NoticeSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year")
    campaign_title = serializers.CharField(source="campaign.title")
    union = serializers.CharField(source="campaign.union.name")
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    open = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "year",
            "campaign_title",
            "union",
            "state",
            "version",
            "notice_starts",
            "notice_ends",
            "open",
        ]

    def get_open(self, obj) -> bool:
        return selectors.notice_is_open(obj)


class NoticeDetailSerializer(NoticeSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "lines"]

    def get_lines(self, obj) -> list[dict]:
        lines = (
            obj.lines.filter(grade__isnull=False)
            .select_related("achievement__enterprise", "grade")
            .prefetch_related(
                Prefetch("achievement__authors", queryset=Author.objects.select_related("worker"))
            )
            .order_by("grade__order", "rank", "id")
        )
        return NoticeLineSerializer(lines, many=True).data


class ObjectionSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    achievement_title = serializers.CharField(source="line.achievement.title", read_only=True)
    raised_by = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "decision",
            "line",
            "achievement_title",
            "raised_by",
            "reason",
            "has_attachment",
            "state",
            "answer",
            "answered_by",
            "answered_at",
            "created_at",
        ]

    def get_raised_by(self, obj) -> str | None:
        return obj.objector  # an account, or a member of the public with the phone masked

    def get_answered_by(self, obj) -> str | None:
        return _name(obj.answered_by)

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class ObjectionRaiseSerializer(serializers.Serializer):
    line = serializers.PrimaryKeyRelatedField(queryset=DecisionLine.objects.none())
    reason = serializers.CharField(allow_blank=True, max_length=5000)
    attachment = serializers.FileField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = selectors.notices_visible_to(request.user).values("pk")
            self.fields["line"].queryset = DecisionLine.objects.filter(decision__in=visible).select_related(
                "decision__campaign__union", "achievement"
            )


class ObjectionAnswerSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    answer = serializers.CharField(allow_blank=True, max_length=5000)


class AwardShareSerializer(serializers.ModelSerializer):
    commitment_state = serializers.CharField(source="commitment.state", default=None, read_only=True)
    commitment_paid_fen = serializers.IntegerField(source="commitment.paid_fen", default=None, read_only=True)

    class Meta:
        model = AwardShare
        fields = [
            "id",
            "author",
            "name",
            "unit",
            "share",
            "amount_fen",
            "certificate_code",
            "commitment",
            "commitment_state",
            "commitment_paid_fen",
        ]


class AwardSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year")
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    grade = serializers.CharField(source="grade.code")
    grade_label = serializers.CharField(source="grade.get_code_display")
    shares = AwardShareSerializer(many=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "year",
            "campaign",
            "decision",
            "achievement",
            "achievement_title",
            "unit",
            "grade",
            "grade_label",
            "prize_fen",
            "awarded_at",
            "shares",
        ]
