"""The competition's and the registration's steps on the workflow kernel.

Competition: draft → registration_open (every occupation's scheme holds) → registration_closed
→ in_progress (the event starts: the marking scheme is locked) → marking_locked (every
occupation's marks signed off by its chief judge) → results_published → final.

Publishing notes what is published; finalising makes the awards, prizes (committed on the
ledger), honours and promotion recommendations (services/awards.py, all or nothing).

Registration: submitted → confirmed (the organiser: card number and anonymous number given)
| returned (with the reason; the unit resubmits: → submitted) | withdrawn (the unit, before the
event starts).

Promotion recommendation: recommended → confirmed (the organiser, once the 人社 office granted
the level: the worker's skill level is set).

Every step is taken by `innovation.core.workflow.run(obj=…, step=…, actor=…)`; the services
(`services.competition_step`, `services.registration_step`) are the callers."""

from __future__ import annotations

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.core.workflow import Context, Step, Workflow

from . import rules
from .models import (
    CONFIRM_STATES,
    SCHEME_OPEN_STATES,
    Competition,
    CompetitionState,
    Occupation,
    PromotionRecommendation,
    PromotionState,
    Registration,
    RegistrationState,
)
from .models.events import REASON_MAX
from .services import awards as award_hooks

C, R = CompetitionState, RegistrationState

# Anonymous numbers are drawn from this range (4 digits after the occupation's code).
ANONYMOUS_FIRST, ANONYMOUS_LAST = 1000, 9999


def _organiser_check(ctx: Context, competition: Competition) -> None:
    if ctx.actor is not None and not can_act_at(ctx.actor, Action.COMPETITION_MANAGE, competition.union):
        raise PermissionDenied(_("该赛事由%(u)s主办，您无权办理。") % {"u": competition.union})


# ---------------------------------------------------------------- the competition


def _open_check(ctx: Context) -> None:
    competition = ctx.obj
    _organiser_check(ctx, competition)
    occupations = list(competition.occupations.all())
    if not occupations:
        raise ValidationError(_("请先设置至少一个比赛工种，再开放报名。"), code="occupations")
    for occupation in occupations:
        rules.check_occupation_scheme(occupation)


def _start_check(ctx: Context) -> None:
    competition = ctx.obj
    _organiser_check(ctx, competition)
    for occupation in competition.occupations.all():
        rules.check_occupation_scheme(occupation)


def _start_effect(ctx: Context) -> None:
    ctx.set("scheme_locked_at", ctx.now)
    ctx.notes.append(_("评分方案已锁定"))


def _lock_check(ctx: Context) -> None:
    competition = ctx.obj
    _organiser_check(ctx, competition)
    open_ = [o.title for o in competition.occupations.filter(marks_locked_at__isnull=True)]
    if open_:
        raise ValidationError(
            _("以下工种的裁判长尚未确认评分：%(o)s。") % {"o": "、".join(open_)}, code="not_signed_off"
        )


def _publish_check(ctx: Context) -> None:
    competition = ctx.obj
    _organiser_check(ctx, competition)
    uncomputed = list(
        competition.occupations.filter(
            result_runs__isnull=True, registrations__state=RegistrationState.CONFIRMED
        )
        .distinct()
        .values_list("title", flat=True)
    )
    if uncomputed:
        raise ValidationError(
            _("以下工种尚未计算成绩：%(o)s。") % {"o": "、".join(uncomputed)}, code="not_computed"
        )
    stale = [o.title for o in competition.occupations.filter(results_stale=True)]
    if stale:
        raise ValidationError(
            _("以下工种的成绩须先重新计算：%(o)s。") % {"o": "、".join(stale)}, code="stale"
        )


def _organised_by(user, prefix: str) -> Q:
    """The rows of the events this user organises (COMPETITION_MANAGE through the one scope
    filter): a district admin sees the city's contestants of their district but does not
    confirm them."""
    organised = restrict(Competition.objects.all(), user, Action.COMPETITION_MANAGE).values("pk")
    return Q(**{f"{prefix}competition__in": organised})


def _organiser_only(ctx: Context) -> None:
    _organiser_check(ctx, ctx.obj)


COMPETITION_STEPS = [
    Step(
        "open_registration",
        gettext_lazy("开放报名"),
        (C.DRAFT,),
        C.REGISTRATION_OPEN,
        Action.COMPETITION_MANAGE,
        check=_open_check,
        state_message=gettext_lazy("赛事当前为「%(state)s」，只有筹备中的赛事可以开放报名。"),
    ),
    Step(
        "close_registration",
        gettext_lazy("截止报名"),
        (C.REGISTRATION_OPEN,),
        C.REGISTRATION_CLOSED,
        Action.COMPETITION_MANAGE,
        check=_organiser_only,
        state_message=gettext_lazy("赛事当前为「%(state)s」，只有报名中的赛事可以截止报名。"),
    ),
    Step(
        "start",
        gettext_lazy("开始比赛"),
        (C.REGISTRATION_CLOSED,),
        C.IN_PROGRESS,
        Action.COMPETITION_MANAGE,
        check=_start_check,
        effect=_start_effect,
        state_message=gettext_lazy("赛事当前为「%(state)s」，报名截止后才能开始比赛。"),
    ),
    Step(
        "lock_marking",
        gettext_lazy("锁定评分"),
        (C.IN_PROGRESS,),
        C.MARKING_LOCKED,
        Action.COMPETITION_MANAGE,
        check=_lock_check,
        state_message=gettext_lazy("赛事当前为「%(state)s」，只有比赛中的赛事可以锁定评分。"),
    ),
    Step(
        "publish",
        gettext_lazy("公布成绩"),
        (C.MARKING_LOCKED,),
        C.RESULTS_PUBLISHED,
        Action.COMPETITION_MANAGE,
        style="success",
        check=_publish_check,
        effect=award_hooks.publish_effect,
        state_message=gettext_lazy("赛事当前为「%(state)s」，评分锁定后才能公布成绩。"),
    ),
    Step(
        "finalise",
        gettext_lazy("办结"),
        (C.RESULTS_PUBLISHED,),
        C.FINAL,
        Action.COMPETITION_MANAGE,
        check=_publish_check,
        effect=award_hooks.finalise_effect,
        state_message=gettext_lazy("赛事当前为「%(state)s」，成绩公布后才能办结。"),
    ),
]

COMPETITION = Workflow(
    name="competition",
    label=gettext_lazy("技能大赛"),
    model=Competition,
    steps=COMPETITION_STEPS,
    url=lambda c: reverse("competitions:detail", args=[c.pk]),
    queue_url=lambda: reverse("competitions:list") + "?awaiting=me",
    title=lambda c: str(c),
    lock_related=("union",),
    reason_max=REASON_MAX,
)


# ---------------------------------------------------------------- the registration


def _competition_of(registration: Registration) -> Competition:
    return Competition.objects.select_related("union").get(occupations__pk=registration.occupation_id)


def _confirm_check(ctx: Context) -> None:
    competition = _competition_of(ctx.obj)
    _organiser_check(ctx, competition)
    if competition.state not in CONFIRM_STATES:
        raise ValidationError(
            _("赛事当前为「%(s)s」，不能再确认或退回报名。") % {"s": competition.get_state_display()},
            code="competition_state",
        )


def anonymous_numbers(competition: Competition, occupation: Occupation) -> list[int]:
    """The occupation's anonymous numbers in the order they are given: a permutation of
    1000–9999 drawn from the event's secret seed (reproducible, unrelated to any worker)."""
    numbers = list(range(ANONYMOUS_FIRST, ANONYMOUS_LAST + 1))
    random.Random(f"{competition.number_seed}:{occupation.pk}").shuffle(numbers)
    return numbers


def _confirm_effect(ctx: Context) -> None:
    registration = ctx.obj
    if registration.card_number:  # confirmed before, returned, resubmitted: it keeps its numbers
        ctx.set("confirmed_at", ctx.now)
        return
    # The occupation's row is locked: confirmations of one occupation are numbered one at a time.
    occupation = Occupation.objects.select_for_update().get(pk=registration.occupation_id)
    competition = Competition.objects.get(pk=occupation.competition_id)
    given = Registration.objects.filter(occupation=occupation).exclude(card_number="").count()
    if given >= ANONYMOUS_LAST - ANONYMOUS_FIRST + 1:
        raise ValidationError(_("该工种参赛人数已达编号上限。"))
    ctx.set("card_number", f"{competition.year}{occupation.code}{given + 1:04d}")
    ctx.set("anonymous_number", f"{occupation.code}{anonymous_numbers(competition, occupation)[given]}")
    ctx.set("confirmed_at", ctx.now)
    ctx.notes.append(_("参赛证号%(c)s") % {"c": registration.card_number})


def _return_effect(ctx: Context) -> None:
    ctx.set("return_reason", ctx.reason)


def _unit_check(ctx: Context) -> None:
    registration = ctx.obj
    if ctx.actor is not None and not can_act_at(
        ctx.actor, Action.COMPETITION_REGISTER, registration.enterprise.union
    ):
        raise PermissionDenied(_("您无权办理%(e)s的报名。") % {"e": registration.enterprise})
    competition = _competition_of(registration)
    if competition.state not in SCHEME_OPEN_STATES:
        raise ValidationError(
            _("赛事当前为「%(s)s」，比赛开始后不能再修改报名。") % {"s": competition.get_state_display()},
            code="competition_state",
        )


def _resubmit_check(ctx: Context) -> None:
    _unit_check(ctx)
    competition = _competition_of(ctx.obj)
    if competition.state != C.REGISTRATION_OPEN:
        raise ValidationError(
            _("报名已截止（赛事当前为「%(s)s」），不能重新提交。") % {"s": competition.get_state_display()},
            code="window",
        )


REGISTRATION_STEPS = [
    Step(
        "confirm",
        gettext_lazy("确认报名"),
        (R.SUBMITTED,),
        R.CONFIRMED,
        Action.COMPETITION_MANAGE,
        style="success",
        check=_confirm_check,
        effect=_confirm_effect,
        state_message=gettext_lazy("报名当前为「%(state)s」，只有已报名的可以确认。"),
    ),
    Step(
        "return",
        gettext_lazy("退回报名"),
        (R.SUBMITTED, R.CONFIRMED),
        R.RETURNED,
        Action.COMPETITION_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("退回原因"),
        style="warning",
        check=_confirm_check,
        effect=_return_effect,
        state_message=gettext_lazy("报名当前为「%(state)s」，不能退回。"),
    ),
    Step(
        "resubmit",
        gettext_lazy("重新提交"),
        (R.RETURNED,),
        R.SUBMITTED,
        Action.COMPETITION_REGISTER,
        check=_resubmit_check,
        state_message=gettext_lazy("报名当前为「%(state)s」，只有被退回的可以重新提交。"),
    ),
    Step(
        "withdraw",
        gettext_lazy("撤回报名"),
        (R.SUBMITTED, R.RETURNED, R.CONFIRMED),
        R.WITHDRAWN,
        Action.COMPETITION_REGISTER,
        style="danger",
        check=_unit_check,
        state_message=gettext_lazy("报名当前为「%(state)s」，不能撤回。"),
    ),
]


def _registration_todos(user) -> Q:
    """What waits for someone while the event takes registrations: a submitted entry for its
    organiser to confirm, a returned one for the unit to resubmit. A confirmed entry waits for
    nobody (returning or withdrawing it is a correction), nor does any entry of an event
    that has started."""
    waiting = Q(state=R.RETURNED) | (Q(state=R.SUBMITTED) & _organised_by(user, "occupation__"))
    return waiting & Q(occupation__competition__state__in=SCHEME_OPEN_STATES)


REGISTRATION = Workflow(
    name="competition_registration",
    label=gettext_lazy("参赛报名"),
    model=Registration,
    steps=REGISTRATION_STEPS,
    url=lambda r: reverse("competitions:registration", args=[r.pk]),
    queue_url=lambda: reverse("competitions:registrations") + "?awaiting=me",
    title=lambda r: str(r),
    lock_related=("enterprise__union",),
    reason_max=REASON_MAX,
    todo_filter=_registration_todos,
)


# ---------------------------------------------------------------- the promotion recommendation

PROMOTION = Workflow(
    name="competition_promotion",
    label=gettext_lazy("技能晋级推荐"),
    model=PromotionRecommendation,
    steps=[
        Step(
            "confirm",
            gettext_lazy("确认晋级"),
            (PromotionState.RECOMMENDED,),
            PromotionState.CONFIRMED,
            Action.COMPETITION_MANAGE,
            style="success",
            check=award_hooks.promotion_confirm_check,
            effect=award_hooks.promotion_confirm_effect,
            state_message=gettext_lazy("晋级推荐当前为「%(state)s」，只有已推荐的可以确认。"),
        )
    ],
    url=lambda p: reverse("competitions:detail", args=[p.competition_id]),
    title=lambda p: str(p),
    lock_related=("competition__union", "worker"),
    reason_max=REASON_MAX,
    # a recommendation waits for the event's organiser (not the worker's county union)
    todo_filter=lambda user: _organised_by(user, ""),
)

WORKFLOWS = [COMPETITION, REGISTRATION, PROMOTION]
