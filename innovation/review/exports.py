"""Excel exports of the review: an expert's own tasks (anonymised as the campaign says), the
per-expert progress and the ranking with every expert's scores and comments (city admin)."""

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.audit.services import record_export
from innovation.core.exports import Column, Exporter, batch_size_for, batched, escape_cell
from innovation.experts.models import Assignment

from .models import ScoreSheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ListExporter(Exporter):
    """An exporter over prepared row objects (the base class reads a queryset)."""

    def rows(self, items: Iterable) -> Iterable[list]:
        for obj in items:
            yield [escape_cell(column.value(obj)) for column in self.columns]

    def response(self, items, *, user, model, description: str = "") -> HttpResponse:
        data, count = self.workbook_bytes(items)
        record_export(user=user, model=model, rows=count, description=description)
        filename = f"{self.title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


class MyTasksExporter(ListExporter):
    """An expert's own tasks. Rows are views.TaskRow: titles and units already anonymised."""

    title = _("我的评审任务")
    columns = [
        Column(_("征集活动"), lambda r: r.assignment.campaign.title, 30),
        Column(_("成果名称"), lambda r: r.title, 40),
        Column(_("成果类别"), lambda r: r.assignment.achievement.get_kind_display(), 10),
        Column(_("所属领域"), lambda r: r.assignment.achievement.get_field_display(), 10),
        Column(_("申报单位"), lambda r: r.unit, 30),
        Column(_("评分状态"), lambda r: str(r.status_label), 10),
        Column(_("我的加权总分"), lambda r: r.total, 12),
        Column(_("评分截止"), lambda r: _local(r.assignment.campaign.review_deadline), 18),
    ]


class ProgressExporter(ListExporter):
    title = _("专家评审进度")
    columns = [
        Column(_("专家"), lambda r: r.name, 14),
        Column(_("工作单位"), lambda r: r.employer, 30),
        Column(_("已分配"), lambda r: r.assigned, 8),
        Column(_("已提交"), lambda r: r.submitted, 8),
        Column(_("草稿"), lambda r: r.drafts, 8),
        Column(_("未开始"), lambda r: r.not_started, 8),
        Column(_("已谢绝"), lambda r: r.declined, 8),
        Column(_("已撤回"), lambda r: r.withdrawn, 8),
        Column(_("完成率(%)"), lambda r: r.percent, 10),
        Column(_("最近活动"), lambda r: _local(r.last_activity), 18),
    ]


def _authors(achievement) -> str:
    return "、".join(a.name for a in achievement.authors.all())


class RankingExporter(ListExporter):
    """One row per item × expert: the item's result, then the expert's criterion scores,
    weighted total and comment. For the city admin: names are shown."""

    title = _("专家评审结果")

    def __init__(self, campaign):
        self.campaign = campaign
        self.criteria = list(campaign.criteria.all())
        head = [
            Column(_("排名"), lambda r: r[0].rank, 6),
            Column(_("领域内排名"), lambda r: r[0].field_rank, 8),
            Column(_("成果编号"), lambda r: r[0].achievement_id, 8),
            Column(_("成果名称"), lambda r: r[0].achievement.title, 36),
            Column(_("成果类别"), lambda r: r[0].achievement.get_kind_display(), 8),
            Column(_("所属领域"), lambda r: r[0].achievement.get_field_display(), 8),
            Column(_("申报单位"), lambda r: r[0].achievement.enterprise.name, 28),
            Column(_("完成人"), lambda r: _authors(r[0].achievement), 20),
            Column(_("综合得分"), lambda r: r[0].score, 10),
            Column(_("原始平均分"), lambda r: r[0].raw_mean, 10),
            Column(_("有效评分数"), lambda r: r[0].n_scores, 8),
            Column(_("最高最低分差"), lambda r: r[0].spread, 10),
            Column(_("专家分歧较大"), lambda r: _("是") if r[0].disagreement else "", 8),
            Column(_("评审专家"), lambda r: r[1].assignment.expert.name if r[1] else "", 10),
            Column(_("专家工作单位"), lambda r: r[1].assignment.expert.employer_label if r[1] else "", 24),
        ]
        per_criterion = [
            Column(
                f"{c.name}（满分{c.max_score}）",
                (lambda cid: lambda r: r[2].get(cid) if r[1] else "")(c.pk),
                12,
            )
            for c in self.criteria
        ]
        tail = [
            Column(_("专家加权总分"), lambda r: r[1].total if r[1] else "", 12),
            Column(_("评审意见"), lambda r: r[1].comment if r[1] else "", 50),
            Column(_("提交时间"), lambda r: _local(r[1].submitted_at) if r[1] else "", 18),
        ]
        self.columns = head + per_criterion + tail

    def expand(self, results) -> Iterable[tuple]:
        """(result, sheet, {criterion_id: value}) for every submitted sheet of every result."""
        if isinstance(results, QuerySet):  # read in batches: see innovation.core.exports._prefetch
            results = batched(results, limit=self.max_rows, batch_size=batch_size_for(results.db))
        results = list(results)
        wanted = {r.achievement_id for r in results}
        sheets: dict[int, list[ScoreSheet]] = defaultdict(list)
        queryset = (
            ScoreSheet.objects.filter(
                assignment__campaign=self.campaign,
                assignment__state=Assignment.State.SUBMITTED,
                submitted_at__isnull=False,
            )
            .select_related("assignment__expert__employer")
            .prefetch_related("scores")
            .order_by("assignment__expert__name", "assignment_id")
        )
        if len(wanted) <= 500:  # a page of the API: fetch just its sheets
            queryset = queryset.filter(assignment__achievement_id__in=wanted)
        for sheet in queryset:
            if sheet.assignment.achievement_id in wanted:
                sheets[sheet.assignment.achievement_id].append(sheet)
        for result in results:
            own = sheets.get(result.achievement_id) or [None]
            for sheet in own:
                values = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
                yield (result, sheet, values)
