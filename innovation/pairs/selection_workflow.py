"""The selections' steps on the workflow kernel: the selection, its nominations, the objections.

Selection: open (the call) → scoring (the call closed) → ranked (every recommended pair scored:
ranked, the first `quota` proposed) → approving (the first city admin) → decided (a DIFFERENT
city admin: four-eyes) → notice (published) → final (the awards, certificates and prizes).
An internal selection is decided by its organiser alone (ranked → decided). approving → ranked
(returned with a reason); approving | decided | notice → ranked (an objection upheld; service).

Nomination: nominated → recommended (the county / industry union) | returned (with a reason) →
nominated again (the unit); recommended → scored → ranked ⇄ in_decision → awarded; any not
awarded when the selection becomes final → not_awarded. Only the first two are buttons.

Objection: open → upheld | dismissed (answered by the organiser)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import users_over
from innovation.core.workflow import Context, Step, Workflow

from .models import Level, Nomination, NominationState, PairObjection, Selection, SelectionState
from .services import decision

S = SelectionState
N = NominationState


def _city_admin(ctx: Context) -> None:
    if ctx.actor is not None and ctx.obj.level == Level.CITY and not ctx.actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("全市金牌师徒评选须由市总工会管理员审批。"))


def _first(ctx: Context) -> None:
    _city_admin(ctx)
    decision.check_city(ctx)
    ctx.notes.append(_("第一人审批"))


def _second(ctx: Context) -> None:
    _city_admin(ctx)
    decision.check_city(ctx)
    ctx.notes.append(_("第二人审批，评选结果审定"))


def _second_approvers(ctx: Context) -> list:
    return [u for u in users_over(ctx.obj.scope_path, roles=(Role.CITY_ADMIN,)) if u.pk != ctx.actor.pk]


def _selection_todos(user) -> Q:
    """A call waits for nobody while it is open, a notice while it runs."""
    now = timezone.now()
    return ~Q(state=S.OPEN, closes_on__gte=timezone.localdate(now)) & ~Q(state=S.NOTICE, notice_ends__gt=now)


def _state(text: str):
    return gettext_lazy("评选当前为「%(state)s」，" + text + "可能已被他人处理，请刷新页面。")


SELECTION = Workflow(
    name="pair_selection",
    label=gettext_lazy("金牌师徒评选"),
    model=Selection,
    steps=[
        Step(
            "close_call",
            gettext_lazy("截止征集，开始评审"),
            (S.OPEN,),
            S.SCORING,
            Action.PAIR_SELECTION,
            state_message=_state("不能截止征集。"),
        ),
        Step(
            "rank",
            gettext_lazy("汇总评分并排名"),
            (S.SCORING,),
            S.RANKED,
            Action.PAIR_SELECTION,
            check=decision.check_rank,
            effect=decision.rank,
            state_message=_state("不能排名。"),
        ),
        Step(
            "approve",
            gettext_lazy("审批"),
            (S.RANKED,),
            S.APPROVING,
            Action.PAIR_SELECTION,
            approval="first",
            style="success",
            check=_first,
            recipients=_second_approvers,
            notice_title=lambda ctx: _("「%(s)s」评选结果待您第二人审批") % {"s": ctx.obj},
            state_message=_state("不能审批。"),
        ),
        Step(
            "approve",
            gettext_lazy("审批"),
            (S.APPROVING,),
            S.DECIDED,
            Action.PAIR_SELECTION,
            approval="second",
            style="success",
            check=_second,
            state_message=_state("不能审批。"),
        ),
        Step(
            "return",
            gettext_lazy("退回重新拟定"),
            (S.APPROVING,),
            S.RANKED,
            Action.PAIR_SELECTION,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            clears_approvals=True,
            style="warning",
            state_message=_state("不能退回。"),
        ),
        Step(
            "decide",
            gettext_lazy("审定"),
            (S.RANKED,),
            S.DECIDED,
            Action.PAIR_SELECTION,
            style="success",
            check=decision.check_internal,
            state_message=_state("不能审定。"),
        ),
        Step(
            "publish",
            gettext_lazy("发布公示"),
            (S.DECIDED,),
            S.NOTICE,
            Action.PAIR_SELECTION,
            effect=decision.publish,
            state_message=_state("不能发布公示（须先审定）。"),
        ),
        Step(
            "finalise",
            gettext_lazy("评选结果生效"),
            (S.NOTICE,),
            S.FINAL,
            Action.PAIR_SELECTION,
            check=decision.check_finalise,
            effect=decision.pay_out,
            notify=False,
            state_message=_state("不能生效（须先公示）。"),
        ),
        Step(
            "reopen",
            gettext_lazy("异议成立，退回重新审定"),
            (S.APPROVING, S.DECIDED, S.NOTICE),
            S.RANKED,
            Action.PAIR_SELECTION,
            needs_reason=True,
            clears_approvals=True,
            manual=False,
            notify=False,
            effect=decision.reopen,
        ),
    ],
    url=lambda s: reverse("pairs:selection", args=[s.pk]),
    title=str,
    queue_url=lambda: reverse("pairs:selections"),
    lock_related=("union",),
    todo_filter=_selection_todos,
)


def _recommended(ctx: Context) -> None:
    ctx.set("recommended_by", ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    ctx.set("recommended_at", ctx.now)


def _returned(ctx: Context) -> None:
    ctx.set("return_reason", ctx.reason)


def _call_running(ctx: Context) -> None:
    selection = ctx.obj.selection
    if selection.state not in (S.OPEN, S.SCORING):
        raise ValidationError(
            _("评选当前为「%(s)s」，不能再推荐或退回。") % {"s": selection.get_state_display()}
        )


def _resubmit(ctx: Context) -> None:
    selection = ctx.obj.selection
    if selection.state != S.OPEN or timezone.localdate(ctx.now) > selection.closes_on:
        raise ValidationError(
            _("「%(s)s」征集已于%(d)s截止，不能再推荐。") % {"s": selection, "d": selection.closes_on},
            code="closed",
        )


def _nomination_people(nomination: Nomination) -> list:
    return [nomination.nominated_by] if nomination.nominated_by_id else []


def _service(name, label, sources, target, effect=None) -> Step:
    return Step(
        name, label, sources, target, Action.PAIR_SELECTION, manual=False, notify=False, effect=effect
    )


NOMINATION = Workflow(
    name="pair_nomination",
    label=gettext_lazy("金牌师徒推荐"),
    model=Nomination,
    steps=[
        Step(
            "recommend",
            gettext_lazy("推荐"),
            (N.NOMINATED,),
            N.RECOMMENDED,
            Action.PAIR_RECOMMEND,
            reason_label=gettext_lazy("推荐意见"),
            style="success",
            check=_call_running,
            effect=_recommended,
            state_message=gettext_lazy("该推荐当前为「%(state)s」，不能推荐。"),
        ),
        Step(
            "return",
            gettext_lazy("退回"),
            (N.NOMINATED,),
            N.RETURNED,
            Action.PAIR_RECOMMEND,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            style="warning",
            check=_call_running,
            effect=_returned,
            state_message=gettext_lazy("该推荐当前为「%(state)s」，不能退回。"),
        ),
        Step(
            "resubmit",
            gettext_lazy("重新推荐"),
            (N.RETURNED,),
            N.NOMINATED,
            Action.PAIR_NOMINATE,
            check=_resubmit,
            state_message=gettext_lazy("该推荐当前为「%(state)s」，不能重新推荐。"),
        ),
        _service("score", gettext_lazy("评分完毕"), (N.RECOMMENDED,), N.SCORED),
        _service("rank", gettext_lazy("排名"), (N.SCORED,), N.RANKED, decision.nomination_ranked),
        _service("propose", gettext_lazy("列入拟授奖名单"), (N.RANKED,), N.IN_DECISION),
        _service("withdraw", gettext_lazy("移出拟授奖名单"), (N.IN_DECISION,), N.RANKED),
        _service("award", gettext_lazy("授奖"), (N.IN_DECISION,), N.AWARDED),
        _service(
            "not_award",
            gettext_lazy("未获奖"),
            (N.NOMINATED, N.RETURNED, N.RECOMMENDED, N.SCORED, N.RANKED),
            N.NOT_AWARDED,
        ),
    ],
    url=lambda n: reverse("pairs:nomination", args=[n.pk]),
    title=lambda n: n.title,
    queue_url=lambda: reverse("pairs:nominations") + "?awaiting=me",
    people=_nomination_people,
    lock_related=("selection", "enterprise"),
)

_ANSWERED = gettext_lazy("该异议已答复（%(state)s），不能重复答复。")

OBJECTION = Workflow(
    name="pair_objection",
    label=gettext_lazy("金牌师徒公示异议"),
    model=PairObjection,
    steps=[
        Step(
            "answer_upheld",
            gettext_lazy("异议成立"),
            (PairObjection.State.OPEN,),
            PairObjection.State.UPHELD,
            Action.PAIR_SELECTION,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            style="warning",
            check=decision.check_answer,
            effect=decision.uphold,
            recipients=lambda ctx: [ctx.obj.raised_by],
            state_message=_ANSWERED,
        ),
        Step(
            "answer_dismissed",
            gettext_lazy("异议不成立"),
            (PairObjection.State.OPEN,),
            PairObjection.State.DISMISSED,
            Action.PAIR_SELECTION,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            check=decision.check_answer,
            effect=decision.record_answer,
            recipients=lambda ctx: [ctx.obj.raised_by],
            state_message=_ANSWERED,
        ),
    ],
    url=lambda o: reverse("pairs:selection", args=[o.nomination.selection_id]),
    title=lambda o: o.nomination.title,
    lock_related=("nomination",),
)

WORKFLOWS = (SELECTION, NOMINATION, OBJECTION)
