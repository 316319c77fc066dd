"""Back-office views of sheets and results: read-only, scoped like the ranking page.
Sheets are written by experts through innovation.review.services only."""

from django.contrib import admin

from innovation.accounts.policy import Action
from innovation.org.admin import ScopedAdmin

from .models import ItemResult, Score, ScoreSheet, ScoringClosure


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    readonly_fields = ("criterion", "value")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ScopedAdmin):
    view_action = Action.REVIEW_RESULTS
    list_display = ("assignment", "total", "submitted_at", "updated_at")
    list_filter = ("assignment__campaign",)
    search_fields = ("assignment__expert__name", "assignment__achievement__title")
    list_select_related = ("assignment__expert", "assignment__achievement")
    readonly_fields = ("assignment", "comment", "total", "submitted_at", "updated_at")
    inlines = [ScoreInline]


@admin.register(ItemResult)
class ItemResultAdmin(ScopedAdmin):
    view_action = Action.REVIEW_RESULTS
    list_display = (
        "rank",
        "achievement",
        "campaign",
        "score",
        "raw_mean",
        "n_scores",
        "spread",
        "disagreement",
    )
    list_filter = ("campaign", "disagreement")
    search_fields = ("achievement__title",)
    list_select_related = ("achievement", "campaign")
    readonly_fields = [f.name for f in ItemResult._meta.fields]


@admin.register(ScoringClosure)
class ScoringClosureAdmin(ScopedAdmin):
    """Written by innovation.review.closure.close_scoring only; here it is looked at."""

    view_action = Action.REVIEW_RESULTS
    list_display = ("campaign", "closed_by", "closed_at", "submitted", "assigned", "reason")
    list_select_related = ("campaign", "closed_by")
    readonly_fields = [f.name for f in ScoringClosure._meta.fields]
