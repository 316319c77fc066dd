"""Events and their marking schemes: a competition (a single event or a round of a league), its
occupations (工种) with eligibility, weights, tie-break order, places, prizes and title rules as
data, and the practical scheme's weighted sections of aspects."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.org.models import SkillLevel, TradeUnion

TEXT_MAX = 2000
REASON_MAX = 2000


class Level(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("县区级")
    INDUSTRY = "industry", _("产业级")
    ENTERPRISE = "enterprise", _("企业级")


class CompetitionState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    REGISTRATION_OPEN = "registration_open", _("报名中")
    REGISTRATION_CLOSED = "registration_closed", _("报名已截止")
    IN_PROGRESS = "in_progress", _("比赛中")
    MARKING_LOCKED = "marking_locked", _("评分已锁定")
    RESULTS_PUBLISHED = "results_published", _("成绩已公布")
    FINAL = "final", _("已办结")


# The scheme (occupations, sections, aspects, weights) may change only before the event starts.
SCHEME_OPEN_STATES = (
    CompetitionState.DRAFT,
    CompetitionState.REGISTRATION_OPEN,
    CompetitionState.REGISTRATION_CLOSED,
)
# The organiser confirms or returns registrations in these states (not once the event started).
CONFIRM_STATES = (CompetitionState.REGISTRATION_OPEN, CompetitionState.REGISTRATION_CLOSED)


class LeagueRule(models.TextChoices):
    SUM = "sum", _("各轮积分相加")
    BEST_OF = "best_of", _("取最好N轮积分")


class League(ScopedModel):
    """A league (联赛) of several rounds, each round a Competition; the season table adds the
    rounds' points by the declared rule (the sum, or the best N of the M rounds)."""

    union = models.ForeignKey(
        TradeUnion, on_delete=models.PROTECT, related_name="competition_leagues", verbose_name=_("主办工会")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("联赛名称"), max_length=200)
    rule = models.CharField(_("积分规则"), max_length=16, choices=LeagueRule.choices, default=LeagueRule.SUM)
    best_n = models.PositiveSmallIntegerField(_("取最好轮数N"), null=True, blank=True)
    rounds_total = models.PositiveSmallIntegerField(
        _("轮数M"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "union.path"

    class Meta:
        verbose_name = _("技能联赛")
        verbose_name_plural = _("技能联赛")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Competition(ScopedModel):
    """One event (职工职业技能大赛) of an organiser union, or one round of a league."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("单项赛事")
        LEAGUE_ROUND = "league_round", _("联赛分站赛")

    union = models.ForeignKey(
        TradeUnion, on_delete=models.PROTECT, related_name="competitions", verbose_name=_("主办工会")
    )
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, default=Level.CITY)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("赛事名称"), max_length=200, db_index=True)
    kind = models.CharField(_("赛事类型"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    league = models.ForeignKey(
        League,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("所属联赛"),
    )
    round_no = models.PositiveSmallIntegerField(_("第几轮"), null=True, blank=True)
    venue = models.CharField(_("比赛地点"), max_length=200, blank=True)
    starts_on = models.DateField(_("比赛开始日期"))
    ends_on = models.DateField(_("比赛结束日期"))
    registration_opens_on = models.DateField(_("报名开始日期"))
    registration_closes_on = models.DateField(_("报名截止日期"))
    state = models.CharField(
        _("状态"),
        max_length=24,
        choices=CompetitionState.choices,
        default=CompetitionState.DRAFT,
        db_index=True,
    )
    # When the event started: from then on the marking scheme is locked.
    scheme_locked_at = models.DateTimeField(_("评分方案锁定时间"), null=True, blank=True)
    # The seed of the anonymous numbers: random, drawn once per event, never shown; the same
    # confirmations in the same order give the same numbers (reproducible), and nothing of
    # the worker (id, name, card number) enters them.
    number_seed = models.CharField(max_length=32, editable=False, default="")
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_from = "union.path"

    class Meta:
        verbose_name = _("技能大赛")
        verbose_name_plural = _("技能大赛")
        ordering = ["-year", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="comp_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="comp_window_ordered",
            ),
            models.UniqueConstraint(fields=["league", "round_no"], name="comp_league_round_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scheme_locked(self) -> bool:
        return self.state not in SCHEME_OPEN_STATES


def default_tie_break() -> list:
    return ["practical", "time"]


def default_places() -> list:
    return [
        {"label": "一等奖", "count": 1, "prize_fen": 0},
        {"label": "二等奖", "count": 2, "prize_fen": 0},
        {"label": "三等奖", "count": 3, "prize_fen": 0},
    ]


def default_title_rules() -> list:
    return [
        {"from": 1, "to": 5, "title": "技术能手", "promotion": SkillLevel.TECHNICIAN.value},
        {"from": 6, "to": 15, "title": "", "promotion": SkillLevel.SENIOR.value},
    ]


class Occupation(ScopedModel):
    """An occupation (工种) of a competition and its marking scheme.

    Everything the results depend on is data here: the theory and practical weights (default
    30 : 70), the tie-break order (a list of "practical", "theory", "aspect:<code>", "time"),
    the places with their counts and prizes (integer fen), the title and promotion rules (a
    list of {"from", "to", "title", "promotion"}: places from..to get the title, e.g. 技术能手,
    and a recommendation for the skill level `promotion`, a SkillLevel value), the spread of
    judgement marks that raises a flag, and whether results are standardised (700 scale)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="occupations", verbose_name=_("赛事")
    )
    code = models.CharField(
        _("工种代码"), max_length=8, help_text=_("大写字母或数字，用于参赛证号和匿名编号。")
    )
    title = models.CharField(_("工种"), max_length=100)
    quota_per_unit = models.PositiveSmallIntegerField(
        _("每单位限报人数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    min_skill_level = models.CharField(
        _("最低技能等级"), max_length=1, choices=SkillLevel.choices, blank=True, default=""
    )
    max_skill_level = models.CharField(
        _("最高技能等级"), max_length=1, choices=SkillLevel.choices, blank=True, default=""
    )
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    theory_weight = models.PositiveSmallIntegerField(_("理论权重（%）"), default=30)
    practical_weight = models.PositiveSmallIntegerField(_("实操权重（%）"), default=70)
    tie_break = models.JSONField(_("并列名次决胜顺序"), default=default_tie_break)
    places = models.JSONField(_("名次与奖金"), default=default_places)
    title_rules = models.JSONField(_("称号与晋级规则"), default=default_title_rules)
    # Judgement marks are whole numbers 0–3: the spread is a whole number too.
    judgement_spread = models.PositiveSmallIntegerField(
        _("评价分允许差值"), default=1, validators=[MaxValueValidator(3)]
    )
    standardise = models.BooleanField(_("成绩标准化（700分制）"), default=False)
    # The chief judge's sign-off: the marks are locked from then on (a correction is a new mark
    # with a reason).
    marks_locked_at = models.DateTimeField(_("评分锁定时间"), null=True, blank=True)
    marks_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set by a correction after the lock (and by any mark or theory score): the results must be
    # recomputed; the results' computation clears it.
    results_stale = models.BooleanField(_("成绩待重新计算"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    scope_from = "competition.scope_path"

    class Meta:
        verbose_name = _("比赛工种")
        verbose_name_plural = _("比赛工种")
        ordering = ["competition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="comp_occupation_code_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def marks_locked(self) -> bool:
        return self.marks_locked_at is not None


class Section(models.Model):
    """A weighted section of an occupation's practical scheme (the weights add up to 100)."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("模块代码"), max_length=8)
    title = models.CharField(_("模块"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("权重（%）"), validators=[MaxValueValidator(100)])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分模块")
        verbose_name_plural = _("评分模块")
        ordering = ["occupation", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["occupation", "code"], name="comp_section_code_once")]

    def __str__(self) -> str:
        return self.title


class AspectKind(models.TextChoices):
    MEASUREMENT = "measurement", _("测量评分")
    JUDGEMENT = "judgement", _("评价评分")


JUDGEMENT_LEVELS = ("0", "1", "2", "3")


class Aspect(models.Model):
    """An aspect of a section: a measurement (0..max points, by rule) or a judgement (0–3 on the
    written descriptors, by three judges; worth `max_points` at 3)."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="aspects")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="aspects")
    code = models.CharField(_("评分项代码"), max_length=16)
    title = models.CharField(_("评分项"), max_length=200)
    kind = models.CharField(_("评分方式"), max_length=16, choices=AspectKind.choices)
    max_points = models.DecimalField(_("满分"), max_digits=6, decimal_places=2)
    # Judgement: {"0": "…", "1": "…", "2": "…", "3": "…"}; measurement: {}.
    descriptors = models.JSONField(_("评价等级描述"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["occupation", "section__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["occupation", "code"], name="comp_aspect_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
