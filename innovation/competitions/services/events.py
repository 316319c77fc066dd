"""Events, leagues, occupations and their marking schemes, and the competition's steps."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innovation.core import workflow as kernel
from innovation.core.validators import clean_text
from innovation.org.models import TradeUnion

from .. import rules
from ..models import Aspect, Competition, CompetitionState, League, LeagueRule, Level, Occupation, Section
from ..models.events import TEXT_MAX, default_places, default_tie_break, default_title_rules
from .common import guarded, require_organiser, require_scheme_open, require_user


def league_create(
    *,
    actor,
    union: TradeUnion,
    year: int,
    title: str,
    rule: str = LeagueRule.SUM,
    rounds_total: int = 1,
    best_n=None,
) -> League:
    with guarded(actor=actor, step="league_create", model=League), transaction.atomic():
        require_organiser(actor, Competition(union=union))
        title = clean_text(title, field="title", limit=200, required=_("请填写联赛名称。"))
        if rule not in LeagueRule.values:
            raise ValidationError({"rule": [_("请选择联赛积分规则。")]})
        if not isinstance(rounds_total, int) or not 1 <= rounds_total <= 20:
            raise ValidationError({"rounds_total": [_("轮数须为1到20的整数。")]})
        if rule == LeagueRule.BEST_OF:
            if not isinstance(best_n, int) or not 1 <= best_n <= rounds_total:
                raise ValidationError(
                    {"best_n": [_("取最好轮数须在1到总轮数（%(m)d）之间。") % {"m": rounds_total}]}
                )
        else:
            best_n = None
        return League.objects.create(
            union=union,
            year=year,
            title=title,
            rule=rule,
            rounds_total=rounds_total,
            best_n=best_n,
            created_by=actor,
        )


def competition_create(
    *,
    actor,
    union: TradeUnion,
    year: int,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    registration_opens_on: datetime.date,
    registration_closes_on: datetime.date,
    level: str = Level.CITY,
    venue: str = "",
    league: League | None = None,
    round_no: int | None = None,
    notes: str = "",
) -> Competition:
    """A draft event of the organiser union (a round of `league` when one is given)."""
    with guarded(actor=actor, step="competition_create"), transaction.atomic():
        require_user(actor)
        require_organiser(actor, Competition(union=union))
        title = clean_text(title, field="title", limit=200, required=_("请填写赛事名称。"))
        venue = clean_text(venue, field="venue", limit=200)
        notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        if level not in Level.values:
            raise ValidationError({"level": [_("请选择赛事级别。")]})
        rules.check_dates(
            registration_opens_on=registration_opens_on,
            registration_closes_on=registration_closes_on,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        kind = Competition.Kind.SINGLE
        if league is not None:
            if league.union_id != union.pk:
                raise ValidationError({"league": [_("联赛分站赛须由联赛的主办工会主办。")]})
            if not isinstance(round_no, int) or not 1 <= round_no <= league.rounds_total:
                raise ValidationError(
                    {"round_no": [_("轮次须在1到%(m)d之间。") % {"m": league.rounds_total}]}
                )
            if league.rounds.filter(round_no=round_no).exists():
                raise ValidationError({"round_no": [_("联赛第%(n)d轮已设立。") % {"n": round_no}]})
            kind = Competition.Kind.LEAGUE_ROUND
        else:
            round_no = None
        return Competition.objects.create(
            union=union,
            level=level,
            year=year,
            title=title,
            kind=kind,
            league=league,
            round_no=round_no,
            venue=venue,
            starts_on=starts_on,
            ends_on=ends_on,
            registration_opens_on=registration_opens_on,
            registration_closes_on=registration_closes_on,
            number_seed=secrets.token_hex(16),
            notes=notes,
            created_by=actor,
        )


# An event's particulars may be corrected until it starts (then its dates and place are facts).
EDITABLE_STATES = (
    CompetitionState.DRAFT,
    CompetitionState.REGISTRATION_OPEN,
    CompetitionState.REGISTRATION_CLOSED,
)


def competition_update(
    *,
    actor,
    competition: Competition,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    registration_opens_on: datetime.date,
    registration_closes_on: datetime.date,
    level: str,
    venue: str = "",
    notes: str = "",
) -> Competition:
    """Correct an event's name, level, place, dates and notes before it starts (the change
    tracking records what changed)."""
    with guarded(actor=actor, step="competition_update", obj=competition), transaction.atomic():
        competition = Competition.objects.select_for_update().select_related("union").get(pk=competition.pk)
        require_organiser(actor, competition)
        if competition.state not in EDITABLE_STATES:
            raise ValidationError(
                _("赛事当前为「%(s)s」，比赛开始后不能再修改赛事信息。")
                % {"s": competition.get_state_display()},
                code="state",
            )
        competition.title = clean_text(title, field="title", limit=200, required=_("请填写赛事名称。"))
        competition.venue = clean_text(venue, field="venue", limit=200)
        competition.notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        if level not in Level.values:
            raise ValidationError({"level": [_("请选择赛事级别。")]})
        rules.check_dates(
            registration_opens_on=registration_opens_on,
            registration_closes_on=registration_closes_on,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        competition.level = level
        competition.starts_on, competition.ends_on = starts_on, ends_on
        competition.registration_opens_on = registration_opens_on
        competition.registration_closes_on = registration_closes_on
        competition.save()
        return competition


def competition_step(
    *, actor, competition: Competition, step: str, reason: str = "", now=None
) -> Competition:
    """open_registration / close_registration / start / lock_marking / publish / finalise."""
    return kernel.run(obj=competition, step=step, actor=actor, reason=reason, now=now)


def _occupation_values(occupation: Occupation, values: dict, aspect_codes) -> dict:
    out = {}
    if "title" in values:
        out["title"] = clean_text(values["title"], field="title", limit=100, required=_("请填写工种名称。"))
    if "quota_per_unit" in values:
        quota = values["quota_per_unit"]
        if not isinstance(quota, int) or isinstance(quota, bool) or not 1 <= quota <= 500:
            raise ValidationError({"quota_per_unit": [_("每单位限报人数须为1到500的整数。")]})
        out["quota_per_unit"] = quota
    theory = values.get("theory_weight", occupation.theory_weight)
    practical = values.get("practical_weight", occupation.practical_weight)
    rules.check_weights(theory, practical)
    out["theory_weight"], out["practical_weight"] = theory, practical
    eligibility = {
        key: values.get(key, getattr(occupation, key))
        for key in ("min_skill_level", "max_skill_level", "min_age", "max_age")
    }
    rules.clean_eligibility(**eligibility)
    out.update(eligibility)
    if "tie_break" in values:
        out["tie_break"] = rules.clean_tie_break(values["tie_break"], aspect_codes)
    if "places" in values:
        out["places"] = rules.clean_places(values["places"])
    if "title_rules" in values:
        out["title_rules"] = rules.clean_title_rules(values["title_rules"])
    if "judgement_spread" in values:
        spread = values["judgement_spread"]
        if not isinstance(spread, int) or isinstance(spread, bool) or not 0 <= spread <= 3:
            raise ValidationError({"judgement_spread": [_("评价分允许差值须为0到3的整数。")]})
        out["judgement_spread"] = spread
    if "standardise" in values:
        out["standardise"] = bool(values["standardise"])
    return out


def occupation_create(*, actor, competition: Competition, code: str, title: str, **values) -> Occupation:
    """An occupation (工种) of a competition: quota, eligibility, weights (default 30 : 70),
    tie-break order, places and prizes, title rules, spread, standardisation; the practical
    scheme comes with `scheme_set`."""
    with guarded(actor=actor, step="occupation_create", obj=competition), transaction.atomic():
        require_organiser(actor, competition)
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        require_scheme_open(competition)
        code = str(code or "").strip().upper()
        if not rules.CODE_RE.match(code):
            raise ValidationError({"code": [_("工种代码须为1到8位字母或数字。")]})
        if competition.occupations.filter(code=code).exists():
            raise ValidationError({"code": [_("工种代码「%(c)s」已被本赛事使用。") % {"c": code}]})
        occupation = Occupation(
            competition=competition,
            code=code,
            tie_break=default_tie_break(),
            places=default_places(),
            title_rules=default_title_rules(),
            order=competition.occupations.count(),
        )
        cleaned = _occupation_values(occupation, {"title": title, **values}, aspect_codes=set())
        for key, value in cleaned.items():
            setattr(occupation, key, value)
        occupation.save()
        return occupation


def occupation_update(*, actor, occupation: Occupation, **values) -> Occupation:
    """Change an occupation's settings (refused once the event has started)."""
    with guarded(actor=actor, step="occupation_update", obj=occupation), transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        require_scheme_open(competition)
        occupation = Occupation.objects.get(pk=occupation.pk)
        codes = set(occupation.aspects.values_list("code", flat=True))
        for key, value in _occupation_values(occupation, values, codes).items():
            setattr(occupation, key, value)
        occupation.save()
        return occupation


def scheme_set(*, actor, occupation: Occupation, sections: list[dict]) -> list[Section]:
    """Set the practical marking scheme of an occupation as a whole (refused once the event has
    started): sections with weights adding up to 100, each with aspects of either kind, every
    judgement aspect with its descriptors for 0–3. The old scheme is replaced."""
    with guarded(actor=actor, step="scheme_set", obj=occupation), transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=occupation.competition_id)
        require_organiser(actor, competition)
        require_scheme_open(competition)
        cleaned = rules.clean_sections(sections)
        codes = {a["code"] for s in cleaned for a in s["aspects"]}
        occupation = Occupation.objects.get(pk=occupation.pk)
        dangling = [w for w in occupation.tie_break if w.startswith("aspect:") and w[7:] not in codes]
        if dangling:
            raise ValidationError(
                {"tie_break": [_("并列决胜顺序引用的评分项「%(c)s」不在新方案中。") % {"c": dangling[0][7:]}]}
            )
        if occupation.judges.filter(aspects__isnull=False).exists():
            raise ValidationError({"sections": [_("已为裁判分配评分项，请先取消裁判分工再修改评分方案。")]})
        for aspect in occupation.aspects.all():
            aspect.delete()  # one by one: each is in the audit trail
        for section in occupation.sections.all():
            section.delete()
        made = []
        for s_order, row in enumerate(cleaned):
            section = Section.objects.create(
                occupation=occupation,
                code=row["code"],
                title=row["title"],
                weight=row["weight"],
                order=s_order,
            )
            for a_order, aspect in enumerate(row["aspects"]):
                Aspect.objects.create(occupation=occupation, section=section, order=a_order, **aspect)
            made.append(section)
        occupation.results_stale = True
        occupation.save(update_fields=["results_stale", "updated_at"])
        return made
