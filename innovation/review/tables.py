import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Verdict

from .models import ItemResult

STATUS_STYLE = {"pending": "secondary", "draft": "warning", "submitted": "success"}


class MyTasksTable(tables.Table):
    """An expert's own tasks. Rows are views.TaskRow (anonymised title and unit)."""

    title = tables.Column(verbose_name=_("成果名称"), orderable=False, empty_values=())
    campaign = tables.Column(
        verbose_name=_("征集活动"), accessor="assignment__campaign__title", orderable=False
    )
    field = tables.Column(verbose_name=_("领域"), orderable=False, empty_values=())
    unit = tables.Column(verbose_name=_("申报单位"), orderable=False)
    status = tables.Column(verbose_name=_("评分状态"), orderable=False, empty_values=())
    total = tables.Column(verbose_name=_("我的总分"), orderable=False, attrs={"td": {"class": "text-end"}})
    deadline = tables.Column(verbose_name=_("评分截止"), orderable=False, empty_values=())
    action = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-hover align-middle", "id": "my-tasks"}

    def render_title(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("review:score", args=[record.assignment.pk]), record.title
        )

    def render_field(self, record):
        return record.assignment.achievement.get_field_display()

    def render_status(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_STYLE[record.status], record.status_label
        )

    def render_total(self, value):
        return value if value is not None else "—"

    def render_deadline(self, record):
        deadline = record.assignment.campaign.review_deadline
        if deadline is None:
            return "—"
        text = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        if record.status != "submitted" and deadline < timezone.now():
            return format_html('<span class="text-danger">{} {}</span>', text, _("已截止"))
        return text

    def render_action(self, record):
        label = _("查看") if record.status == "submitted" else _("评分")
        return format_html(
            '<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}">{}</a>',
            reverse("review:score", args=[record.assignment.pk]),
            label,
        )


class ProgressTable(tables.Table):
    name = tables.Column(verbose_name=_("专家"))
    employer = tables.Column(verbose_name=_("工作单位"))
    assigned = tables.Column(verbose_name=_("已分配"), attrs={"td": {"class": "text-end"}})
    submitted = tables.Column(verbose_name=_("已提交"), attrs={"td": {"class": "text-end"}})
    drafts = tables.Column(verbose_name=_("草稿"), attrs={"td": {"class": "text-end"}})
    not_started = tables.Column(verbose_name=_("未开始"), attrs={"td": {"class": "text-end"}})
    declined = tables.Column(verbose_name=_("已谢绝"), attrs={"td": {"class": "text-end"}})
    withdrawn = tables.Column(verbose_name=_("已撤回"), attrs={"td": {"class": "text-end"}})
    percent = tables.Column(verbose_name=_("完成率"), orderable=False)
    last_activity = tables.DateTimeColumn(verbose_name=_("最近活动"), format="Y-m-d H:i")

    class Meta:
        attrs = {"class": "table table-hover align-middle", "id": "progress"}

    def render_percent(self, record):
        return format_html(
            '<progress max="100" value="{0}" aria-label="{1}"></progress> <span class="small">{0}%</span>',
            record.percent,
            _("完成率"),
        )


class RankingTable(tables.Table):
    rank = tables.Column(verbose_name=_("排名"))
    field_rank = tables.Column(verbose_name=_("领域内排名"))
    title = tables.Column(
        accessor="achievement__title",
        verbose_name=_("成果名称"),
        linkify=lambda record: reverse("review:item", args=[record.campaign_id, record.achievement_id]),
    )
    field = tables.Column(accessor="achievement__field", verbose_name=_("领域"))
    unit = tables.Column(accessor="achievement__enterprise__name", verbose_name=_("申报单位"))
    score = tables.Column(verbose_name=_("综合得分"), attrs={"td": {"class": "text-end fw-semibold"}})
    raw_mean = tables.Column(verbose_name=_("原始平均分"), attrs={"td": {"class": "text-end"}})
    n_scores = tables.Column(verbose_name=_("评分数"), attrs={"td": {"class": "text-end"}})
    spread = tables.Column(verbose_name=_("分差"), attrs={"td": {"class": "text-end"}})
    disagreement = tables.Column(verbose_name=_("分歧"))
    duplicate = tables.Column(
        accessor="duplicate_verdict", verbose_name=_("查重"), orderable=False, empty_values=()
    )

    class Meta:
        model = ItemResult
        fields = (
            "rank",
            "field_rank",
            "title",
            "field",
            "unit",
            "score",
            "raw_mean",
            "n_scores",
            "spread",
            "disagreement",
            "duplicate",
        )
        attrs = {"class": "table table-hover align-middle", "id": "ranking"}
        order_by = ("rank",)

    def render_duplicate(self, value):
        if not value:
            return ""
        return format_html(
            '<span class="badge text-bg-danger duplicate-badge">{}</span>', Verdict(value).label
        )

    def __init__(self, *args, by_field: bool = False, expected: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        if not by_field:
            self.columns.hide("field_rank")

    def render_field(self, record):
        return record.achievement.get_field_display()

    def render_n_scores(self, value):
        if self.expected and value < self.expected:
            return format_html(
                '<span class="text-warning" title="{}">{}/{}</span>', _("评分未齐"), value, self.expected
            )
        return value

    def render_disagreement(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("分歧较大"))
        return "—"
