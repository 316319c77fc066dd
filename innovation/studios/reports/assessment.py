"""The yearly assessment (年度考核) and revocation (摘牌): the one place for their rules.

* The rubric in force for a year is the AssessmentRubric with the greatest effective_year ≤ that
  year. A new version may only start after the last assessed year, so past results never change
  their rules.
* Each criterion scores `value × per_unit`, at most `max`, from the figures of the studio's
  VERIFIED yearly report (reports/selectors.py: figures); the total gives the result by the
  rubric's thresholds. A studio that did not report (no report or a draft) is unqualified; one
  whose report is submitted but not yet verified is left out of the run until the city verifies.
* Studios named before the year and still active are assessed (a studio named in the year gets
  its naming subsidy and is assessed from the next year on).
* `revocation_proposals` lists the studios with `revoke_after_unqualified` consecutive
  unqualified years (the rubric's setting); the city confirms each with `revoke` and a document
  number. `revoke` also serves a serious fault. Revoked studios stay, with status revoked.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, restrict
from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.notifications.services import notify

from ..checks import audited, clean_year, require_city, require_user, studio_url
from ..models import Studio, SubsidyLine, SubsidyPolicy, SubsidyRound
from .models import Assessment, AssessmentRubric, YearReport
from .selectors import CENT, FIGURES, combine, figures, record_figures, with_figures

MAX_CRITERIA = 20
MAX_TOTAL = Decimal(1000)
DOC_MAX = 60
REASON_MAX = 2000


# ---------------------------------------------------------------- rubrics


def rubric_for(year: int) -> AssessmentRubric:
    rubric = AssessmentRubric.objects.filter(effective_year__lte=year).order_by("-effective_year").first()
    if rubric is None:
        raise ValidationError(
            _("没有适用于%(y)d年的考核办法，请先设置考核办法。") % {"y": year}, code="no_rubric"
        )
    return rubric


def _decimal(value, field: str, message: str) -> Decimal:
    try:
        if isinstance(value, bool) or value is None:
            raise InvalidOperation
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: [message]}) from None
    return number


def clean_criteria(criteria) -> list[dict]:
    """Criteria as stored: [{"key", "label", "per_unit", "max"}], keys among the report figures."""
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError({"criteria": [_("请至少设置一个评分项。")]})
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError({"criteria": [_("评分项不能超过%(n)d个。") % {"n": MAX_CRITERIA}]})
    cleaned, seen, problems = [], set(), []
    for index, item in enumerate(criteria, start=1):
        if not isinstance(item, dict):
            problems.append(_("第%(i)d项格式不正确。") % {"i": index})
            continue
        key = item.get("key")
        if key not in FIGURES:
            problems.append(
                _("第%(i)d项的指标「%(k)s」不存在，可用：%(all)s。")
                % {"i": index, "k": key, "all": "、".join(FIGURES)}
            )
            continue
        if key in seen:
            problems.append(_("指标「%(k)s」重复。") % {"k": key})
            continue
        seen.add(key)
        try:
            per_unit = _decimal(item.get("per_unit"), "criteria", "")
            top = _decimal(item.get("max"), "criteria", "")
        except ValidationError:
            problems.append(_("第%(i)d项的每单位分值和最高分须为数字。") % {"i": index})
            continue
        if per_unit <= 0 or top <= 0:
            problems.append(_("第%(i)d项的每单位分值和最高分须大于0。") % {"i": index})
            continue
        label = str(item.get("label") or FIGURES[key])[:40]
        cleaned.append({"key": key, "label": label, "per_unit": str(per_unit), "max": str(top)})
    if problems:
        raise ValidationError({"criteria": problems})
    return cleaned


def rubric_create(
    *,
    actor,
    effective_year: int,
    criteria,
    excellent_from,
    qualified_from,
    revoke_after_unqualified: int = 2,
    one_roster_only: bool = True,
    note: str = "",
) -> AssessmentRubric:
    """A new version of the rubric, applying from `effective_year` (after the last assessed year)."""
    with audited(actor=actor, model=AssessmentRubric, step="rubric_create"):
        require_user(actor, _("设置考核办法"))
        if not (can(actor, Action.STUDIO_MANAGE) and actor.has_role(Role.CITY_ADMIN)):
            raise PermissionDenied(_("考核办法须由市总工会设置。"))
        clean_year(effective_year, field="effective_year")
        cleaned = clean_criteria(criteria)
        excellent = _decimal(excellent_from, "excellent_from", _("请填写优秀分数线。"))
        qualified = _decimal(qualified_from, "qualified_from", _("请填写合格分数线。"))
        total = sum(Decimal(c["max"]) for c in cleaned)
        if total > MAX_TOTAL:
            raise ValidationError({"criteria": [_("各项最高分合计不能超过%(n)s分。") % {"n": MAX_TOTAL}]})
        if not Decimal(0) <= qualified <= excellent <= total:
            raise ValidationError(
                {
                    "excellent_from": [
                        _("分数线须满足 0 ≤ 合格线 ≤ 优秀线 ≤ 满分（%(t)s分）。") % {"t": total.normalize()}
                    ]
                }
            )
        if (
            isinstance(revoke_after_unqualified, bool)
            or not isinstance(revoke_after_unqualified, int)
            or not 1 <= revoke_after_unqualified <= 10
        ):
            raise ValidationError({"revoke_after_unqualified": [_("连续不合格年数须在1至10之间。")]})
        last = Assessment.objects.order_by("-year").values_list("year", flat=True).first()
        if last is not None and effective_year <= last:
            raise ValidationError(
                {
                    "effective_year": [
                        _(
                            "已有%(y)d年的考核结果，新的考核办法只能从%(n)d年起适用，不能改变已考核年度的规则。"
                        )
                        % {"y": last, "n": last + 1}
                    ]
                }
            )
        if AssessmentRubric.objects.filter(effective_year=effective_year).exists():
            raise ValidationError(
                {"effective_year": [_("%(y)d年起的考核办法已存在。") % {"y": effective_year}]}
            )
        try:
            with transaction.atomic():
                return AssessmentRubric.objects.create(
                    effective_year=effective_year,
                    criteria=cleaned,
                    excellent_from=excellent.quantize(CENT),
                    qualified_from=qualified.quantize(CENT),
                    revoke_after_unqualified=revoke_after_unqualified,
                    one_roster_only=bool(one_roster_only),
                    note=clean_text(note, field="note", limit=200),
                )
        except IntegrityError:
            raise ValidationError({"effective_year": [_("该年度起的考核办法已存在。")]}) from None


# ---------------------------------------------------------------- scoring


def score(values: dict, rubric: AssessmentRubric) -> tuple[Decimal, str, list[dict]]:
    """(total, result, items) for the figures `values` under `rubric`."""
    items, total = [], Decimal(0)
    for criterion in rubric.criteria:
        value = Decimal(str(values.get(criterion["key"], 0)))
        per_unit, top = Decimal(str(criterion["per_unit"])), Decimal(str(criterion["max"]))
        points = min(value * per_unit, top).quantize(CENT, rounding=ROUND_HALF_UP)
        total += points
        items.append(
            {
                "key": criterion["key"],
                "label": criterion.get("label") or str(FIGURES.get(criterion["key"], "")),
                "value": str(value),
                "per_unit": str(per_unit),
                "max": str(top),
                "points": str(points),
            }
        )
    return total, result_for(total, rubric), items


def result_for(total: Decimal, rubric: AssessmentRubric) -> str:
    if total >= rubric.excellent_from:
        return Assessment.Result.EXCELLENT
    if total >= rubric.qualified_from:
        return Assessment.Result.QUALIFIED
    return Assessment.Result.UNQUALIFIED


def _jsonable(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def evaluate(
    *, studio: Studio, year: int, rubric: AssessmentRubric, report: YearReport | None
) -> dict | None:
    """What an assessment would say; None while the report waits for the city's verification."""
    if report is not None and report.state == YearReport.State.SUBMITTED:
        return None
    if report is None or report.state == YearReport.State.DRAFT:
        values = combine(record_figures(studio=studio, year=year), None)
        total, _result, items = score(values, rubric)
        return {
            "score": total,
            "result": Assessment.Result.UNQUALIFIED,
            "detail": {
                "rubric": rubric.effective_year,
                "report": None if report is None else report.pk,
                "report_state": "missing" if report is None else report.state,
                "reason": _("未提交%(y)d年度报告，考核不合格。") % {"y": year},
                "figures": _jsonable(values),
                "items": items,
            },
        }
    values = figures(report)
    total, result, items = score(values, rubric)
    return {
        "score": total,
        "result": result,
        "detail": {
            "rubric": rubric.effective_year,
            "report": report.pk,
            "report_state": report.state,
            "reason": "",
            "figures": _jsonable(values),
            "items": items,
        },
    }


def assessable_studios(*, year: int, user):
    """Active studios named before `year`, in the user's scope for assessing."""
    return restrict(
        Studio.objects.filter(status=Studio.Status.ACTIVE, named_year__lt=year), user, Action.STUDIO_MANAGE
    )


def _subsidised_from(studio_ids, year: int) -> set[int]:
    """Studios whose `year` result already paid a yearly subsidy (an approved round of year+1)."""
    return set(
        SubsidyLine.objects.filter(
            studio_id__in=studio_ids,
            kind=SubsidyPolicy.Kind.YEARLY,
            round__year=year + 1,
            round__state=SubsidyRound.State.APPROVED,
        ).values_list("studio_id", flat=True)
    )


def run_assessment(*, year: int, actor, note: str = "", now: datetime.datetime | None = None) -> dict:
    """Assess every assessable studio in the actor's scope for `year` (re-running updates the
    results, except those a yearly subsidy was already approved on). Returns a summary."""
    now = now or timezone.now()
    with audited(actor=actor, model=Assessment, step="assessment_run"):
        require_user(actor, _("年度考核"))
        if not (can(actor, Action.STUDIO_MANAGE) and actor.has_role(Role.CITY_ADMIN)):
            raise PermissionDenied(_("年度考核须由市总工会组织。"))
        clean_year(year)
        if year >= timezone.localdate().year + 1:
            raise ValidationError({"year": [_("%(y)d年尚未开始，不能考核。") % {"y": year}]})
        note = clean_text(note, field="note", limit=REASON_MAX)
        rubric = rubric_for(year)
        studios = list(assessable_studios(year=year, user=actor).select_related("enterprise").order_by("pk"))
        ids = [s.pk for s in studios]
        reports = {
            r.studio_id: r
            for r in with_figures(
                YearReport.objects.filter(studio_id__in=ids, year=year).select_related("studio")
            )
        }
        existing = {a.studio_id: a for a in Assessment.objects.filter(studio_id__in=ids, year=year)}
        frozen = _subsidised_from(ids, year)
        summary = {
            "year": year,
            "rubric": rubric.effective_year,
            "assessed": 0,
            "excellent": 0,
            "qualified": 0,
            "unqualified": 0,
            "pending": [],
            "frozen": [],
        }
        try:
            _save_outcomes(
                studios=studios,
                year=year,
                rubric=rubric,
                reports=reports,
                existing=existing,
                frozen=frozen,
                note=note,
                actor=actor,
                now=now,
                summary=summary,
            )
        except IntegrityError:
            raise ValidationError(_("另一位管理员正在进行同一年度的考核，请稍后重试。")) from None
        summary["proposals"] = revocation_proposals(year=year, user=actor)
    return summary


def _save_outcomes(*, studios, year, rubric, reports, existing, frozen, note, actor, now, summary) -> None:
    """Write the year's results in one transaction (the run's summary is filled in as it goes)."""
    with transaction.atomic():
        for studio in studios:
            if studio.pk in frozen:
                summary["frozen"].append(studio.name)
                continue
            outcome = evaluate(studio=studio, year=year, rubric=rubric, report=reports.get(studio.pk))
            if outcome is None:
                summary["pending"].append(studio.name)
                continue
            assessment = existing.get(studio.pk) or Assessment(
                studio=studio, year=year, scope_path=studio.scope_path
            )
            assessment.rubric = rubric
            assessment.score = outcome["score"]
            assessment.result = outcome["result"]
            assessment.detail = outcome["detail"]
            assessment.note = note or outcome["detail"]["reason"]
            assessment.assessed_by = actor
            assessment.assessed_at = now
            assessment.scope_path = studio.scope_path
            detail = _("%(y)d年度考核（%(r)d年起考核办法）") % {"y": year, "r": rubric.effective_year}
            if assessment.pk is None:
                assessment.save()
            else:
                kernel.save_noted(assessment, actor=actor, detail=detail)
            summary["assessed"] += 1
            summary[outcome["result"]] += 1


def assessments_visible_to(user, action: str = Action.STUDIO_VIEW):
    return restrict(Assessment.objects.all(), user, action)


# ---------------------------------------------------------------- revocation


def revocation_proposals(*, year: int, user) -> list[dict]:
    """Active studios in the user's scope with N consecutive unqualified years ending at `year`
    (N from the rubric in force that year)."""
    try:
        n = rubric_for(year).revoke_after_unqualified
    except ValidationError:
        return []
    years = list(range(year - n + 1, year + 1))
    failing = (
        Assessment.objects.filter(year__in=years, result=Assessment.Result.UNQUALIFIED)
        .order_by()
        .values("studio_id")
        .annotate(n=Count("pk"))
        .filter(n=n)
        .values("studio_id")
    )
    studios = restrict(
        Studio.objects.filter(pk__in=failing, status=Studio.Status.ACTIVE), user, Action.STUDIO_MANAGE
    ).select_related("enterprise")
    return [
        {
            "studio": studio,
            "years": years,
            "reason": _("%(a)d—%(b)d年连续%(n)d年考核不合格") % {"a": years[0], "b": years[-1], "n": n},
        }
        for studio in studios.order_by("name", "pk")
    ]


def revoke(
    *, studio: Studio, actor, document_no: str, reason: str, on: datetime.date | None = None
) -> Studio:
    """Revoke a studio (摘牌) with the document and the reason; it stays, with status revoked."""
    on = on or timezone.localdate()
    with audited(actor=actor, obj=studio, step="revoke"):
        require_user(actor, _("摘牌"))
        require_city(actor, Action.STUDIO_MANAGE, studio, _("摘牌须由市总工会决定。"))
        document_no = clean_text(
            document_no, field="document_no", limit=DOC_MAX, required=_("请填写摘牌文号。")
        )
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required=_("请写明摘牌理由。"))
        if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
            raise ValidationError({"on": [_("请填写摘牌日期。")]})
        if on > timezone.localdate():
            raise ValidationError({"on": [_("摘牌日期不能晚于今天。")]})
        if on.year < studio.named_year:
            raise ValidationError(
                {"on": [_("摘牌日期不能早于命名年度（%(y)d年）。") % {"y": studio.named_year}]}
            )
        with transaction.atomic():
            locked = Studio.objects.select_for_update(of=("self",)).select_related("leader").get(pk=studio.pk)
            if locked.status == Studio.Status.REVOKED:
                raise ValidationError(
                    _("「%(s)s」已于%(d)s摘牌（%(n)s）。")
                    % {"s": locked, "d": locked.revoked_on, "n": locked.revoke_document_no},
                    code="revoked",
                )
            locked.status = Studio.Status.REVOKED
            locked.revoked_on = on
            locked.revoke_document_no = document_no
            locked.revoke_reason = reason
            kernel.save_noted(
                locked,
                actor=actor,
                detail=_("摘牌（%(n)s）：%(r)s") % {"n": document_no, "r": reason},
                fields=["status", "revoked_on", "revoke_document_no", "revoke_reason", "updated_at"],
            )
            leader = locked.leader
            notify(
                users=[leader.user] if leader.user_id else [],
                title=_("「%(s)s」已被摘牌") % {"s": locked},
                body=_("文号：%(n)s。理由：%(r)s") % {"n": document_no, "r": reason},
                url=studio_url(locked.pk),
            )
    for field in ("status", "revoked_on", "revoke_document_no", "revoke_reason"):
        setattr(studio, field, getattr(locked, field))
    return studio
