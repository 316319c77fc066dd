from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.audit import context as audit_context
from innovation.core.stats import stats_for


class GrantSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField()
    node_id = serializers.IntegerField(allow_null=True)
    node_name = serializers.CharField(allow_null=True)
    node_path = serializers.CharField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    grants = GrantSerializer(many=True)
    actions = serializers.ListField(child=serializers.CharField())


@extend_schema(
    responses=MeSerializer, summary="The caller, their role grants and the actions they may perform"
)
@api_view(["GET"])
def me(request):
    user = request.user
    grants = [
        {
            "role": g.role,
            "role_label": g.get_role_display(),
            "node_id": g.node_id,
            "node_name": g.node.name if g.node_id else None,
            "node_path": g.node.path if g.node_id else None,
        }
        for g in user.active_grants()
    ]
    return Response(
        {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "grants": grants,
            "actions": [a.value for a in Action if can(user, a)],
        }
    )


@extend_schema(
    responses=inline_serializer(
        "Stats", {"districts": serializers.IntegerField(), "workers": serializers.IntegerField()}
    ),
    summary="The figures of the caller's home page, within the caller's scope",
)
@api_view(["GET"])
def stats(request):
    audit_context.set_actor(request.user)
    return Response(stats_for(request.user))
