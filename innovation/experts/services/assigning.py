"""Assigning experts: `auto_assign` (the min-cost-flow solver of `..assignment` over a campaign's
items that lack experts), `override` (a city admin replaces an expert, with a reason), `decline`
(an expert gives an item back and another eligible expert takes it), and the reads of the pages.
"""

import math
import time
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.models import User
from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict, scope_q
from innovation.achievements.models import Achievement, Author, Campaign, State
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.notifications.services import notify
from innovation.org.models import Worker

from .. import assignment as solver
from ..models import Assignment, Availability, Conflict, ExpertProfile

ACTIVE = Assignment.ACTIVE_STATES
REVIEW_STATES = (State.READY_FOR_REVIEW, State.UNDER_REVIEW)


def _refuse(actor, obj, message: str, *, field_name: str | None = None, code: str = "refused"):
    """Audit a refused attempt (it stays, the caller's change does not happen) and raise."""
    record(action=AuditAction.ACCESS_DENIED, obj=obj, actor=actor, detail=f"refused: {message}"[:2000])
    raise ValidationError({field_name: [message]} if field_name else message, code=code)


def group_of(enterprise_id: int | None, group_id: int | None) -> int | None:
    """The enterprise group a unit belongs to: its group, or itself when it has none."""
    return group_id or enterprise_id


# ---------------------------------------------------------------- the solver's inputs


def item_of(achievement_id: int, taken: frozenset[int] = frozenset(), need: int | None = None) -> solver.Item:
    a = Achievement.objects.values("field", "enterprise_id", "enterprise__group_id").get(pk=achievement_id)
    authors = Author.objects.filter(achievement_id=achievement_id, worker__isnull=False)
    return solver.Item(
        id=achievement_id,
        field=a["field"],
        unit_id=a["enterprise_id"],
        group_id=group_of(a["enterprise_id"], a["enterprise__group_id"]),
        author_worker_ids=frozenset(authors.values_list("worker_id", flat=True)),
        need=need,
        taken_expert_ids=taken,
    )


class Pool:
    """The solver's view of experts: fields, employer, conflicts, own worker record, loads, caps."""

    @staticmethod
    def experts_for(campaign: Campaign) -> QuerySet:
        """Active experts of the campaign union's pool who have not said they stay out of it."""
        away = Availability.objects.filter(campaign=campaign, available=False).values("expert_id")
        return ExpertProfile.objects.filter(
            is_active=True, user__is_active=True, scope_path__startswith=campaign.union.path
        ).exclude(pk__in=away)

    @staticmethod
    def load(profiles: QuerySet, campaign: Campaign | None) -> dict[int, solver.Expert]:
        rows = list(profiles.values("id", "user_id", "fields", "employer_id", "employer__group_id"))
        ids = [r["id"] for r in rows]
        units: dict[int, set] = {i: set() for i in ids}
        groups: dict[int, set] = {i: set() for i in ids}
        people: dict[int, set] = {i: set() for i in ids}
        for expert_id, unit, group, person in Conflict.objects.filter(expert_id__in=ids).values_list(
            "expert_id", "enterprise_id", "enterprise__group_id", "worker_id"
        ):
            if unit:
                units[expert_id].add(unit)
                groups[expert_id].add(group_of(unit, group))
            if person:
                people[expert_id].add(person)
        own = {
            user_id: (worker_id, unit, group_of(unit, group))
            for user_id, worker_id, unit, group in Worker.objects.filter(
                user_id__in=[r["user_id"] for r in rows]
            ).values_list("user_id", "id", "enterprise_id", "enterprise__group_id")
        }
        loads: dict[int, int] = {}
        caps: dict[int, int] = {}
        if campaign is not None:
            loads = dict(
                Assignment.objects.filter(campaign=campaign, state__in=ACTIVE, expert_id__in=ids)
                .values("expert_id")
                .annotate(n=Count("id"))
                .values_list("expert_id", "n")
            )
            caps = dict(
                Availability.objects.filter(
                    campaign=campaign, expert_id__in=ids, max_items__isnull=False
                ).values_list("expert_id", "max_items")
            )
        experts = {}
        for r in rows:
            worker_id, worker_unit, worker_group = own.get(r["user_id"], (None, None, None))
            unit_ids, group_ids = units[r["id"]], groups[r["id"]]
            if worker_unit and worker_unit != r["employer_id"]:  # a worker of another unit: theirs too
                unit_ids, group_ids = unit_ids | {worker_unit}, group_ids | {worker_group}
            experts[r["id"]] = solver.Expert(
                id=r["id"],
                fields=frozenset(r["fields"] or ()),
                unit_id=r["employer_id"],
                group_id=group_of(r["employer_id"], r["employer__group_id"]),
                conflict_unit_ids=frozenset(unit_ids),
                conflict_group_ids=frozenset(group_ids),
                conflict_worker_ids=frozenset(people[r["id"]]),
                worker_id=worker_id,
                cap=caps.get(r["id"]),
                load=loads.get(r["id"], 0),
            )
        return experts

    @classmethod
    def load_one(cls, expert: ExpertProfile) -> solver.Expert:
        return cls.load(ExpertProfile.objects.filter(pk=expert.pk), None)[expert.pk]


def available_experts(campaign: Campaign) -> QuerySet:
    """Active experts of the campaign union's pool who have not said they stay out of it."""
    return Pool.experts_for(campaign)


def target_cap(campaign: Campaign, experts: dict[int, solver.Expert], need: int) -> int:
    """The work spread evenly over the available experts, rounded up."""
    if not experts:
        return 0
    total = sum(e.load for e in experts.values()) + need
    return max(1, math.ceil(total / len(experts)))


def run_cap(
    campaign: Campaign, items: list[solver.Item], experts: dict[int, solver.Expert]
) -> tuple[int, int]:
    """(cap, target): the campaign's cap when it sets one; otherwise (0 = automatic) the even
    share, raised only as far as fields and conflicts force so that it never leaves an item short."""
    if campaign.expert_cap:
        return campaign.expert_cap, campaign.expert_cap
    target = target_cap(campaign, experts, sum(i.need or 0 for i in items))
    if not experts:
        return target, target
    return (
        solver.smallest_sufficient_cap(
            items, list(experts.values()), n=campaign.experts_per_item, target=target
        ),
        target,
    )


def _with_caps(experts: dict[int, solver.Expert], cap: int) -> list[solver.Expert]:
    """A personal maximum (Availability.max_items) lowers the run's cap, never raises it."""
    return [replace(e, cap=min(e.cap, cap) if e.cap is not None else None) for e in experts.values()]


def _check_deadline(campaign: Campaign, now) -> None:
    if campaign.review_deadline and now >= campaign.review_deadline:
        raise ValidationError(
            _("专家评分已于 %(d)s 截止，不能再分配或调整评审专家。")
            % {"d": timezone.localtime(campaign.review_deadline).strftime("%Y-%m-%d %H:%M")},
            code="deadline",
        )


def _require_assign(actor, campaign: Campaign) -> None:
    if actor is not None and not can_act_at(actor, Action.REVIEW_ASSIGN, campaign.union):
        raise PermissionDenied(_("只有市总工会可以分配评审专家。"))


def _my_url() -> str:
    return reverse("experts:my")


# ---------------------------------------------------------------- automatic assignment


@dataclass
class AssignReport:
    campaign_id: int
    items: int = 0  # items in review states
    needing: int = 0  # of them, lacking experts before the run
    assigned: int = 0  # new assignments
    covered: int = 0  # items lacking experts that now have all they need
    moved: int = 0  # items moved from ready_for_review to under_review
    experts: int = 0  # available experts of the pool
    cap: int = 0  # the cap applied
    cap_target: int = 0  # the even share; below `cap` when fields and conflicts forced a higher one
    seconds: float = 0.0
    shortfalls: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def auto_assign(*, campaign: Campaign, actor, now=None) -> AssignReport:
    """Give every item of the campaign awaiting or under review the experts it still lacks."""
    started = time.perf_counter()
    now = now or timezone.now()
    _require_assign(actor, campaign)
    _check_deadline(campaign, now)
    n = campaign.experts_per_item
    report = AssignReport(campaign_id=campaign.pk)
    with transaction.atomic():
        # One run at a time per campaign: a second click waits, then finds the work done.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        qs = Achievement.objects.filter(campaign=campaign, state__in=REVIEW_STATES)
        if actor is not None:
            qs = restrict(qs, actor, Action.REVIEW_ASSIGN)
        rows = {
            r["id"]: r
            for r in qs.order_by("id").values(
                "id", "title", "field", "state", "enterprise_id", "enterprise__group_id", "scope_path"
            )
        }
        active: dict[int, int] = {}
        taken: dict[int, set] = {}
        for item_id, expert_id, state in Assignment.objects.filter(
            achievement__in=qs.values("pk")
        ).values_list("achievement_id", "expert_id", "state"):
            taken.setdefault(item_id, set()).add(expert_id)
            if state in ACTIVE:
                active[item_id] = active.get(item_id, 0) + 1
        authors: dict[int, set] = {}
        for item_id, worker_id in Author.objects.filter(
            achievement__in=qs.values("pk"), worker__isnull=False
        ).values_list("achievement_id", "worker_id"):
            authors.setdefault(item_id, set()).add(worker_id)
        items = [
            solver.Item(
                id=r["id"],
                field=r["field"],
                unit_id=r["enterprise_id"],
                group_id=group_of(r["enterprise_id"], r["enterprise__group_id"]),
                author_worker_ids=frozenset(authors.get(r["id"], ())),
                need=max(0, n - active.get(r["id"], 0)),
                taken_expert_ids=frozenset(taken.get(r["id"], ())),
            )
            for r in rows.values()
        ]
        experts = Pool.load(Pool.experts_for(campaign), campaign)
        cap, target = run_cap(campaign, items, experts)
        solution = solver.solve(items, _with_caps(experts, cap), n=n, default_cap=cap)

        created = _create_assignments(solution.pairs, rows, campaign=campaign, actor=actor, now=now)
        got: dict[int, int] = {}
        for item_id, _expert in solution.pairs:
            got[item_id] = got.get(item_id, 0) + 1
        ready = [
            i.id
            for i in items
            if rows[i.id]["state"] == State.READY_FOR_REVIEW and active.get(i.id, 0) + got.get(i.id, 0) >= n
        ]
        for achievement in Achievement.objects.filter(pk__in=ready).order_by("id"):
            kernel.run(obj=achievement, step="assign", actor=actor, now=now, by_service=True)

        report.items = len(items)
        report.needing = sum(1 for i in items if i.need)
        report.assigned = len(created)
        report.covered = sum(1 for i in items if i.need and got.get(i.id, 0) >= i.need)
        report.moved = len(ready)
        report.experts = len(experts)
        report.cap = cap
        report.cap_target = target
        report.shortfalls = [
            {
                "achievement_id": s.item_id,
                "title": rows[s.item_id]["title"],
                "field": rows[s.item_id]["field"],
                "need": s.need,
                "assigned": s.assigned,
                "reason": str(s.reason),
                "reason_label": s.reason_label,
                "message": s.message,
            }
            for s in solution.shortfalls
        ]
        report.seconds = round(time.perf_counter() - started, 3)
        record(
            action=AuditAction.UPDATE,
            obj=campaign,
            actor=actor,
            detail=(
                f"auto_assign: {report.assigned} assignments, {report.covered}/{report.needing} items covered, "
                f"{len(report.shortfalls)} short, {report.moved} moved to under_review, cap {cap}, "
                f"{report.experts} experts"
            ),
        )
        _notify_new_work(created, campaign)
    return report


def _create_assignments(pairs, rows: dict, *, campaign, actor, now) -> list[Assignment]:
    if not pairs:
        return []
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                campaign=campaign,
                achievement_id=item_id,
                expert_id=expert_id,  # state: the model's default, assigned
                origin=Assignment.Origin.AUTO,
                assigned_by=actor,
                scope_path=rows[item_id]["scope_path"],
            )
            for item_id, expert_id in pairs
        ],
        batch_size=1000,
    )
    # Bulk inserts bypass the change tracker: the audit writer records one row per assignment.
    for a in created:
        record(
            action=AuditAction.CREATE,
            actor=actor,
            object_type="experts.assignment",
            object_id=str(a.pk or ""),
            object_repr=f"expert {a.expert_id} → achievement {a.achievement_id}",
            changes={
                "achievement_id": [None, a.achievement_id],
                "expert_id": [None, a.expert_id],
                "state": [None, a.state],
                "origin": [None, a.origin],
            },
            detail="auto_assign",
        )
    return created


def _notify_new_work(created: list[Assignment], campaign: Campaign) -> None:
    per_expert: dict[int, int] = {}
    for a in created:
        per_expert[a.expert_id] = per_expert.get(a.expert_id, 0) + 1
    users = dict(ExpertProfile.objects.filter(pk__in=per_expert).values_list("pk", "user_id"))
    people = {u.pk: u for u in User.objects.filter(pk__in=users.values())}
    for expert_id, count in per_expert.items():
        notify(
            users=[people.get(users.get(expert_id))],
            title=_("%(c)s：新分配给您%(n)d项成果评审") % {"c": campaign.title[:60], "n": count},
            body=_("请在评分截止前完成评审。"),
            url=_my_url(),
        )


# ---------------------------------------------------------------- one item at a time


def assignments_visible_to(user) -> QuerySet:
    """City admins see the assignments in their scope; an expert sees their own."""
    combined = None
    for action in (Action.REVIEW_ASSIGN, Action.REVIEW_SCORE):
        q = scope_q(user, Assignment, action)
        if q is not None:
            combined = q if combined is None else combined | q
    qs = Assignment.objects.all()
    if combined is None:
        return qs.none()
    return qs.filter(combined) if combined else qs


def progress(assignments: QuerySet) -> list[dict]:
    """Per expert: assigned (active), submitted, pending, declined and withdrawn counts."""
    rows = (
        assignments.values("expert_id", "expert__name")
        .annotate(
            active=Count("id", filter=Q(state__in=ACTIVE)),
            submitted=Count("id", filter=Q(state=Assignment.State.SUBMITTED)),
            pending=Count("id", filter=Q(state=Assignment.State.ASSIGNED)),
            declined=Count("id", filter=Q(state=Assignment.State.DECLINED)),
            withdrawn=Count("id", filter=Q(state=Assignment.State.WITHDRAWN)),
        )
        .order_by("expert__name", "expert_id")
    )
    return list(rows)
