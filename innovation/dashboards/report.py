"""报告数据（实时）: each figure the newspaper report quotes (seed/000_…txt), with its live value in
the caller's scope and the link to its rows. The values are the home page's and /api/v1/stats's
figures (innovation.core.stats), so the three never disagree."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from innovation.core.stats import figures_for
from innovation.pairs.filters import NominationFilterSet
from innovation.pairs.models import Level, NominationState
from innovation.pairs.stats import pair_more
from innovation.projects.models import Channel
from innovation.projects.stats import benefit_by_channel_fen, channel_url
from innovation.studios.filters import StudioFilterSet
from innovation.studios.models import Studio, StudioLevel, StudioType
from innovation.studios.selectors import by_type_level_keys
from innovation.studios.stats import active_studios

from .charts import link
from .selectors import fen_to_yuan

PAIRS_REPORT_YEAR = 2020  # "2020年锦州市“金牌师徒”创新创效奖共评选出11对获奖师徒"


@dataclass
class ReportFigure:
    key: str
    label: str
    quoted: str  # what the report says
    value: int
    unit: str
    url: str
    indent: bool = False  # a part of the row above


# (figure key of innovation.core.stats, label, the report's words, unit)
_FROM_STATS = [
    ("achievements_total", _("职工申报创新成果（累计）"), _("五年来累计1300余项"), _("项")),
    ("awards_total", _("获奖创新成果"), _("160多项"), _("项")),
    ("awarded_benefit_verified_yuan", _("获奖成果创造（节约）经济效益"), _("4亿多元"), _("元/年")),
]
_SERVICE = [
    ("service_teams_total", _("劳模（高技能人才）志愿服务队"), _("10支"), _("支")),
    ("service_firms_served", _("对接中小微企业（订单式服务）"), _("两年来17家"), _("家")),
    ("service_problems_solved", _("解决技术难题"), _("32个"), _("个")),
    ("service_people_trained", _("技术传帮带"), _("300余人"), _("人次")),
]
_STUDIO_CELLS = [
    (StudioType.MODEL_WORKER, StudioLevel.PROVINCIAL, _("12个")),
    (StudioType.WORKER, StudioLevel.PROVINCIAL, _("18个")),
    (StudioType.MODEL_WORKER, StudioLevel.CITY, _("36个")),
    (StudioType.WORKER, StudioLevel.CITY, _("25个")),
]


def _benefit_page() -> str:
    """The page of benefit by channel (innovation.projects), once it is wired."""
    try:
        return reverse("projects:benefit")
    except NoReverseMatch:
        return ""


def report_figures(user) -> list[ReportFigure]:
    figures = {f.key: f for f in figures_for(user)}
    rows: list[ReportFigure] = []

    def from_stats(specs):
        for key, label, quoted, unit in specs:
            figure = figures.get(key)
            value = int(figure.value) if figure else 0
            rows.append(
                ReportFigure(key, str(label), str(quoted), value, str(unit), figure.url if figure else "")
            )

    from_stats(_FROM_STATS)
    fen = benefit_by_channel_fen(user)
    rows.append(
        ReportFigure(
            "benefit_since_2019_yuan",
            _("2019年以来通过技术攻关、五小创新、岗位创新、名师带徒创造经济效益"),
            _("近5亿元"),
            sum(fen_to_yuan(v) for v in fen.values()),
            _("元"),
            _benefit_page(),
        )
    )
    for channel in Channel:
        rows.append(
            ReportFigure(
                f"benefit_since_2019_yuan.{channel.value}",
                str(channel.label),
                "",
                fen_to_yuan(fen.get(channel.value, 0)),
                _("元"),
                channel_url(channel.value),
                indent=True,
            )
        )
    studios = active_studios(user)
    rows.append(
        ReportFigure(
            "studios_total",
            _("劳模和职工创新工作室"),
            _("91个"),
            studios.count(),
            _("个"),
            link("studios:list", StudioFilterSet, {"status": Studio.Status.ACTIVE.value}, {}),
        )
    )
    cells = by_type_level_keys(studios)
    for studio_type, level, quoted in _STUDIO_CELLS:
        rows.append(
            ReportFigure(
                f"studios_by_type_level.{studio_type.value}.{level.value}",
                f"{level.label}{studio_type.label}",
                str(quoted),
                cells[f"{studio_type.value}.{level.value}"],
                _("个"),
                link(
                    "studios:list",
                    StudioFilterSet,
                    {"status": Studio.Status.ACTIVE.value, "type": studio_type.value, "level": level.value},
                    {},
                ),
                indent=True,
            )
        )
    by_year = pair_more(user)["pairs_awarded_by_year"]
    rows.append(
        ReportFigure(
            "pairs_awarded_2020",
            _("%(year)s年锦州市“金牌师徒”获奖师徒") % {"year": PAIRS_REPORT_YEAR},
            _("11对"),
            by_year.get(str(PAIRS_REPORT_YEAR), 0),
            _("对"),
            link(
                "pairs:nominations",
                NominationFilterSet,
                {
                    "level": Level.CITY.value,
                    "state": NominationState.AWARDED.value,
                    "year": PAIRS_REPORT_YEAR,
                },
                {},
            ),
        )
    )
    prizes = figures.get("pair_prizes_paid_yuan")
    rows.append(
        ReportFigure(
            "pair_prizes_paid_yuan",
            _("金牌师徒奖金已支付"),
            _("每名师傅3000元、每名徒弟2000元"),
            int(prizes.value) if prizes else 0,
            _("元"),
            prizes.url if prizes else "",
        )
    )
    from_stats(_SERVICE)
    return rows


def report_figures_data(user) -> list[dict]:
    return [{**asdict(row), "label": str(row.label), "unit": str(row.unit)} for row in report_figures(user)]
