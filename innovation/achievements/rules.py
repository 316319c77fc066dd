"""The rules of an achievement's fields, shared by the form's services, the API and the Excel
import: amounts, authors and their shares, patents, the free texts' limits, the search text.
They check and fill an unsaved Achievement and collect errors by field; they write nothing."""

from decimal import Decimal, InvalidOperation

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.org.models import Enterprise, Worker

from .models import (
    Achievement,
    Author,
    Patent,
    percent,
)

# The fields of an achievement the form, the API and the import set.
ACHIEVEMENT_FIELDS = (
    "title",
    "kind",
    "field",
    "post",
    "problem",
    "solution",
    "effect",
    "started_on",
    "completed_on",
    "benefit_type",
    "benefit_claimed",
    "benefit_basis",
    "studio",
)

MAX_BENEFIT = Decimal("10000000000")  # 100亿元/年: anything above is a typing error


def clean_amount(value, errors: dict, field: str):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = [_("请输入金额（元），如 272000 或 272000.50。")]
        return None
    if amount < 0:
        errors[field] = [_("经济效益不能为负数。")]
    elif amount > MAX_BENEFIT:
        errors[field] = [_("经济效益超过100亿元/年，请核对单位（元）是否填写正确。")]
    return amount


OUTSIDE_NAME_MAX = Author._meta.get_field("outside_name").max_length
OUTSIDE_UNIT_MAX = Author._meta.get_field("outside_unit").max_length


def author_candidates(enterprise: Enterprise):
    """The workers who may be named as authors of an achievement of `enterprise`: its active
    workers (a unit the actor drafts for, so inside the actor's scope). Anyone else is named as
    an outside co-author in free text. The form's choices come from here too."""
    return Worker.objects.filter(enterprise=enterprise, is_active=True)


def is_candidate(worker: Worker, enterprise: Enterprise) -> bool:
    return worker.enterprise_id == enterprise.pk and worker.is_active


def given_id(value) -> int | None:
    """An id as given by a form, the API or the import: None when absent, -1 when not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Model):
        # A caller inside the code may pass the worker itself; it is still checked against
        # the candidates like any id, so it grants nothing an id would not.
        value = value.pk
    if isinstance(value, bool) or not isinstance(value, int | str):
        return -1
    try:
        number = int(value)
    except ValueError:
        return -1
    return number if 0 < number < 2**63 else -1


def authors_from(
    data: list[dict], enterprise: Enterprise, errors: dict, *, known: dict[int, Worker] | None = None
) -> list[dict]:
    """Normalise authors given as [{worker: worker id | None, outside_name, outside_unit, share}]
    into [{worker: Worker | None, outside_name, outside_unit, share}] in order.

    A worker id must name one of `author_candidates(enterprise)`; any other id (another unit,
    another district, or no worker at all) gets the same message, so that an answer never tells
    whether a worker outside the scope exists. `known`: workers the caller already loaded (the
    Excel import), checked by the same rule instead of being read again.
    """
    ids = {i for i in (given_id(row.get("worker")) for row in data) if i is not None and i > 0}
    found = {pk: w for pk, w in (known or {}).items() if pk in ids and is_candidate(w, enterprise)}
    if ids - found.keys():
        found.update(author_candidates(enterprise).defer("id_number", "phone").in_bulk(ids - found.keys()))
    authors = []
    seen_workers = set()
    skipped = False  # a row refused as a whole: its share would only confuse the total
    for index, row in enumerate(data, start=1):
        worker_id = given_id(row.get("worker"))
        name = (row.get("outside_name") or "").strip()
        try:
            share = Decimal(str(row.get("share"))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError, TypeError):
            errors.setdefault("authors", []).append(_("第%(i)d位完成人的份额无效。") % {"i": index})
            skipped = True
            continue
        if share <= 0 or share > 100:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人的份额须大于0且不超过100。") % {"i": index}
            )
        worker = None
        if worker_id is not None:
            worker = found.get(worker_id)
            if worker is None:
                errors.setdefault("authors", []).append(
                    _("第%(i)d位完成人不存在或不是申报单位的在职职工；其他单位人员请填写为外单位完成人。")
                    % {"i": index}
                )
                skipped = True
                continue
        elif not name:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人须选择本单位职工或填写外单位完成人姓名。") % {"i": index}
            )
            skipped = True
            continue
        elif len(name) > OUTSIDE_NAME_MAX or len((row.get("outside_unit") or "").strip()) > OUTSIDE_UNIT_MAX:
            errors.setdefault("authors", []).append(
                _("第%(i)d位完成人：外单位完成人姓名不超过%(n)d字，单位名称不超过%(u)d字。")
                % {"i": index, "n": OUTSIDE_NAME_MAX, "u": OUTSIDE_UNIT_MAX}
            )
            skipped = True
            continue
        if worker is not None:
            if worker.pk in seen_workers:
                errors.setdefault("authors", []).append(_("完成人「%(n)s」重复。") % {"n": worker.name})
            seen_workers.add(worker.pk)
        authors.append(
            {
                "worker": worker,
                "outside_name": "" if worker else name,
                "outside_unit": "" if worker else (row.get("outside_unit") or "").strip(),
                "share": share,
            }
        )
    if authors:
        first = authors[0]["worker"]
        if first is None or first.enterprise_id != enterprise.pk:
            errors.setdefault("authors", []).append(_("第一完成人须是本单位职工。"))
        total = sum(a["share"] for a in authors)
        if total != 100 and not skipped:
            errors.setdefault("authors", []).append(
                _("完成人贡献份额合计须为100%%，现为%(t)s%%。") % {"t": percent(total)}
            )
    return authors


def patents_from(data: list[dict], errors: dict) -> list[dict]:
    patents, numbers = [], set()
    for row in data:
        number = (row.get("number") or "").strip().upper()
        if not number:
            continue
        if row.get("type") not in Patent.Type.values or row.get("status") not in Patent.Status.values:
            errors.setdefault("patents", []).append(_("专利「%(n)s」的类型或状态无效。") % {"n": number})
            continue
        if number in numbers:
            errors.setdefault("patents", []).append(_("专利号「%(n)s」重复。") % {"n": number})
        numbers.add(number)
        patents.append({"type": row["type"], "number": number, "status": row["status"]})
    return patents


def build_search_text(achievement: Achievement, author_names: list[str]) -> str:
    parts = [
        achievement.title,
        achievement.problem,
        achievement.solution,
        achievement.effect,
        achievement.post,
        achievement.enterprise.name,
        " ".join(author_names),
    ]
    return "\n".join(p for p in parts if p).lower()


# The longest texts an achievement takes (characters); the model's CharFields have their own.
TEXT_LIMITS = {"problem": 5000, "solution": 5000, "effect": 5000, "benefit_basis": 2000}


def text_limit(key: str) -> int | None:
    return TEXT_LIMITS.get(key) or Achievement._meta.get_field(key).max_length


def incubator_candidates(enterprise: Enterprise):
    """The studios an achievement of `enterprise` may name as its incubator: the unit's active
    studios. The model is the one Achievement.studio names: studios builds on achievements, so
    achievements does not import studios."""
    studio = Achievement._meta.get_field("studio").related_model
    return studio.objects.filter(enterprise=enterprise, status=studio.Status.ACTIVE)


def studio_of(value, achievement: Achievement, errors: dict):
    """The incubating studio from its id: one of incubator_candidates(), or an error that reads the
    same whether the id names another unit's studio, a revoked one, or nothing."""
    if value in (None, ""):
        return None
    studio_id = given_id(value)
    studio = (
        incubator_candidates(achievement.enterprise).filter(pk=studio_id).first() if studio_id > 0 else None
    )
    if studio is None:
        errors["studio"] = [_("所选工作室不存在，或不是申报单位在册的创新工作室。")]
    return studio


def apply_fields(achievement: Achievement, fields: dict, errors: dict) -> None:
    for key in ACHIEVEMENT_FIELDS:
        if key in fields:
            value = fields[key]
            if key == "benefit_claimed":
                value = clean_amount(value, errors, key)
            elif key == "studio":
                value = studio_of(value, achievement, errors)
            elif isinstance(value, str):
                value = value.strip()
                limit = text_limit(key)
                if limit and len(value) > limit:
                    errors[key] = [_("不能超过%(n)d个字（现为%(m)d个字）。") % {"n": limit, "m": len(value)}]
                    continue
            setattr(
                achievement,
                key,
                value
                if value is not None or key in ("benefit_claimed", "started_on", "completed_on", "studio")
                else "",
            )
    if (
        achievement.started_on
        and achievement.completed_on
        and achievement.completed_on < achievement.started_on
    ):
        errors["completed_on"] = [_("完成日期不能早于开始日期。")]
    if achievement.completed_on and achievement.completed_on > timezone.localdate():
        errors["completed_on"] = [_("完成日期不能晚于今天。")]
    campaign = achievement.campaign
    if achievement.kind and achievement.kind not in campaign.kinds:
        errors["kind"] = [_("本次活动不征集该类别的成果。")]
    if achievement.field and achievement.field not in campaign.fields:
        errors["field"] = [_("本次活动不征集该领域的成果。")]
