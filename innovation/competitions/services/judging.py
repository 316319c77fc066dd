"""The judges: the panel of an occupation (experts of the pool or named judges), the marks they
enter (only the aspects assigned to them, never for their own unit's contestants), the theory
scores, and the chief judge's sign-off that locks the marks.

A mark is never updated in place: a re-entry is a new row that supersedes the current one.
Before the sign-off a judge re-enters freely; after it only with a reason, audited, and the
occupation's results are marked for recomputation (`Occupation.results_stale`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.audit.tracking import untracked
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.experts import assignment as solver
from innovation.experts.models import ExpertProfile
from innovation.experts.services.assigning import Pool, group_of
from innovation.org.models import Enterprise

from .. import selectors
from ..models import (
    Aspect,
    AspectKind,
    Competition,
    CompetitionState,
    JudgeAssignment,
    Mark,
    Occupation,
    Registration,
    RegistrationState,
    TheoryScore,
)
from ..models.events import REASON_MAX
from .common import guarded, require_organiser, require_user

C = CompetitionState
# Marks are entered while the event runs; corrections (with a reason) until the event is final.
MARKING_STATES = (C.IN_PROGRESS, C.MARKING_LOCKED, C.RESULTS_PUBLISHED)
TWO = Decimal("0.01")


# ---------------------------------------------------------------- the panel


def judge_assign(
    *,
    actor,
    occupation: Occupation,
    aspects: Sequence[Aspect],
    expert: ExpertProfile | None = None,
    user=None,
    name: str = "",
    unit: Enterprise | None = None,
    chief: bool = False,
) -> JudgeAssignment:
    """Put a judge on an occupation's panel with the aspects they mark: an expert of the pool
    (their login, name and employer come with them) or a named judge (a login, a name and the
    unit they work at, for the conflict rule)."""
    with guarded(actor=actor, step="judge_assign", obj=occupation), transaction.atomic():
        competition = Competition.objects.select_related("union").get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        if competition.state == C.FINAL:
            raise ValidationError(_("赛事已办结，不能再调整裁判。"))
        if expert is not None:
            if not expert.is_active or not expert.user.is_active:
                raise ValidationError({"expert": [_("%(n)s已不在专家库中。") % {"n": expert.name}]})
            if not selectors.judge_pool(competition).filter(pk=expert.pk).exists():
                raise ValidationError(
                    {
                        "expert": [
                            _("%(n)s不在%(u)s可选的专家库中。") % {"n": expert.name, "u": competition.union}
                        ]
                    }
                )
            user, name, unit = expert.user, expert.name, expert.employer
        else:
            if user is None or not user.is_active:
                raise ValidationError({"judge": [_("请选择裁判的登录账号。")]})
            name = clean_text(name, field="name", limit=50, required=_("请填写裁判姓名。"))
            worker = getattr(user, "worker", None)
            unit = unit or (worker.enterprise if worker is not None else None)
        if JudgeAssignment.objects.filter(occupation=occupation, judge=user).exists():
            raise ValidationError({"judge": [_("%(n)s已在该工种的裁判组中。") % {"n": name}]})
        if chief and JudgeAssignment.objects.filter(occupation=occupation, is_chief=True).exists():
            raise ValidationError({"chief": [_("该工种已有裁判长。")]})
        foreign = [a.code for a in aspects if a.occupation_id != occupation.pk]
        if foreign:
            raise ValidationError({"aspects": [_("评分项%(c)s不属于该工种。") % {"c": "、".join(foreign)}]})
        assignment = JudgeAssignment.objects.create(
            occupation=occupation,
            judge=user,
            expert=expert,
            name=name,
            unit=unit,
            is_chief=chief,
            assigned_by=actor,
        )
        # The change tracking records the new row (JudgeAssignment is tracked); the aspects
        # (a many-to-many set after it) are recorded with it here, in one entry.
        assignment.aspects.set(aspects)
        record(
            action=AuditAction.UPDATE,
            obj=assignment,
            actor=actor,
            detail=_("%(n)s任工种「%(o)s」%(r)s，负责评分项：%(a)s")
            % {
                "n": name,
                "o": occupation,
                "r": _("裁判长") if chief else _("裁判"),
                "a": "、".join(sorted(a.code for a in aspects)) or _("无"),
            },
        )
        return assignment


def judge_remove(*, actor, assignment: JudgeAssignment) -> None:
    """Take a judge off the panel, before they have entered any mark and before the lock."""
    with guarded(actor=actor, step="judge_remove", obj=assignment), transaction.atomic():
        assignment = JudgeAssignment.objects.select_for_update().get(pk=assignment.pk)
        occupation = Occupation.objects.get(pk=assignment.occupation_id)
        competition = Competition.objects.select_related("union").get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        if occupation.marks_locked:
            raise ValidationError(_("工种「%(o)s」的评分已锁定，不能调整裁判。") % {"o": occupation})
        if Mark.objects.filter(registration__occupation=occupation, judge=assignment.judge).exists():
            raise ValidationError(
                _("%(n)s已录入评分，不能撤下；如有错误，请由其更正评分。") % {"n": assignment.name}
            )
        assignment.delete()  # the change tracking records it (JudgeAssignment is tracked)


def judge_view(assignment: JudgeAssignment) -> solver.Expert:
    """The conflict helper's view of a judge: a pool expert with their declared conflicts, or a
    named judge with their unit."""
    if assignment.expert_id:
        return Pool.load_one(assignment.expert)
    unit = assignment.unit
    worker = getattr(assignment.judge, "worker", None)
    return solver.Expert(
        id=0,
        fields=frozenset(),
        unit_id=unit.pk if unit else None,
        group_id=group_of(unit.pk, unit.group_id) if unit else None,
        worker_id=worker.pk if worker is not None else None,
    )


def judge_clashes(
    assignment: JudgeAssignment, registration: Registration, view: solver.Expert | None = None
) -> list[str]:
    """Why this judge may not mark this contestant (their own unit or group, a declared unit or
    person, themself); empty: none. The conflict rules of the expert pool. `view`: the judge's
    `judge_view`, when the caller checks many contestants (loaded once)."""
    enterprise = registration.enterprise
    item = solver.Item(
        id=registration.pk,
        field="",
        unit_id=enterprise.pk,
        group_id=group_of(enterprise.pk, enterprise.group_id),
        author_worker_ids=frozenset({registration.worker_id}),
    )
    view = view if view is not None else judge_view(assignment)
    return [str(solver.CLASH_LABELS[c]) for c in solver.clashes(item, view)]


# ---------------------------------------------------------------- marks


def clean_mark_value(aspect: Aspect, value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": [_("分数须为数字。")]}) from None
    if not number.is_finite():
        raise ValidationError({"value": [_("分数须为数字。")]})
    if aspect.kind == AspectKind.JUDGEMENT:
        if number not in (0, 1, 2, 3):
            raise ValidationError(
                {
                    "value": [
                        _("评价评分项「%(a)s」只能打0、1、2、3分，不能打%(v)s分。")
                        % {"a": aspect.title, "v": value}
                    ]
                },
                code="judgement_range",
            )
        return number.quantize(TWO)
    if number < 0 or number > aspect.max_points:
        raise ValidationError(
            {
                "value": [
                    _("测量评分项「%(a)s」的分数须在0到%(m)s之间，不能为%(v)s。")
                    % {"a": aspect.title, "m": f"{aspect.max_points.normalize():f}", "v": value}
                ]
            },
            code="measurement_range",
        )
    if number != number.quantize(TWO):
        raise ValidationError({"value": [_("分数最多保留两位小数。")]})
    return number.quantize(TWO)


def _supersede(old, new, *, actor, detail: str) -> None:
    old.superseded_by = new
    kernel.save_noted(old, actor=actor, detail=detail, fields=["superseded_by"])


def mark_enter(
    *,
    actor,
    registration: Registration,
    aspect: Aspect,
    value,
    time_taken: int | None = None,
    reason: str = "",
    now=None,
) -> Mark:
    """A judge enters (or re-enters) their mark of one aspect of one contestant."""
    now = now or timezone.now()
    with guarded(actor=actor, step="mark_enter", obj=registration), transaction.atomic():
        require_user(actor)
        # The occupation's row is locked: the sign-off and a mark never cross.
        occupation = Occupation.objects.select_for_update().get(pk=aspect.occupation_id)
        competition = Competition.objects.get(pk=occupation.competition_id)
        assignment = (
            JudgeAssignment.objects.filter(occupation=occupation, judge=actor)
            .select_related("expert", "unit")
            .first()
        )
        if assignment is None:
            raise PermissionDenied(_("您不是工种「%(o)s」的裁判。") % {"o": occupation})
        if registration.occupation_id != occupation.pk:
            raise ValidationError(
                {"registration": [_("该选手不是工种「%(o)s」的选手，您不能为其评分。") % {"o": occupation}]},
                code="not_assigned",
            )
        if not assignment.aspects.filter(pk=aspect.pk).exists():
            raise ValidationError(
                {"aspect": [_("评分项「%(a)s」未分配给您，您不能评分。") % {"a": aspect.title}]},
                code="not_assigned",
            )
        registration = Registration.objects.select_related("enterprise").get(pk=registration.pk)
        if registration.state != RegistrationState.CONFIRMED:
            raise ValidationError({"registration": [_("该选手的报名未经确认，不能评分。")]})
        clash = judge_clashes(assignment, registration)
        if clash:
            raise ValidationError(
                {
                    "registration": [
                        _("您须回避选手%(n)s：%(c)s。")
                        % {"n": registration.anonymous_number, "c": "、".join(clash)}
                    ]
                },
                code="conflict",
            )
        if competition.state not in MARKING_STATES:
            raise ValidationError(
                _("赛事当前为「%(s)s」，不能录入评分。") % {"s": competition.get_state_display()},
                code="state",
            )
        locked = occupation.marks_locked
        if not locked and competition.state != C.IN_PROGRESS:
            raise ValidationError(_("比赛已结束评分，不能再录入。"), code="state")
        reason = clean_text(reason, field="reason", limit=REASON_MAX)
        if locked and not reason:
            raise ValidationError(
                {"reason": [_("裁判长已确认评分，更正评分须填写原因。")]}, code="reason_required"
            )
        value = clean_mark_value(aspect, value)
        if time_taken is not None and (not isinstance(time_taken, int) or not 0 <= time_taken <= 86400):
            raise ValidationError({"time_taken": [_("用时须为0到86400之间的整数（秒）。")]})
        current = (
            Mark.objects.select_for_update()
            .filter(registration=registration, aspect=aspect, judge=actor, is_current=True)
            .first()
        )
        if current is not None:
            current.is_current = False
            with untracked(current):
                current.save(update_fields=["is_current"])
        mark = Mark.objects.create(
            registration=registration,
            aspect=aspect,
            judge=actor,
            value=value,
            time_taken=time_taken,
            entered_at=now,
            entered_by=actor,
            reason=reason,
            after_lock=locked,
        )
        if current is not None:
            _supersede(
                current,
                mark,
                actor=actor,
                detail=_("评分更正：%(a)s %(o)s → %(v)s；%(r)s")
                % {"a": aspect.code, "o": current.value, "v": value, "r": reason or _("锁定前重新录入")},
            )
        if locked:
            record(
                action=AuditAction.UPDATE,
                obj=mark,
                actor=actor,
                detail=_("裁判长确认后更正评分（选手%(n)s，%(a)s）：%(r)s")
                % {"n": registration.anonymous_number, "a": aspect.code, "r": reason},
            )
        if not occupation.results_stale:
            occupation.results_stale = True
            kernel.save_noted(
                occupation, actor=actor, detail=_("评分变动，成绩待重新计算"), fields=["results_stale"]
            )
        return mark


def theory_enter(
    *,
    actor,
    registration: Registration,
    score,
    source: str = TheoryScore.Source.ENTERED,
    reason: str = "",
    now=None,
) -> TheoryScore:
    """The organiser enters (or imports) a contestant's theory score, 0–100; a later entry
    supersedes the current one (after the sign-off, with a reason)."""
    now = now or timezone.now()
    with guarded(actor=actor, step="theory_enter", obj=registration), transaction.atomic():
        occupation = Occupation.objects.select_for_update().get(pk=registration.occupation_id)
        competition = Competition.objects.select_related("union").get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.state != RegistrationState.CONFIRMED:
            raise ValidationError({"registration": [_("该选手的报名未经确认，不能录入成绩。")]})
        if competition.state not in MARKING_STATES:
            raise ValidationError(
                _("赛事当前为「%(s)s」，不能录入理论成绩。") % {"s": competition.get_state_display()},
                code="state",
            )
        if source not in TheoryScore.Source.values:
            raise ValidationError({"source": [_("成绩来源无效。")]})
        try:
            number = Decimal(str(score))
        except (InvalidOperation, ValueError):
            raise ValidationError({"score": [_("理论成绩须为数字。")]}) from None
        if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(TWO):
            raise ValidationError({"score": [_("理论成绩须在0到100之间，最多两位小数。")]})
        reason = clean_text(reason, field="reason", limit=REASON_MAX)
        locked = occupation.marks_locked
        if locked and not reason:
            raise ValidationError({"reason": [_("裁判长已确认评分，更正理论成绩须填写原因。")]})
        current = (
            TheoryScore.objects.select_for_update().filter(registration=registration, is_current=True).first()
        )
        if current is not None:
            current.is_current = False
            with untracked(current):
                current.save(update_fields=["is_current"])
        row = TheoryScore.objects.create(
            registration=registration,
            score=number,
            source=source,
            entered_at=now,
            entered_by=actor,
            reason=reason,
        )
        if current is not None:
            _supersede(
                current,
                row,
                actor=actor,
                detail=_("理论成绩更正：%(o)s → %(v)s；%(r)s")
                % {"o": current.score, "v": number, "r": reason or _("锁定前重新录入")},
            )
        if not occupation.results_stale:
            occupation.results_stale = True
            kernel.save_noted(
                occupation, actor=actor, detail=_("理论成绩变动，成绩待重新计算"), fields=["results_stale"]
            )
        return row


def _expected(occupation: Occupation) -> list[tuple]:
    """(assignment, its aspects, the confirmed contestants it marks, those it stays away from)
    for every judge of the panel with aspects: the cells that should hold a current mark."""
    registrations = selectors.confirmed_contestants(occupation)
    panel = []
    for assignment in occupation.judges.select_related("expert", "unit", "judge").prefetch_related("aspects"):
        aspects = list(assignment.aspects.all())
        if not aspects:
            continue
        view = judge_view(assignment)
        marked, away = [], []
        for r in registrations:
            (away if judge_clashes(assignment, r, view) else marked).append(r)
        panel.append((assignment, aspects, marked, [r.pk for r in away]))
    return panel


def _missing_count(occupation: Occupation, panel: list[tuple]) -> int:
    total = 0
    for assignment, aspects, marked, away in panel:
        have = (
            Mark.objects.filter(
                judge_id=assignment.judge_id,
                is_current=True,
                aspect__in=aspects,
                registration__occupation=occupation,
                registration__state=RegistrationState.CONFIRMED,
            )
            .exclude(registration_id__in=away)
            .order_by()
            .count()
        )
        total += len(marked) * len(aspects) - have
    return total


def missing_count(occupation: Occupation) -> int:
    """How many marks are still to enter (`len(missing_marks(...))`), counted in the database:
    per judge, the cells to fill less the current marks among them (no 180,000 rows fetched)."""
    return _missing_count(occupation, _expected(occupation))


def missing_marks(occupation: Occupation) -> list[tuple[str, str, str]]:
    """(anonymous number, aspect code, judge name) of every mark still to enter: each judge, each
    aspect assigned to them, each confirmed contestant they need not stay away from."""
    panel = _expected(occupation)
    if _missing_count(occupation, panel) == 0:
        return []
    have = set(
        Mark.objects.filter(registration__occupation=occupation, is_current=True)
        .order_by()
        .values_list("registration_id", "aspect_id", "judge_id")
    )
    missing = []
    for assignment, aspects, marked, _away in panel:
        for registration in marked:
            for aspect in aspects:
                if (registration.pk, aspect.pk, assignment.judge_id) not in have:
                    missing.append((registration.anonymous_number, aspect.code, assignment.name))
    return missing


def marks_sign_off(*, actor, occupation: Occupation, now=None) -> Occupation:
    """The chief judge signs the occupation's marks off: from then on they are locked (a
    correction is a new mark with a reason)."""
    now = now or timezone.now()
    with guarded(actor=actor, step="marks_sign_off", obj=occupation), transaction.atomic():
        require_user(actor)
        occupation = Occupation.objects.select_for_update().get(pk=occupation.pk)
        if not JudgeAssignment.objects.filter(occupation=occupation, judge=actor, is_chief=True).exists():
            raise PermissionDenied(_("只有工种「%(o)s」的裁判长可以确认评分。") % {"o": occupation})
        competition = Competition.objects.get(pk=occupation.competition_id)
        if competition.state != C.IN_PROGRESS:
            raise ValidationError(
                _("赛事当前为「%(s)s」，不能确认评分。") % {"s": competition.get_state_display()},
                code="state",
            )
        if occupation.marks_locked:
            raise ValidationError(_("工种「%(o)s」的评分已确认锁定。") % {"o": occupation}, code="locked")
        missing = missing_marks(occupation)
        if missing:
            shown = "；".join(f"{n} {a}（{j}）" for n, a, j in missing[:5])
            raise ValidationError(
                _("尚有%(n)d项评分未录入，不能确认：%(s)s%(more)s。")
                % {"n": len(missing), "s": shown, "more": _("等") if len(missing) > 5 else ""},
                code="missing",
            )
        occupation.marks_locked_at, occupation.marks_locked_by = now, actor
        kernel.save_noted(
            occupation,
            actor=actor,
            detail=_("裁判长确认评分，评分锁定"),
            fields=["marks_locked_at", "marks_locked_by"],
        )
        return occupation
