"""Writes of the recommendation part: a contest with its categories and quotas, the selection
of candidates (quota and eligibility checked under the category's lock), the steps of a
recommendation through the workflow kernel, the public notice of the list and its objections.
Every refusal says why in Chinese, changes nothing and leaves an audit row."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.audit.services import refusals_recorded
from innovation.core import pii
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text, validate_phone

from . import eligibility
from .models import (
    ACTIVE_STATES,
    DEFAULT_GRADES,
    Contest,
    ContestCategory,
    ContestLevel,
    Recommendation,
    RecommendationObjection,
    RecState,
)

OPINION_MAX = 1000
CATEGORIES_MAX = 20


def _guarded(actor, step: str, obj=None, model=Recommendation):
    return refusals_recorded(actor=actor, step=f"recommendations.{step}", obj=obj, model=model)


def _signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("请先登录。"))


def _manages(actor, contest: Contest) -> None:
    if not can_act_at(actor, Action.RECOMMENDATION_MANAGE, contest.union):
        raise PermissionDenied(_("向上推荐由市总工会管理员办理，您无权操作。"))


# ---------------------------------------------------------------- contests


def contest_create(
    *,
    actor,
    union,
    name,
    organiser,
    level,
    year,
    deadline,
    categories,
    package_note="",
    eligible_grades=None,
    max_age_years=2,
    notice_days=5,
) -> Contest:
    """A higher contest; `categories` is a list of (name, quota)."""
    with _guarded(actor, "contest_create", model=Contest):
        _signed_in(actor)
        if union is None or not can_act_at(actor, Action.RECOMMENDATION_MANAGE, union):
            raise PermissionDenied(_("只有市总工会管理员可以登记上级大赛。"))
        errors: dict[str, list] = {}
        data = {}
        for field, value, limit, required in (
            ("name", name, 120, _("请填写大赛名称。")),
            ("organiser", organiser, 120, _("请填写主办单位。")),
            ("package_note", package_note, 2000, None),
        ):
            try:
                data[field] = clean_text(value, field=field, limit=limit, required=required)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if level not in ContestLevel.values:
            errors["level"] = [_("请选择大赛级别（省级或全国）。")]
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            errors["year"] = [_("年度须为2000至2100之间的年份。")]
        if not isinstance(deadline, datetime.date) or isinstance(deadline, datetime.datetime):
            errors["deadline"] = [_("请填写报送截止日期。")]
        grades = list(eligible_grades) if eligible_grades else list(DEFAULT_GRADES)
        if any(g not in eligibility.AwardGrade.Code.values for g in grades):
            errors["eligible_grades"] = [_("可推荐的市级奖项只能是一等奖、二等奖、三等奖、优秀奖。")]
        if not isinstance(max_age_years, int) or not 0 <= max_age_years <= 10:
            errors["max_age_years"] = [_("可推荐年限须为0至10年。")]
        if not isinstance(notice_days, int) or not 1 <= notice_days <= 30:
            errors["notice_days"] = [_("公示天数须为1至30天。")]
        rows = _clean_categories(categories, errors)
        if not errors and Contest.objects.filter(union=union, name=data["name"], year=year).exists():
            errors["name"] = [_("%(y)d年「%(n)s」已登记。") % {"y": year, "n": data["name"]}]
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            contest = Contest.objects.create(
                union=union,
                level=level,
                year=year,
                deadline=deadline,
                eligible_grades=grades,
                max_age_years=max_age_years,
                notice_days=notice_days,
                created_by=actor,
                **data,
            )
            for order, (cat_name, quota) in enumerate(rows, start=1):
                ContestCategory.objects.create(contest=contest, name=cat_name, quota=quota, order=order)
    return contest


def _clean_categories(categories, errors: dict) -> list[tuple[str, int]]:
    rows, seen = [], set()
    for index, item in enumerate(categories or [], start=1):
        try:
            cat_name, quota = item
        except (TypeError, ValueError):
            errors["categories"] = [_("第%(i)d个组别格式不正确。") % {"i": index}]
            return []
        cat_name = cat_name.strip() if isinstance(cat_name, str) else ""
        if not cat_name or len(cat_name) > 40:
            errors["categories"] = [_("第%(i)d个组别须填写名称（不超过40字）。") % {"i": index}]
            return []
        if not isinstance(quota, int) or isinstance(quota, bool) or not 1 <= quota <= 1000:
            errors["categories"] = [_("组别「%(n)s」的名额须为1至1000的整数。") % {"n": cat_name}]
            return []
        if cat_name in seen:
            errors["categories"] = [_("组别「%(n)s」重复。") % {"n": cat_name}]
            return []
        seen.add(cat_name)
        rows.append((cat_name, quota))
    if not rows and "categories" not in errors:
        errors["categories"] = [_("请至少设置一个组别及其推荐名额。")]
    if len(rows) > CATEGORIES_MAX:
        errors["categories"] = [_("组别不能超过%(n)d个。") % {"n": CATEGORIES_MAX}]
    return rows


# ---------------------------------------------------------------- selecting candidates


def select(
    *, actor, contest: Contest, category: ContestCategory, achievement, opinion: str = "", now=None
) -> Recommendation:
    """Recommend one awarded item in one category of the contest, within the category's quota
    and only when eligible (eligibility.check explains each refusal)."""
    now = now or timezone.now()
    with _guarded(actor, "select", model=Recommendation):
        _signed_in(actor)
        _manages(actor, contest)
        if not isinstance(category, ContestCategory) or category.contest_id != contest.pk:
            raise ValidationError({"category": [_("请选择本大赛的组别。")]})
        opinion = clean_text(opinion, field="opinion", limit=OPINION_MAX)
        if timezone.localdate(now) > contest.deadline:
            raise ValidationError(
                _("大赛报送截止日期为%(d)s，已过期，不能再推荐。") % {"d": contest.deadline.isoformat()},
                code="deadline",
            )
        with transaction.atomic():
            # The category's lock serialises two admins filling the last place.
            locked = ContestCategory.objects.select_for_update().get(pk=category.pk)
            award, reasons = eligibility.check(contest, achievement)
            if reasons:
                raise ValidationError(
                    _("「%(t)s」不能推荐：%(r)s") % {"t": achievement.title, "r": "".join(reasons)},
                    code="ineligible",
                )
            used = locked.recommendations.filter(state__in=ACTIVE_STATES).count()
            if used >= locked.quota:
                raise ValidationError(
                    _("「%(c)s」推荐名额为%(q)d项，已推荐%(n)d项，名额已满。")
                    % {"c": locked.name, "q": locked.quota, "n": used},
                    code="quota",
                )
            old = Recommendation.objects.filter(contest=contest, achievement=achievement).first()
            if old is not None:
                raise ValidationError(
                    _("「%(t)s」曾推荐至本大赛并已撤回，不能再次推荐。") % {"t": achievement.title},
                    code="withdrawn",
                )
            rec = Recommendation(
                contest=contest,
                category=locked,
                achievement=achievement,
                award=award,
                opinion=opinion,
                selected_by=actor,
            )
            rec.save()
            kernel.load_history(Recommendation, [(rec, [("select", "", RecState.SELECTED, actor, "", now)])])
    return rec


def submit(*, actor, recommendation: Recommendation, now=None) -> Recommendation:
    return kernel.run(obj=recommendation, step="submit", actor=actor, now=now)


def withdraw(*, actor, recommendation: Recommendation, reason: str, now=None) -> Recommendation:
    return kernel.run(obj=recommendation, step="withdraw", actor=actor, reason=reason, now=now)


def record_result(
    *, actor, recommendation: Recommendation, prize, certificate_no="", result_date=None, level="", now=None
) -> Recommendation:
    """The province's result of one item (entered by hand, or one row of the result sheet)."""
    return kernel.run(
        obj=recommendation,
        step="record_result",
        actor=actor,
        now=now,
        prize=prize,
        certificate_no=certificate_no,
        result_date=result_date,
        level=level,
    )


# ---------------------------------------------------------------- public notice and objections


def publish_notice(*, actor, contest: Contest, now=None) -> Contest:
    """Publish the recommendation list for `notice_days` days."""
    now = now or timezone.now()
    with _guarded(actor, "publish_notice", obj=contest):
        _signed_in(actor)
        _manages(actor, contest)
        if not contest.recommendations.filter(state__in=ACTIVE_STATES).exists():
            raise ValidationError(_("还没有推荐任何成果，不能公示。"))
        if contest.notice_starts and contest.notice_ends and now < contest.notice_ends:
            raise ValidationError(_("推荐名单正在公示中。"))
        contest.notice_starts = now
        contest.notice_ends = now + datetime.timedelta(days=contest.notice_days)
        kernel.save_noted(
            contest, actor=actor, detail=_("发布推荐名单公示"), fields=["notice_starts", "notice_ends"]
        )
    return contest


def notice_is_open(contest: Contest, now=None) -> bool:
    now = now or timezone.now()
    return bool(contest.notice_starts and contest.notice_starts <= now < contest.notice_ends)


def raise_objection(
    *, recommendation: Recommendation, name, phone, reason, now=None
) -> RecommendationObjection:
    """A member of the public (real name and phone) objects to one item of the notice."""
    now = now or timezone.now()
    with _guarded(None, "objection", obj=recommendation):
        errors: dict[str, list] = {}
        name = name.strip() if isinstance(name, str) else ""
        if not 2 <= len(name) <= 30:
            errors["name"] = [_("请填写您的真实姓名（2至30字）。")]
        try:
            phone = validate_phone(phone if isinstance(phone, str) else "")
        except ValidationError as exc:
            errors["phone"] = exc.messages
        try:
            reason = clean_text(reason, field="reason", limit=2000, required=_("请写明异议理由。"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not notice_is_open(recommendation.contest, now):
            errors.setdefault("__all__", []).append(_("该推荐名单不在公示期内，不能提出异议。"))
        elif recommendation.state not in ACTIVE_STATES:
            errors.setdefault("__all__", []).append(_("该成果不在推荐名单中。"))
        if errors:
            raise ValidationError(errors)
        return RecommendationObjection.objects.create(
            recommendation=recommendation,
            public_name=name,
            phone=phone,
            phone_hash=pii.keyed_hash(phone),
            phone_masked=pii.mask_phone(phone),
            reason=reason,
        )


def answer_objection(*, actor, objection: RecommendationObjection, upheld, answer, now=None):
    if not isinstance(upheld, bool):
        raise ValidationError({"upheld": [_("请选择异议是否成立。")]})
    step = "answer_upheld" if upheld else "answer_dismissed"
    return kernel.run(obj=objection, step=step, actor=actor, reason=answer, now=now)


def visible(user, qs=None):
    qs = Recommendation.objects.all() if qs is None else qs
    return restrict(qs, user, Action.RECOMMENDATION_VIEW)
