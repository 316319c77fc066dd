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

from innovation.accounts.models import RoleGrant, User
from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can_act_at, restrict, scope_q
from innovation.achievements.models import Achievement, Author, Campaign, Field, State
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


def _city_admins_over(scope_path: str):
    parts = [p for p in scope_path.split("/") if p]
    paths = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    ids = RoleGrant.objects.filter(role=Role.CITY_ADMIN, node__path__in=paths).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


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


@dataclass
class Replacement:
    """What happened to an item when one of its experts left it."""

    old: Assignment
    new: list[Assignment] = field(default_factory=list)
    shortfall: solver.Shortfall | None = None

    @property
    def message(self) -> str:
        if self.new:
            return _("已改由专家%(e)s评审。") % {"e": "、".join(a.expert.name for a in self.new)}
        if self.shortfall is not None:
            return _("未能自动补派专家：%(m)s") % {"m": self.shortfall.message}
        return _("未补派专家。")


def _fill_item(achievement: Achievement, campaign: Campaign, *, origin, reason, actor, now) -> tuple:
    """Give one item the experts it lacks (the solver on one item). Returns (created, shortfall)."""
    rows = Assignment.objects.filter(achievement=achievement)
    taken = frozenset(rows.values_list("expert_id", flat=True))
    have = rows.filter(state__in=ACTIVE).count()
    need = max(0, campaign.experts_per_item - have)
    if not need:
        return [], None
    experts = Pool.load(Pool.experts_for(campaign), campaign)
    item = item_of(achievement.pk, taken, need)
    cap, _target = run_cap(campaign, [item], experts)
    solution = solver.solve([item], _with_caps(experts, cap), n=need, default_cap=cap)
    created = []
    for _item, expert_id in solution.pairs:
        created.append(
            Assignment.objects.create(
                campaign=campaign,
                achievement=achievement,
                expert_id=expert_id,
                origin=origin,
                reason=reason[:200],
                assigned_by=actor,
                scope_path=achievement.scope_path,
            )
        )
    for a in created:
        notify(
            users=[a.expert.user],
            title=_("%(c)s：新分配给您1项成果评审") % {"c": campaign.title[:60]},
            body=reason,
            url=_my_url(),
        )
    return created, (solution.shortfalls[0] if solution.shortfalls else None)


def withdraw_and_replace(row: Assignment, *, state, reason: str, actor, now=None) -> Replacement:
    """Inside the caller's transaction: end `row` and find its successor when the deadline allows."""
    now = now or timezone.now()
    step = "decline" if state == Assignment.State.DECLINED else "withdraw"
    kernel.run(obj=row, step=step, actor=actor, reason=reason, now=now, by_service=True)
    outcome = Replacement(old=row)
    campaign = row.campaign
    deadline_passed = campaign.review_deadline and now >= campaign.review_deadline
    if not deadline_passed and row.achievement.state in REVIEW_STATES:
        outcome.new, outcome.shortfall = _fill_item(
            row.achievement,
            campaign,
            origin=Assignment.Origin.REASSIGN,
            reason=_("接替%(e)s") % {"e": row.expert.name},
            actor=None,
            now=now,
        )
    notify(
        users=_city_admins_over(row.scope_path),
        title=_("评审专家变动：%(t)s") % {"t": row.achievement.title[:60]},
        body=_("%(e)s（%(s)s）：%(r)s。%(o)s")
        % {"e": row.expert.name, "s": row.get_state_display(), "r": reason, "o": outcome.message},
        url=reverse("experts:assignments") + f"?campaign={campaign.pk}",
    )
    return outcome


def decline(*, assignment: Assignment, actor, reason: str, now=None) -> Replacement:
    """The expert gives an assigned item back, with a reason; another eligible expert takes it."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    expert_user = assignment.expert.user_id
    if actor is not None and expert_user != actor.pk:
        record(
            action=AuditAction.ACCESS_DENIED,
            obj=assignment,
            actor=actor,
            detail="refused: decline of another expert's assignment",
        )
        raise PermissionDenied(_("只能谢绝分配给您本人的评审任务。"))
    if not reason:
        raise ValidationError({"reason": [_("请填写谢绝理由（如回避关系、专业不符或时间冲突）。")]})
    _check_deadline(assignment.campaign, now)
    with transaction.atomic():
        row = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("campaign__union", "achievement", "expert")
            .get(pk=assignment.pk)
        )
        if row.state != Assignment.State.ASSIGNED:
            raise ValidationError(
                _("该评审任务当前为「%(s)s」，不能谢绝。") % {"s": row.get_state_display()}, code="state"
            )
        outcome = withdraw_and_replace(
            row, state=Assignment.State.DECLINED, reason=reason, actor=actor, now=now
        )
    assignment.refresh_from_db(fields=["state", "reason"])
    return outcome


def eligibility_problems(*, achievement: Achievement, expert: ExpertProfile, campaign: Campaign) -> list[str]:
    """Why this expert may not take this item (empty: they may)."""
    problems = []
    if not expert.is_active or not expert.user.is_active:
        problems.append(_("该专家已不在库。"))
    if Availability.objects.filter(campaign=campaign, expert=expert, available=False).exists():
        problems.append(_("该专家不参加本次评审。"))
    if not expert.scope_path.startswith(campaign.union.path):
        problems.append(_("该专家不在本次活动的专家库中。"))
    if achievement.field not in (expert.fields or []):
        problems.append(
            _("专家的专业领域（%(f)s）不含该成果的领域「%(a)s」。")
            % {
                "f": "、".join(Field(f).label for f in expert.fields if f in Field.values) or "—",
                "a": achievement.get_field_display(),
            }
        )
    if Assignment.objects.filter(achievement=achievement, expert=expert).exists():
        problems.append(_("该专家已分配过或谢绝过该成果。"))
    for clash in solver.clashes(item_of(achievement.pk), Pool.load_one(expert)):
        problems.append(_("须回避：%(c)s。") % {"c": solver.CLASH_LABELS[clash]})
    return problems


def eligible_experts(*, achievement: Achievement, campaign: Campaign) -> QuerySet:
    """The pool's experts who may take this item now, each with their load in the campaign."""
    pool = Pool.load(Pool.experts_for(campaign), campaign)
    taken = frozenset(Assignment.objects.filter(achievement=achievement).values_list("expert_id", flat=True))
    item = item_of(achievement.pk, taken)
    ids = [e.id for e in pool.values() if solver.eligible(item, e)]
    return (
        ExpertProfile.objects.filter(pk__in=ids)
        .select_related("employer")
        .annotate(
            load=Count("assignments", filter=Q(assignments__campaign=campaign, assignments__state__in=ACTIVE))
        )
        .order_by("load", "name", "id")
    )


def override(
    *, assignment: Assignment, new_expert: ExpertProfile, actor, reason: str, now=None
) -> Assignment:
    """A city admin replaces an assignment's expert, with a reason. Conflict rules still hold."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if (
        actor is not None
        and not restrict(Assignment.objects.filter(pk=assignment.pk), actor, Action.REVIEW_ASSIGN).exists()
    ):
        raise PermissionDenied(_("只有市总工会可以调整评审专家。"))
    if not reason:
        raise ValidationError({"reason": [_("请填写调整理由。")]})
    campaign = assignment.campaign
    _check_deadline(campaign, now)
    achievement = assignment.achievement
    if assignment.state != Assignment.State.ASSIGNED:
        _refuse(
            actor,
            assignment,
            _("该评审任务当前为「%(s)s」，不能更换专家。") % {"s": assignment.get_state_display()},
        )
    problems = eligibility_problems(achievement=achievement, expert=new_expert, campaign=campaign)
    if problems:
        _refuse(
            actor,
            assignment,
            _("不能改派给%(e)s：%(p)s") % {"e": new_expert.name, "p": "".join(problems)},
            field_name="expert",
        )
    with transaction.atomic():
        row = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert__user")
            .get(pk=assignment.pk)
        )
        if row.state != Assignment.State.ASSIGNED:
            raise ValidationError(_("该评审任务已被他人处理，请刷新页面。"), code="state")
        old_expert = row.expert
        kernel.run(obj=row, step="withdraw", actor=actor, reason=reason, now=now, by_service=True)
        new = Assignment.objects.create(
            campaign=campaign,
            achievement=achievement,
            expert=new_expert,
            origin=Assignment.Origin.MANUAL,
            reason=reason[:200],
            assigned_by=actor,
            scope_path=achievement.scope_path,
        )
        record(
            action=AuditAction.UPDATE,
            obj=achievement,
            actor=actor,
            detail=f"override: expert {old_expert.pk} {old_expert.name} → {new_expert.pk} {new_expert.name}: {reason}",
        )
        notify(
            users=[old_expert.user],
            title=_("评审任务已调整：%(t)s") % {"t": achievement.title[:60]},
            body=reason,
            url=_my_url(),
        )
        notify(
            users=[new_expert.user],
            title=_("%(c)s：新分配给您1项成果评审") % {"c": campaign.title[:60]},
            body=reason,
            url=_my_url(),
        )
    assignment.refresh_from_db(fields=["state", "reason"])
    return new


# ---------------------------------------------------------------- reads


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
