"""Near-duplicate pairs in /api/v1/duplicates: the list (the page's filters and scope) and the
city's verdict; another unit's item appears only as its id's absence and its year."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet

from ..models import DuplicatePair, Verdict
from . import services
from .filters import DuplicatePairFilterSet
from .selectors import visible_pairs

NOTE_MAX = 2000


class DuplicatePairSerializer(serializers.ModelSerializer):
    newer_title = serializers.CharField(source="newer.title")
    newer_year = serializers.IntegerField(source="newer.campaign.year")
    newer_unit = serializers.CharField(source="newer.enterprise.name")
    earlier = serializers.SerializerMethodField()
    earlier_title = serializers.SerializerMethodField()
    earlier_year = serializers.IntegerField(source="earlier.campaign.year")
    earlier_visible = serializers.SerializerMethodField()

    class Meta:
        model = DuplicatePair
        fields = [
            "id",
            "newer",
            "newer_title",
            "newer_year",
            "newer_unit",
            "earlier",
            "earlier_title",
            "earlier_year",
            "earlier_visible",
            "jaccard",
            "verdict",
            "note",
            "verdict_at",
            "found_at",
        ]

    def get_earlier_visible(self, obj) -> bool:
        return bool(getattr(obj, "earlier_visible", False))

    def get_earlier(self, obj) -> int | None:
        return obj.earlier_id if self.get_earlier_visible(obj) else None

    def get_earlier_title(self, obj) -> str:
        return obj.earlier.title if self.get_earlier_visible(obj) else ""


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX, default="")


class DuplicatePairViewSet(ScopedReadOnlyViewSet):
    queryset = DuplicatePair.objects.all()
    serializer_class = DuplicatePairSerializer
    filterset_class = DuplicatePairFilterSet
    view_action = Action.DUPLICATE_VIEW

    def base_queryset(self):
        return visible_pairs(self.request.user)

    @extend_schema(
        request=VerdictSerializer,
        responses=DuplicatePairSerializer,
        summary="Record the verdict on a pair (city)",
    )
    @action(detail=True, methods=["post"])
    def verdict(self, request, pk=None):
        pair = self.get_object()
        serializer = VerdictSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_verdict(actor=request.user, pair=pair, **serializer.validated_data)
        return Response(DuplicatePairSerializer(self.get_object()).data)


def register(router) -> None:
    router.register("duplicates", DuplicatePairViewSet, basename="duplicate")
