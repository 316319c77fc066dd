"""名师带徒创效 records within the caller's scope: the list of /pairs/benefits/ (its filters) and
one record. Recorded and verified on the agreement (`pairs/{id}` of the agreements' API)."""

from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet

from ..filters import PairBenefitFilterSet
from ..models import PairBenefit


class PairBenefitSerializer(serializers.ModelSerializer):
    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    enterprise_name = serializers.CharField(source="agreement.enterprise.name", read_only=True)

    class Meta:
        model = PairBenefit
        fields = [
            "id",
            "agreement",
            "agreement_title",
            "enterprise_name",
            "title",
            "on",
            "claimed_fen",
            "basis",
            "verified_fen",
            "verified_at",
        ]
        read_only_fields = fields


class PairBenefitViewSet(ScopedReadOnlyViewSet):
    """The benefit records of master-apprentice pairs (名师带徒创效): claimed by the unit, verified
    by the union (fen). `verified=true&since_year=2019` are the rows of the 名师带徒 channel of
    `benefit_by_channel_yuan`."""

    queryset = PairBenefit.objects.select_related("agreement__enterprise").order_by("-on", "-pk")
    serializer_class = PairBenefitSerializer
    filterset_class = PairBenefitFilterSet
    view_action = Action.PAIR_VIEW
