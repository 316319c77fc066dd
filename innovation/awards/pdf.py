"""The public notice (公示) as a PDF, through the one renderer (innovation.core.pdf)."""

from django.utils import timezone

from innovation.core.pdf import chinese_date, render_pdf

# ---------------------------------------------------------------- the public notice (公示)


def notice_rows(decision) -> list[dict]:
    """The awarded lines of a decision, in rank order, with nothing personal beyond names."""
    lines = (
        decision.lines.filter(grade__isnull=False)
        .select_related("achievement__enterprise", "grade")
        .prefetch_related("achievement__authors__worker")
        .order_by("rank", "id")
    )
    return [
        {
            "rank": line.rank,
            "title": line.achievement.title,
            "unit": line.achievement.enterprise.name,
            "authors": "、".join(author.name for author in line.achievement.authors.all()),
            "grade": line.grade.get_code_display(),
        }
        for line in lines
    ]


def notice_pdf(decision) -> bytes:
    campaign = decision.campaign
    return render_pdf(
        "awards/pdf/notice.html",
        {
            "decision": decision,
            "campaign": campaign,
            "union_name": campaign.union.name,
            "rows": notice_rows(decision),
            "notice_starts": chinese_date(decision.notice_starts) if decision.notice_starts else "",
            "notice_ends": chinese_date(decision.notice_ends) if decision.notice_ends else "",
            "issued_on": chinese_date(decision.notice_starts or timezone.now()),
        },
    )
