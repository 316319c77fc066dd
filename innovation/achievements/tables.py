import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Achievement, Campaign, DemonstrationPost, State

STATE_STYLE = {
    State.DRAFT: "secondary",
    State.SUBMITTED: "info",
    State.RETURNED: "warning",
    State.DISTRICT_REJECTED: "dark",
    State.RECOMMENDED: "primary",
    State.CITY_REJECTED: "dark",
    State.READY_FOR_REVIEW: "success",
    State.UNDER_REVIEW: "primary",
    State.AWARDED: "danger",
    State.NOT_AWARDED: "secondary",
}


class StateColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "light"),
            record.get_state_display(),
        )


class AchievementTable(tables.Table):
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"id": "select-all", "aria-label": _("全选")},
            # Each row's box names its item, so a screen reader says what is being ticked.
            "td__input": {"name": "ids", "aria-label": lambda record: _("选择：%(t)s") % {"t": record.title}},
        },
        orderable=False,
    )
    title = tables.Column(linkify=("achievements:detail", {"pk": tables.A("pk")}), verbose_name=_("成果名称"))
    year = tables.Column(accessor="campaign__year", verbose_name=_("年度"))
    enterprise = tables.Column(verbose_name=_("申报单位"))
    first_author = tables.Column(verbose_name=_("第一完成人"), orderable=False, empty_values=())
    kind = tables.Column(verbose_name=_("类别"), attrs={"td": {"class": "text-nowrap"}})
    field = tables.Column(verbose_name=_("领域"), attrs={"td": {"class": "text-nowrap"}})
    state = StateColumn(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    benefit_claimed = tables.Column(
        verbose_name=_("申报效益(元/年)"), attrs={"td": {"class": "text-end text-nowrap"}}
    )
    submitted_at = tables.DateTimeColumn(
        format="Y-m-d", verbose_name=_("提交日期"), attrs={"td": {"class": "text-nowrap"}}
    )

    class Meta:
        model = Achievement
        fields = (
            "select",
            "title",
            "year",
            "enterprise",
            "first_author",
            "kind",
            "field",
            "state",
            "benefit_claimed",
            "submitted_at",
        )
        attrs = {"class": "table table-hover align-middle"}

    def __init__(self, *args, selectable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("select")

    def render_first_author(self, record):
        return getattr(record, "first_author_name", "") or "—"

    def render_benefit_claimed(self, value):
        return f"{value:,.2f}" if value is not None else "—"


class CampaignTable(tables.Table):
    title = tables.Column(linkify=("achievements:campaign_detail", {"pk": tables.A("pk")}))
    status = tables.Column(verbose_name=_("状态"), accessor="pk", orderable=False)

    class Meta:
        model = Campaign
        fields = ("year", "title", "opens_at", "closes_at", "status")
        attrs = {"class": "table table-hover align-middle"}

    def render_status(self, record):
        return record.status_label()


class DemonstrationPostTable(tables.Table):
    enterprise = tables.Column(
        verbose_name=_("单位"), linkify=("org:enterprise_detail", {"pk": tables.A("enterprise_id")})
    )
    first_achievement = tables.Column(
        verbose_name=_("命名依据成果"),
        linkify=("achievements:detail", {"pk": tables.A("first_achievement_id")}),
    )

    class Meta:
        model = DemonstrationPost
        fields = ("year", "enterprise", "post", "first_achievement", "named_at")
        attrs = {"class": "table table-hover align-middle"}
