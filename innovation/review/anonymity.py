"""What an expert may see of an achievement: the one place the anonymity rule is written.

Every expert-facing page, export and API answer builds its view of an item with
`expert_view()` (or `expert_title()` for lists). When the campaign reviews anonymously
(`Campaign.anonymous_review`), the view hides:

* the authors and the unit (and its union and enterprise group);
* every occurrence of those names in the title and texts (problem, solution, effect,
  benefit basis, post), replaced by MASK;
* patent numbers (a public patent register names the inventors);
* the finance department's benefit attestation (it is the unit's letter); material
  attachments keep their content but get neutral names ("附件1.pdf").

Anonymity is towards the experts: city admins see names on the ranking and its export.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

MASK = "■■"
# Legal-form suffixes people drop when they name their own unit in a text.
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司")


def hides_identity(campaign) -> bool:
    """Whether experts of this campaign must not learn who made an item."""
    return bool(getattr(campaign, "anonymous_review", False))


def _variants(name: str) -> set[str]:
    name = (name or "").strip()
    found = {name} if len(name) >= 2 else set()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            found.add(name[: -len(suffix)])
            break
    return found


def names_to_hide(achievement) -> list[str]:
    """Author names, outside units, the unit, its union and its group; longest first."""
    names: set[str] = set()
    enterprise = achievement.enterprise
    names |= _variants(enterprise.name)
    if enterprise.union_id:
        names |= _variants(enterprise.union.name)
    if enterprise.group_id:
        names |= _variants(enterprise.group.name)
    for author in achievement.authors.all():
        names |= _variants(author.worker.name if author.worker_id else author.outside_name)
        names |= _variants(author.outside_unit)
    return sorted(names, key=len, reverse=True)


def redact(text: str, names: list[str]) -> str:
    if not text or not names:
        return text or ""
    pattern = re.compile("|".join(re.escape(n) for n in names))
    return pattern.sub(MASK, text)


@dataclass
class AttachmentView:
    pk: int
    name: str
    size: int
    purpose: str


@dataclass
class ItemView:
    """The achievement as an expert sees it."""

    pk: int
    anonymous: bool
    title: str
    kind: str
    field: str
    field_code: str
    post: str
    problem: str
    solution: str
    effect: str
    benefit_type: str
    benefit_claimed: Decimal | None
    benefit_verified: Decimal | None
    benefit_basis: str
    started_on: object
    completed_on: object
    unit: str
    authors: list[str] = field(default_factory=list)
    patents: list[str] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)


def expert_title(achievement) -> str:
    """The title as listed to experts (authors' and unit names masked when anonymous).

    Expects `enterprise__union`, `enterprise__group` and `authors__worker` to be loaded."""
    if not hides_identity(achievement.campaign):
        return achievement.title
    return redact(achievement.title, names_to_hide(achievement))


def expert_unit(achievement) -> str:
    """The unit as listed to experts."""
    if hides_identity(achievement.campaign):
        return _("（匿名评审，已隐去）")
    return achievement.enterprise.name


def visible_attachments(achievement):
    """The attachments an expert may open (the attestation is the unit's letter)."""
    from innovation.achievements.models import Attachment

    attachments = list(achievement.attachments.all())
    if hides_identity(achievement.campaign):
        attachments = [a for a in attachments if a.purpose == Attachment.Purpose.MATERIAL]
    return attachments


def attachment_name(achievement, attachment, index: int) -> str:
    if hides_identity(achievement.campaign):
        return _("附件%(i)d.%(ext)s") % {"i": index, "ext": attachment.extension}
    return attachment.original_name


def expert_view(achievement) -> ItemView:
    """Everything an expert is shown of one item. Expects the relations of expert_title()
    plus `patents` and `attachments` to be loaded (or it queries them)."""
    anonymous = hides_identity(achievement.campaign)
    names = names_to_hide(achievement) if anonymous else []

    def text(value: str) -> str:
        return redact(value, names) if anonymous else (value or "")

    attachments = [
        AttachmentView(
            pk=a.pk,
            name=attachment_name(achievement, a, i),
            size=a.size,
            purpose=a.get_purpose_display(),
        )
        for i, a in enumerate(visible_attachments(achievement), start=1)
    ]
    unit = expert_unit(achievement)
    if anonymous:
        authors = []
        patents = [f"{p.get_type_display()} · {p.get_status_display()}" for p in achievement.patents.all()]
    else:
        authors = [a.worker.name if a.worker_id else a.outside_name for a in achievement.authors.all()]
        patents = [
            f"{p.get_type_display()} {p.number} · {p.get_status_display()}" for p in achievement.patents.all()
        ]
    return ItemView(
        pk=achievement.pk,
        anonymous=anonymous,
        title=text(achievement.title),
        kind=achievement.get_kind_display(),
        field=achievement.get_field_display(),
        field_code=achievement.field,
        post=text(achievement.post),
        problem=text(achievement.problem),
        solution=text(achievement.solution),
        effect=text(achievement.effect),
        benefit_type=achievement.get_benefit_type_display(),
        benefit_claimed=achievement.benefit_claimed,
        benefit_verified=achievement.benefit_verified,
        benefit_basis=text(achievement.benefit_basis),
        started_on=achievement.started_on,
        completed_on=achievement.completed_on,
        unit=unit,
        authors=authors,
        patents=patents,
        attachments=attachments,
    )


# The relations expert_view() reads; querysets of assignments use these with a prefix.
ITEM_SELECT = ("campaign", "enterprise__union", "enterprise__group")
ITEM_PREFETCH = ("authors__worker", "patents", "attachments")


def assignment_related(prefix: str = "achievement__") -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(prefix + s for s in ITEM_SELECT), tuple(prefix + p for p in ITEM_PREFETCH)
