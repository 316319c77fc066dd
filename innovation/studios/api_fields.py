"""What the studio sub-domains' API modules share: the coded fields documented inline, a user's
name, and the reason body of a return."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def user_name(user) -> str | None:
    return str(user) if user else None


def choices_help(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices)


def coded(choices, **kwargs) -> serializers.CharField:
    """A read-only coded field, documented inline: the studio app's enums share field names
    (state, kind, type, level) with other apps' enums, and named schema components would collide."""
    return serializers.CharField(read_only=True, help_text=choices_help(choices), **kwargs)


def inline_choice_field(choices):
    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField


class StudioReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
