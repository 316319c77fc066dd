"""How audit rows read on the audit page and in its export.

Rows are written by many parts of the system over years, so nothing here may assume a shape:
`changes` is usually {field: [before, after]} (model tracking) but may hold anything JSON can,
and `object_type` may name a model that no longer exists. Every function returns text for any
input; none can make the page fail.
"""

import json

from django.apps import apps
from django.utils.translation import gettext as _

MAX_VALUE_CHARS = 200


def object_type_label(object_type: str) -> str:
    """'achievements.campaign' -> '征集活动' (the model's verbose name); other text as it is."""
    if not object_type or "." not in object_type:
        return object_type or ""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def object_type_choices() -> list[tuple[str, str]]:
    """(app_label.model_name, verbose name) of every model of the project, for the filter."""
    choices = [
        (
            f"{m._meta.app_label}.{m._meta.model_name}",
            f"{m._meta.verbose_name}（{m._meta.app_label}.{m._meta.model_name}）",
        )
        for m in apps.get_models()
        if m.__module__.startswith("innovation.")
    ]
    return sorted(choices, key=lambda c: c[0])


def value_text(value) -> str:
    """One recorded value as short text: — for none, JSON for structures, cut at 200 characters."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (dict, list, tuple)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def change_rows(changes) -> list[tuple[str, str, str | None]]:
    """(field, before, after) per recorded change; after is None when the entry holds one value
    rather than a before/after pair."""
    if changes in (None, "", {}, []):
        return []
    if not isinstance(changes, dict):
        return [("", value_text(changes), None)]
    rows = []
    for field, value in changes.items():
        if isinstance(value, (list, tuple)) and len(value) == 2:
            rows.append((str(field), value_text(value[0]), value_text(value[1])))
        else:
            rows.append((str(field), value_text(value), None))
    return rows


def changes_text(changes) -> str:
    """The changes as one line of text (the export)."""
    return "；".join(
        f"{field}: {before} → {after}" if after is not None else (f"{field}: {before}" if field else before)
        for field, before, after in change_rows(changes)
    )
