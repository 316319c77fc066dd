import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import DuplicatePair


def earlier_label(pair) -> str:
    """The earlier item as the reader may know it: its title when they may read it, else only
    that an item of another unit exists (and its year)."""
    if getattr(pair, "earlier_visible", False):
        return pair.earlier.title
    return _("其他单位的成果（%(y)s年度）") % {"y": pair.earlier.campaign.year}


class DuplicatePairTable(tables.Table):
    newer = tables.Column(verbose_name=_("后报成果"), order_by=("newer__title",))
    year = tables.Column(accessor="newer__campaign__year", verbose_name=_("年度"))
    unit = tables.Column(accessor="newer__enterprise__name", verbose_name=_("申报单位"))
    earlier = tables.Column(verbose_name=_("相似的先报成果"), orderable=False, empty_values=())
    jaccard = tables.Column(verbose_name=_("相似度"), attrs={"td": {"class": "text-end"}})
    verdict = tables.Column(verbose_name=_("认定"), empty_values=())

    class Meta:
        model = DuplicatePair
        fields = ("newer", "year", "unit", "earlier", "jaccard", "verdict")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "duplicate-table"}
        order_by = ("-jaccard",)

    def render_newer(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("achievements:detail", args=[record.newer_id]), value.title
        )

    def render_earlier(self, record):
        if getattr(record, "earlier_visible", False):
            return format_html(
                '<a href="{}">{}</a> <span class="text-muted small">{}</span>',
                reverse("achievements:detail", args=[record.earlier_id]),
                record.earlier.title,
                record.earlier.campaign.year,
            )
        return earlier_label(record)

    def render_jaccard(self, value):
        return f"{round(value * 100)}%"

    def render_verdict(self, record):
        if not record.verdict:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("待认定"))
        style = "danger" if record.verdict in ("duplicate", "resubmission") else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', style, record.get_verdict_display())
