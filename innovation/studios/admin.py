"""Back office for studios: scoped like every page and read-only; namings, members and
applications change through the services and the workflow only."""

from django.contrib import admin

from innovation.accounts.policy import Action
from innovation.org.admin import ScopedAdmin

from .models import Member, Naming, Studio, StudioApplication


class ReadOnlyAdmin(ScopedAdmin):
    view_action = Action.STUDIO_VIEW

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]


class NamingInline(admin.TabularInline):
    model = Naming
    extra = 0
    can_delete = False
    fields = ("type", "level", "year", "document_no", "named_by", "named_on", "certificate_code")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    can_delete = False
    fields = ("worker", "role", "joined_on", "left_on")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Studio)
class StudioAdmin(ReadOnlyAdmin):
    list_display = ("name", "type", "level", "enterprise", "leader", "named_year", "document_no", "status")
    list_filter = ("type", "level", "status", "named_year")
    search_fields = ("name", "enterprise__name", "leader__name")
    list_select_related = ("enterprise", "leader")
    inlines = [NamingInline, MemberInline]


@admin.register(StudioApplication)
class StudioApplicationAdmin(ReadOnlyAdmin):
    list_display = ("name", "type", "level", "enterprise", "leader", "state", "submitted_at", "document_no")
    list_filter = ("state", "type")
    search_fields = ("name", "enterprise__name")
    list_select_related = ("enterprise", "leader")
