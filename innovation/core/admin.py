from django.contrib import admin

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the application offers no way to change or delete audit rows."""

    list_display = ("at", "actor_name", "action", "object_type", "object_id", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "detail")
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return can(request.user, Action.AUDIT_VIEW)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.AUDIT_VIEW)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
