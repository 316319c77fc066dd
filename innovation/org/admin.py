"""The city's back office. Lists are scoped like every page; writes go through the services."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from innovation.accounts.admin_links import PlainForeignKeysMixin
from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict

from . import services
from .models import Enterprise, Honour, Region, TradeUnion, Worker


class ScopedAdmin(PlainForeignKeysMixin, admin.ModelAdmin):
    view_action: str = ""
    change_action: str = ""

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user, self.view_action)

    def has_module_permission(self, request):
        return can(request.user, self.view_action)

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.view_action)

    def has_change_permission(self, request, obj=None):
        if not self.change_action or not can(request.user, self.change_action):
            return False
        if obj is None:
            return True
        return restrict(type(obj).objects.filter(pk=obj.pk), request.user, self.change_action).exists()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    view_action = Action.REGION_VIEW
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")


@admin.register(TradeUnion)
class TradeUnionAdmin(ScopedAdmin):
    view_action = Action.UNION_VIEW
    change_action = Action.UNION_CHANGE
    list_display = ("name", "kind", "parent", "region", "path")
    list_filter = ("kind", "region")
    search_fields = ("name",)
    fields = ("name", "kind", "parent", "region", "sort", "path")
    readonly_fields = ("kind", "parent", "path")
    list_select_related = ("parent", "region")

    def save_model(self, request, obj, form, change):
        services.union_update(actor=request.user, union=obj, name=obj.name, region=obj.region, sort=obj.sort)


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    view_action = Action.ENTERPRISE_VIEW
    change_action = Action.ENTERPRISE_CHANGE
    list_display = ("name", "uscc", "size", "industry", "region", "is_active")
    list_filter = ("size", "industry", "region", "is_active")
    search_fields = ("name", "uscc")
    fields = ("name", "uscc", "size", "industry", "region", "group", "address", "is_active", "union")
    readonly_fields = ("union",)
    raw_id_fields = ("group",)
    list_select_related = ("region",)

    def save_model(self, request, obj, form, change):
        try:
            services.enterprise_update(actor=request.user, enterprise=obj)
        except ValidationError as exc:
            # The form has already validated; a service rule is surfaced as a message.
            self.message_user(request, "；".join(exc.messages), level="error")


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Worker)
class WorkerAdmin(ScopedAdmin):
    view_action = Action.WORKER_VIEW
    list_display = (
        "name",
        "gender",
        "birth_year",
        "enterprise",
        "post",
        "skill_level",
        "id_number_masked",
        "phone_masked",
    )
    list_filter = ("skill_level", "gender", "is_active")
    search_fields = ("name", "post")
    # Personal data shows masked here; the full value is revealed (and audited) on the worker page.
    fields = (
        "name",
        "gender",
        "birth_year",
        "enterprise",
        "post",
        "skill_level",
        "id_number_masked",
        "phone_masked",
        "is_active",
        "user",
    )
    readonly_fields = fields
    list_select_related = ("enterprise",)
    inlines = [HonourInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("id_number", "phone")
