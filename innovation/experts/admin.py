"""The back office shows the pool and the assignments read-only; changes go through the pages and API
(the services check conflicts, deadlines and scope, and write the audit trail)."""

from django.contrib import admin

from innovation.accounts.policy import Action
from innovation.org.admin import ScopedAdmin

from .models import Assignment, ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ScopedAdmin):
    view_action = Action.EXPERT_MANAGE
    list_display = ("name", "employer", "employer_outside", "title", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "title", "tags")
    exclude = ("phone", "phone_hash")
    list_select_related = ("employer",)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    view_action = Action.REVIEW_ASSIGN
    list_display = ("achievement", "expert", "state", "origin", "created_at")
    list_filter = ("state", "origin", "campaign")
    search_fields = ("achievement__title", "expert__name")
    list_select_related = ("achievement", "expert")
