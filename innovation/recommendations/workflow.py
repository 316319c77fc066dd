"""The recommendation's workflow and its objections', run by the workflow kernel.

Recommendation: selected (by the city, services.select) → submitted (报送省总) → result (the
province's result recorded: prize, level, certificate number, date; the authors' honours
written); selected | submitted → withdrawn (with a reason; also when an objection is upheld).

Objection (to the recommendation list's public notice): open → upheld | dismissed, answered by
the city; upheld withdraws the recommendation."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.core import workflow as kernel
from innovation.core.workflow import Context, Step, Workflow
from innovation.org.models import Honour

from .models import AWARDED_PRIZES, ContestLevel, Prize, Recommendation, RecommendationObjection, RecState

R = RecState
CERTIFICATE_MAX = 60

HONOUR_LEVEL = {
    ContestLevel.PROVINCIAL: Honour.Level.PROVINCIAL,
    ContestLevel.NATIONAL: Honour.Level.NATIONAL,
}


def _check_submit(ctx: Context) -> None:
    rec = ctx.obj
    contest = rec.contest
    today = timezone.localdate(ctx.now)
    if today > contest.deadline:
        raise ValidationError(
            _("大赛报送截止日期为%(d)s，已过期，不能再报送。") % {"d": contest.deadline.isoformat()},
            code="deadline",
        )
    if contest.notice_ends and ctx.now < contest.notice_ends:
        raise ValidationError(
            _("推荐名单公示期至%(d)s，公示期满后才能报送。")
            % {"d": timezone.localtime(contest.notice_ends).strftime("%Y-%m-%d %H:%M")},
            code="notice",
        )
    if rec.objections.filter(state=RecommendationObjection.State.OPEN).exists():
        raise ValidationError(_("该推荐有尚未答复的公示异议，须答复后才能报送。"), code="objection")
    ctx.set("submitted_at", ctx.now)


def clean_result(payload: dict, default_level: str) -> dict:
    """The province's result of one item, checked: {prize, level, certificate_no, result_date}.
    Raises ValidationError naming each bad field."""
    errors: dict[str, list] = {}
    prize = payload.get("prize")
    if prize not in Prize.values:
        errors["prize"] = [_("请选择获奖等级（一等奖、二等奖、三等奖、优秀奖或未获奖）。")]
    level = payload.get("level") or default_level
    if level not in ContestLevel.values:
        errors["level"] = [_("获奖级别只能是省级或全国。")]
    number = payload.get("certificate_no") or ""
    number = number.strip() if isinstance(number, str) else ""
    date = payload.get("result_date")
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date.strip())
        except ValueError:
            errors["result_date"] = [_("获奖日期格式不正确（例如 2020-11-20）。")]
            date = None
    elif isinstance(date, datetime.datetime):
        date = date.date()
    elif date is not None and not isinstance(date, datetime.date):
        errors["result_date"] = [_("获奖日期格式不正确（例如 2020-11-20）。")]
        date = None
    if prize in AWARDED_PRIZES:
        if not number:
            errors["certificate_no"] = [_("获奖的成果须填写证书编号。")]
        elif len(number) > CERTIFICATE_MAX:
            errors["certificate_no"] = [_("证书编号不能超过%(n)d个字符。") % {"n": CERTIFICATE_MAX}]
    if date is None and "result_date" not in errors:
        errors["result_date"] = [_("请填写获奖（结果公布）日期。")]
    elif date is not None and date > timezone.localdate():
        errors["result_date"] = [_("获奖日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    return {"prize": prize, "level": level, "certificate_no": number, "result_date": date}


def _check_result(ctx: Context) -> None:
    ctx.payload["result"] = clean_result(ctx.payload, ctx.obj.contest.level)


def honour_title(rec: Recommendation) -> str:
    return f"{rec.contest.year}年{rec.contest.name}{rec.category.name}{rec.get_result_prize_display()}"


def write_honours(rec: Recommendation) -> int:
    """Each author who is a registered worker gets the contest award in their honours. The
    honours hold one row per (worker, kind, level, year): a second award of the same year and
    level is added to that row's title. Returns the rows written or extended."""
    if rec.result_prize not in AWARDED_PRIZES:
        return 0
    title = honour_title(rec)
    level = HONOUR_LEVEL[rec.result_level or rec.contest.level]
    written = 0
    for author in rec.achievement.authors.filter(worker__isnull=False).select_related("worker"):
        honour, created = Honour.objects.get_or_create(
            worker=author.worker,
            kind=Honour.Kind.CONTEST_AWARD,
            level=level,
            year=rec.contest.year,
            defaults={"title": title[:100]},
        )
        if not created and title not in honour.title:
            honour.title = f"{honour.title}；{title}"[:100]
            honour.save(update_fields=["title"])
        written += 1
    return written


def _record_result(ctx: Context) -> None:
    result = ctx.payload["result"]
    ctx.set("result_prize", result["prize"])
    ctx.set("result_level", result["level"])
    ctx.set("certificate_no", result["certificate_no"])
    ctx.set("result_date", result["result_date"])
    n = write_honours(ctx.obj)
    ctx.notes.append(_("结果：%(r)s；记入%(n)d位完成人的荣誉") % {"r": ctx.obj.result_label, "n": n})


def _withdraw(ctx: Context) -> None:
    ctx.set("withdraw_reason", ctx.reason[:500])


def _title(rec: Recommendation) -> str:
    return rec.achievement.title


RECOMMENDATION = Workflow(
    name="recommendation",
    label=gettext_lazy("向上推荐"),
    model=Recommendation,
    steps=[
        Step(
            "submit",
            gettext_lazy("报送省总"),
            (R.SELECTED,),
            R.SUBMITTED,
            Action.RECOMMENDATION_MANAGE,
            check=_check_submit,
            style="success",
        ),
        Step(
            "record_result",
            gettext_lazy("录入结果"),
            (R.SUBMITTED,),
            R.RESULT,
            Action.RECOMMENDATION_MANAGE,
            check=_check_result,
            effect=_record_result,
        ),
        Step(
            "withdraw",
            gettext_lazy("撤回推荐"),
            (R.SELECTED, R.SUBMITTED),
            R.WITHDRAWN,
            Action.RECOMMENDATION_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("撤回理由"),
            effect=_withdraw,
            style="warning",
        ),
    ],
    url=lambda r: reverse("recommendations:detail", args=[r.pk]),
    title=_title,
    queue_url=lambda: reverse("recommendations:list"),
    lock_related=("contest", "category", "achievement"),
    reason_max=500,
)


def _check_answer(ctx: Context) -> None:
    ctx.set("answer", ctx.reason)
    ctx.set("answered_by", ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    ctx.set("answered_at", ctx.now)


def _uphold(ctx: Context) -> None:
    rec = ctx.obj.recommendation
    if rec.state in (R.SELECTED, R.SUBMITTED):
        kernel.run(
            obj=rec,
            step="withdraw",
            actor=ctx.actor,
            reason=_("公示异议成立：%(a)s") % {"a": ctx.reason},
            now=ctx.now,
            by_service=True,
        )
        ctx.notes.append(_("推荐已撤回"))


OBJECTION = Workflow(
    name="recommendation_objection",
    label=gettext_lazy("推荐公示异议"),
    model=RecommendationObjection,
    steps=[
        Step(
            "answer_upheld",
            gettext_lazy("异议成立"),
            (RecommendationObjection.State.OPEN,),
            RecommendationObjection.State.UPHELD,
            Action.RECOMMENDATION_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            check=_check_answer,
            effect=_uphold,
            style="warning",
            notify=False,
        ),
        Step(
            "answer_dismissed",
            gettext_lazy("异议不成立"),
            (RecommendationObjection.State.OPEN,),
            RecommendationObjection.State.DISMISSED,
            Action.RECOMMENDATION_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            check=_check_answer,
            notify=False,
        ),
    ],
    url=lambda o: reverse("recommendations:detail", args=[o.recommendation_id]),
    title=lambda o: o.recommendation.achievement.title,
    queue_url=lambda: reverse("recommendations:objections"),
    lock_related=("recommendation",),
)

WORKFLOWS = [RECOMMENDATION, OBJECTION]
