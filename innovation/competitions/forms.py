"""Forms of the skills competitions (input only: every rule is in the services).

The lists of an occupation (places, title rules) and the practical scheme are entered one item a
line with "|" between the parts, and parsed here into what the services take; a line that cannot
be read is refused with its line number, and the services check the rest."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action, Scope, scope_for
from innovation.accounts.scope import ancestor_paths
from innovation.org.forms import BootstrapMixin
from innovation.org.models import SkillLevel

from .models import JUDGEMENT_LEVELS, AspectKind, Competition, CompetitionState, Level
from .models.events import REASON_MAX, TEXT_MAX

LINES_MAX = 20_000


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (n, [part.strip() for part in line.split("|")])
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _int(value: str, n: int, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_g("第%(n)d行：%(w)s须为整数。") % {"n": n, "w": what}) from None


class LeagueForm(Styled):
    title = forms.CharField(label=_("联赛名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    rule = forms.ChoiceField(
        label=_("积分规则"), choices=[("sum", _("各轮积分相加")), ("best_of", _("取最好N轮积分"))]
    )
    rounds_total = forms.IntegerField(label=_("轮数M"), min_value=1, max_value=20, initial=3)
    best_n = forms.IntegerField(label=_("取最好轮数N"), min_value=1, max_value=20, required=False)


class CompetitionForm(Styled):
    title = forms.CharField(label=_("赛事名称"), max_length=200)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    venue = forms.CharField(label=_("比赛地点"), max_length=200, required=False)
    registration_opens_on = forms.DateField(label=_("报名开始日期"), widget=_date())
    registration_closes_on = forms.DateField(label=_("报名截止日期"), widget=_date())
    starts_on = forms.DateField(label=_("比赛开始日期"), widget=_date())
    ends_on = forms.DateField(label=_("比赛结束日期"), widget=_date())
    league = forms.ModelChoiceField(label=_("所属联赛（分站赛选填）"), queryset=None, required=False)
    round_no = forms.IntegerField(label=_("第几轮"), min_value=1, max_value=20, required=False)
    notes = forms.CharField(
        label=_("备注"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, leagues, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["league"].queryset = leagues
        if editing:  # the year, the league and the round stay as the event was set up
            for name in ("year", "league", "round_no"):
                del self.fields[name]


class OccupationForm(Styled):
    """An occupation's settings; places are "名称|人数|奖金（元）", title rules
    "起始名次|截止名次|称号|晋级等级" (the level by its name, e.g. 技师), one a line."""

    code = forms.CharField(
        label=_("工种代码"), max_length=8, help_text=_("大写字母或数字，用于参赛证号和匿名编号。")
    )
    title = forms.CharField(label=_("工种"), max_length=100)
    quota_per_unit = forms.IntegerField(label=_("每单位限报人数"), min_value=1, max_value=500, initial=3)
    min_skill_level = forms.ChoiceField(label=_("最低技能等级"), choices=SkillLevel.choices, required=False)
    max_skill_level = forms.ChoiceField(label=_("最高技能等级"), choices=SkillLevel.choices, required=False)
    min_age = forms.IntegerField(label=_("最低年龄"), min_value=16, max_value=80, required=False)
    max_age = forms.IntegerField(label=_("最高年龄"), min_value=16, max_value=80, required=False)
    theory_weight = forms.IntegerField(label=_("理论权重（%）"), min_value=0, max_value=100, initial=30)
    practical_weight = forms.IntegerField(label=_("实操权重（%）"), min_value=0, max_value=100, initial=70)
    tie_break = forms.CharField(
        label=_("并列名次决胜顺序"),
        max_length=500,
        initial="practical,time",
        help_text=_(
            "以逗号分隔：practical（实操成绩）、theory（理论成绩）、aspect:评分项代码、time（用时）。"
        ),
    )
    places = forms.CharField(
        label=_("名次与奖金"),
        max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="一等奖|1|0\n二等奖|2|0\n三等奖|3|0",
        help_text=_("每行一项：名称|人数|奖金（元，整数）。"),
    )
    title_rules = forms.CharField(
        label=_("称号与晋级规则"),
        max_length=LINES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="1|5|技术能手|技师\n6|15||高级工",
        help_text=_("每行一条：起始名次|截止名次|称号（可空）|晋级等级（如技师、高级工，可空）。"),
    )
    judgement_spread = forms.IntegerField(label=_("评价分允许差值"), min_value=0, max_value=3, initial=1)
    standardise = forms.BooleanField(label=_("成绩标准化（700分制）"), required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]

    def clean_tie_break(self):
        return [w.strip() for w in self.cleaned_data["tie_break"].split(",") if w.strip()]

    def clean_places(self):
        out = []
        for n, parts in _lines(self.cleaned_data["places"]):
            if len(parts) != 3:
                raise ValidationError(_g("第%(n)d行须为“名称|人数|奖金（元）”三项。") % {"n": n})
            out.append(
                {
                    "label": parts[0],
                    "count": _int(parts[1], n, _g("人数")),
                    "prize_fen": _int(parts[2] or "0", n, _g("奖金")) * 100,
                }
            )
        return out

    def clean_title_rules(self):
        labels = {str(label): value for value, label in SkillLevel.choices if value}
        out = []
        for n, parts in _lines(self.cleaned_data["title_rules"]):
            if len(parts) != 4:
                raise ValidationError(_g("第%(n)d行须为“起始名次|截止名次|称号|晋级等级”四项。") % {"n": n})
            if parts[3] and parts[3] not in labels:
                raise ValidationError(
                    _g("第%(n)d行：晋级等级须为%(l)s之一。") % {"n": n, "l": "、".join(labels)}
                )
            out.append(
                {
                    "from": _int(parts[0], n, _g("起始名次")),
                    "to": _int(parts[1], n, _g("截止名次")),
                    "title": parts[2],
                    "promotion": labels.get(parts[3], ""),
                }
            )
        return out

    def values(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("code", None)
        for key in ("min_skill_level", "max_skill_level"):
            d[key] = d[key] or ""
        return d


def places_text(places) -> str:
    return "\n".join(f"{p['label']}|{p['count']}|{p['prize_fen'] // 100}" for p in places)


def title_rules_text(rules) -> str:
    labels = dict(SkillLevel.choices)
    return "\n".join(
        f"{r['from']}|{r['to']}|{r['title']}|{labels.get(r['promotion'], '') if r['promotion'] else ''}"
        for r in rules
    )


class SchemeForm(Styled):
    """The practical scheme, as `services.scheme_set` takes it: the sections one a line
    ("代码|名称|权重"), the aspects one a line ("模块代码|代码|名称|measurement 或 judgement|满分"
    and, for a judgement, the four descriptors of 0, 1, 2, 3)."""

    sections = forms.CharField(
        label=_("评分模块"),
        max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个：模块代码|模块名称|权重（各模块权重合计须为100）。"),
    )
    aspects = forms.CharField(
        label=_("评分项"),
        max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "每行一个：模块代码|评分项代码|名称|measurement（测量评分）或judgement（评价评分）|满分；"
            "评价评分再接0分、1分、2分、3分四级描述，以|分隔。"
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        sections, by_code = [], {}
        for n, parts in _lines(cleaned["sections"]):
            if len(parts) != 3:
                self.add_error("sections", _g("第%(n)d行须为“模块代码|模块名称|权重”三项。") % {"n": n})
                return cleaned
            try:
                weight = _int(parts[2], n, _g("权重"))
            except ValidationError as exc:
                self.add_error("sections", exc)
                return cleaned
            row = {"code": parts[0], "title": parts[1], "weight": weight, "aspects": []}
            sections.append(row)
            by_code[parts[0]] = row
        for n, parts in _lines(cleaned["aspects"]):
            if len(parts) not in (5, 9):
                self.add_error(
                    "aspects", _g("第%(n)d行须为五项（测量评分）或九项（评价评分，含四级描述）。") % {"n": n}
                )
                return cleaned
            section = by_code.get(parts[0])
            if section is None:
                self.add_error(
                    "aspects", _g("第%(n)d行：模块代码「%(c)s」不存在。") % {"n": n, "c": parts[0]}
                )
                return cleaned
            try:
                max_points = Decimal(parts[4])
            except InvalidOperation:
                self.add_error("aspects", _g("第%(n)d行：满分须为数字。") % {"n": n})
                return cleaned
            aspect = {"code": parts[1], "title": parts[2], "kind": parts[3], "max_points": max_points}
            if parts[3] == AspectKind.JUDGEMENT:
                aspect["descriptors"] = dict(zip(JUDGEMENT_LEVELS, parts[5:9], strict=False))
            section["aspects"].append(aspect)
        cleaned["scheme"] = sections
        return cleaned


def scheme_texts(occupation) -> dict:
    sections = occupation.sections.order_by("order", "id")
    aspects = occupation.aspects.select_related("section").order_by("section__order", "order", "id")
    lines = []
    for a in aspects:
        parts = [a.section.code, a.code, a.title, a.kind, f"{a.max_points.normalize():f}"]
        if a.kind == AspectKind.JUDGEMENT:
            parts += [a.descriptors.get(k, "") for k in JUDGEMENT_LEVELS]
        lines.append("|".join(parts))
    return {
        "sections": "\n".join(f"{s.code}|{s.title}|{s.weight}" for s in sections),
        "aspects": "\n".join(lines),
    }


def open_competitions(user):
    """The events open for registration that this unit admin may enter workers for: those of the
    unions at and above the places of their registering grants (an event's call is public to
    the units under its organiser)."""
    paths = set()
    for grant in user.active_grants():
        if grant.node_id and scope_for(grant.role, Action.COMPETITION_REGISTER) is Scope.SUBTREE:
            paths.update(ancestor_paths(grant.node.path))
    return Competition.objects.filter(
        state=CompetitionState.REGISTRATION_OPEN, union__path__in=sorted(paths)
    ).select_related("union")


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.enterprise}，{obj.get_skill_level_display()}）"


class RegistrationForm(Styled):
    occupation = forms.ModelChoiceField(label=_("工种"), queryset=None)
    worker = WorkerChoice(label=_("职工"), queryset=None)

    def __init__(self, *args, occupations, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations
        self.fields["occupation"].label_from_instance = lambda o: f"{o.competition} · {o.title}（{o.code}）"
        self.fields["worker"].queryset = workers


class UploadForm(Styled):
    file = forms.FileField(label=_("报名表（Excel）"))


class ReasonForm(Styled):
    reason = forms.CharField(label=_("原因"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class JudgeForm(BootstrapMixin, forms.Form):
    """A judge of the expert pool on an occupation's panel, with the aspects they mark."""

    expert = forms.ModelChoiceField(queryset=None, label=_("评委专家"), empty_label=_("请选择"))
    aspects = forms.ModelMultipleChoiceField(
        queryset=None, label=_("负责评分项"), widget=forms.CheckboxSelectMultiple, required=False
    )
    chief = forms.BooleanField(label=_("裁判长"), required=False)

    def __init__(self, *args, pool, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = pool
        self.fields["expert"].label_from_instance = lambda e: (
            f"{e.name}（{e.employer.name if e.employer_id else e.employer_outside or _g('外单位')}）"
        )
        self.fields["aspects"].queryset = aspects
        self.fields["aspects"].label_from_instance = lambda a: f"{a.code} {a.title}（{a.get_kind_display()}）"
